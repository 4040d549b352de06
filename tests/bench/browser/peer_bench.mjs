// This app's commit path beside two browser SQLite stacks, in one headless Chromium run (issue 24):
//   ours       the app as built, in its page: a registration through window.registry.register; commit
//              (the turn's COMMIT into MEMFS) → IndexedDB's success, as the app's save loop reports it
//   wa-sqlite  npm @journeyapps/wa-sqlite, IDBBatchAtomicVFS, in a page: the COMMIT statement alone
//   sahpool    npm @sqlite.org/sqlite-wasm, opfs-sahpool VFS, in a worker: the COMMIT statement alone
// Same table for all: the `user` table and its indexes as the app's own schema makes them (read from an
// export of a fresh app database), filled to each size with the same rows (statements.mjs). Each size
// starts from a fresh profile; each of the COMMITS rounds commits one row per stack, the stacks' order
// rotating per round, so all see the same load. At 50 MB (or the largest size below it) each stack is
// opened cold (a browser launched afresh on the profile) COLD_OPENS times, interleaved. Bytes downloaded:
// what our server sent for each stack's first visit (uncompressed, as shell/serve.mjs sends it).
//
// The peers' files are served from node_modules on /bench-peers/ only, with COOP/COEP (cross-origin
// isolated: what sqlite-wasm's SharedArrayBuffer-based parts ask for; opfs-sahpool itself needs none).
//
// Prints one JSON object. Usage:
//   node peer_bench.mjs <site dir> [--quick] [--sizes 1,10,50,200] [--markdown out.md]
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchWithProfile, makeProfileDirectory } from '../../e2e/lib/browser.mjs';
import { openApp, registryState, waitForState } from '../../e2e/lib/app.mjs';
import { serveStatic } from '../../../shell/serve.mjs';
import { eachSize, percentiles, storeAsEarlierLayout, timeOpen } from './lib/measure.mjs';
import { fillStatement } from './peers/statements.mjs';
import { peerTable } from './peer_table.mjs';

const args = process.argv.slice(2);
const option = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : null);
const site = args[0];
const sizes = (option('--sizes') || (args.includes('--quick') ? '1,10' : '1,10,50,200')).split(',').map(Number);
const commits = Number(process.env.COMMITS || 30);
const coldOpens = Number(process.env.COLD_OPENS || 3);
const openAtMb = Math.max(...sizes.filter((mb) => mb <= 50));
const stacks = ['ours', 'wa-sqlite', 'sahpool'];
const fillStep = 100000; // rows per transaction while filling a peer

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const packageDir = (name) => dirname(require.resolve(`${name}/package.json`));
const isolated = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };
const mounts = [
  { path: '/bench-peers/page/', root: join(here, 'peers'), headers: isolated },
  { path: '/bench-peers/wa-sqlite/', root: packageDir('@journeyapps/wa-sqlite'), headers: isolated },
  { path: '/bench-peers/sqlite-wasm/', root: packageDir('@sqlite.org/sqlite-wasm'), headers: isolated },
];
const stackOfPath = (path) => (path.startsWith('/bench-peers/wa-sqlite/') ? 'wa-sqlite'
  : path.startsWith('/bench-peers/sqlite-wasm/') ? 'sahpool' : path.startsWith('/bench-peers/') ? 'harness' : 'ours');
const sent = { ours: 0, 'wa-sqlite': 0, sahpool: 0, harness: 0 };
let counting = false;
const { server, url } = await serveStatic(site, { mounts, onSent: (path, bytes) => { if (counting) sent[stackOfPath(path)] += bytes; } });
const peerUrl = new URL('bench-peers/page/index.html', url).href;
const log = (line) => console.error(`peer bench: ${line}`);
const sqlite = (file, sql) => execFileSync('sqlite3', [file, sql], { encoding: 'utf8', maxBuffer: 1 << 26 });

// The app's fresh database, exported: its `user` DDL for the peers, and the template of ours.
async function appTemplate(file) {
  const profile = makeProfileDirectory();
  const context = await launchWithProfile(profile.dir);
  try {
    const page = context.pages()[0] || (await context.newPage());
    await openApp(page, url);
    await waitForState(page, (s) => s.ready && s.saveState === 'saved', { what: 'fresh app', timeout: 60000 });
    writeFileSync(file, Buffer.from(await page.evaluate(() => Array.from(window.registry.exportDb()))));
  } finally {
    await context.close();
    profile.remove();
  }
  const ddl = JSON.parse(sqlite(file, "SELECT json_group_array(sql) FROM (SELECT sql FROM sqlite_master WHERE tbl_name = 'user' " +
                                      "AND sql IS NOT NULL ORDER BY type = 'index', name)"));
  return ddl;
}

// Rows per MB for this schema: measured on a copy of the template.
function rowsPerMb(template, dir) {
  const probe = join(dir, 'probe.db');
  copyFileSync(template, probe);
  const before = statSync(probe).size;
  sqlite(probe, fillStatement(20000));
  const perRow = (statSync(probe).size - before) / 20000;
  rmSync(probe);
  return 1e6 / perRow;
}

async function openPeers(page) {
  await page.goto(peerUrl);
  await page.waitForFunction(() => window.peersReady);
  const seen = {};
  for (const name of ['wa-sqlite', 'sahpool']) seen[name] = await page.evaluate((stack) => window.peers.open(stack), name);
  return seen;
}
const peerCall = (page, stack, call, ...rest) => page.evaluate(({ stack, call, rest }) => window.peers.call(stack, call, ...rest),
                                                               { stack, call, rest });

