/**
 * ALTO (v1–v4) → normalized page OCR in pixels of the page image.
 * Units: pixel, mm10 (1/10 mm) and inch1200 (1/1200 inch) are scaled by the ratio of the image's
 * pixel size to the ALTO Page size; an ALTO page whose shape disagrees with the image is refused.
 * Glyph elements (ALTO 3+) give character boxes; otherwise Chinese words get derived ones.
 * @see https://www.loc.gov/standards/alto/techcenter/layout.html
 */
import { deriveCharBoxes, looksVertical } from '../../src/domain/ocr-geometry.ts';
import type { OcrBlock, OcrLine, OcrWord, OcrZone, PageOcr } from '../../src/domain/page-ocr.ts';
import { unionBox, type Box } from '../../src/domain/region.ts';
import { inputError } from './input-error.ts';
import { walkXml } from './safe-xml.ts';
import { detectScript, hasHan } from './script.ts';

export interface AltoOptions {
  /** Size of the page image the ALTO describes. */
  imageWidth: number;
  imageHeight: number;
  /** Resolution of the image, used only when the ALTO gives no Page size. */
  dpi?: number;
}

type Unit = 'pixel' | 'mm10' | 'inch1200';

interface Raw {
  x: number;
  y: number;
  w: number;
  h: number;
}

const shapeTolerance = 0.02;

export function parseAlto(xml: string, options: AltoOptions): PageOcr {
  let unit: Unit = 'pixel';
  let version = 'v1';
  let page: { w: number; h: number } | null = null;
  let inMeasurementUnit = false;
  const blocks: { id?: string; box: Raw | null; lines: { box: Raw | null; words: { text: string; box: Raw | null; wc?: number; glyphs: { text: string; box: Raw | null }[] }[] }[] }[] = [];
  let block: (typeof blocks)[number] | null = null;
  let line: (typeof blocks)[number]['lines'][number] | null = null;
  let word: (typeof blocks)[number]['lines'][number]['words'][number] | null = null;
  // ComposedBlocks (adverts, tables), Illustrations and GraphicalElements, with the TextBlocks inside.
  const zones: { id?: string; kind: OcrZone['kind']; box: Raw | null; blocks: (typeof blocks)[number][] }[] = [];
  const openZones: (typeof zones)[number][] = [];

  walkXml(xml, {
    open(element) {
      const a = element.attributes;
      switch (element.local) {
        case 'alto': {
          const match = /alto\/ns-v(\d)#/.exec(element.uri);
          version = match ? `v${match[1]}` : 'v1';
          break;
        }
        case 'MeasurementUnit':
          inMeasurementUnit = true;
          break;
        case 'Page':
          if (a.WIDTH && a.HEIGHT) page = { w: Number(a.WIDTH), h: Number(a.HEIGHT) };
          break;
        case 'TextBlock':
          block = { id: a.ID, box: rawBox(a), lines: [] };
          blocks.push(block);
          for (const zone of openZones) zone.blocks.push(block);
          break;
        case 'ComposedBlock': {
          const zone = { ...(a.ID ? { id: a.ID } : {}), kind: zoneKind(a.TYPE), box: rawBox(a), blocks: [] };
          zones.push(zone);
          openZones.push(zone);
          break;
        }
        case 'Illustration':
        case 'GraphicalElement':
          zones.push({ ...(a.ID ? { id: a.ID } : {}), kind: element.local === 'Illustration' ? 'illustration' : 'separator', box: rawBox(a), blocks: [] });
          break;
        case 'TextLine':
          if (!block) {
            block = { box: null, lines: [] };
            blocks.push(block);
          }
          line = { box: rawBox(a), words: [] };
          block.lines.push(line);
          break;
        case 'String': {
          const text = (a.CONTENT ?? '').trim();
          word = text && line ? { text, box: rawBox(a), wc: a.WC !== undefined ? Number(a.WC) : undefined, glyphs: [] } : null;
          if (word && line) line.words.push(word);
          break;
        }
        case 'Glyph':
          if (word && a.CONTENT) word.glyphs.push({ text: a.CONTENT, box: rawBox(a) });
          break;
      }
    },
    close(local, _uri, text) {
      if (local === 'MeasurementUnit' && inMeasurementUnit) {
        const value = text.trim();
        if (value !== 'pixel' && value !== 'mm10' && value !== 'inch1200') {
          throw inputError('invalid_ocr', `ALTO 的度量单位 "${value}" 无法识别`, `unknown ALTO MeasurementUnit "${value}"`);
        }
        unit = value;
        inMeasurementUnit = false;
      } else if (local === 'ComposedBlock') {
        openZones.pop();
      } else if (local === 'TextBlock') {
        block = null;
        line = null;
      } else if (local === 'TextLine') {
        line = null;
      } else if (local === 'String') {
        word = null;
      }
    },
  });

  const scale = scaleFor(unit, page, options);
  const toBox = (raw: Raw | null): Box | null => {
    if (!raw) return null;
    const x = Math.max(0, Math.round(raw.x * scale.x));
    const y = Math.max(0, Math.round(raw.y * scale.y));
    const right = Math.min(options.imageWidth, Math.round((raw.x + raw.w) * scale.x));
    const bottom = Math.min(options.imageHeight, Math.round((raw.y + raw.h) * scale.y));
    if (right <= x || bottom <= y) return null;
    return { x, y, w: right - x, h: bottom - y };
  };

  const allText: string[] = [];
  const normalized: OcrBlock[] = [];
  const indexOfBlock = new Map<(typeof blocks)[number], number>();
  for (const rawBlock of blocks) {
    const lines: OcrLine[] = [];
    for (const rawLine of rawBlock.lines) {
      const lineBox = toBox(rawLine.box);
      const words: OcrWord[] = [];
      for (const rawWord of rawLine.words) {
        const box = toBox(rawWord.box) ?? lineBox;
        if (!box) continue;
        allText.push(rawWord.text);
        const vertical = looksVertical(lineBox ?? box, rawLine.words.map((w) => w.text).join(''));
        const glyphBoxes = rawWord.glyphs.map((glyph) => toBox(glyph.box));
        const chars =
          rawWord.glyphs.length === [...rawWord.text].length && glyphBoxes.every((b): b is Box => b !== null)
            ? glyphBoxes
            : hasHan(rawWord.text) && [...rawWord.text].length > 1
              ? deriveCharBoxes(rawWord.text, box, vertical)
              : undefined;
        words.push({
          text: rawWord.text,
          box,
          ...(rawWord.wc !== undefined && Number.isFinite(rawWord.wc) ? { confidence: Math.min(1, Math.max(0, rawWord.wc)) } : {}),
          ...(chars ? { chars } : {}),
        });
      }
      if (words.length === 0) continue;
      const box = lineBox ?? unionBox(words.map((w) => w.box))!;
      lines.push({ box, words, ...(looksVertical(box, words.map((w) => w.text).join('')) ? { vertical: true } : {}) });
    }
    if (lines.length === 0) continue;
    indexOfBlock.set(rawBlock, normalized.length);
    normalized.push({ ...(rawBlock.id ? { sourceId: rawBlock.id } : {}), box: toBox(rawBlock.box) ?? unionBox(lines.map((l) => l.box))!, lines });
  }
  const normalizedZones = zones.flatMap((zone): OcrZone[] => {
    const members = zone.blocks.map((b) => indexOfBlock.get(b)).filter((index): index is number => index !== undefined);
    const box = toBox(zone.box) ?? unionBox(members.map((index) => normalized[index]!.box));
    return box ? [{ ...(zone.id ? { sourceId: zone.id } : {}), kind: zone.kind, box, blocks: members }] : [];
  });

  return {
    width: options.imageWidth,
    height: options.imageHeight,
    source: { format: 'alto', version },
    script: detectScript(allText.join('')),
    blocks: normalized,
    ...(normalizedZones.length > 0 ? { zones: normalizedZones } : {}),
  };
}

