// The baseline for bench/tiles: a plain static file server (Node http, stat + stream, keep-alive),
// no framework. Usage: node bench/static-server.mjs <site-folder> <tile-folder>; /iiif/3/… maps to
// the tile folder, everything else to the site folder. Prints its URL.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, normalize } from 'node:path';

const [site, tiles] = process.argv.slice(2);
const types = { '.jpg': 'image/jpeg', '.json': 'application/json', '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.js': 'text/javascript' };

const server = createServer(async (request, response) => {
  const path = decodeURIComponent(new URL(request.url, 'http://x').pathname);
  const file = path.startsWith('/iiif/3/') ? join(tiles, normalize(path.slice('/iiif/3/'.length))) : join(site, normalize(path));
  try {
    const info = await stat(file);
    response.writeHead(200, { 'Content-Type': types[extname(file)] ?? 'application/octet-stream', 'Content-Length': info.size, 'Cache-Control': 'public, max-age=31536000' });
    createReadStream(file).pipe(response);
  } catch {
    response.writeHead(404).end();
  }
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => process.stdout.write(`http://127.0.0.1:${server.address().port}\n`));
