/**
 * What a command needs from the configuration: storage (and search) opened as `difang serve`
 * opens them, with a quieter log (a command prints its own report), and one close for all.
 */
import { createNodeLogger, openSearch, openStore } from '../../src/adapters/node-services.ts';
import { parseEnv, type Config } from '../../src/env.ts';
import type { Logger, ObjectStore, SearchIndex } from '../../src/ports.ts';

export interface CommandStore {
  config: Config;
  logger: Logger;
  store: ObjectStore;
  close(): Promise<void>;
}

export async function openCommandStore(): Promise<CommandStore> {
  const config = parseEnv(process.env);
  const logger = createNodeLogger({ ...config, log: { ...config.log, level: config.log.level === 'info' ? 'warn' : config.log.level } });
  const store = await openStore(config, logger);
  return { config, logger, store, close: async () => store.close?.() };
}

export async function openCommandServices(): Promise<CommandStore & { search: SearchIndex }> {
  const opened = await openCommandStore();
  const search = await openSearch(opened.config, opened.logger);
  return {
    ...opened,
    search: search.search,
    async close() {
      await search.close();
      await opened.close();
    },
  };
}
