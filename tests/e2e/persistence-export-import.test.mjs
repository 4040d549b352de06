// Export downloads registration.db, a standard SQLite file the sqlite3 command-line tool and the tutorial's
// Flask-SQLAlchemy models (Debian's python3-flask-sqlalchemy) read. Import takes a .db file chosen in the
// browser's file chooser: a file the tutorial's Flask app wrote is upgraded, its plaintext passwords
// re-hashed, reported and saved; a file that is not a database, is cut short, is another app's or is too
// big is refused with a clear message and changes nothing.
// The exported database of the run is kept at build/e2e-artifacts/export.db.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchWithProfile, makeProfileDirectory } from './lib/browser.mjs';
import {
  appState, chooseMenu, clickAndChooseFile, confirmImport, clickForDownload, openApp, pointAndClick, typeInto, waitForState, watchConsole,
} from './lib/app.mjs';
import { flask, sqlite } from './lib/tools.mjs';

export const name = 'persistence: export is a valid SQLite file; import replaces the data, refuses bad files';

export async function run({ url, artifacts }) {
  const profile = makeProfileDirectory();
  const files = mkdtempSync(join(tmpdir(), 'seed-e2e-files-'));
  try {
    let context = await launchWithProfile(profile.dir);
    let page = context.pages()[0] || (await context.newPage());
    const problems = watchConsole(page);
    await openApp(page, url);
    await chooseMenu(page, 'File', 'Load demo data');
    await waitForState(page, (s) => s.rows.users === 2 && s.saveState === 'saved', { what: 'demo data saved' });

    // Export.
    const exported = await clickForDownload(page, 'Export database', join(artifacts, 'export.db'));
    assert.equal(exported.name, 'registration.db');
    assert.equal(exported.bytes.subarray(0, 16).toString('latin1'), 'SQLite format 3\0');
    assert.equal(sqlite(join(artifacts, 'export.db'), 'PRAGMA integrity_check'), 'ok');
    assert.equal(sqlite(join(artifacts, 'export.db'), 'SELECT count(*) FROM user'), '2');
    await waitForState(page, (s) => /^Exported registration\.db/.test(s.notice), { what: 'export notice' });

    // The tutorial's Flask app reads the export.
    const dumped = JSON.parse(flask('dump', join(artifacts, 'export.db')));
    assert.deepEqual(dumped.users.map((u) => u.username).sort(), ['Demo User', 'Peter']);
    assert.equal(dumped.pets.length, 2);

    // Import a database the tutorial's Flask app wrote, with a plaintext password as that app keeps them.
    const tutorial = join(files, 'tutorial.db');
    flask('create', tutorial);
    flask('add-user', tutorial, 'flasky', 'flasky@example.com', 'plain-secret');
    const before = (await appState(page)).dataVersion;
    await clickAndChooseFile(page, 'Import database', tutorial);
    await confirmImport(page);
    let state = await waitForState(page, (s) => /^Imported tutorial\.db/.test(s.notice) && s.saveState === 'saved',
                                   { what: 'the Flask file imported and saved', timeout: 20000 });
    assert.match(state.notice, /: 1 user, 1 pet handler, 1 pet, 0 comments, 0 contact messages; upgraded from the tutorial's Flask schema; 1 plaintext password re-hashed with Argon2id\.$/);
    assert.equal(state.noticeIsError, false);
    assert.ok(state.dataVersion > before, 'views were told to re-query');
    let counts = await page.evaluate(() => window.registry.counts());
    assert.equal(counts.user, 1, 'the imported rows are there');
    assert.equal(counts.pet_category, 1);
    await page.screenshot({ path: `${artifacts}/persistence-imported.png` });
    const stored = join(files, 'after-import.db');
    writeFileSync(stored, await page.evaluate(() => Array.from(window.registry.exportDb())).then((b) => Buffer.from(b)));
    assert.match(sqlite(stored, "SELECT user_password FROM user WHERE username = 'flasky'"), /^\$argon2id\$/,
                 'no plaintext password is kept');
    assert.deepEqual(JSON.parse(flask('dump', stored)).users.map((u) => u.username), ['flasky'],
                     'the upgraded file still opens in the Flask app');

    // The person logs in with the password they had in the Flask app.
    await pointAndClick(page, 'Account');
    await typeInto(page, '##login-identifier', 'flasky');
    await typeInto(page, '##login-password', 'plain-secret');
    await page.keyboard.press('Enter');
    await waitForState(page, (s) => s.signedInAs === 'flasky', { what: 'signed in with the Flask password' });
    await pointAndClick(page, 'Home');

    // Refused: another app's database; the data stays as it was.
    const other = join(files, 'invoices.db');
    sqlite(other, 'CREATE TABLE invoice (id INTEGER PRIMARY KEY, total REAL); INSERT INTO invoice (total) VALUES (9.5);');
    await clickAndChooseFile(page, 'Import database', other);
    state = await waitForState(page, (s) => s.noticeIsError, { what: "another app's file refused" });
    assert.equal(state.notice, "Import refused: invoices.db: it is not a registration database (it has none of the " +
                               "tutorial's tables: user, pet_handler, pet_category, pet_comment). Your data is unchanged.");
    assert.equal((await page.evaluate(() => window.registry.counts())).user, 1);

    // Refused: not a database, and a database cut short. The data stays as it was.
    const garbage = join(files, 'notes.db');
    writeFileSync(garbage, 'id,username\n1,peter\n'.repeat(300));
    await clickAndChooseFile(page, 'Import database', garbage);
    state = await waitForState(page, (s) => s.noticeIsError && s.notice.includes('notes.db'), { what: 'garbage refused' });
    assert.equal(state.notice, 'Import refused: notes.db: this is not an SQLite database. Your data is unchanged.');

    const big = join(files, 'big.db');
    sqlite(big, 'CREATE TABLE filler (x BLOB); WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200) ' +
                'INSERT INTO filler SELECT randomblob(1000) FROM n;');
    const cut = join(files, 'cut-short.db');
    const whole = readFileSync(big);
    writeFileSync(cut, whole.subarray(0, Math.floor(whole.length / 2) + 100));
    await clickAndChooseFile(page, 'Import database', cut);
    state = await waitForState(page, (s) => s.noticeIsError && s.notice.includes('cut-short.db'), { what: 'truncated file refused' });
    assert.match(state.notice, /incomplete/);

    // Too big: refused from its size alone, before a byte of it is read (a sparse file takes no disk).
    const huge = join(files, 'huge.db');
    writeFileSync(huge, '');
    truncateSync(huge, 300 * 1024 * 1024);
    await clickAndChooseFile(page, 'Import database', huge);
    state = await waitForState(page, (s) => s.noticeIsError && s.notice.includes('huge.db'), { what: 'oversized file refused' });
    assert.equal(state.notice, 'Import refused: huge.db: the file is 315 MB; at most 268 MB can be imported. Your data is unchanged.');
    counts = await page.evaluate(() => window.registry.counts());
    assert.equal(counts.user, 1, 'every refused file left the data as it was');
    await page.screenshot({ path: `${artifacts}/persistence-import-refused.png` });
    assert.deepEqual(problems, []);
    await context.close();

    // The import was saved: it is what a restart finds.
    context = await launchWithProfile(profile.dir);
    page = context.pages()[0] || (await context.newPage());
    await openApp(page, url);
    counts = await page.evaluate(() => window.registry.counts());
    assert.equal(counts.user, 1);
    assert.equal(counts.pet_handler, 1);
    await context.close();
  } finally {
    profile.remove();
    rmSync(files, { recursive: true, force: true });
  }
}
