// Log in and out through the canvas after loading the demo data from the File menu: a wrong password,
// a good one (the menu bar names the user), a password change, logging out.
import assert from 'node:assert/strict';
import { launchWithProfile, makeProfileDirectory } from './lib/browser.mjs';
import { chooseMenu, click, openFreshApp, typeInto, waitForState, pointAndClick } from './lib/app.mjs';

export const name = 'ui: log in, change password, log out';

export async function run({ url, artifacts }) {
  const app = await openFreshApp(url, { launch: launchWithProfile, makeProfile: makeProfileDirectory });
  const { page } = app;
  try {
    await chooseMenu(page, 'File', 'Load demo data');
    await waitForState(page, (s) => s.rows.users === 2 && s.saveState === 'saved', { what: 'demo data loaded' });
    await pointAndClick(page, 'Account');
    await typeInto(page, '##login-identifier', 'peter@example.com');
    await typeInto(page, '##login-password', 'not the password');
    await page.keyboard.press('Enter');
    let state = await waitForState(page, (s) => s.loginError !== '', { what: 'the wrong-password message' });
    assert.equal(state.loginError, 'Wrong username/email or password.');
    assert.equal(state.signedInAs, '');
    await page.screenshot({ path: `${artifacts}/ui-login.png` });

    await typeInto(page, '##login-password', 'demo-password');
    await click(page, 'Log in');
    state = await waitForState(page, (s) => s.signedInAs === 'Peter', { what: 'signed in' });
    await page.screenshot({ path: `${artifacts}/ui-account.png` });

    await typeInto(page, '##change-current', 'demo-password');
    await typeInto(page, '##change-new', 'a new password');
    await typeInto(page, '##change-confirmation', 'a new password');
    await page.keyboard.press('Enter');
    await waitForState(page, (s) => s.passwordChanged === 'Password changed.' && s.saveState === 'saved',
                       { what: 'password changed' });

    await click(page, 'Log out');
    await waitForState(page, (s) => s.signedInAs === '', { what: 'signed out' });
    await click(page, '##login-identifier');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('Peter'); // by username this time
    await typeInto(page, '##login-password', 'a new password');
    await page.keyboard.press('Enter');
    await waitForState(page, (s) => s.signedInAs === 'Peter', { what: 'signed in with the new password' });
    assert.deepEqual(app.problems, []);
  } finally {
    await app.close();
  }
}
