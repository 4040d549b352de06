// Cold open of a stored database, by phase (issue 24): a database of --mb MB (the app's schema, filled
// with users as peer_bench.mjs fills it) stored as an earlier build left it and converted to chunks by a
// first open, then opened cold (a browser launched afresh on the profile) --opens times: navigation →
// first interactive frame, with the page's timings (storedReadStart/storedRead: loader.js's early read of
// IndexedDB; downloaded, started: app.wasm; ready) and registry.saveState().lastLoad (at, checkMs,
// readMs, loadMs, openMs, early). With --compare-loader <file>, opens take turns between the built
// loader.js and that file (e.g. `git show <commit>:web/site/loader.js`; several, comma-separated), so
// loaders are measured in one run under the same load. Every arm's loader.js is served through one
// Playwright route, and service workers are blocked (routing needs it): every open fetches from the
// local server alike.
//
//   node cold_open_bench.mjs <site dir> [--mb 50] [--opens 6] [--compare-loader file] [--profile dir]
// --profile keeps the profile with the stored database in `dir` (made there if it is absent), for runs
// one after the other; the server then listens on one port (--port, 47811 unless told), since IndexedDB
// belongs to the origin.
// Prints one JSON object; a line per open on stderr.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchWithProfile, makeProfileDirectory } from '../../e2e/lib/browser.mjs';
import { openApp, pageState, registryState, waitForState } from '../../e2e/lib/app.mjs';
import { serveStatic } from '../../../shell/serve.mjs';
import { percentiles, storeAsEarlierLayout } from './lib/measure.mjs';
import { fillStatement } from './peers/statements.mjs';

const args = process.argv.slice(2);
const option = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : null);
const site = args[0];
const mb = Number(option('--mb') || 50);
const opens = Number(option('--opens') || 6);
// The build writes app.wasm's size into loader.js (cmake/site/assemble_site.mjs); a loader from git has the placeholder.
const wasmBytes = String(statSync(join(site, 'app.wasm')).size);
// The built loader is served through the same route as the others, so that every arm loads it alike.
const arms = [{ name: 'built', loader: readFileSync(join(site, 'loader.js'), 'utf8') }].concat((option('--compare-loader') || '').split(',').filter(Boolean)
  .map((file) => ({ name: file, loader: readFileSync(file, 'utf8').replace('@SEED_WASM_BYTES@', wasmBytes) })));
const log = (line) => console.error(`cold open bench: ${line}`);
const sqlite = (file, sql) => execFileSync('sqlite3', [file, sql], { encoding: 'utf8', maxBuffer: 1 << 26 });
const kept = option('--profile');
const { server, url } = await serveStatic(site, { port: Number(option('--port') || (kept ? 47811 : 0)) });
const blockWorkers = { serviceWorkers: 'block' };

async function withPage(profileDir, loader, body) {
  const context = await launchWithProfile(profileDir, blockWorkers);
  try {
    if (loader) await context.route('**/loader.js', (route) => route.fulfill({ body: loader, contentType: 'text/javascript' }));
    return await body(context.pages()[0] || (await context.newPage()));
  } finally {
    await context.close();
  }
}

async function coldOpen(profileDir, loader) {
  return withPage(profileDir, loader, async (page) => {
    const started = Date.now();
    await openApp(page, url);
    await waitForState(page, (s) => s.ready && s.saveState === 'saved', { what: 'opened', timeout: 120000 });
    const ms = Date.now() - started;
    const { files, early, at, checkMs, readMs, loadMs, openMs } = (await registryState(page)).lastLoad || {};
    const { timings } = await pageState(page);
    return { ms, files, early: Boolean(early), ...timings, loadAt: at, checkMs, readMs, loadMs, openMs };
  });
}

const dir = mkdtempSync(join(tmpdir(), 'seed-cold-open-'));
const profile = kept ? { dir: kept, remove: () => {} } : makeProfileDirectory();
const result = { mb, opens, arms: Object.fromEntries(arms.map((arm) => [arm.name, []])) };
try {
  if (!kept || !existsSync(kept)) await storeDatabase();
  for (let i = 0; i < opens; i++) {
    const arm = arms[i % arms.length];
    const open = await coldOpen(profile.dir, arm.loader);
    result.arms[arm.name].push(open);
    log(`${arm.name}: ${JSON.stringify(open)}`);
  }
} finally {
  server.close();
  profile.remove();
  rmSync(dir, { recursive: true, force: true });
}

async function storeDatabase() {
  // The app's fresh database, exported, filled to the size.
  const file = join(dir, 'cold.db');
  await withPage(profile.dir, null, async (page) => {
    await openApp(page, url);
    await waitForState(page, (s) => s.ready && s.saveState === 'saved', { what: 'fresh app', timeout: 60000 });
    writeFileSync(file, Buffer.from(await page.evaluate(() => Array.from(window.registry.exportDb()))));
  });
  rmSync(profile.dir, { recursive: true, force: true });
  const probe = join(dir, 'probe.db');
  copyFileSync(file, probe);
  const before = statSync(probe).size;
  sqlite(probe, fillStatement(20000));
  const perMb = 1e6 / ((statSync(probe).size - before) / 20000);
  sqlite(file, fillStatement(Math.round(mb * perMb)));
  result.bytes = statSync(file).size;
  await storeAsEarlierLayout(profile.dir, file, url);
  await withPage(profile.dir, null, async (page) => {
    await openApp(page, url);
    await waitForState(page, (s) => s.ready && s.saveState === 'saved', { what: `${mb} MB converted and saved`, timeout: 600000 });
  });
  log(`${(result.bytes / 1e6).toFixed(1)} MB stored as chunks`);
}
// Per arm: the percentiles of the whole open, and the median of each phase.
result.summary = Object.fromEntries(Object.entries(result.arms).filter(([, list]) => list.length).map(([name, list]) => {
  const median = (key) => {
    const values = list.map((open) => open[key]).filter((value) => typeof value === 'number').sort((a, b) => a - b);
    return values.length ? values[Math.floor(values.length / 2)] : null;
  };
  const keys = ['ready', 'storedReadStart', 'storedRead', 'downloaded', 'started', 'loadAt', 'checkMs', 'readMs', 'loadMs', 'openMs'];
  return [name, { ms: percentiles(list.map((open) => open.ms)), medians: Object.fromEntries(keys.map((key) => [key, median(key)])) }];
}));
console.log(JSON.stringify(result));
