// A stored database that fails PRAGMA quick_check is never silently replaced: the app says it is damaged,
// offers its raw bytes as a download, and "Start fresh" keeps it in IndexedDB under another name before
// starting an empty database. At no point is a byte of the damaged file lost.
import assert from 'node:assert/strict';
import { launchWithProfile, makeProfileDirectory } from './lib/browser.mjs';
import { addUser, appState, click, clickForDownload, openApp, waitForState, watchConsole } from './lib/app.mjs';
import { storedDatabase, storedFiles } from './lib/stored.mjs';

export const name = 'persistence: a damaged database is reported, exported raw, kept aside on a fresh start';

// Overwrites the header of page 2 (the user table's b-tree page, the first table the schema creates) in
// the stored database's first chunk: SQLite still opens it, PRAGMA quick_check does not pass. Returns the
// whole damaged database.
async function damageStoredDatabase() {
  const db = await new Promise((resolve, reject) => {
    const request = indexedDB.open('/data');
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  const bytes = await new Promise((resolve, reject) => {
    const transaction = db.transaction(['FILE_DATA'], 'readwrite');
    const store = transaction.objectStore('FILE_DATA');
    // Each chunk's bytes are its record with its delta record (the pages saved since) applied. The first
    // chunk's are damaged and stored whole, as a browser's own corruption of the chunk would read.
    const withDelta = (record, delta) => {
      const bytes = new Uint8Array(delta ? delta.size : record.contents.length);
      bytes.set(record.contents.subarray(0, bytes.length));
      let at = 0;
      for (const page of delta ? delta.pages : []) {
        const length = Math.min(4096, delta.size - page * 4096);
        bytes.set(delta.contents.subarray(at, at + length), page * 4096);
        at += length;
      }
      return bytes;
    };
    const first = '/data/registration.db.chunk.000000';
    const chunks = {};
    const range = IDBKeyRange.bound(first, '/data/registration.db.chunk.999999');
    store.openCursor(range).onsuccess = (event) => {
      const cursor = event.target.result;
      if (!cursor) return;
      const key = String(cursor.key);
      const record = cursor.value;
      store.get(`seed-delta:${key}`).onsuccess = (deltaEvent) => {
        chunks[key] = withDelta(record, deltaEvent.target.result);
        if (key !== first) return;
        for (let i = 0; i < 8; i++) chunks[key][4096 + i] = 0xff;
        record.contents = chunks[key];
        store.put(record, key);
        store.delete(`seed-delta:${key}`);
      };
      cursor.continue();
    };
    transaction.oncomplete = () => resolve(Object.keys(chunks).sort().flatMap((key) => Array.from(chunks[key])));
    transaction.onerror = () => reject(transaction.error);
  });
  db.close();
  return bytes;
}

export async function run({ url, artifacts }) {
  const profile = makeProfileDirectory();
  try {
    let context = await launchWithProfile(profile.dir);
    let page = context.pages()[0] || (await context.newPage());
    await openApp(page, url);
    await addUser(page);
    await addUser(page);
    await waitForState(page, (s) => s.rows.users === 2 && s.saveState === 'saved', { what: 'two registrations saved' });
    await page.goto(new URL('icon.svg', url).href); // same origin, app not running
    const damaged = await page.evaluate(damageStoredDatabase);
    assert.ok(damaged.length >= 8192);

    // Opening: reported, nothing replaced.
    const problems = watchConsole(page);
    await openApp(page, url);
    let state = await appState(page);
    assert.equal(state.openError, true);
    assert.equal(state.damaged, true);
    assert.match(state.error, /damaged/);
    await page.screenshot({ path: `${artifacts}/persistence-damaged.png` });
    assert.deepEqual(storedDatabase(await page.evaluate(storedFiles), 'registration.db'), damaged,
                     'the stored database is untouched');

    // Raw export: the damaged bytes as they are.
    const exported = await clickForDownload(page, 'Export damaged file');
    assert.equal(exported.name, 'registration-damaged.db');
    assert.deepEqual(Array.from(exported.bytes), damaged);

    // Start fresh: the damaged file is kept under another name, in memory and in IndexedDB.
    await click(page, 'Start fresh');
    state = await waitForState(page, (s) => s.ready && s.servicesReady && s.rows.users === 0 && s.saveState === 'saved' && !s.damaged,
                               { what: 'a fresh database' });
    const kept = state.notice.match(/kept in this browser as (registration-damaged-\d{8}-\d{6}\.db)\./);
    assert.ok(kept, `notice names the kept file: ${state.notice}`);
    await page.screenshot({ path: `${artifacts}/persistence-started-fresh.png` });
    let stored = await page.evaluate(storedFiles);
    assert.deepEqual(storedDatabase(stored, kept[1]), damaged, 'the damaged bytes are kept in IndexedDB');
    assert.equal(String.fromCharCode(...storedDatabase(stored, 'registration.db').slice(0, 15)), 'SQLite format 3');
    await addUser(page);
    await waitForState(page, (s) => s.rows.users === 1 && s.saveState === 'saved', { what: 'the fresh database works' });
    assert.deepEqual(problems, []);
    await context.close();

    // Restart: the fresh database opens; the damaged copy is still there.
    context = await launchWithProfile(profile.dir);
    page = context.pages()[0] || (await context.newPage());
    await openApp(page, url);
    state = await appState(page);
    assert.equal(state.openError, false);
    assert.equal(state.rows.users, 1);
    stored = await page.evaluate(storedFiles);
    assert.deepEqual(storedDatabase(stored, kept[1]), damaged);
    await context.close();
  } finally {
    profile.remove();
  }
}
