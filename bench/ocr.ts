/**
 * OCR: character error rate per engine on generated pages whose every line is known — horizontal
 * and vertical (竖排), simplified and traditional, clean and worn (skew, speckle, blur,
 * bleed-through), A4 at 300 dpi — and seconds and peak memory for a 5,000 × 7,000 broadsheet.
 * Each engine runs in its own process (peak RSS is that process's), the same pages for all:
 *  - paddle: PP-OCRv4 through ONNX Runtime as difang runs it;
 *  - tesseract: Tesseract reading the lines PaddleOCR's detector found (difang's Tesseract path);
 *  - tesseract-page: Tesseract laying the page out itself (psm 3, vertical pages psm 5 with the
 *    _vert models) — the simple baseline, what one gets by running Tesseract on the scan;
 *  - auto: what difang does by default (PaddleOCR; Tesseract's chi_tra when the text is traditional).
 * Needs Debian's fonts-noto-cjk to render the pages and tesseract-ocr-chi-sim / -chi-tra (and
 * -vert) for the Tesseract rows; rows whose engine is missing say so.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { fontsAvailable, renderOcrPage, type OcrPageSpec, type TruthLine } from '../fixtures/generate/ocr-pages.ts';
import { characterErrors } from '../src/domain/ocr/character-errors.ts';
import type { OcrEngine } from '../src/ports.ts';
import { openOcrEngine } from '../indexer/ocr/engines.ts';
import { PaddleEngine } from '../indexer/ocr/paddle-engine.ts';
import { TesseractEngine, tesseractLanguages } from '../indexer/ocr/tesseract-engine.ts';
import { fmt, machine } from './lib.ts';

type EngineName = 'paddle' | 'tesseract' | 'tesseract-page' | 'auto';
const engines: EngineName[] = ['paddle', 'tesseract', 'tesseract-page', 'auto'];

interface ChildResult {
  seconds: number;
  maxRssMb: number;
  cer: number;
  characters: number;
  errors: number;
  version: string;
}

function engineFor(name: EngineName, spec: Pick<OcrPageSpec, 'vertical' | 'script'>): Promise<OcrEngine> | OcrEngine {
  const language = spec.script === 'traditional' ? 'chi_tra' : 'chi_sim';
  if (name === 'paddle') return new PaddleEngine();
  if (name === 'tesseract') return new TesseractEngine({ languages: language, lines: new PaddleEngine() });
  if (name === 'tesseract-page') return new TesseractEngine(spec.vertical ? { languages: `${language}_vert`, pageSegmentation: 5 } : { languages: language, pageSegmentation: 3 });
  return openOcrEngine('auto');
}

/** In the child: one engine on one page image, its reading scored against the page's lines. */
async function child(engineName: EngineName, imagePath: string, truthPath: string): Promise<void> {
  const { spec, lines } = JSON.parse(await readFile(truthPath, 'utf8')) as { spec: OcrPageSpec; lines: TruthLine[] };
  const { data, info } = await sharp(imagePath, { limitInputPixels: false }).greyscale().raw().toBuffer({ resolveWithObject: true });
  const engine = await engineFor(engineName, spec);
  const started = performance.now();
  const ocr = await engine.recognize({ width: info.width, height: info.height, data: new Uint8Array(data.buffer, data.byteOffset, data.length) });
  const seconds = (performance.now() - started) / 1000;
  const scored = characterErrors(lines, ocr);
  const result: ChildResult = { seconds, maxRssMb: process.resourceUsage().maxRSS / 1024, cer: scored.rate, characters: scored.characters, errors: scored.errors, version: ocr.source.version ?? ocr.source.format };
  process.stdout.write(`${JSON.stringify(result)}\n`);
  await engine.close?.();
}

