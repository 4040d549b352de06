// What the browser benches do alike: percentiles of a list of milliseconds, the app's open of a stored
// database in a browser launched afresh on a profile (navigation → first interactive frame), a database
// stored in the earlier whole-file layout, and the loop over database sizes.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { launchWithProfile, makeProfileDirectory } from '../../../e2e/lib/browser.mjs';
import { openApp, pageState, registryState, waitForState } from '../../../e2e/lib/app.mjs';

export const percentiles = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const pick = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return { p50: +pick(0.5).toFixed(1), p95: +pick(0.95).toFixed(1), n: sorted.length };
};

// {ms, files, phases}: files is how many records the open loaded; phases, where the time went: ms since
// navigation at which app.wasm was downloaded, compiled and running, the first frames drawn (the page's
// timings), and the load's own steps (IndexedDB's read, MEMFS's writes, C++'s open) if the build says.
export async function timeOpen(profileDir, url) {
  const context = await launchWithProfile(profileDir);
  try {
    const page = context.pages()[0] || (await context.newPage());
    const started = Date.now();
    await openApp(page, url);
    await waitForState(page, (s) => s.ready && s.saveState === 'saved', { what: 'opened', timeout: 120000 });
    const ms = Date.now() - started;
    const load = (await registryState(page)).lastLoad || {};
    const { timings } = await pageState(page);
    const phases = { ...timings, readMs: load.readMs, loadMs: load.loadMs, openMs: load.openMs };
    return { ms, files: load.files === undefined ? null : load.files, phases };
  } finally {
    await context.close();
  }
}

// Stores the database file `file` in the profile as an earlier version of the app left it: the whole
// file as one IndexedDB record (IDBFS's layout) with its meta record. The app's next open converts it to
// chunks and saves them: the quickest way to give ours a database of up to 50 MB (an import checks and
// copies every row, ~1,000 rows a second in the browser). At 200 MB the one record's put crashed
// headless Chromium (seen 2026-12-02): that size needs the chunks written as records instead.
export async function storeAsEarlierLayout(profileDir, file, url) {
  const seeding = await launchWithProfile(profileDir);
  try {
    const page = seeding.pages()[0] || (await seeding.newPage());
    await page.route('**/bench-legacy.db', (route) => route.fulfill({ path: file }));
    await page.goto(new URL('icon.svg', url).href);
    await page.evaluate(async () => {
      const contents = new Uint8Array(await (await fetch('bench-legacy.db')).arrayBuffer());
      const db = await new Promise((resolve, reject) => {
        const request = indexedDB.open('/data', 21);
        request.onupgradeneeded = () => request.result.createObjectStore('FILE_DATA').createIndex('timestamp', 'timestamp', { unique: false });
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      await new Promise((resolve, reject) => {
        const transaction = db.transaction(['FILE_DATA'], 'readwrite');
        transaction.objectStore('FILE_DATA').put({ timestamp: new Date(), mode: 0o100666, contents }, '/data/registration.db');
        transaction.objectStore('FILE_DATA').put({ generation: 'earlier', savedAt: Date.now() }, 'seed-meta:/data/registration.db');
        transaction.oncomplete = resolve;
        transaction.onerror = () => reject(transaction.error);
      });
      db.close();
    });
  } finally {
    await seeding.close();
  }
}

// For each size in MB: a database file made by `makeFile(file, mb)` in `dir` and a fresh browser profile,
// handed to `measure(mb, file, profile)`, whose entry is kept; a size that fails keeps {mb, error} and
// the others still run. The file and profile are removed after each size. Resolves with the entries.
export async function eachSize(sizes, dir, makeFile, measure, log) {
  const entries = [];
  for (const mb of sizes) {
    const file = join(dir, `${mb}mb.db`);
    const profile = makeProfileDirectory();
    try {
      makeFile(file, mb);
      entries.push(await measure(mb, file, profile));
    } catch (error) {
      entries.push({ mb, error: String(error.message || error).split('\n')[0] });
      log(`${mb} MB failed: ${error.stack || error.message}`);
    } finally {
      try {
        profile.remove();
      } catch (error) { // a browser that crashed may still be writing into it: leave it to the OS
        log(`${mb} MB: the profile ${profile.dir} stays (${error.code || error.message})`);
      }
      rmSync(file, { force: true });
    }
  }
  return entries;
}
