// File → Import database… is a replace the person confirms and can undo (issue 22). Over demo data the
// dialog says what replaces what (each table's rows now and in the file, the file's name and size) and reads
// nothing before Replace; after Replace, "Undo import" in the report brings back the data byte for byte (the
// exported bytes are equal), still after a reload. Second: import, reload, the undo is still offered in the
// File menu, and a second tab catches up with the undo as it does with an import. Discard undo drops a copy.
// Screenshots: build/e2e-artifacts/import-confirm.png and import-report.png (copied to docs/).
//
// The data is the tutorial's demo rows plus 3,000 users of a file imported first: the suite's budget (the
// acceptance's 100,004 users take longer to import, save and export several times; the path is the same).
// SEED_IMPORT_UNDO_USERS=100000 runs it over 100,002 users (106 s on the 2-core machine, 2026-12-02).
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchWithProfile, makeProfileDirectory } from './lib/browser.mjs';
import { appState, chooseMenu, click, openApp, waitForState, watchConsole } from './lib/app.mjs';
import { flask, sqlite } from './lib/tools.mjs';

export const name = 'import: the dialog asks with row counts; Undo import restores the same rows and bytes, after a reload too';

// SHA-256 of what Export downloads, hashed in the page (the bytes need not cross into node).
const exportedHash = (page) => page.evaluate(async () => {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', window.registry.exportDb()));
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, '0')).join('');
});
const counts = (page) => page.evaluate(() => window.registry.counts());

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

// axe-core's serious and critical violations on the page (its DOM mirror), as ui-axe.test.mjs checks them.
const axeProblems = (page) => page.evaluate(async (source) => {
  if (!window.axe) (0, eval)(source);
  const result = await window.axe.run(document, { resultTypes: ['violations'] });
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id);
}, axeSource);

const members = Number(process.env.SEED_IMPORT_UNDO_USERS || 3000);
const grouped = (count) => count.toLocaleString('en-US');
const patience = Math.max(30000, members * 2); // ms for a step that reads, writes or saves every row

async function chooseImport(page, file) {
  const [chooser] = await Promise.all([page.waitForEvent('filechooser', { timeout: 15000 }),
                                       chooseMenu(page, 'File', 'Import database\u2026')]);
  await chooser.setFiles(file);
}

// Imports `file` through the dialog: Replace, then the report and a save.
async function importConfirmed(page, file, fileName) {
  await chooseImport(page, file);
  await waitForState(page, (s) => s.import.confirming, { what: `the dialog asking about ${fileName}`, timeout: 20000 });
  await click(page, 'Replace');
  return waitForState(page, (s) => s.notice.startsWith(`Imported ${fileName}`) && s.saveState === 'saved' && s.undoAvailable,
                      { what: `${fileName} imported and saved`, timeout: patience });
}

async function reopen(page, url) {
  await openApp(page, url);
  return waitForState(page, (s) => s.servicesReady && s.saveState === 'saved', { what: 'reopened', timeout: patience });
}