function runChild(engineName: EngineName, imagePath: string, truthPath: string): Promise<ChildResult | { failed: string }> {
  return new Promise((resolve) => {
    const proc = spawn(process.execPath, ['--import', 'tsx', import.meta.filename, '--child', engineName, imagePath, truthPath], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    proc.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    proc.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    proc.once('exit', (code) => {
      const line = stdout.trim().split('\n').at(-1) ?? '';
      if (code === 0 && line.startsWith('{')) resolve(JSON.parse(line) as ChildResult);
      else resolve({ failed: stderr.trim().split('\n').filter((l) => !/Warning|W:onnxruntime/.test(l)).at(-1) ?? `exit ${code}` });
    });
  });
}

async function renderTo(folder: string, spec: OcrPageSpec): Promise<{ image: string; truth: string }> {
  const page = await renderOcrPage(spec);
  const image = join(folder, `${spec.name}.png`);
  const truth = join(folder, `${spec.name}.json`);
  await sharp(page.grey, { raw: { width: spec.width, height: spec.height, channels: 1 }, limitInputPixels: false }).png({ compressionLevel: 1 }).toFile(image);
  await writeFile(truth, JSON.stringify({ spec, lines: page.lines }));
  return { image, truth };
}

const percent = (value: number): string => `${fmt(value * 100, 1)} %`;

export async function run(): Promise<string> {
  if (!fontsAvailable()) return 'Skipped: fonts-noto-cjk is not installed (apt-get install fonts-noto-cjk), so the pages cannot be rendered.';
  const languages = (await tesseractLanguages()) ?? [];
  const hasTesseract = ['chi_sim', 'chi_tra', 'chi_sim_vert', 'chi_tra_vert'].every((l) => languages.includes(l));
  const folder = await mkdtemp(join(tmpdir(), 'difang-bench-ocr-'));
  try {
    const kinds = [
      { vertical: false, script: 'simplified' },
      { vertical: false, script: 'traditional' },
      { vertical: true, script: 'simplified' },
      { vertical: true, script: 'traditional' },
    ] as const;
    const pages: OcrPageSpec[] = kinds.flatMap((kind, k) =>
      [false, true].map((worn) => ({ name: `${kind.vertical ? 'v' : 'h'}-${kind.script}-${worn ? 'worn' : 'clean'}`, width: 2480, height: 3508, ...kind, worn, from: 3 + k * 5 })),
    );
    const wanted = engines.filter((e) => hasTesseract || !e.startsWith('tesseract'));
    const results = new Map<string, Map<EngineName, ChildResult | { failed: string }>>();
    for (const spec of pages) {
      const files = await renderTo(folder, spec);
      const row = new Map<EngineName, ChildResult | { failed: string }>();
      for (const engine of wanted) {
        row.set(engine, await runChild(engine, files.image, files.truth));
        process.stderr.write(`  ${spec.name} ${engine}: ${JSON.stringify(row.get(engine))}\n`);
      }
      results.set(spec.name, row);
    }
    // The broadsheet: 5,000 × 7,000, simplified, worn — time and memory per engine.
    const broadsheet: OcrPageSpec = { name: 'broadsheet', width: 5000, height: 7000, vertical: false, script: 'simplified', worn: true, from: 11 };
    const broadFiles = await renderTo(folder, broadsheet);
    const broad = new Map<EngineName, ChildResult | { failed: string }>();
    for (const engine of wanted.filter((e) => e !== 'auto')) {
      broad.set(engine, await runChild(engine, broadFiles.image, broadFiles.truth));
      process.stderr.write(`  broadsheet ${engine}: ${JSON.stringify(broad.get(engine))}\n`);
    }

    const cell = (result: ChildResult | { failed: string } | undefined): string => (!result ? '—' : 'failed' in result ? `failed: ${result.failed.slice(0, 60)}` : percent(result.cer));
    const lines = [
      `Machine: ${machine()}. Pages generated by fixtures/generate/ocr-pages.ts from ../shared/corpus (2,480 × 3,508, A4 at 300 dpi, body text 40 px, columns 26 px apart; worn = 0.6° skew, speckle, blur, the page behind showing through). Character error rate = edits from the true text to what was read ÷ true characters, each character read given to the line it sits in (bench/ocr.ts, src/domain/ocr/character-errors.ts).${hasTesseract ? '' : ' Tesseract with chi_sim / chi_tra (and _vert) is not installed here: its rows are left out.'}`,
      '',
      `| page | ${wanted.join(' | ')} |`,
      `|---|${wanted.map(() => '---:').join('|')}|`,
      ...pages.map((spec) => `| ${spec.vertical ? '竖排 vertical' : '横排 horizontal'}, ${spec.script === 'traditional' ? '繁体 traditional' : '简体 simplified'}, ${spec.worn ? 'worn' : 'clean'} | ${wanted.map((e) => cell(results.get(spec.name)?.get(e))).join(' | ')} |`),
      '',
      `Seconds per page (same runs, mean of the eight): ${wanted.map((e) => `${e} ${fmt(mean(pages.map((p) => results.get(p.name)?.get(e)).filter(isResult).map((r) => r.seconds)), 1)} s`).join(', ')}.`,
      '',
      'A 5,000 × 7,000 broadsheet page (simplified, worn), each engine in its own process:',
      '',
      '| engine | seconds | peak RSS | CER |',
      '|---|---:|---:|---:|',
      ...[...broad].map(([engine, result]) => (isResult(result) ? `| ${engine} | ${fmt(result.seconds, 1)} | ${fmt(result.maxRssMb / 1024, 2)} GiB | ${percent(result.cer)} |` : `| ${engine} | failed: ${result.failed.slice(0, 60)} | | |`)),
      '',
      `Engines: ${[...new Set([...results.values()].flatMap((row) => [...row.values()]).filter(isResult).map((r) => r.version))].join('; ')}; tesseract ${tesseractVersion()}.`,
    ];
    return lines.join('\n');
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

const isResult = (result: ChildResult | { failed: string } | undefined): result is ChildResult => result !== undefined && !('failed' in result);
const mean = (values: number[]): number => values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);

function tesseractVersion(): string {
  try {
    return execFileSync('tesseract', ['--version'], { encoding: 'utf8' }).split('\n')[0]!.replace(/^tesseract\s*/, '');
  } catch {
    return 'not installed';
  }
}

if (process.argv[2] === '--child') {
  await child(process.argv[3] as EngineName, process.argv[4]!, process.argv[5]!);
}
