/**
 * The floor for any service in front of Meilisearch, for bench/search.ts: a bare node:http server
 * in a process of its own that takes GET /api/search?…, sends Meilisearch the very request difang
 * would (plannedQueries) and answers with Meilisearch's JSON as it came — no routing, middleware,
 * snippets, boxes or facet labels. What it costs over the baseline is the cost of one more hop.
 * Run: node --import tsx bench/bare-proxy.ts, with MEILI_URL, MEILI_MASTER_KEY, MEILI_INDEX_PREFIX.
 */
import http from 'node:http';
import { MeilisearchIndex } from '../src/adapters/meilisearch/meilisearch-index.ts';
import { createKeepAliveHttpClient } from '../src/adapters/meilisearch/node-http-client.ts';
import { searchParamsSchema } from '../src/domain/search-request.ts';
import { plannedQueries } from '../src/services/search-service.ts';

const search = new MeilisearchIndex({
  url: process.env.MEILI_URL ?? '',
  apiKey: process.env.MEILI_MASTER_KEY ?? '',
  indexPrefix: process.env.MEILI_INDEX_PREFIX ?? '',
  httpClient: createKeepAliveHttpClient().httpClient,
});
const uids = { articles: search.indexUid('articles'), pages: search.indexUid('pages') };

const server = http.createServer((request, response) => {
  const params = Object.fromEntries(new URL(request.url ?? '/', 'http://proxy').searchParams);
  search
    .searchMany(plannedQueries(searchParamsSchema.parse(params), new Set(), uids).queries)
    .then((results) => {
      response.setHeader('Content-Type', 'application/json');
      response.end(JSON.stringify(results));
    })
    .catch((error: unknown) => {
      response.statusCode = 500;
      response.end(String(error));
    });
});
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as { port: number };
  process.stdout.write(`bare proxy on http://127.0.0.1:${port} (Ctrl-C to stop)\n`);
});
