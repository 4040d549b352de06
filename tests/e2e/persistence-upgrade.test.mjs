// An earlier version stored the database in IndexedDB as one record (the whole file). The first open of
// this version converts it to chunks, with every row kept: the single record is deleted in the same
// IndexedDB transaction that writes the chunks, and only after the chunks were verified byte for byte.
// A file the tutorial's Flask app wrote is used as that earlier copy, so its plaintext password is
// re-hashed on the way.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchWithProfile, makeProfileDirectory } from './lib/browser.mjs';
import { openApp, registryState, waitForState, watchConsole } from './lib/app.mjs';
import { storedFiles } from './lib/stored.mjs';
import { flask, sqlite } from './lib/tools.mjs';

export const name = 'persistence: a single-file database of an earlier version is converted to chunks on first open';

// Runs in a page of the app's origin: stores `bytes` as IDBFS (and the earlier version) did.
async function storeSingleFile(bytes) {
  const db = await new Promise((resolve, reject) => {
    const request = indexedDB.open('/data', 21); // IDBFS.DB_VERSION
    request.onupgradeneeded = () => {
      const store = request.result.createObjectStore('FILE_DATA');
      store.createIndex('timestamp', 'timestamp', { unique: false });
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  await new Promise((resolve, reject) => {
    const transaction = db.transaction(['FILE_DATA'], 'readwrite');
    const store = transaction.objectStore('FILE_DATA');
    store.put({ timestamp: new Date(), mode: 0o100666, contents: new Uint8Array(bytes) }, '/data/registration.db');
    store.put({ generation: 'earlier-version', savedAt: Date.now() }, 'seed-meta:/data/registration.db');
    transaction.oncomplete = resolve;
    transaction.onerror = () => reject(transaction.error);
  });
  db.close();
}

export async function run({ url, artifacts }) {
  const profile = makeProfileDirectory();
  const files = mkdtempSync(join(tmpdir(), 'seed-e2e-upgrade-'));
  try {
    const legacy = join(files, 'legacy.db');
    flask('create', legacy);
    flask('add-user', legacy, 'earlier', 'earlier@example.com', 'plain-secret');
    sqlite(legacy, 'CREATE TABLE attachment (data BLOB); INSERT INTO attachment VALUES (randomblob(400000));');
    const bytes = readFileSync(legacy);

    let context = await launchWithProfile(profile.dir);
    let page = context.pages()[0] || (await context.newPage());
    await page.goto(new URL('icon.svg', url).href); // same origin, app not running
    await page.evaluate(storeSingleFile, Array.from(bytes));
    const problems = watchConsole(page);

    await openApp(page, url);
    await waitForState(page, (s) => s.rows.users === 1 && s.saveState === 'saved', { what: 'converted and saved' });
    const keys = await page.evaluate(storedFiles);
    assert.equal(keys['/data/registration.db'], undefined, 'the single record is gone once the chunks are stored');
    const chunks = Object.keys(keys).filter((key) => key.startsWith('/data/registration.db.chunk.'));
    assert.ok(chunks.length >= 7, `the 0.5 MB database is stored as 64 KiB chunks (${chunks.length})`);

    const exported = join(artifacts, 'upgraded.db');
    writeFileSync(exported, Buffer.from(await page.evaluate(() => Array.from(window.registry.exportDb()))));
    assert.equal(sqlite(exported, 'PRAGMA integrity_check'), 'ok');
    assert.equal(sqlite(exported, 'SELECT username FROM user'), 'earlier');
    assert.equal(sqlite(exported, 'SELECT length(data) FROM attachment'), '400000', 'a table the app does not know is kept');
    assert.match(sqlite(exported, 'SELECT user_password FROM user'), /^\$argon2id\$/);
    assert.deepEqual(problems, []);
    await context.close();

    // A restart reads the chunks: everything is there, and nothing needed converting again.
    context = await launchWithProfile(profile.dir);
    page = context.pages()[0] || (await context.newPage());
    await openApp(page, url);
    await waitForState(page, (s) => s.rows.users === 1, { what: 'the converted database after a restart' });
    const load = (await registryState(page)).lastLoad;
    assert.equal(load.full, true);
    assert.equal(load.files, chunks.length);
    await context.close();
  } finally {
    profile.remove();
    rmSync(files, { recursive: true, force: true });
  }
}
