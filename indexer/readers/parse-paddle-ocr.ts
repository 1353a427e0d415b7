/**
 * PaddleOCR-style JSON → normalized page OCR. PaddleOCR gives text lines with quadrilaterals and
 * a score, no words and no blocks: each line becomes one word with derived character boxes, and
 * lines are grouped into blocks by group-lines.ts.
 * Accepted shapes:
 *  - PaddleOCR 2.x `ocr()` result: [[quad, [text, score]], …], optionally wrapped once per page;
 *  - PaddleOCR 3.x `save_to_json`: { rec_texts, rec_scores, rec_polys | rec_boxes } (or under "res");
 *  - PPOCRLabel: [{ transcription, points }, …];
 *  - the wrapper common in PaddleOCR services and scripts: { ocr_results: [{ text, box: quad,
 *    confidence | score }], dimensions: { width, height } | [width, height] } — coordinates in
 *    `dimensions` pixels, scaled onto the image when it was read at another size.
 * @see https://paddlepaddle.github.io/PaddleOCR/
 */
import { z } from 'zod';
import { boxOfPolygon, deriveCharBoxes, looksVertical } from '../../src/domain/ocr-geometry.ts';
import type { OcrLine, PageOcr } from '../../src/domain/page-ocr.ts';
import { groupLinesIntoBlocks } from './group-lines.ts';
import { inputError } from './input-error.ts';
import { detectScript } from './script.ts';

export interface PaddleOptions {
  imageWidth: number;
  imageHeight: number;
}

const point = z.tuple([z.number(), z.number()]);
const quad = z.array(point).min(3);
const v2Line = z.tuple([quad, z.tuple([z.string(), z.number()])]);
const v2Result = z.union([z.array(v2Line), z.array(z.array(v2Line)).length(1).transform((pages) => pages[0] ?? [])]);
const v3Result = z
  .object({
    rec_texts: z.array(z.string()),
    rec_scores: z.array(z.number()).optional(),
    rec_polys: z.array(quad).optional(),
    rec_boxes: z.array(z.tuple([z.number(), z.number(), z.number(), z.number()])).optional(),
  })
  .refine((r) => (r.rec_polys ?? r.rec_boxes)?.length === r.rec_texts.length, 'rec_polys or rec_boxes must have one entry per rec_texts entry');
const labelResult = z.array(z.object({ transcription: z.string(), points: quad }));
const flatBox = z.tuple([z.number(), z.number(), z.number(), z.number()]).transform(([x0, y0, x1, y1]): [number, number][] => [[x0, y0], [x1, y0], [x1, y1], [x0, y1]]);
const wrappedResult = z.object({
  ocr_results: z.array(z.object({ text: z.string(), box: z.union([quad, flatBox]), confidence: z.number().optional(), score: z.number().optional() })),
  dimensions: z.union([z.object({ width: z.number().positive(), height: z.number().positive() }), z.tuple([z.number().positive(), z.number().positive()]).transform(([width, height]) => ({ width, height }))]).optional(),
});

interface RawLine {
  text: string;
  polygon: [number, number][];
  score?: number;
}

export function parsePaddleOcr(json: string, options: PaddleOptions): PageOcr {
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch (cause) {
    throw inputError('invalid_ocr', 'OCR 文件不是有效的 JSON', 'the OCR file is not valid JSON', undefined, cause);
  }
  const rawLines = readLines(data, options);
  const lines: OcrLine[] = [];
  rawLines.forEach((raw) => {
    const text = raw.text.trim();
    if (!text) return;
    const outside = raw.polygon.some(([x, y]) => x < -2 || y < -2 || x > options.imageWidth + 2 || y > options.imageHeight + 2);
    if (outside) {
      throw inputError(
        'ocr_mismatch',
        `OCR 文本行 “${text.slice(0, 20)}” 超出图像范围（${options.imageWidth}×${options.imageHeight}）`,
        `OCR line "${text.slice(0, 20)}" lies outside the ${options.imageWidth}×${options.imageHeight} image`,
      );
    }
    const box = boxOfPolygon(raw.polygon, options.imageWidth, options.imageHeight);
    const vertical = looksVertical(box, text);
    lines.push({
      box,
      polygon: raw.polygon.map(([x, y]): [number, number] => [Math.round(x), Math.round(y)]),
      words: [{ text, box, ...(raw.score !== undefined ? { confidence: Math.min(1, Math.max(0, raw.score)) } : {}), chars: deriveCharBoxes(text, box, vertical) }],
      ...(vertical ? { vertical: true } : {}),
    });
  });
  return {
    width: options.imageWidth,
    height: options.imageHeight,
    source: { format: 'paddle' },
    script: detectScript(lines.map((l) => l.words[0]?.text ?? '').join('')),
    blocks: groupLinesIntoBlocks(lines),
  };
}

function readLines(data: unknown, options: PaddleOptions): RawLine[] {
  const wrapped = wrappedResult.safeParse(data);
  if (wrapped.success) {
    const { ocr_results: results, dimensions } = wrapped.data;
    const sx = dimensions ? options.imageWidth / dimensions.width : 1;
    const sy = dimensions ? options.imageHeight / dimensions.height : 1;
    return results.map((result) => ({ text: result.text, polygon: (result.box as [number, number][]).map(([x, y]): [number, number] => [x * sx, y * sy]), score: result.confidence ?? result.score }));
  }
  const unwrapped = typeof data === 'object' && data !== null && 'res' in data ? (data as { res: unknown }).res : data;
  const v3 = v3Result.safeParse(unwrapped);
  if (v3.success) {
    const { rec_texts: texts, rec_scores: scores, rec_polys: polys, rec_boxes: boxes } = v3.data;
    return texts.map((text, i) => {
      const box = boxes?.[i];
      const polygon = (polys?.[i] ?? (box ? [[box[0], box[1]], [box[2], box[1]], [box[2], box[3]], [box[0], box[3]]] : [])) as [number, number][];
      return { text, polygon, score: scores?.[i] };
    });
  }
  const v2 = v2Result.safeParse(unwrapped);
  if (v2.success) return v2.data.map(([polygon, [text, score]]) => ({ text, polygon: polygon as [number, number][], score }));
  const label = labelResult.safeParse(unwrapped);
  if (label.success) return label.data.map((entry) => ({ text: entry.transcription, polygon: entry.points as [number, number][] }));
  throw inputError(
    'invalid_ocr',
    'JSON 不是可识别的 PaddleOCR 结果（需要 rec_texts/rec_polys、ocr_results，或 [[四边形, [文本, 置信度]], …]）',
    'the JSON is not a PaddleOCR result difang knows (rec_texts/rec_polys, ocr_results, or [[quad, [text, score]], …])',
  );
}
