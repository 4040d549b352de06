// Registration through the canvas: each rule's error under its field, success with the new account, a taken
// username, all typed with the real keyboard (Tab between fields, Enter submits).
import assert from 'node:assert/strict';
import { launchWithProfile, makeProfileDirectory } from './lib/browser.mjs';
import { appState, click, openFreshApp, typeInto, waitForState, pointAndClick } from './lib/app.mjs';

export const name = 'ui: register (each field error, success, duplicate)';

export async function run({ url, artifacts }) {
  const app = await openFreshApp(url, { launch: launchWithProfile, makeProfile: makeProfileDirectory });
  const { page } = app;
  try {
    await pointAndClick(page, 'Register');
    // Focus starts in the username field; Tab moves on; Enter submits. Every field wrong at once: each
    // gets its own message.
    await typeInto(page, '##register-username', 'pe');
    await page.keyboard.press('Tab');
    await page.keyboard.type('peter@');
    await page.keyboard.press('Tab');
    await page.keyboard.type('short');
    await page.keyboard.press('Tab');
    await page.keyboard.type('shorter');
    await page.keyboard.press('Enter');
    // (Messages appear as each field is typed, so wait for all four, not the first.)
    let state = await waitForState(page, (s) => Object.values(s.registerErrors).every((e) => e !== ''),
                                   { what: 'the field errors' });
    assert.deepEqual(state.registerErrors, {
      username: 'Username must be at least 3 characters.',
      email: 'Enter a valid email address.',
      password: 'Password must be at least 8 characters.',
      confirmation: 'Passwords do not match.',
    });
    assert.equal(state.rows.users, 0);
    await page.screenshot({ path: `${artifacts}/ui-register-errors.png` });

    // Fixed one by one; the messages follow the typing.
    await click(page, '##register-username');
    await page.keyboard.type('ter');
    await click(page, '##register-email');
    await page.keyboard.type('example.org');
    state = await waitForState(page, (s) => s.registerErrors.username === '' && s.registerErrors.email === '',
                               { what: 'username and email accepted' });
    assert.equal(state.registerInput.username, 'peter');
    await click(page, '##register-password');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('correct horse');
    await click(page, '##register-confirmation');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('correct horse');
    await click(page, 'Register##submit'); // after the typing is drawn: the messages above it move the button
    state = await waitForState(page, (s) => s.registered === 'peter' && s.rows.users === 1 && s.saveState === 'saved',
                               { what: 'registration saved' });
    await page.screenshot({ path: `${artifacts}/ui-register.png` });

    await typeInto(page, '##register-username', 'Peter'); // the same name in another case
    await typeInto(page, '##register-email', 'other@example.org');
    await typeInto(page, '##register-password', 'another password');
    await typeInto(page, '##register-confirmation', 'another password');
    await page.keyboard.press('Enter');
    state = await waitForState(page, (s) => s.registerErrors.username !== '', { what: 'the duplicate error' });
    assert.equal(state.registerErrors.username, 'This username is already registered.');
    assert.equal((await appState(page)).rows.users, 1);
    assert.deepEqual(app.problems, []);
  } finally {
    await app.close();
  }
}
