// The tutorial's own password, "password", is refused with zxcvbn's reason and a meter under the field;
// a passphrase is accepted. zxcvbn.js is the site's own copy (node_modules' zxcvbn 4.4.2), fetched once
// after the page started, and the service worker keeps it with the build.
import assert from 'node:assert/strict';
import { launchWithProfile, makeProfileDirectory } from './lib/browser.mjs';
import { click, openFreshApp, pointAndClick, typeInto, waitForState, inputSettled } from './lib/app.mjs';

export const name = 'ui: password strength (zxcvbn refuses "password", a passphrase registers)';

export async function run({ url, artifacts }) {
  const app = await openFreshApp(url, { launch: launchWithProfile, makeProfile: makeProfileDirectory });
  const { page } = app;
  try {
    const fetched = [];
    page.on('request', (request) => { if (request.url().endsWith('/zxcvbn.js')) fetched.push(request.url()); });
    await pointAndClick(page, 'Register');
    await typeInto(page, '##register-username', 'Peter');
    await page.keyboard.press('Tab');
    await page.keyboard.type('peterdury@gmail.com');
    await page.keyboard.press('Tab');
    await page.keyboard.type('password');
    await page.keyboard.press('Tab');
    await page.keyboard.type('password');
    await page.keyboard.press('Enter');
    // The message shows while the password is typed: read it once every key has reached Dear ImGui, not
    // from a frame in the middle of the typing ("at least 8 characters" for "passwor").
    await inputSettled(page);
    let state = await waitForState(page, (s) => s.registerErrors.password !== '' && s.registerErrors.confirmation === '',
                                   { what: 'the password refused' });
    assert.equal(state.registerErrors.password, 'Too easy to guess: this is a top-10 common password.');
    assert.equal(state.rows.users, 0, 'nothing was stored');
    // The meter says it too, in the page's mirror of the canvas for screen readers.
    await page.getByText('Strength: Too guessable', { exact: true }).waitFor();
    await page.screenshot({ path: `${artifacts}/ui-password-strength.png` });

    // The person's own name counts against a password: fine alone, weak for Peter Dury.
    await click(page, '##register-password');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('peterdury1987');
    // Read once every key is in (a frame in the middle of the typing judges "peterdu": a surname).
    await inputSettled(page);
    state = await waitForState(page, (s) => s.registerErrors.password !== 'Too easy to guess: this is a top-10 common password.',
                               { what: 'the message following the typing' });
    assert.equal(state.registerErrors.password, 'Too easy to guess: add another word or two. Uncommon words are better.');

    await click(page, '##register-password');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('peter-pan-sunday');
    await click(page, '##register-confirmation');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('peter-pan-sunday');
    await page.getByText('Strength: Very unguessable', { exact: true }).waitFor();
    await click(page, 'Register##submit');
    state = await waitForState(page, (s) => s.registered === 'Peter' && s.rows.users === 1 && s.saveState === 'saved',
                               { what: 'the passphrase registered' });
    assert.ok(fetched.length <= 1, `zxcvbn.js fetched once at most by this page (${fetched.length})`);
    assert.deepEqual(app.problems, []);
  } finally {
    await app.close();
  }
}
