/**
 * Search quality on a corpus whose contents are known (issue 19): the real report text of
 * ../shared/corpus cut into articles of a sentence each (several hundred), indexed by difang
 * into its own Meilisearch and searched through difang's API, beside the same texts in a plain
 * Meilisearch index with its defaults (the baseline a library would get by indexing the text as is).
 *   - numbers: every number printed in the corpus, asked alone (2024) and with the character printed
 *     after it (2024年): recall of the articles that print it, and the share of returned articles
 *     that do not (false pages);
 *   - one wrong character: four-character stretches of real sentences with one character replaced
 *     by another from the corpus; rescued when the article it came from is among the first 10;
 *   - variant folding: two-character words asked in their traditional form (OpenCC) — the share of
 *     returned articles that print neither form (false pages), and recall.
 * A seeded generator picks the stretches and replacements, so runs compare.
 */
import { seededRandom } from '../fixtures/generate/seeded-random.ts';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as OpenCC from 'opencc-js';
import { readCorpus } from '../fixtures/generate/corpus-articles.ts';
import { FsObjectStore } from '../src/adapters/fs/fs-object-store.ts';
import { EmbeddedMeilisearch } from '../src/adapters/meilisearch/embedded-meilisearch.ts';
import { MeilisearchIndex } from '../src/adapters/meilisearch/meilisearch-index.ts';
import { bootstrapAuthenticator } from '../src/services/authenticator.ts';
import { createApp } from '../src/app.ts';
import { fold } from '../src/domain/fold.ts';
import { articleDocument } from '../src/domain/search-documents.ts';
import type { Title } from '../src/domain/title.ts';
import { silentLogger } from '../src/logger.ts';
import { ensureSearchIndexes } from '../src/services/search-indexes.ts';
import { fmt, machine } from './lib.ts';

const corpusDir = join(import.meta.dirname, '..', '..', 'shared', 'corpus');


interface Measure {
  relevant: number;
  found: number;
  returned: number;
  wrong: number;
}
const empty = (): Measure => ({ relevant: 0, found: 0, returned: 0, wrong: 0 });
const add = (total: Measure, part: Measure): void => {
  total.relevant += part.relevant;
  total.found += part.found;
  total.returned += part.returned;
  total.wrong += part.wrong;
};
const recall = (m: Measure): string => (m.relevant === 0 ? '—' : fmt(m.found / m.relevant, 2));
const falseShare = (m: Measure): string => (m.returned === 0 ? '—' : `${fmt((m.wrong / m.returned) * 100, 1)} %`);

