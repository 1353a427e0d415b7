/**
 * npm run bench [name…]: runs the benchmarks (all, or the named ones), prints their figures and
 * writes them into docs/BENCHMARKS.md. Never part of npm test.
 */
import { machine, recordSection } from './lib.ts';

const benches: Record<string, () => Promise<{ run: () => Promise<string> }>> = {
  'meilisearch-http': () => import('./meilisearch-http.ts'),
  tiles: () => import('./tiles.ts'),
  ingest: () => import('./ingest.ts'),
  search: () => import('./search.ts'),
  export: () => import('./export.ts'),
  catalog: () => import('./catalog.ts'),
  load: () => import('./load.ts'),
  'page-text': () => import('./page-text.ts'),
  ocr: () => import('./ocr.ts'),
  'search-quality': () => import('./search-quality.ts'),
  'suggestion-quality': () => import('./suggestion-quality.ts'),
  'catalog-flow': () => import('./catalog-flow.ts'),
  'headline-prefill': () => import('./headline-prefill.ts'),
  'entity-page': () => import('./entity-page.ts'),
};

const wanted = process.argv.slice(2);
const unknown = wanted.filter((name) => !(name in benches));
if (unknown.length > 0) {
  process.stderr.write(`unknown benchmark(s): ${unknown.join(', ')}; known: ${Object.keys(benches).join(', ')}\n`);
  process.exit(2);
}
process.stdout.write(`machine: ${machine()}\n\n`);
for (const name of wanted.length > 0 ? wanted : Object.keys(benches)) {
  process.stdout.write(`── ${name} ──\n`);
  const markdown = await (await benches[name]!()).run();
  process.stdout.write(`${markdown}\n\n`);
  // A partial run (BENCH_PARTS) or a scaled-down one (BENCH_SCALE) is printed, not recorded.
  if (!process.env.BENCH_PARTS && !process.env.BENCH_SCALE) await recordSection(name, markdown);
}
