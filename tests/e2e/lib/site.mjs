// The built site as a test sees it from the outside: served by our static server with every request
// logged, copied to a scratch folder, and deployed again as a new build.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serveStatic } from '../../../shell/serve.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const webSite = join(root, 'web/site');

// Serves `site` on its own port. `requests` lists what reached the server ({ method, path, status, bytes }),
// which is what "no network request" means. close() stops it at once, open connections included.
export async function serveSite(site, { basePath = '/' } = {}) {
  const { server, url } = await serveStatic(site, { basePath });
  const requests = [];
  server.on('request', (request, response) => {
    const entry = { method: request.method, path: new URL(request.url, url).pathname, status: 0, bytes: 0 };
    requests.push(entry);
    const write = response.write.bind(response);
    response.write = (chunk, ...rest) => {
      entry.bytes += chunk ? chunk.length : 0;
      return write(chunk, ...rest);
    };
    response.on('finish', () => { entry.status = response.statusCode; });
  });
  return {
    url,
    requests,
    close: () => new Promise((done) => {
      server.close(() => done());
      server.closeAllConnections();
    }),
  };
}

// The files the built site's service worker stores only once fetched (BUILD.onDemand in sw.js).
export function onDemandFiles(siteDir) {
  const worker = readFileSync(join(siteDir, 'sw.js'), 'utf8');
  const build = /const BUILD = (\{[\s\S]*?\n\});/.exec(worker);
  return build ? Object.keys(JSON.parse(build[1]).onDemand || {}) : [];
}

// A scratch copy of the built site, to deploy over while a browser has it open.
export function copySite(site) {
  const dir = mkdtempSync(join(tmpdir(), 'seed-e2e-site-'));
  cpSync(site, dir, { recursive: true });
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

// Deploys a new build into `siteDir` the way the build makes one: web/site's files, changed by
// `change(sourceDir)`, assembled by cmake/site/assemble_site.mjs around the module already there.
// Returns the new version (the one sw.js now carries).
export function deployNewBuild(siteDir, change) {
  const sourceDir = mkdtempSync(join(tmpdir(), 'seed-e2e-source-'));
  try {
    cpSync(webSite, sourceDir, { recursive: true });
    change(sourceDir);
    const onDemand = onDemandFiles(siteDir);
    const generated = readdirSync(siteDir).filter((name) => !existsSync(join(webSite, name)) && !onDemand.includes(name));
    const output = execFileSync(process.execPath,
      [join(root, 'cmake/site/assemble_site.mjs'), sourceDir, siteDir, ...generated, '--on-demand', ...onDemand],
      { encoding: 'utf8' });
    return /version ([0-9a-f]+)/.exec(output)[1];
  } finally {
    rmSync(sourceDir, { recursive: true, force: true });
  }
}
