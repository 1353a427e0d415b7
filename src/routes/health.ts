/**
 * GET /healthz: storage and search reported separately; 503 when either is down. Where they are
 * (a storage path, the internal Meilisearch URL) and why a check failed are told to staff only.
 */
import { Hono } from 'hono';
import type { AppEnv } from '../app-env.ts';
import type { ServiceHealth } from '../ports.ts';
import { principalOf } from './require-role.ts';

const checkTimeoutMs = 3000;

export const healthRoutes = new Hono<AppEnv>().get('/healthz', async (c) => {
  const { store, search, version } = c.var.deps;
  const [storage, searchEngine] = await Promise.all([withTimeout(store.health(), store.kind), withTimeout(search.health(), search.kind)]);
  const up = storage.up && searchEngine.up;
  c.header('Cache-Control', 'no-store');
  const staff = (await principalOf(c)) !== null;
  return c.json(
    {
      status: up ? 'ok' : 'degraded',
      version,
      storage: report(store.kind, storage, staff),
      search: report(search.kind, searchEngine, staff),
    },
    up ? 200 : 503,
  );
});

function report(kind: string, health: ServiceHealth, staff: boolean) {
  return {
    status: health.up ? 'up' : 'down',
    kind,
    latencyMs: Math.round(health.latencyMs * 10) / 10,
    ...(staff ? { detail: health.detail, ...(health.reason ? { reason: health.reason } : {}) } : {}),
  };
}

/** A check that hangs counts as down; /healthz itself must answer promptly. */
async function withTimeout(check: Promise<ServiceHealth>, kind: string): Promise<ServiceHealth> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<ServiceHealth>((resolve) => {
    timer = setTimeout(() => resolve({ up: false, detail: kind, latencyMs: checkTimeoutMs, reason: `no answer within ${checkTimeoutMs} ms` }), checkTimeoutMs);
  });
  try {
    return await Promise.race([
      check.catch((error: unknown): ServiceHealth => ({ up: false, detail: kind, latencyMs: 0, reason: (error as Error).message })),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}
