// A 2,000-user file of the tutorial's Flask app, every password in plaintext, imported through File →
// Import database…: a window over the app says "Importing bulk.db … N%" with a progress bar that moves
// while the page goes on drawing (the passwords are hashed a slice per frame); Cancel half-way leaves the
// data exactly as it was. Then a second 2,000-user file imports to the end and its users log in. (Its
// passwords are mostly an Argon2id hash taken from the app's own export, ten in plaintext: hashing 2,000
// in a browser takes minutes, which the first file has already shown to be stepped.) The files are the
// tutorial's (tests/support/flask_tutorial.py) with users added by the sqlite3 tool.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchWithProfile, makeProfileDirectory } from './lib/browser.mjs';
import { chooseMenu, click, confirmImport, locate, openFreshApp, pointAndClick, waitForState } from './lib/app.mjs';
import { bulkTutorialFile, sqlite } from './lib/tools.mjs';

export const name = 'import: a 2,000-user file shows its progress, Cancel leaves the data as it was, a second import completes';

async function exported(page, path) {
  writeFileSync(path, Buffer.from(await page.evaluate(() => Array.from(window.registry.exportDb()))));
  return path;
}

const everyRow = (file) => ['user', 'pet_handler', 'pet_category', 'pet_comment', 'contact_message', 'login_backoff']
  .map((table) => sqlite(file, `SELECT * FROM ${table} ORDER BY rowid`)).join('\n--\n');

async function chooseImport(page, file) {
  const [chooser] = await Promise.all([page.waitForEvent('filechooser', { timeout: 15000 }),
                                       chooseMenu(page, 'File', 'Import database\u2026')]);
  await chooser.setFiles(file);
  await confirmImport(page); // "Replace all your data?" (import-undo.test.mjs looks at it)
}

// A tab takes a press only after a frame of hover; on a loaded machine the page may draw no frame in
// pointAndClick's pause, so the press is tried again until the tab is open.
async function openAccountTab(page) {
  for (let attempt = 0; attempt < 5; attempt++) {
    await pointAndClick(page, 'Account');
    try {
      return await waitForState(page, (s) => s.activeTab === 2, { what: 'the Account tab', timeout: 2000 });
    } catch (error) {
      if (attempt === 4) throw error;
    }
  }
}

// On the Account tab: logs in, then out.
async function logIn(page, identifier, password) {
  for (const [field, text] of [['##login-identifier', identifier], ['##login-password', password]]) {
    await click(page, field);
    await page.keyboard.press('Control+A'); // the form keeps the last name typed
    await page.keyboard.type(text);
  }
  await page.keyboard.press('Enter');
  await waitForState(page, (s) => s.signedInAs === identifier, { what: `signed in as ${identifier}`, timeout: 20000 });
  await click(page, 'Log out');
  await waitForState(page, (s) => s.signedInAs === '', { what: 'signed out' });
}

export async function run({ url, artifacts }) {
  const app = await openFreshApp(url, { launch: launchWithProfile, makeProfile: makeProfileDirectory });
  const { page } = app;
  const files = mkdtempSync(join(tmpdir(), 'seed-e2e-import-progress-'));
  try {
    await chooseMenu(page, 'File', 'Load demo data');
    await waitForState(page, (s) => s.rows.users === 2 && s.saveState === 'saved', { what: 'demo data saved' });
    const before = everyRow(await exported(page, join(files, 'before.db')));

    // Every password in plaintext: 2,000 Argon2id hashes to compute.
    const bulk = join(files, 'bulk.db');
    bulkTutorialFile(bulk, "'plaintext ' || i");
    await chooseImport(page, bulk);
    let state = await waitForState(page, (s) => s.import.active && s.import.progress > 0,
                                   { what: 'the import under way', timeout: 20000 });
    assert.equal(state.import.file, 'bulk.db');
    await locate(page, '##import-progress'); // the bar is on screen
    await page.getByRole('dialog', { name: 'Importing a database' }).waitFor(); // and in the DOM mirror
    const first = state;
    state = await waitForState(page, (s) => s.import.progress >= first.import.progress + 0.005,
                               { what: 'the progress moving', timeout: 60000 });
    assert.ok(state.framesDrawn > first.framesDrawn + 2, 'the page kept drawing while it imported');
    assert.match(state.import.shown, /^Importing bulk\.db … \d+%$/);
    assert.equal(state.rows.users, 2, 'nothing is replaced before the import is complete');
    await page.screenshot({ path: `${artifacts}/import-progress.png` });

    await click(page, 'Cancel##cancel-import');
    state = await waitForState(page, (s) => !s.import.active, { what: 'the import cancelled' });
    assert.equal(state.notice, 'Import of bulk.db cancelled. Your data is unchanged.');
    assert.equal(state.noticeIsError, false);
    assert.equal(state.rows.users, 2);
    assert.equal(everyRow(await exported(page, join(files, 'after-cancel.db'))), before, 'the data is exactly as it was');
    await page.screenshot({ path: `${artifacts}/import-cancelled.png` });

    // A hash of the app's own ("demo-password", Demo User's) for all but every 200th user, whose password
    // is plaintext.
    const hash = sqlite(join(files, 'before.db'), "SELECT user_password FROM user WHERE username = 'Demo User'");
    assert.match(hash, /^\$argon2id\$/);
    const second = join(files, 'second.db');
    bulkTutorialFile(second, `CASE WHEN i % 200 = 0 THEN 'plaintext ' || i ELSE '${hash}' END`);
    await chooseImport(page, second);
    state = await waitForState(page, (s) => /^Imported second\.db/.test(s.notice) && s.saveState === 'saved',
                               { what: 'the second file imported and saved', timeout: 120000 });
    assert.equal(state.noticeIsError, false);
    assert.match(state.notice, /: 2,000 users, 0 pet handlers, 0 pets, 0 comments, 0 contact messages; upgraded from the tutorial's Flask schema; 10 plaintext passwords re-hashed with Argon2id\.$/);
    assert.equal(state.import.active, false);
    state = await waitForState(page, (s) => s.rows.users === 2000, { what: '2,000 users counted' });

    await openAccountTab(page);
    await logIn(page, 'bulk400', 'plaintext 400'); // a plaintext password, re-hashed on import
    await logIn(page, 'bulk7', 'demo-password'); // a hash that came with the file
    const stored = await exported(page, join(files, 'after-import.db'));
    assert.equal(sqlite(stored, "SELECT count(*) FROM user WHERE substr(user_password, 1, 10) <> '$argon2id$'"), '0');
    assert.deepEqual(app.problems, []);
  } finally {
    await app.close();
    rmSync(files, { recursive: true, force: true });
  }
}
