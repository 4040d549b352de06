// Sign-in kept across a reload, for the browser session (issue 22): register, log in, reload → still
// signed in (a session record in the database, its token in sessionStorage, never the password); Log out
// → reload → signed out; a signed-out person cannot delete an account (the service refuses, the Records
// panel says why, the row stays); Log out everywhere signs out a second tab when it catches up.
import assert from 'node:assert/strict';
import { launchWithProfile, makeProfileDirectory } from './lib/browser.mjs';
import { click, logIn, openApp, openFreshApp, pointAndClick, waitForState } from './lib/app.mjs';

export const name = 'ui: sign-in kept across a reload; log out; a signed-out person cannot delete an account';

const kept = (page) => page.evaluate(() => sessionStorage.getItem('seed.session'));

async function reload(page, url) {
  await openApp(page, url);
  return waitForState(page, (s) => s.servicesReady, { what: 'services ready after the reload' });
}

export async function run({ url, artifacts }) {
  const app = await openFreshApp(url, { launch: launchWithProfile, makeProfile: makeProfileDirectory });
  const { page } = app;
  try {
    // Register (the first account: the administrator), then a second account, Peter: through the console
    // API, which runs the form's RegistrationService (the form itself is ui-register's).
    for (const [username, email] of [['Admin', 'admin@example.org'], ['Peter', 'peter@example.org']]) {
      const answer = await page.evaluate((user) => window.registry.register(user),
                                         { username, email, password: 'a long passphrase' });
      assert.equal(answer.saved, true, `${username} registered and saved`);
    }

    await logIn(page, 'Peter', 'a long passphrase');
    await waitForState(page, (s) => s.saveState === 'saved', { what: 'the session record saved' });
    const token = await kept(page);
    assert.match(token, /^[0-9a-f]{64}$/, 'the tab keeps a random token');
    const stored = await page.evaluate(() => JSON.stringify(sessionStorage));
    assert.ok(!stored.includes('a long passphrase'), 'the password is never kept');

    let state = await reload(page, url);
    assert.equal(state.signedInAs, 'Peter', 'still signed in after a reload');
    assert.equal(await kept(page), token);
    await pointAndClick(page, 'Account');
    await page.waitForTimeout(200);
    await page.screenshot({ path: `${artifacts}/ui-account-session.png` });

    // Log out → reload → signed out.
    await click(page, 'Log out');
    await waitForState(page, (s) => s.signedInAs === '' && s.saveState === 'saved', { what: 'logged out' });
    assert.equal(await kept(page), null, 'the token is forgotten');
    state = await reload(page, url);
    assert.equal(state.signedInAs, '', 'signed out after the reload');

    // Signed out, Delete… on Peter's row: the service refuses, the panel says why, the row stays.
    await pointAndClick(page, 'Records');
    await waitForState(page, (s) => s.records.table === 0 && s.records.total === 2, { what: 'the users table' });
    await pointAndClick(page, '2');
    await waitForState(page, (s) => s.records.selected === 2, { what: "Peter's row selected" });
    await click(page, 'Delete…');
    await click(page, 'Delete');
    state = await waitForState(page, (s) => s.records.problem !== '', { what: 'the refusal' });
    assert.equal(state.records.problem, 'Sign in as Peter or as the administrator to delete this account.');
    await page.waitForTimeout(200);
    await page.screenshot({ path: `${artifacts}/ui-account-refused.png` });
    state = await reload(page, url);
    assert.equal(state.rows.users, 2, 'the row is still there, after a reload too');

    // Log out everywhere: a second tab signed in as Peter finds itself signed out once it catches up.
    await logIn(page, 'Peter', 'a long passphrase');
    const second = await app.context.newPage();
    await openApp(second, url);
    await waitForState(second, (s) => s.servicesReady, { what: 'the second tab ready' });
    await logIn(second, 'peter@example.org', 'a long passphrase', { username: 'Peter' });
    await waitForState(second, (s) => s.saveState === 'saved', { what: "the second tab's session saved" });
    await page.bringToFront();
    await waitForState(page, (s) => s.signedInAs === 'Peter', { what: 'the first tab still signed in' });
    await pointAndClick(page, 'Account');
    await click(page, 'Log out everywhere');
    state = await waitForState(page, (s) => s.signedInAs === '' && s.saveState === 'saved', { what: 'logged out everywhere' });
    await second.bringToFront();
    await waitForState(second, (s) => s.signedInAs === '', { what: 'the second tab signed out', timeout: 20000 });
    assert.equal(await kept(second), null, "the second tab's token is forgotten");
    await second.close();
    assert.deepEqual(app.problems, []);
  } finally {
    await app.close();
  }
}
