/**
 * Dependencies for in-process app tests of routing and error rendering only. Anything a feature
 * depends on is proven against the real services in test/integration.
 */
import type { AppDeps } from '../../src/app-env.ts';
import { silentLogger } from '../../src/logger.ts';
import { bootstrapAuthenticator } from '../../src/services/authenticator.ts';
import type { ObjectStore, SearchIndex, ServiceHealth } from '../../src/ports.ts';

const unused = (name: string) => () => {
  throw new Error(`${name} is not part of this unit test`);
};

export function stubDeps(overrides: { storeHealth?: ServiceHealth; searchHealth?: ServiceHealth; search?: Partial<SearchIndex>; store?: Partial<ObjectStore> } = {}): AppDeps {
  const up = (detail: string): ServiceHealth => ({ up: true, detail, latencyMs: 0.5 });
  const store: ObjectStore = {
    kind: 'stub-store',
    get: unused('store.get'),
    head: unused('store.head'),
    put: unused('store.put'),
    delete: unused('store.delete'),
    list: unused('store.list'),
    listKeys: unused('store.listKeys'),
    health: async () => overrides.storeHealth ?? up('stub-store'),
    ...overrides.store,
  };
  const search: SearchIndex = {
    kind: 'stub-search',
    health: async () => overrides.searchHealth ?? up('stub-search'),
    ensureIndex: unused('search.ensureIndex'),
    deleteIndex: unused('search.deleteIndex'),
    putDocuments: unused('search.putDocuments'),
    deleteDocuments: unused('search.deleteDocuments'),
    getDocument: unused('search.getDocument'),
    search: unused('search.search'),
    searchMany: unused('search.searchMany'),
    updateDocuments: unused('search.updateDocuments'),
    swapIndexes: unused('search.swapIndexes'),
    waitForTask: unused('search.waitForTask'),
    pendingTasks: unused('search.pendingTasks'),
    indexUid: (name) => name,
    ...overrides.search,
  };
  return { store, search, logger: silentLogger, publicBaseUrl: 'http://difang.test', version: '0.0.0-test', auth: bootstrapAuthenticator('test-admin-token-of-enough-length') };
}
