/**
 * How close difang's layout segmentation comes to people's cuts, page by page, beside two trivial
 * baselines on the same pages (the whole page as one article; one article per OCR block, specks
 * dropped). Sets:
 *  - the whole Topaz Times unit in ../shared/samples (iArchives export: 4 bilevel TIFF pages with
 *    word boxes, and the zones people cut for each of its 29 articles, masthead and running heads
 *    included), image and OCR;
 *  - Le Gaulois 1882 in ../shared/samples (4 ALTO pages; its METS articles, adverts and title
 *    section are the truth, and are withheld from the segmenter; the page images are not in the
 *    source, so the OCR alone is used, as with a blank stand-in);
 *  - difang's generated Chinese pages in fixtures/segmentation (horizontal and vertical, with
 *    rules, pictures, multi-column headlines, continuations; see fixtures/README.md).
 * Per page: units people cut, units found, matched one to one at IoU ≥ 0.5 (best first),
 * precision, recall, F1, mean IoU of the matches, headlines found, area claimed by two units.
 * Per set: continued articles whose pieces were joined across pages.
 *   npx tsx scripts/measure-segmentation.ts            prints the tables
 *   npx tsx scripts/measure-segmentation.ts --record   also writes them into docs/SEGMENTATION.md
 */
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { regionIoU } from '../src/domain/segmentation.ts';
import { continuations, gaulois, generated, matchPairs, measure, samples, topaz, type PageResult } from './segmentation-sets.ts';

const root = join(import.meta.dirname, '..');

const pct = (n: number) => `${Math.round(n * 100)}%`;
const f1 = (matched: number, predicted: number, truth: number): number => (matched === 0 ? 0 : (2 * matched) / (predicted + truth));

function table(results: PageResult[]): string {
  const rows = results.map((r) => {
    const truth = r.page.truth.length;
    return `| ${r.page.name} | ${truth} | ${r.predicted} | ${r.matched} | ${pct(r.matched / Math.max(1, r.predicted))} | ${pct(r.matched / Math.max(1, truth))} | **${f1(r.matched, r.predicted, truth).toFixed(2)}** | ${r.matched ? r.iou.toFixed(2) : '—'} | ${r.headlines.found}/${r.headlines.truth} | ${pct(r.twice)} | ${f1(r.wholePage.matched, r.wholePage.predicted, truth).toFixed(2)} | ${f1(r.perBlock.matched, r.perBlock.predicted, truth).toFixed(2)} |`;
  });
  const sum = (pick: (r: PageResult) => number) => results.reduce((s, r) => s + pick(r), 0);
  const truth = sum((r) => r.page.truth.length);
  const predicted = sum((r) => r.predicted);
  const matched = sum((r) => r.matched);
  const iou = sum((r) => r.iou * r.matched) / Math.max(1, matched);
  const links = continuations(results);
  const total = `| **all ${results.length} pages** | ${truth} | ${predicted} | ${matched} | ${pct(matched / Math.max(1, predicted))} | ${pct(matched / Math.max(1, truth))} | **${f1(matched, predicted, truth).toFixed(2)}** | ${iou.toFixed(2)} | ${sum((r) => r.headlines.found)}/${sum((r) => r.headlines.truth)} | ${pct(sum((r) => r.twice) / results.length)} | ${f1(sum((r) => r.wholePage.matched), sum((r) => r.wholePage.predicted), truth).toFixed(2)} | ${f1(sum((r) => r.perBlock.matched), sum((r) => r.perBlock.predicted), truth).toFixed(2)} |`;
  return [
    '| page | units people cut | found | matched (IoU ≥ 0.5) | precision | recall | F1 | mean IoU | headlines found | area claimed twice | F1 whole page | F1 one per block |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...rows,
    total,
    '',
    `Continued articles joined across pages: ${links.linked} of ${links.truth}. Seconds a page (image + layout, median): ${median(results.map((r) => r.seconds)).toFixed(2)}.`,
  ].join('\n');
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

const sets = [...(existsSync(samples) ? [...(await topaz()), ...gaulois()] : []), ...generated()];
if (!existsSync(samples)) process.stderr.write(`../shared/samples is missing (${samples}): the real pages cannot be measured\n`);
const results: PageResult[] = [];
for (const page of sets) results.push(await measure(page));
const bySet = new Map<string, PageResult[]>();
for (const result of results) bySet.set(result.page.set, [...(bySet.get(result.page.set) ?? []), result]);
const real = results.filter((r) => !r.page.set.startsWith('generated'));
const sections = [...bySet.entries()].map(([set, rows]) => `### ${set}\n\n${table(rows)}`);
if (real.length > 0 && bySet.size > 1) sections.push(`### all real pages\n\n${table(real)}`);
const markdown = `Measured ${new Date().toISOString().slice(0, 10)} by \`npx tsx scripts/measure-segmentation.ts --record\` on ${cpus()[0]?.model ?? 'unknown CPU'} (${cpus().length} cores), Node ${process.version}.\n\n${sections.join('\n\n')}`;
process.stdout.write(`${markdown}\n`);
if (process.argv.includes('--misses')) {
  for (const r of results) {
    const pairs = matchPairs(r.units.map((u) => u.regions), r.page.truth.map((t) => t.regions));
    r.page.truth.forEach((t, i) => {
      if (pairs.some(([, j]) => j === i)) return;
      const best = r.units.map((u, k) => ({ k, iou: regionIoU(u.regions, t.regions) })).sort((a, b) => b.iou - a.iou)[0];
      process.stdout.write(`MISS ${r.page.name}: ${JSON.stringify(t.headline.slice(0, 40))} best ${best ? `${best.k} ${r.units[best.k]!.kind} ${JSON.stringify(r.units[best.k]!.headline.slice(0, 30))} iou ${best.iou.toFixed(2)}` : '-'}\n`);
    });
    r.units.forEach((u, k) => {
      if (pairs.some(([p]) => p === k)) return;
      const best = r.page.truth.map((t, i) => ({ i, iou: regionIoU(u.regions, t.regions) })).sort((a, b) => b.iou - a.iou)[0];
      process.stdout.write(`EXTRA ${r.page.name}: ${k} ${u.kind} ${JSON.stringify(u.headline.slice(0, 30))} ${u.regions.map((b) => `${b.x},${b.y},${b.w}x${b.h}`).join(' ')} best ${best ? `${JSON.stringify(r.page.truth[best.i]!.headline.slice(0, 30))} ${best.iou.toFixed(2)}` : '-'}\n`);
    });
  }
}
if (process.argv.includes('--verbose')) {
  for (const r of results) {
    process.stdout.write(`\n${r.page.name}\n`);
    for (const u of r.units) process.stdout.write(`  ${u.kind.padEnd(13)} ${JSON.stringify(u.headline.slice(0, 50))} ${u.regions.map((b) => `${b.x},${b.y},${b.w}x${b.h}`).join(' ')} ${JSON.stringify(u.cues)}\n`);
  }
}
if (process.argv.includes('--record')) {
  const file = join(root, 'docs', 'SEGMENTATION.md');
  const current = await readFile(file, 'utf8');
  const start = '<!-- measure:segmentation -->';
  const end = '<!-- /measure:segmentation -->';
  await writeFile(file, `${current.slice(0, current.indexOf(start) + start.length)}\n${markdown}\n${current.slice(current.indexOf(end))}`);
}