export async function run({ url, artifacts }) {
  const profile = makeProfileDirectory();
  const files = mkdtempSync(join(tmpdir(), 'seed-e2e-import-undo-'));
  try {
    const context = await launchWithProfile(profile.dir, { bypassCSP: true }); // axe is injected
    const page = context.pages()[0] || (await context.newPage());
    const problems = watchConsole(page);
    await reopen(page, url);

    // The data to keep: 3,000 users from a file, then the demo rows. Their passwords are the demo accounts'
    // Argon2id hash, taken from the app's own export (nothing to re-hash: plaintext would take minutes).
    await chooseMenu(page, 'File', 'Load demo data');
    await waitForState(page, (s) => s.rows.users === 2 && s.saveState === 'saved', { what: 'demo data saved', timeout: patience });
    const demo = join(files, 'demo.db');
    writeFileSync(demo, Buffer.from(await page.evaluate(() => Array.from(window.registry.exportDb()))));
    const hash = sqlite(demo, 'SELECT user_password FROM user ORDER BY id LIMIT 1');
    assert.match(hash, /^\$argon2id\$/);
    const many = join(files, 'many.db');
    flask('create', many);
    sqlite(many, `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${members}) ` +
                 "INSERT INTO user (username, user_email, user_password) SELECT 'member' || i, 'member' || i || '@example.org', " +
                 `'${hash}' FROM n;`);
    await importConfirmed(page, many, 'many.db');
    // That import kept the demo data for an undo; Discard undo drops the copy (and saves that).
    await chooseMenu(page, 'File', 'Discard undo');
    await waitForState(page, (s) => !s.undoAvailable && s.saveState === 'saved' && /discarded/.test(s.notice),
                       { what: 'the copy discarded' });
    await chooseMenu(page, 'File', 'Load demo data');
    await waitForState(page, (s) => s.rows.users === members + 2 && s.saveState === 'saved', { what: 'demo data saved', timeout: patience });
    const original = await counts(page);
    const originalHash = await exportedHash(page);

    // A small file: the dialog asks, with both sides' counts, and nothing is read or replaced meanwhile.
    const small = join(files, 'tutorial.db');
    flask('create', small);
    sqlite(small, "INSERT INTO user (username, user_email, user_password) VALUES ('flasky', 'flasky@example.com', " +
                  `'${hash}'); INSERT INTO pet_handler (handler_name) VALUES ('Flask handler'); ` +
                  "INSERT INTO pet_category (pet_name, pet_category, handler_id) VALUES ('Rex', 'dog', 1);");
    await chooseImport(page, small);
    let state = await waitForState(page, (s) => s.import.confirming, { what: 'the confirmation', timeout: 20000 });
    assert.equal(state.import.file, 'tutorial.db');
    assert.ok(state.import.fileBytes > 0);
    const dialog = page.getByRole('dialog', { name: 'Replace all your data?' });
    await dialog.waitFor();
    const said = await dialog.innerText();
    assert.match(said, /replaced by the contents of tutorial\.db \(\d+(\.\d)? KB\)/);
    assert.ok(said.includes(`Users: ${grouped(members + 2)} now, 1 in tutorial.db`), said);
    assert.match(said, /Pet handlers: \d+ now, 1 in tutorial\.db/);
    for (const button of ['Export current data first', 'Replace', 'Cancel']) {
      assert.equal(await dialog.getByRole('button', { name: button }).count(), 1, `the dialog offers ${button}`);
    }
    await page.waitForTimeout(300);
    assert.equal((await appState(page)).import.progress, 0, 'nothing is read before Replace');
    await page.screenshot({ path: `${artifacts}/import-confirm.png` });
    assert.deepEqual(await axeProblems(page), [], 'axe: the dialog in the DOM mirror');

    // "Export current data first" downloads the data and leaves the question open.
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 15000 }),
                                          click(page, 'Export current data first')]);
    assert.equal(download.suggestedFilename(), 'registration.db');
    assert.equal((await appState(page)).import.confirming, true);

    await click(page, 'Replace');
    state = await waitForState(page, (s) => s.notice.startsWith('Imported tutorial.db') && s.saveState === 'saved',
                               { what: 'imported and saved', timeout: patience });
    assert.equal(state.undoAvailable, true);
    assert.equal(state.rows.users, 1, 'the views read the imported data');
    await page.screenshot({ path: `${artifacts}/import-report.png` }); // the report, with Undo import beside it
    assert.equal((await counts(page)).user, 1);

    // Undo, from the report: the same rows and the same bytes.
    await click(page, 'Undo import##report');
    state = await waitForState(page, (s) => s.notice.startsWith('Undo import: ') && s.saveState === 'saved',
                               { what: 'undone and saved', timeout: patience });
    assert.equal(state.noticeIsError, false, state.notice);
    assert.equal(state.undoAvailable, false, 'one undo');
    assert.equal(state.rows.users, members + 2);
    assert.deepEqual(await counts(page), original);
    assert.equal(await exportedHash(page), originalHash, 'the exported bytes are the ones from before the import');
    await page.reload();
    await reopen(page, url);
    assert.deepEqual(await counts(page), original, 'after a reload');
    assert.equal(await exportedHash(page), originalHash, 'the same bytes after a reload');

    // Import, reload: the undo is still offered, and a second tab follows the undo as it follows an import.
    await importConfirmed(page, small, 'tutorial.db');
    await page.reload();
    state = await reopen(page, url);
    assert.equal(state.undoAvailable, true, 'the kept copy survives a reload');
    assert.equal((await counts(page)).user, 1);
    const second = await context.newPage();
    await reopen(second, url);
    assert.equal((await counts(second)).user, 1);
    await chooseMenu(page, 'File', 'Undo import');
    await waitForState(page, (s) => s.notice.startsWith('Undo import: ') && s.saveState === 'saved',
                       { what: 'undone from the File menu', timeout: patience });
    assert.deepEqual(await counts(page), original);
    assert.equal(await exportedHash(page), originalHash);
    await second.bringToFront();
    state = await waitForState(second, (s) => s.rows.users === members + 2 && !s.undoAvailable,
                               { what: 'the other tab caught up with the undo', timeout: patience });
    assert.deepEqual(await counts(second), original);

    assert.deepEqual(problems, []);
    await context.close();
  } finally {
    profile.remove();
    rmSync(files, { recursive: true, force: true });
  }
}
