// Durable-commit latency and start-up time in headless Chromium, for databases of several sizes:
//   after  the app as built: chunked storage; a commit (one registration through window.registry.register,
//          so no input keeps frames busy) → IndexedDB's success, and the save alone (reading the dirty
//          chunks + the IndexedDB transaction), with the bytes written
//   before the earlier whole-file save emulated in the same page: a consistent copy of the whole
//          database (registry.exportDb) put as one record, strict durability, as that version did
//   open   navigation → first interactive frame with the database stored as chunks, and the first open
//          of a whole-file copy an earlier version left (load + conversion to chunks)
// Prints one JSON object. Usage: node persistence_bench.mjs <site dir> [sizes MB, default 1,10,50,200]
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchWithProfile, makeProfileDirectory } from '../../e2e/lib/browser.mjs';
import { clickAndChooseFile, confirmImport, openApp, registryState, waitForState } from '../../e2e/lib/app.mjs';
import { serveStatic } from '../../../shell/serve.mjs';
import { eachSize, percentiles, storeAsEarlierLayout, timeOpen } from './lib/measure.mjs';

const site = process.argv[2];
const sizes = (process.argv[3] || '1,10,50,200').split(',').map(Number);
const commits = Number(process.env.COMMITS || 30);
const wholeFileSaves = 8;

function makeDatabase(file, mb) {
  execFileSync('sqlite3', [file,
    'CREATE TABLE user (id INTEGER NOT NULL, username VARCHAR(100) NOT NULL, user_email VARCHAR(100) NOT NULL, ' +
    'user_password VARCHAR(150) NOT NULL, PRIMARY KEY (id)); CREATE TABLE filler (data BLOB);' +
    `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${mb * 256}) ` +
    'INSERT INTO filler SELECT randomblob(4000) FROM n;']);
}

async function commitLatencies(page) {
  const saves = [];
  const latencies = [];
  const bytes = [];
  for (let i = 0; i < commits; i++) {
    const name = `bench${i}`;
    await page.evaluate((user) => window.registry.register({ username: user, email: `${user}@example.org`, password: 'bench password' }), name);
    await waitForState(page, (s) => s.saveState === 'saved', { what: 'commit saved', timeout: 60000 });
    await page.waitForTimeout(300); // the page goes idle between commits, as between a person's registrations
    const state = await registryState(page);
    latencies.push(state.latencyMs.last.at(-1));
    saves.push(state.saveMs ? state.saveMs.at(-1) : NaN); // builds before the chunked layout report less
    bytes.push(state.lastSaveBytes || NaN);
  }
  if (process.env.VERBOSE) console.error('latencies', latencies.map(Math.round).join(','));
  return { latency: percentiles(latencies), save: saves.every(Number.isNaN) ? null : percentiles(saves), bytesPerSave: Math.max(...bytes) };
}

// The earlier version's save: the whole file as one record (plus its small meta record), strict.
async function wholeFileSave(page, count) {
  return page.evaluate(async (n) => {
    const db = await new Promise((resolve, reject) => {
      const request = indexedDB.open('/data');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const times = [];
    for (let i = 0; i < n; i++) {
      const started = performance.now();
      const contents = window.registry.exportDb();
      await new Promise((resolve, reject) => {
        const transaction = db.transaction(['FILE_DATA'], 'readwrite', { durability: 'strict' });
        const store = transaction.objectStore('FILE_DATA');
        store.put({ timestamp: new Date(), mode: 0o100666, contents }, '/bench/whole-file.db');
        store.put({ generation: String(i), savedAt: Date.now() }, 'seed-meta:/bench/whole-file.db');
        transaction.oncomplete = resolve;
        transaction.onerror = () => reject(transaction.error);
      });
      times.push(performance.now() - started);
    }
    await new Promise((resolve) => {
      const transaction = db.transaction(['FILE_DATA'], 'readwrite');
      transaction.objectStore('FILE_DATA').delete('/bench/whole-file.db');
      transaction.objectStore('FILE_DATA').delete('seed-meta:/bench/whole-file.db');
      transaction.oncomplete = resolve;
    });
    db.close();
    return times;
  }, count);
}

const { server, url } = await serveStatic(site);
const files = mkdtempSync(join(tmpdir(), 'seed-bench-'));
const result = { commits, sizes: [] };
try {
  result.sizes = await eachSize(sizes, files, makeDatabase, async (mb, file, profile) => {
    const context = await launchWithProfile(profile.dir);
    const page = context.pages()[0] || (await context.newPage());
    await openApp(page, url);
    const importStarted = Date.now();
    await clickAndChooseFile(page, 'Import database', file);
    await confirmImport(page);
    await waitForState(page, (s) => /^Imported/.test(s.notice) && s.saveState === 'saved', { what: `${mb} MB imported`, timeout: 300000 });
    const importMs = Date.now() - importStarted;
    const after = await commitLatencies(page);
    const before = percentiles(await wholeFileSave(page, wholeFileSaves));
    await context.close();
    const entry = { mb, bytes: statSync(file).size, importMs, after, before };
    if (mb === 50) {
      entry.openChunked = await timeOpen(profile.dir, url);
      // The first open after an upgrade: the whole file stored as one record, as the earlier version did.
      const legacy = makeProfileDirectory();
      try {
        await storeAsEarlierLayout(legacy.dir, file, url);
        entry.openWholeFileFirstTime = await timeOpen(legacy.dir, url);
      } finally {
        legacy.remove();
      }
    }
    console.error(`bench: ${mb} MB: commit p50 ${entry.after.latency.p50} / p95 ${entry.after.latency.p95} ms; ` +
                  `whole-file save p50 ${before.p50} / p95 ${before.p95} ms`);
    return entry;
  }, (line) => console.error(`bench: ${line}`));
} finally {
  server.close();
  rmSync(files, { recursive: true, force: true });
}
console.log(JSON.stringify(result));
