// Issue 18's three trigger files, each imported through File → Import database…, then a registration (the
// first through the form, as a person would): every user is still there, the new password is stored as
// Argon2id, and the export holds exactly our tables (no trigger, no `loot`). The files are the tutorial's
// (its Flask app, tests/support/flask_tutorial.py) with a trigger added by the sqlite3 tool.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchWithProfile, makeProfileDirectory } from './lib/browser.mjs';
import { chooseMenu, click, confirmImport, openFreshApp, pointAndClick, typeInto, waitForState } from './lib/app.mjs';
import { flask, sqlite } from './lib/tools.mjs';

export const name = 'import: hostile trigger files bring no trigger along; registration afterwards is normal';

const hostile = {
  'wipe.db': 'CREATE TRIGGER wipe AFTER INSERT ON user BEGIN DELETE FROM user; END;',
  'known-password.db': "CREATE TRIGGER known AFTER INSERT ON user BEGIN UPDATE user SET user_password = 'known' " +
                       'WHERE id = new.id; END;',
  'copy-passwords.db': 'CREATE TABLE loot (value TEXT); CREATE TRIGGER steal AFTER UPDATE ON user BEGIN ' +
                       'INSERT INTO loot VALUES (old.user_password); END;',
};
const ourTables = ['account_session', 'contact_message', 'login_backoff', 'pet_category', 'pet_comment', 'pet_handler', 'user'];

export async function run({ url, artifacts }) {
  const app = await openFreshApp(url, { launch: launchWithProfile, makeProfile: makeProfileDirectory });
  const { page } = app;
  const files = mkdtempSync(join(tmpdir(), 'seed-e2e-hostile-'));
  try {
    let round = 0;
    for (const [fileName, trigger] of Object.entries(hostile)) {
      round++;
      const file = join(files, fileName);
      flask('create', file);
      flask('add-user', file, 'flasky', 'flasky@example.com', 'plain-secret');
      flask('add-user', file, 'sammy', 'sammy@example.com', 'swordfish');
      sqlite(file, trigger);

      const [chooser] = await Promise.all([page.waitForEvent('filechooser', { timeout: 15000 }),
                                           chooseMenu(page, 'File', 'Import database\u2026')]);
      await chooser.setFiles(file);
      await confirmImport(page);
      const imported = await waitForState(page, (s) => s.notice.startsWith(`Imported ${fileName}`) && s.saveState === 'saved',
                                          { what: `${fileName} imported`, timeout: 30000 });
      assert.equal(imported.noticeIsError, false);
      assert.match(imported.notice, /: 2 users, .*; upgraded from the tutorial's Flask schema; 2 plaintext passwords re-hashed with Argon2id; ignored: 1 trigger(, table `loot`)?\.$/);

      // The first round registers through the form, as a person would; the others through the console
      // API, which runs the same RegistrationService in the same write turn (and saves the suite's time).
      const username = `newcomer${round}`;
      if (round === 1) {
        await pointAndClick(page, 'Register');
        await typeInto(page, '##register-username', username);
        await typeInto(page, '##register-email', `${username}@example.org`);
        await typeInto(page, '##register-password', 'newcomer password');
        await typeInto(page, '##register-confirmation', 'newcomer password');
        await click(page, 'Register##submit');
        await waitForState(page, (s) => s.registered === username, { what: `${username} registered`, timeout: 20000 });
      } else {
        const answer = await page.evaluate((name) => window.registry.register(
          { username: name, email: `${name}@example.org`, password: 'newcomer password' }), username);
        assert.equal(answer.saved, true);
      }
      await waitForState(page, (s) => s.rows.users === 3 && s.saveState === 'saved', { what: `${username} saved`, timeout: 20000 });

      const exported = join(files, `export-${round}.db`);
      writeFileSync(exported, Buffer.from(await page.evaluate(() => Array.from(window.registry.exportDb()))));
      assert.equal(sqlite(exported, 'SELECT group_concat(username) FROM (SELECT username FROM user ORDER BY username)'),
                   `flasky,${username},sammy`, 'every user is still there');
      assert.match(sqlite(exported, `SELECT user_password FROM user WHERE username = '${username}'`), /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
      assert.equal(sqlite(exported, "SELECT count(*) FROM user WHERE user_password = 'known' OR " +
                                    "substr(user_password, 1, 10) <> '$argon2id$'"), '0');
      assert.deepEqual(sqlite(exported, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").split('\n'),
                       ourTables, 'no extra table in the export');
      assert.equal(sqlite(exported, "SELECT count(*) FROM sqlite_master WHERE type IN ('trigger', 'view')"), '0');
      if (round === 1) await pointAndClick(page, 'Home');
    }
    await page.screenshot({ path: `${artifacts}/import-hostile.png` });
    assert.deepEqual(app.problems, []);
  } finally {
    await app.close();
    rmSync(files, { recursive: true, force: true });
  }
}
