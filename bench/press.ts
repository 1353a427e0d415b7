/**
 * A load run in a process of its own (bench/load.ts starts it): the pressure put on difang while
 * the tiles are measured, so that receiving the pressure's answers does not slow the process that
 * measures the tiles. Prints the figures as one line of JSON.
 *   tsx bench/press.ts <url> <signin-flood | paths> <connections> <seconds> [path …]
 */
import autocannon from 'autocannon';

const [url, kind, connections, seconds, ...paths] = process.argv.slice(2);
let sent = 0;
const requests: autocannon.Request[] =
  kind === 'signin-flood'
    ? [
        {
          method: 'POST',
          path: '/api/session',
          // Made-up names, each from another address (difang runs with TRUST_PROXY): no per-client limit applies.
          setupRequest: (request) => {
            sent++;
            const address = `10.${(sent >> 16) & 255}.${(sent >> 8) & 255}.${sent & 255}`;
            return { ...request, body: JSON.stringify({ username: `flood${sent}`, password: 'not-the-password' }), headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': address } };
          },
        },
      ]
    : paths.map((path) => ({ method: 'GET' as const, path }));
const result = await autocannon({ url: url!, connections: Number(connections), duration: Number(seconds), requests, timeout: 10 });
const total = result.requests.total;
process.stdout.write(
  `${JSON.stringify({ perSecond: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, errorRate: total > 0 ? (result.non2xx + result.errors + result.timeouts) / total : 1, requests: total })}\n`,
);