export async function run(): Promise<string> {
  const files = (await readdir(corpusDir)).filter((name) => name.endsWith('.txt')).sort();
  const texts: string[] = [];
  for (const file of files) {
    for (const article of readCorpus(corpusDir, file)) {
      const sentences = [article.headline, ...article.paragraphs].join('').split(/(?<=[。；！？])/).filter((s) => s.trim().length > 0);
      texts.push(...sentences);
    }
  }
  const work = await mkdtemp(join(tmpdir(), 'difang-bench-quality-'));
  const meili = await EmbeddedMeilisearch.start({ dataDir: join(work, 'meili'), logger: silentLogger, supervise: false, maxIndexingMemory: '512 MiB' });
  try {
    const store = await FsObjectStore.open(join(work, 'objects'));
    const search = new MeilisearchIndex({ url: meili.url, apiKey: meili.masterKey, indexPrefix: 'q_' });
    await ensureSearchIndexes(search);
    const title: Title = { key: { title: 'corpus' }, kind: 'newspaper', name: '语料测试报', otherNames: [], language: 'chi', rights: '测试', hidden: false, version: 1, updatedAt: '2026-12-05T00:00:00Z' };
    await store.put('records/corpus/title.json', JSON.stringify(title));
    const docs = texts.map((text, i) =>
      articleDocument(
        title,
        null,
        { key: { title: 'corpus', date: '2024-01-01', edition: 1, article: i + 1 }, title: [...text].slice(0, 12).join(''), creators: [], language: 'chi', subjects: [], keywords: [], clc: [], persons: [], organizations: [], places: [], text: { ocr: text }, regions: [{ seq: 1, x: 0, y: 0, w: 1, h: 1 }], status: 'published', segmentation: 'cataloguer', version: 1, updatedAt: '2026-12-05T00:00:00Z' },
        [],
      ),
    );
    await search.waitForTask(await search.putDocuments(search.indexUid('articles'), docs as unknown as Record<string, unknown>[]));
    // The baseline: the same texts in a plain index, Meilisearch's defaults.
    const plain = new MeilisearchIndex({ url: meili.url, apiKey: meili.masterKey, indexPrefix: 'plain_' });
    await plain.ensureIndex(plain.indexUid('articles'), { primaryKey: 'id' });
    await plain.waitForTask(await plain.putDocuments(plain.indexUid('articles'), texts.map((text, i) => ({ id: i + 1, text }))));

    const app = createApp({ store, search, logger: silentLogger, publicBaseUrl: 'http://bench', version: 'bench', auth: bootstrapAuthenticator(undefined) });
    const difang = async (q: string, per = 100): Promise<{ ids: number[]; approximate: boolean }> => {
      const answer = (await (await app.request(`/api/search?q=${encodeURIComponent(q)}&per=${per}`)).json()) as { hits: { id: string }[]; approximate: boolean };
      return { ids: answer.hits.map((hit) => Number(/art-(\d+)$/.exec(hit.id)?.[1] ?? /_(\d+)$/.exec(hit.id)?.[1])), approximate: answer.approximate };
    };
    const baseline = async (q: string, per = 100): Promise<number[]> => (await plain.search<{ id: number }>(plain.indexUid('articles'), { q, hitsPerPage: per })).hits.map((hit) => hit.id);

    const whole = (text: string, number: string): boolean => new RegExp(`(?<!\\d)${number}(?!\\d)`).test(fold(text));
    const measure = (ids: number[], printsIt: (text: string) => boolean): Measure => {
      const relevant = texts.filter(printsIt).length;
      const found = ids.filter((id) => printsIt(texts[id - 1]!)).length;
      return { relevant, found, returned: ids.length, wrong: ids.length - found };
    };

    // Numbers, alone and with the character printed after them.
    const numbers = [...new Set(texts.flatMap((text) => fold(text).match(/\d+/g) ?? []))].filter((n) => n.length >= 2);
    const withUnit = [...new Set(texts.flatMap((text) => [...fold(text).matchAll(/(?<!\d)(\d{2,})(\p{Script=Han})/gu)].map((m) => `${m[1]}${m[2]}`)))];
    const numberRows: Record<string, { ours: Measure; theirs: Measure; queries: number }> = {};
    for (const [label, queries, printsIt] of [
      ['a number alone (2024)', numbers, (q: string) => (text: string) => whole(text, q)],
      ['a number with the character after it (2024年)', withUnit, (q: string) => (text: string) => new RegExp(`(?<!\\d)${q}`).test(fold(text))],
    ] as const) {
      const row = { ours: empty(), theirs: empty(), queries: queries.length };
      for (const q of queries) {
        add(row.ours, measure((await difang(q)).ids, printsIt(q)));
        add(row.theirs, measure(await baseline(q), printsIt(q)));
      }
      numberRows[label] = row;
    }

    // One wrong character in a four-character stretch of a real sentence.
    const next = seededRandom(19);
    const han = [...new Set(texts.join('').match(/\p{Script=Han}/gu) ?? [])];
    let asked = 0;
    const rescued = { ours: 0, theirs: 0, labelled: 0 };
    while (asked < 100) {
      const source = Math.floor(next() * texts.length);
      const runs = texts[source]!.match(/\p{Script=Han}{4,}/gu) ?? [];
      if (runs.length === 0) continue;
      const run = runs[Math.floor(next() * runs.length)]!;
      const start = Math.floor(next() * (run.length - 3));
      const stretch = [...run.slice(start, start + 4)];
      const at = Math.floor(next() * 4);
      let replacement = stretch[at]!;
      while (replacement === stretch[at]) replacement = han[Math.floor(next() * han.length)]!;
      stretch[at] = replacement;
      const q = stretch.join('');
      if (texts.some((text) => fold(text).includes(fold(q)))) continue; // by chance a real stretch
      asked++;
      const ours = await difang(q, 10);
      if (ours.ids.includes(source + 1)) rescued.ours++;
      if (ours.approximate) rescued.labelled++;
      if ((await baseline(q, 10)).includes(source + 1)) rescued.theirs++;
    }

    // Words asked in traditional characters.
    const toTraditional = OpenCC.Converter({ from: 'cn', to: 'tw' });
    const words = [...new Set(texts.flatMap((text) => text.match(/\p{Script=Han}{2}/gu) ?? []))].filter((word) => toTraditional(word) !== word);
    const sample = words.filter((_, i) => i % Math.max(1, Math.floor(words.length / 150)) === 0).slice(0, 150);
    const variants = { ours: empty(), theirs: empty() };
    for (const word of sample) {
      const printsIt = (text: string) => fold(text).includes(fold(word));
      add(variants.ours, measure((await difang(toTraditional(word))).ids, printsIt));
      add(variants.theirs, measure(await baseline(toTraditional(word)), printsIt));
    }

    const lines = [
      `Machine: ${machine()}. ${texts.length} articles (a sentence each of the ${files.length} reports in ../shared/corpus), difang through its API (first 100 hits, first 10 for near misses) beside the same texts in a plain Meilisearch 1.21 index with its defaults. Run: \`npm run bench search-quality\` (${new Date().toISOString().slice(0, 10)}).`,
      '',
      '| queries | n | difang recall | difang false pages | plain Meilisearch recall | plain false pages |',
      '|---|---:|---:|---:|---:|---:|',
      ...Object.entries(numberRows).map(([label, row]) => `| ${label} | ${row.queries} | ${recall(row.ours)} | ${falseShare(row.ours)} | ${recall(row.theirs)} | ${falseShare(row.theirs)} |`),
      `| a two-character word in traditional characters (圖書 for 图书) | ${sample.length} | ${recall(variants.ours)} | ${falseShare(variants.ours)} | ${recall(variants.theirs)} | ${falseShare(variants.theirs)} |`,
      '',
      `One wrong character in a four-character stretch (${asked} queries): the article it came from in difang's first 10 for **${rescued.ours}** (${rescued.labelled} answered as 近似结果), in plain Meilisearch's for ${rescued.theirs}.`,
    ];
    return lines.join('\n');
  } finally {
    await meili.stop();
    await rm(work, { recursive: true, force: true });
  }
}
