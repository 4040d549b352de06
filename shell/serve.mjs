// A minimal static file server for the built site, as any static host would serve it (correct MIME
// types, application/wasm included). Used by shell/run.sh and the e2e runner.
//   node shell/serve.mjs <site-folder> [port]   serves on 127.0.0.1 and prints the URL
import { createServer } from 'node:http';
import { createReadStream, statSync } from 'node:fs';
import { extname, join, normalize, resolve, sep } from 'node:path';

const mimeTypes = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.ttf': 'font/ttf',
};

// Serves `root` under `basePath` (e.g. '/' or '/app/'). Resolves to { server, url }.
export function serveStatic(root, { host = '127.0.0.1', port = 0, basePath = '/' } = {}) {
  const rootDir = resolve(root);
  const server = createServer((request, response) => {
    const url = new URL(request.url, 'http://localhost');
    let path = decodeURIComponent(url.pathname);
    if (!path.startsWith(basePath)) {
      response.writeHead(404).end('not found');
      return;
    }
    path = path.slice(basePath.length);
    if (path === '' || path.endsWith('/')) path += 'index.html';
    const file = normalize(join(rootDir, path));
    if (file !== rootDir && !file.startsWith(rootDir + sep)) {
      response.writeHead(403).end('forbidden');
      return;
    }
    let stats;
    try {
      stats = statSync(file);
    } catch {
      response.writeHead(404).end('not found');
      return;
    }
    if (!stats.isFile()) {
      response.writeHead(404).end('not found');
      return;
    }
    response.writeHead(200, {
      'Content-Type': mimeTypes[extname(file)] || 'application/octet-stream',
      'Content-Length': stats.size,
      'Cache-Control': 'no-cache',
    });
    createReadStream(file).pipe(response);
  });
  return new Promise((resolveServer, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const address = server.address();
      resolveServer({ server, url: `http://${host}:${address.port}${basePath}` });
    });
  });
}

// Run as a script: serve a folder until interrupted.
if (import.meta.url === `file://${process.argv[1]}`) {
  const [root, port] = process.argv.slice(2);
  if (!root) {
    console.error('usage: node shell/serve.mjs <site-folder> [port]');
    process.exit(2);
  }
  serveStatic(root, { port: Number(port || 8080) })
    .then(({ url }) => console.log(`Serving ${root} at ${url}  (Ctrl-C stops)`))
    .catch((error) => {
      console.error(`cannot serve on port ${port}: ${error.message}`);
      process.exit(1);
    });
}