/** ALTO ComposedBlock/@TYPE (free text: Advertisement, Table, Illustration…) as a zone kind. */
function zoneKind(type: string | undefined): OcrZone['kind'] {
  const value = (type ?? '').toLowerCase();
  if (/advert|annonce|anzeige|广告/.test(value)) return 'advertisement';
  if (/table/.test(value)) return 'table';
  if (/illustration|picture|photo|image|graphic/.test(value)) return 'illustration';
  return 'other';
}

function rawBox(attributes: Record<string, string>): Raw | null {
  const [x, y, w, h] = [attributes.HPOS, attributes.VPOS, attributes.WIDTH, attributes.HEIGHT].map(Number);
  if (![x, y, w, h].every((n) => n !== undefined && Number.isFinite(n)) || (w ?? 0) <= 0 || (h ?? 0) <= 0) return null;
  return { x: x ?? 0, y: y ?? 0, w: w ?? 0, h: h ?? 0 };
}

function scaleFor(unit: Unit, page: { w: number; h: number } | null, options: AltoOptions): { x: number; y: number } {
  const { imageWidth, imageHeight } = options;
  if (page && page.w > 0 && page.h > 0) {
    const x = imageWidth / page.w;
    const y = imageHeight / page.h;
    if (unit === 'pixel') {
      const off = (a: number, b: number): boolean => Math.abs(a - b) > Math.max(8, b * shapeTolerance);
      if (off(page.w, imageWidth) || off(page.h, imageHeight)) {
        throw inputError(
          'ocr_mismatch',
          `ALTO 页面尺寸 ${page.w}×${page.h} 与图像 ${imageWidth}×${imageHeight} 不符`,
          `the ALTO page is ${page.w}×${page.h} pixels but the image is ${imageWidth}×${imageHeight}`,
        );
      }
      return { x: 1, y: 1 };
    }
    if (Math.abs(x / y - 1) > shapeTolerance) {
      throw inputError(
        'ocr_mismatch',
        `ALTO 页面（${page.w}×${page.h} ${unit}）与图像（${imageWidth}×${imageHeight}）的长宽比不符`,
        `the ALTO page (${page.w}×${page.h} ${unit}) does not have the shape of the image (${imageWidth}×${imageHeight})`,
      );
    }
    return { x, y };
  }
  if (unit === 'pixel') return { x: 1, y: 1 };
  const dpi = options.dpi ?? 300;
  const perUnit = unit === 'mm10' ? dpi / 254 : dpi / 1200;
  return { x: perUnit, y: perUnit };
}
