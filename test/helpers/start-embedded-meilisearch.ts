/** Starts the bundled Meilisearch on a data folder and waits to be killed (to make an orphan in tests). */
import { EmbeddedMeilisearch } from '../../src/adapters/meilisearch/embedded-meilisearch.ts';
import { silentLogger } from '../../src/logger.ts';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: start-embedded-meilisearch.ts <dataDir>');
const server = await EmbeddedMeilisearch.start({ dataDir, logger: silentLogger, supervise: false });
process.stdout.write(`${server.pid}\n`);
setInterval(() => {}, 1 << 30);
