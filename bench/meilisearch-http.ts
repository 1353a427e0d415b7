/**
 * Meilisearch JS client over the default fetch versus over difang's node:http keep-alive client,
 * side by side against the same bundled Meilisearch, with a raw node:http request (no client at
 * all) as the baseline. Sequential requests, as one reader's search makes them.
 */
import http from 'node:http';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Meilisearch } from 'meilisearch';
import { EmbeddedMeilisearch } from '../src/adapters/meilisearch/embedded-meilisearch.ts';
import { createKeepAliveHttpClient } from '../src/adapters/meilisearch/node-http-client.ts';
import { silentLogger } from '../src/logger.ts';
import { fmt, machine, timeSequential, type Timings } from './lib.ts';

/** Paragraphs of real Chinese text: ../shared/corpus when present, else the project's own fixtures. */
async function chineseParagraphs(): Promise<string[]> {
  const folders = [join(import.meta.dirname, '../../shared/corpus'), join(import.meta.dirname, '../fixtures/corpus')];
  for (const folder of folders) {
    const names = await readdir(folder).catch(() => [] as string[]);
    const texts = await Promise.all(names.filter((n) => n.endsWith('.txt')).map((n) => readFile(join(folder, n), 'utf8')));
    const paragraphs = texts.flatMap((t) => t.split(/\n+/)).map((p) => p.trim()).filter((p) => p.length > 20);
    if (paragraphs.length > 0) return paragraphs;
  }
  return ['清远市图书馆新馆落成开放，市民可凭身份证免费办理借书证。'];
}

export async function run(): Promise<string> {
  const dataDir = await mkdtemp(join(tmpdir(), 'difang-bench-meili-'));
  const server = await EmbeddedMeilisearch.start({ dataDir, logger: silentLogger, maxIndexingMemory: '512 MiB' });
  const keepAlive = createKeepAliveHttpClient();
  try {
    const viaFetch = new Meilisearch({ host: server.url, apiKey: server.masterKey });
    const viaAgent = new Meilisearch({ host: server.url, apiKey: server.masterKey, httpClient: keepAlive.httpClient });
    const paragraphs = await chineseParagraphs();
    const documents = Array.from({ length: 2000 }, (_, i) => ({ id: i, text: paragraphs[i % paragraphs.length] }));
    await viaAgent.createIndex('bench', { primaryKey: 'id' });
    const task = await viaAgent.index('bench').addDocuments(documents);
    await viaAgent.tasks.waitForTask(task.taskUid, { timeout: 120_000 });

    const rawAgent = new http.Agent({ keepAlive: true });
    const rawSearch = (): Promise<void> =>
      new Promise((resolve, reject) => {
        const body = JSON.stringify({ q: '图书馆', limit: 10 });
        const request = http.request(
          `${server.url}/indexes/bench/search`,
          { method: 'POST', agent: rawAgent, headers: { 'content-type': 'application/json', authorization: `Bearer ${server.masterKey}`, 'content-length': Buffer.byteLength(body) } },
          (response) => {
            response.resume();
            response.on('end', resolve);
          },
        );
        request.on('error', reject);
        request.end(body);
      });

    const count = 2000;
    const rows: [string, string, Timings][] = [];
    const measure = async (op: string, client: string, fn: () => Promise<unknown>): Promise<void> => {
      rows.push([op, client, await timeSequential(fn, count)]);
    };
    await measure('search "图书馆"', 'raw node:http (baseline)', rawSearch);
    await measure('search "图书馆"', 'client + default fetch', () => viaFetch.index('bench').search('图书馆', { limit: 10 }));
    await measure('search "图书馆"', 'client + keep-alive node:http', () => viaAgent.index('bench').search('图书馆', { limit: 10 }));
    await measure('get document', 'client + default fetch', () => viaFetch.index('bench').getDocument(7));
    await measure('get document', 'client + keep-alive node:http', () => viaAgent.index('bench').getDocument(7));
    await measure('add 1 document', 'client + default fetch', () => viaFetch.index('bench').addDocuments([{ id: 99_999, text: '北江' }]));
    await measure('add 1 document', 'client + keep-alive node:http', () => viaAgent.index('bench').addDocuments([{ id: 99_999, text: '北江' }]));
    rawAgent.destroy();

    const baseline = rows[0]![2];
    const table = [
      '| operation | client | mean ms | p50 ms | p95 ms | p99 ms | req/s | p50 vs raw |',
      '|---|---|---:|---:|---:|---:|---:|---:|',
      ...rows.map(([op, client, t]) => `| ${op} | ${client} | ${fmt(t.meanMs)} | ${fmt(t.p50Ms)} | ${fmt(t.p95Ms)} | ${fmt(t.p99Ms)} | ${fmt(t.perSecond, 0)} | ${fmt(t.p50Ms / baseline.p50Ms)}× |`),
    ];
    const pair = (op: string): string => {
      const [f, a] = rows.filter((r) => r[0] === op).slice(-2).map((r) => r[2]);
      return f && a ? `${fmt(f.meanMs / a.meanMs)}×` : 'n/a';
    };
    const markdown = [
      `Run ${new Date().toISOString().slice(0, 10)} on ${machine()}; Meilisearch 1.21.0 (bundled), ${count} sequential requests per row after ${count / 10} warm-up, 2,000 documents of Chinese text.`,
      '',
      ...table,
      '',
      `Default fetch is slower than the keep-alive node:http client by ${pair('search "图书馆"')} (search), ${pair('get document')} (get) and ${pair('add 1 document')} (write), in mean time per request. difang uses the keep-alive client on Node (src/adapters/meilisearch/node-http-client.ts).`,
    ].join('\n');
    return markdown;
  } finally {
    keepAlive.close();
    await server.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}



