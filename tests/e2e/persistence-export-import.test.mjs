// Export downloads registration.db, a standard SQLite file the sqlite3 command-line tool reads. Import
// takes a .db file chosen in the browser's file chooser: a good one replaces the data (and is saved), a
// file that is not a database, or is cut short, is refused with a clear message and changes nothing.
// The exported database of the run is kept at build/e2e-artifacts/export.db.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchWithProfile, makeProfileDirectory } from './lib/browser.mjs';
import {
  appState, click, clickAndChooseFile, clickForDownload, openApp, waitForState, watchConsole,
} from './lib/app.mjs';

export const name = 'persistence: export is a valid SQLite file; import replaces the data, refuses bad files';

const sqlite = (file, sql) => execFileSync('sqlite3', [file, sql], { encoding: 'utf8' }).trim();

export async function run({ url, artifacts }) {
  const profile = makeProfileDirectory();
  const files = mkdtempSync(join(tmpdir(), 'seed-e2e-files-'));
  try {
    let context = await launchWithProfile(profile.dir);
    let page = context.pages()[0] || (await context.newPage());
    const problems = watchConsole(page);
    await openApp(page, url);
    for (let i = 0; i < 3; i++) await click(page, 'Increment');
    await waitForState(page, (s) => s.counter === 3 && s.saveState === 'saved', { what: 'three clicks saved' });

    // Export.
    const exported = await clickForDownload(page, 'Export database', join(artifacts, 'export.db'));
    assert.equal(exported.name, 'registration.db');
    assert.equal(exported.bytes.subarray(0, 16).toString('latin1'), 'SQLite format 3\0');
    assert.equal(sqlite(join(artifacts, 'export.db'), 'PRAGMA integrity_check'), 'ok');
    assert.equal(sqlite(join(artifacts, 'export.db'), "SELECT value FROM app_counter WHERE name = 'clicks'"), '3');
    await waitForState(page, (s) => /^Exported registration\.db/.test(s.notice), { what: 'export notice' });

    // Import a database made elsewhere (here by the sqlite3 tool), with a table the app does not know.
    const good = join(files, 'from-elsewhere.db');
    sqlite(good, "CREATE TABLE app_counter (name VARCHAR(50) PRIMARY KEY, value INTEGER NOT NULL);" +
                 "INSERT INTO app_counter VALUES ('clicks', 42);" +
                 "CREATE TABLE user (id INTEGER PRIMARY KEY, username VARCHAR(100) NOT NULL);" +
                 "INSERT INTO user (username) VALUES ('peter'), ('sammy');");
    const before = (await appState(page)).dataVersion;
    await clickAndChooseFile(page, 'Import database', good);
    let state = await waitForState(page, (s) => s.counter === 42 && s.saveState === 'saved',
                                   { what: 'imported data shown and saved' });
    assert.match(state.notice, /^Imported from-elsewhere\.db \(/);
    assert.equal(state.noticeIsError, false);
    assert.ok(state.dataVersion > before, 'views were told to re-query');
    let counts = await page.evaluate(() => window.registry.counts());
    assert.equal(counts.app_counter, 1);
    assert.equal(counts.user, 2, 'the imported rows are there');
    await page.screenshot({ path: `${artifacts}/persistence-imported.png` });

    // Refused: not a database, and a database cut short. The data stays as it was.
    const garbage = join(files, 'notes.db');
    writeFileSync(garbage, 'id,username\n1,peter\n'.repeat(300));
    await clickAndChooseFile(page, 'Import database', garbage);
    state = await waitForState(page, (s) => s.noticeIsError, { what: 'garbage refused' });
    assert.equal(state.notice, 'Import refused: notes.db: this is not an SQLite database. Your data is unchanged.');
    assert.equal(state.counter, 42);

    const big = join(files, 'big.db');
    sqlite(big, 'CREATE TABLE filler (x BLOB); WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200) ' +
                'INSERT INTO filler SELECT randomblob(1000) FROM n;');
    const cut = join(files, 'cut-short.db');
    const whole = readFileSync(big);
    writeFileSync(cut, whole.subarray(0, Math.floor(whole.length / 2) + 100));
    await clickAndChooseFile(page, 'Import database', cut);
    state = await waitForState(page, (s) => s.noticeIsError && s.notice.includes('cut-short.db'), { what: 'truncated file refused' });
    assert.match(state.notice, /incomplete/);
    assert.equal(state.counter, 42);
    await page.screenshot({ path: `${artifacts}/persistence-import-refused.png` });
    assert.deepEqual(problems, []);
    await context.close();

    // The import was saved: it is what a restart finds.
    context = await launchWithProfile(profile.dir);
    page = context.pages()[0] || (await context.newPage());
    await openApp(page, url);
    assert.equal((await appState(page)).counter, 42);
    counts = await page.evaluate(() => window.registry.counts());
    assert.equal(counts.user, 2);
    await context.close();
  } finally {
    profile.remove();
    rmSync(files, { recursive: true, force: true });
  }
}
