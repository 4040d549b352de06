// Text crosses between the page and C++ whole (issue 23): a NUL or a lone UTF-16 surrogate in a username,
// an email or a password, through window.registry.register and through the register form (typed text,
// paste), is refused with the field's message, never cut at the NUL or merged with the next character;
// the exported database holds nothing cut short; a password's part before a NUL does not log in.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchWithProfile, makeProfileDirectory } from './lib/browser.mjs';
import { click, openFreshApp, pointAndClick, typeInto, waitForState } from './lib/app.mjs';
import { sqlite } from './lib/tools.mjs';

export const name = 'text: NUL and lone surrogates are refused with the field\'s message at every crossing';

// registry.register's answer: {ok: true, …} or {ok: false, error}.
const register = (page, user) => page.evaluate(
  (u) => window.registry.register(u).then((value) => ({ ok: true, ...value }), (error) => ({ ok: false, error: error.message })), user);

// Text as an IME, an on-screen keyboard or an extension may deliver it: an `input` event on the text
// bridge's textarea (web/text_input_library.js), here with content a key press could never produce.
const deliver = (page, text) => page.evaluate((t) => {
  document.getElementById('text-input').dispatchEvent(new InputEvent('input', { data: t, inputType: 'insertText' }));
}, text);

export async function run({ url, artifacts }) {
  const app = await openFreshApp(url, { launch: launchWithProfile, makeProfile: makeProfileDirectory });
  const { page, context } = app;
  const files = mkdtempSync(join(tmpdir(), 'seed-e2e-text-'));
  try {
    // --- window.registry.register -----------------------------------------------------------------------
    const good = { username: 'ann', email: 'ann@example.com', password: 'long enough pw' };
    const refused = [
      [{ ...good, username: 'abc\u0000def' }, 'Username must not contain a NUL character.'],
      [{ ...good, username: 'ab\uD800cd' }, 'Username contains invalid characters.'],
      [{ ...good, username: 'ab\uDC00cd' }, 'Username contains invalid characters.'],
      [{ ...good, email: 'ann\u0000x@example.com' }, 'Email address must not contain a NUL character.'],
      [{ ...good, username: 'nulpwuser', password: 'nulpw\u0000secret' }, 'Password must not contain a NUL character.'],
      [{ ...good, password: 'surrogate pw \uD83D' }, 'Password contains invalid characters.'],
    ];
    for (const [user, message] of refused) {
      const answer = await register(page, user);
      assert.deepEqual(answer, { ok: false, error: message }, JSON.stringify(user));
    }
    // A surrogate pair is a character, not a problem.
    assert.equal((await register(page, { ...good, username: 'snake\uD83D\uDC0D', email: 'snake@example.com' })).username, 'snake🐍');

    // --- The register form --------------------------------------------------------------------------------
    await pointAndClick(page, 'Register');
    await click(page, '##register-username');
    await deliver(page, 'abc\u0000def');
    let state = await waitForState(page, (s) => s.refusedInput !== '', { what: 'the NUL refused in the field' });
    assert.equal(state.refusedInput, 'Username must not contain a NUL character.');
    assert.equal(state.registerInput.username, '', 'nothing of it entered, not even "abc"');
    await page.screenshot({ path: `${artifacts}/text-crossing-refused.png` });
    await deliver(page, 'ab\uD800cd');
    state = await waitForState(page, (s) => s.refusedInput === 'Username contains invalid characters.',
                               { what: 'the lone surrogate refused' });
    assert.equal(state.registerInput.username, '', 'nothing merged into the field ("ab𐁣d")');
    await page.keyboard.type('x'); // the next edit clears the message
    state = await waitForState(page, (s) => s.registerInput.username === 'x' && s.refusedInput === '', { what: 'the message gone' });

    // Pasted into the password field: refused whole too.
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await page.evaluate(() => navigator.clipboard.writeText('nulpw\u0000secret'));
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), 'nulpw\u0000secret', 'the clipboard keeps the NUL');
    await click(page, '##register-password');
    await page.keyboard.press('Control+V');
    await waitForState(page, (s) => s.refusedInput === 'Password must not contain a NUL character.', { what: 'the pasted NUL refused' });

    // --- Nothing cut short in the database ------------------------------------------------------------------
    const db = join(files, 'export.db');
    writeFileSync(db, Buffer.from(await page.evaluate(() => Array.from(window.registry.exportDb()))));
    assert.equal(sqlite(db, "SELECT group_concat(username, ',') FROM (SELECT username FROM user ORDER BY username)"), 'snake🐍');
    assert.equal(sqlite(db, "SELECT count(*) FROM user WHERE username IN ('abc', 'ab', 'nulpwuser', 'x') OR user_email LIKE 'ann%'"), '0');

    // --- The part of a password before its NUL does not log in -------------------------------------------------
    await pointAndClick(page, 'Account');
    await typeInto(page, '##login-identifier', 'nulpwuser');
    await typeInto(page, '##login-password', 'nulpw');
    await page.keyboard.press('Enter');
    state = await waitForState(page, (s) => s.loginError !== '', { what: 'the login refused' });
    assert.equal(state.loginError, 'Wrong username/email or password.');
    assert.equal(state.signedInAs, '');
    assert.deepEqual(app.problems, []);
  } finally {
    await app.close();
    rmSync(files, { recursive: true, force: true });
  }
}
