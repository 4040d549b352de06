// The browser loses the saved database (Chromium drops its IndexedDB store under disk pressure; here the
// test deletes the records behind the app's back while the app is closed). The app does not open an
// empty database over the loss: it says the data could not be found, offers to import a backup, and
// starts fresh only when asked, keeping what is left of the lost database under another name.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchWithProfile, makeProfileDirectory } from './lib/browser.mjs';
import { appState, click, clickAndChooseFile, locate, openApp, waitForState, watchConsole } from './lib/app.mjs';
import { storedFiles } from './lib/stored.mjs';

export const name = 'persistence: data the browser lost is reported, never opened empty; a backup restores it, Start fresh works';

// Runs in a page of the app's origin: deletes the database's chunk records (all, or those named by
// index), and the meta record too if asked (what Chromium does when it drops the store).
async function deleteStored({ chunks, meta }) {
  const db = await new Promise((resolve, reject) => {
    const request = indexedDB.open('/data');
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  await new Promise((resolve, reject) => {
    const transaction = db.transaction(['FILE_DATA'], 'readwrite');
    const store = transaction.objectStore('FILE_DATA');
    store.getAllKeys().onsuccess = (event) => {
      for (const key of event.target.result) {
        const match = /^\/data\/registration\.db\.chunk\.(\d{6})$/.exec(key);
        if (match && (chunks === 'all' || chunks.includes(Number(match[1])))) store.delete(key);
        if (meta && key === 'seed-meta:/data/registration.db') store.delete(key);
      }
    };
    transaction.oncomplete = resolve;
    transaction.onerror = () => reject(transaction.error);
  });
  db.close();
}

const register = (page, username) => page.evaluate(
  (name) => window.registry.register({ username: name, email: `${name}@example.com`, password: 'lost data pw' }), username);

async function reopenAfter(page, url, loss) {
  await page.goto(new URL('icon.svg', url).href); // same origin, the app not running
  await page.evaluate(deleteStored, loss);
  await openApp(page, url);
}

export async function run({ url, artifacts }) {
  const profile = makeProfileDirectory();
  const files = mkdtempSync(join(tmpdir(), 'seed-e2e-lost-'));
  try {
    const context = await launchWithProfile(profile.dir);
    const page = context.pages()[0] || (await context.newPage());
    const problems = watchConsole(page);
    await openApp(page, url);
    for (const name of ['ann', 'bob', 'cid']) await register(page, name);
    await waitForState(page, (s) => s.rows.users === 3 && s.saveState === 'saved', { what: 'three users saved' });
    const backup = join(files, 'backup.db');
    writeFileSync(backup, Buffer.from(await page.evaluate(() => Array.from(window.registry.exportDb()))));

    // Every record gone, the meta record too: the warning, not an empty app, and nothing written.
    await reopenAfter(page, url, { chunks: 'all', meta: true });
    let state = await appState(page);
    assert.equal(state.servicesReady, false, 'no empty database was opened');
    assert.equal(state.ready, false);
    assert.match(state.error, /^This browser's storage holds nothing of the database of \d+\.\d KB saved on /);
    await locate(page, 'Import a backup\u2026');
    await locate(page, 'Start fresh');
    await page.screenshot({ path: `${artifacts}/persistence-data-missing.png` });
    assert.deepEqual(Object.keys(await page.evaluate(storedFiles)), [], 'nothing was saved over the loss');

    // Importing the backup restores it, and it stays restored.
    await clickAndChooseFile(page, 'Import a backup\u2026', backup);
    state = await waitForState(page, (s) => s.ready && s.rows.users === 3 && s.saveState === 'saved',
                               { what: 'the backup imported and saved', timeout: 20000 });
    assert.match(state.notice, /^Imported backup\.db/);
    await openApp(page, url);
    state = await waitForState(page, (s) => s.servicesReady, { what: 'reopened after the import' });
    assert.equal(state.rows.users, 3);
    assert.equal(state.openError, false);

    // One chunk lost, the meta record left: the warning again; Start fresh keeps the rest aside.
    const chunks = Object.keys(await page.evaluate(storedFiles)).filter((key) => key.startsWith('/data/registration.db.chunk.'));
    assert.ok(chunks.length >= 2, `the database has more than one chunk (${chunks.length})`);
    await reopenAfter(page, url, { chunks: [1], meta: false });
    state = await appState(page);
    assert.equal(state.servicesReady, false);
    assert.match(state.error, /holds \d+ of the \d+ parts of the database saved /);
    await click(page, 'Start fresh');
    state = await waitForState(page, (s) => s.ready && s.servicesReady && s.saveState === 'saved' && s.notice !== '',
                               { what: 'a fresh database' });
    assert.equal(state.rows.users, 0);
    const kept = /What was left of the lost one is kept in this browser as (registration-damaged-\d{8}-\d{6}\.db)\.$/.exec(state.notice);
    assert.ok(kept, `the notice names where the remains are: ${state.notice}`);
    const stored = Object.keys(await page.evaluate(storedFiles));
    assert.ok(stored.some((key) => key.startsWith(`/data/${kept[1]}.chunk.`)), 'the remains are kept in IndexedDB');
    await register(page, 'dee');
    await waitForState(page, (s) => s.rows.users === 1 && s.saveState === 'saved', { what: 'the fresh database works' });

    // The fresh database's saves count past the lost one: the next start opens it without a warning.
    await openApp(page, url);
    state = await waitForState(page, (s) => s.servicesReady, { what: 'the fresh database reopened' });
    assert.equal(state.rows.users, 1);
    assert.equal(state.openError, false);
    // The browser asks for /favicon.ico on icon.svg's page (a 404 logged without a page response); a 404
    // of the app's own requests would show as "HTTP 404 for …".
    assert.deepEqual(problems.filter((problem) => !/^console error: Failed to load resource: .* 404/.test(problem)), []);
    await context.close();
  } finally {
    profile.remove();
    rmSync(files, { recursive: true, force: true });
  }
}
