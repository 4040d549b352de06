// A minimal static file server for the built site, as any static host would serve it (correct MIME
// types, application/wasm included, and ETag validators). Used by shell/run.sh and the e2e runner.
// The benches may add `mounts`: other folders on paths of their own with headers of their own (the peer
// stacks of tests/bench/browser/peer_bench.mjs, cross-origin isolated), and `onSent` to count bytes.
//   node shell/serve.mjs <site-folder> [port] [base-path]   serves on 127.0.0.1 and prints the URL
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

// Serves `root` under `basePath` (e.g. '/' or '/app/'), and each of `mounts` ([{path: '/x/', root,
// headers}]) under its path; `onSent(urlPath, bytes)` is told each file body sent. Resolves to
// { server, url }.
export function serveStatic(root, { host = '127.0.0.1', port = 0, basePath = '/', mounts = [], onSent = null } = {}) {
  const served = mounts.map((mount) => ({ ...mount, root: resolve(mount.root) }))
    .concat([{ path: basePath, root: resolve(root), headers: {} }]);
  const server = createServer((request, response) => {
    const url = new URL(request.url, 'http://localhost');
    let path;
    try {
      path = decodeURIComponent(url.pathname);
    } catch {
      response.writeHead(400).end('bad request');
      return;
    }
    const urlPath = path;
    if (path + '/' === basePath) { // as hosts do: /app → /app/, so relative URLs resolve inside the folder
      response.writeHead(301, { Location: basePath + url.search }).end();
      return;
    }
    const mount = served.find((each) => path.startsWith(each.path));
    if (!mount) {
      response.writeHead(404).end('not found');
      return;
    }
    const rootDir = mount.root;
    path = path.slice(mount.path.length);
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
    // Validators, as any static host sends them: a revalidation (the service worker's install after the
    // first visit, for one) costs a 304 instead of the file again.
    const etag = `W/"${stats.size.toString(16)}-${Math.floor(stats.mtimeMs * 1000).toString(16)}"`;
    const headers = {
      'Content-Type': mimeTypes[extname(file)] || 'application/octet-stream',
      'Cache-Control': 'no-cache',
      ETag: etag,
      'Last-Modified': stats.mtime.toUTCString(),
      ...mount.headers,
    };
    if (request.headers['if-none-match'] === etag) {
      response.writeHead(304, headers).end();
      return;
    }
    response.writeHead(200, { ...headers, 'Content-Length': stats.size });
    if (request.method === 'HEAD') response.end();
    else {
      if (onSent) onSent(urlPath, stats.size);
      createReadStream(file).pipe(response);
    }
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
  const [root, port, basePath = '/'] = process.argv.slice(2);
  if (!root || !basePath.startsWith('/') || !basePath.endsWith('/')) {
    console.error('usage: node shell/serve.mjs <site-folder> [port] [base-path, e.g. /app/]');
    process.exit(2);
  }
  serveStatic(root, { port: Number(port || 8080), basePath })
    .then(({ url }) => console.log(`Serving ${root} at ${url}  (Ctrl-C stops)`))
    .catch((error) => {
      console.error(`cannot serve on port ${port}: ${error.message}`);
      process.exit(1);
    });
}