let oursSaves = [];
async function oursCommit(page, i) {
  const user = `bench${i}`;
  const answer = await page.evaluate((name) => window.registry.register({ username: name, email: `${name}@example.org`, password: 'bench password' }), user);
  if (!answer.saved) throw new Error(`registration not saved: ${answer.notSaved}`);
  await waitForState(page, (s) => s.saveState === 'saved', { what: 'commit saved', timeout: 60000 });
  const state = await registryState(page);
  oursSaves.push(state.saveMs.at(-1)); // the save alone: reading the dirty chunks + the IndexedDB transaction
  return state.latencyMs.last.at(-1);
}

const oursPhases = [];
async function coldOpen(stack, profileDir) {
  if (stack === 'ours') {
    const open = await timeOpen(profileDir, url);
    oursPhases.push({ files: open.files, ...open.phases });
    return open.ms;
  }
  const context = await launchWithProfile(profileDir);
  try {
    const page = context.pages()[0] || (await context.newPage());
    const started = Date.now();
    await page.goto(peerUrl);
    await page.waitForFunction(() => window.peersReady);
    await page.evaluate((name) => window.peers.open(name), stack);
    await peerCall(page, stack, 'describe'); // SELECT count(*) FROM user, as our status bar's count
    return Date.now() - started;
  } finally {
    await context.close();
  }
}

const files = mkdtempSync(join(tmpdir(), 'seed-peer-bench-'));
const template = join(files, 'template.db');
const result = { commits, coldOpens, loadBefore: loadavg()[0], sizes: [], bytesDownloaded: null, coldOpen: null };
try {
  result.ddl = await appTemplate(template);
  const perMb = rowsPerMb(template, files);
  log(`user DDL from the app's schema (${result.ddl.length} statements), ${Math.round(perMb)} rows per MB`);
  const makeFile = (file, mb) => {
    copyFileSync(template, file);
    sqlite(file, fillStatement(Math.round(mb * perMb)));
  };
  result.sizes = await eachSize(sizes, files, makeFile, async (mb, file, profile) => {
    const rows = Math.round(mb * perMb);
    // Ours: the sized file (an export of the app's schema) stored as an earlier version would have,
    // converted to chunks and saved by the first open; the peers: the same rows, filled in place.
    await storeAsEarlierLayout(profile.dir, file, url);
    const context = await launchWithProfile(profile.dir);
    counting = mb === sizes[0]; // the first size's profile is a first visit for every stack
    const app = context.pages()[0] || (await context.newPage());
    await openApp(app, url);
    await waitForState(app, (s) => s.ready && s.saveState === 'saved', { what: `${mb} MB converted and saved`, timeout: 600000 });
    const peers = await context.newPage();
    const seen = await openPeers(peers);
    counting = false;
    if (mb === sizes[0]) result.bytesDownloaded = { ...sent };
    for (const stack of ['wa-sqlite', 'sahpool']) {
      await peerCall(peers, stack, 'create', result.ddl);
      for (let from = 1; from <= rows; from += fillStep) await peerCall(peers, stack, 'fill', Math.min(fillStep, rows - from + 1), from);
    }
    const visible = await app.evaluate(() => document.visibilityState);
    log(`${mb} MB: ${rows} rows in each stack; pages ${visible} / ${seen['wa-sqlite'].visibility}, peers cross-origin isolated: ${seen['wa-sqlite'].crossOriginIsolated}`);
    const times = { ours: [], 'wa-sqlite': [], sahpool: [] };
    oursSaves = [];
    for (let round = 0; round < commits; round++) {
      for (let k = 0; k < stacks.length; k++) {
        const stack = stacks[(round + k) % stacks.length];
        times[stack].push(stack === 'ours' ? await oursCommit(app, round) : await peerCall(peers, stack, 'commit', round));
        await app.waitForTimeout(300); // idle between commits, as between a person's registrations
      }
    }
    const entry = { mb, rows, stacks: {} };
    const counts = await app.evaluate(() => window.registry.counts());
    entry.stacks.ours = { commit: percentiles(times.ours), save: percentiles(oursSaves), bytes: statSync(file).size, // held as 64 KiB chunks
                          users: counts.user,
                          writtenPerSave: (await registryState(app)).lastSaveBytes };
    for (const stack of ['wa-sqlite', 'sahpool']) entry.stacks[stack] = { commit: percentiles(times[stack]), ...(await peerCall(peers, stack, 'describe')) };
    await context.close();
    log(`${mb} MB: ` + stacks.map((s) => `${s} p50 ${entry.stacks[s].commit.p50} / p95 ${entry.stacks[s].commit.p95} ms`).join('; ') +
        `; ours' save alone p50 ${entry.stacks.ours.save.p50} / p95 ${entry.stacks.ours.save.p95} ms, ${entry.stacks.ours.writtenPerSave} bytes`);
    if (mb === openAtMb) {
      const opens = { ours: [], 'wa-sqlite': [], sahpool: [] };
      for (let round = 0; round < coldOpens; round++)
        for (let k = 0; k < stacks.length; k++) {
          const stack = stacks[(round + k) % stacks.length];
          opens[stack].push(await coldOpen(stack, profile.dir));
        }
      result.coldOpen = { mb, ...Object.fromEntries(stacks.map((s) => [s, { ...percentiles(opens[s]), all: opens[s] }])), oursPhases };
      log(`ours' cold open phases: ${JSON.stringify(oursPhases)}`);
      log(`cold open at ${mb} MB: ` + stacks.map((s) => `${s} ${opens[s].join(', ')} ms`).join('; '));
    }
    return entry;
  }, log);
} finally {
  server.close();
  rmSync(files, { recursive: true, force: true });
}
result.loadAfter = loadavg()[0];
if (option('--markdown')) writeFileSync(option('--markdown'), peerTable(result));
console.log(JSON.stringify(result));
