/**
 * A Meilisearch that takes connections but never answers (hung, swapped out, SIGSTOPped — issue
 * 22): a reader's query fails with a timeout after the query timeout, not the 30 s writes may
 * take, and while it is known not to answer further queries fail at once without reaching it.
 */
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MeilisearchIndex } from '../../src/adapters/meilisearch/meilisearch-index.ts';
import { SearchError } from '../../src/errors.ts';

describe('a Meilisearch that never answers', () => {
  let server: Server;
  let url: string;
  let requests = 0;

  beforeAll(async () => {
    server = createServer(() => {
      requests++; // and never answer
    });
    await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
    const address = server.address();
    url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((closed) => server.close(closed));
  });

  it('fails a query at the query timeout, then fails the next ones at once without asking it', async () => {
    const index = new MeilisearchIndex({ url, apiKey: 'a-key-for-tests-only', queryTimeoutMs: 200 });
    const first = await index.search('articles', { q: '图书馆' }).catch((error: unknown) => error);
    expect(first).toBeInstanceOf(SearchError);
    expect((first as SearchError).code).toBe('timeout');
    expect(requests).toBe(1);
    const next = await index.searchMany([{ indexUid: 'articles', q: '图书馆' }]).catch((error: unknown) => error);
    expect((next as SearchError).code).toBe('unavailable');
    expect((next as SearchError).retryable).toBe(true);
    expect(requests, 'the second query never reached the hung server').toBe(1);
  });
});
