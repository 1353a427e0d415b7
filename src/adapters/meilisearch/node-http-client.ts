/**
 * An HTTP client for the Meilisearch JS client on Node: node:http with a keep-alive agent and
 * Nagle off. The client's default (global fetch) costs more per request here; bench/meilisearch-http
 * measures both side by side. Errors are thrown as the JS client's own classes.
 */
import http from 'node:http';
import https from 'node:https';
import { MeilisearchApiError } from 'meilisearch';

export type MeiliHttpClient = (input: string | URL | Request, init?: RequestInit) => Promise<unknown>;

export function createKeepAliveHttpClient(options: { maxSockets?: number } = {}): { httpClient: MeiliHttpClient; close: () => void } {
  const agentOptions = { keepAlive: true, maxSockets: options.maxSockets ?? 64, noDelay: true } as const;
  const agents = { 'http:': new http.Agent(agentOptions), 'https:': new https.Agent(agentOptions) };

  const send = (url: URL, init: RequestInit, body: string | undefined): Promise<{ status: number; statusText: string; text: string; reused: boolean }> =>
    new Promise((resolve, reject) => {
      const headers: Record<string, string> = {};
      new Headers(init.headers).forEach((value, name) => (headers[name] = value));
      if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(body));
      const transport = url.protocol === 'https:' ? https : http;
      const request = transport.request(
        url,
        { method: init.method ?? 'GET', headers, agent: agents[url.protocol as 'http:' | 'https:'], signal: init.signal ?? undefined },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () =>
            resolve({ status: response.statusCode ?? 0, statusText: response.statusMessage ?? '', text: Buffer.concat(chunks).toString('utf8'), reused: request.reusedSocket }),
          );
          response.on('error', reject);
        },
      );
      request.on('error', (error) => reject(Object.assign(error, { reusedSocket: request.reusedSocket })));
      request.end(body);
    });

  const httpClient: MeiliHttpClient = async (input, init = {}) => {
    const url = new URL(input instanceof Request ? input.url : input);
    const body = typeof init.body === 'string' ? init.body : init.body == null ? undefined : String(init.body);
    let result;
    try {
      result = await send(url, init, body);
    } catch (error) {
      // The server may close an idle keep-alive socket just as we reuse it: that request never
      // reached it, so one retry on a fresh socket is safe (Node documents this pattern).
      if ((error as { reusedSocket?: boolean; code?: string }).reusedSocket && (error as { code?: string }).code === 'ECONNRESET') {
        result = await send(url, init, body);
      } else {
        throw error;
      }
    }
    const ok = result.status >= 200 && result.status < 300;
    let parsed: unknown;
    try {
      parsed = result.text === '' ? undefined : JSON.parse(result.text);
    } catch (error) {
      // A proxy's HTML error page, say: report the status, not a JSON syntax error.
      if (ok) throw new Error(`Meilisearch answered ${result.status} with a body that is not JSON`, { cause: error });
    }
    if (!ok) {
      throw new MeilisearchApiError(new Response(result.text || null, { status: result.status, statusText: result.statusText }), parsed as never);
    }
    return parsed;
  };

  return {
    httpClient,
    close: () => {
      agents['http:'].destroy();
      agents['https:'].destroy();
    },
  };
}
