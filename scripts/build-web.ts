/**
 * Builds the reader pages' assets into web/dist: app.js and viewer.js (with OpenSeadragon
 * bundled) by esbuild, app.css, and OpenSeadragon's button images. Run by `npm start` and the
 * browser tests; `difang serve` serves whatever is there.
 */
import { cp, mkdir, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { build } from 'esbuild';

const web = join(import.meta.dirname, '..', 'web');
// web/dist is served as it is: /static/… by difang on Node, and by Workers Static Assets on Workers.
const dist = join(web, 'dist', 'static');
const require = createRequire(import.meta.url);

await rm(join(web, 'dist'), { recursive: true, force: true });
await mkdir(dist, { recursive: true });
const result = await build({
  entryPoints: { app: join(web, 'app.ts'), viewer: join(web, 'viewer.ts'), admin: join(web, 'admin.ts'), catalog: join(web, 'catalog.ts') },
  outdir: dist,
  bundle: true,
  format: 'esm',
  target: ['es2020', 'chrome100', 'firefox100', 'safari15'],
  minify: true,
  sourcemap: true,
  metafile: true,
  logLevel: 'warning',
});
await build({ entryPoints: [join(web, 'app.css')], outfile: join(dist, 'app.css'), bundle: true, minify: true, logLevel: 'warning' });
const openseadragon = dirname(require.resolve('openseadragon'));
await cp(join(openseadragon, 'images'), join(dist, 'openseadragon', 'images'), { recursive: true });

for (const [file, output] of Object.entries(result.metafile.outputs)) {
  if (file.endsWith('.js')) process.stdout.write(`web: ${file.slice(file.indexOf('web/'))} ${(output.bytes / 1024).toFixed(1)} KiB\n`);
}
