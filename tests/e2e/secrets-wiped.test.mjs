// Secrets leave no copies (issue 23): after registering and logging in through the forms and signing out,
// the password's UTF-8 bytes are nowhere in the WebAssembly heap (which any script on the page can read as
// Module.HEAPU8); copying from a password field puts nothing on the system clipboard or the page's own.
import assert from 'node:assert/strict';
import { launchWithProfile, makeProfileDirectory } from './lib/browser.mjs';
import { click, inputSettled, openFreshApp, pointAndClick, typeInto, waitForState } from './lib/app.mjs';

export const name = 'secrets: no copy of a password left in the heap or on a clipboard';

// Longer than any small-string buffer, so every copy of it lives in the heap.
const password = 'heap-scan-secret-7Qx93kZ-pw';

// How many times `text`'s UTF-8 bytes occur in the wasm heap.
const copiesInHeap = (page, text) => page.evaluate((t) => {
  const needle = new TextEncoder().encode(t);
  const heap = Module.HEAPU8;
  let count = 0;
  for (let i = heap.indexOf(needle[0]); i !== -1 && i <= heap.length - needle.length; i = heap.indexOf(needle[0], i + 1)) {
    let k = 1;
    while (k < needle.length && heap[i + k] === needle[k]) ++k;
    if (k === needle.length) ++count;
  }
  return count;
}, text);

export async function run({ url, artifacts }) {
  const app = await openFreshApp(url, { launch: launchWithProfile, makeProfile: makeProfileDirectory });
  const { page, context } = app;
  try {
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await page.evaluate(() => navigator.clipboard.writeText('on the clipboard before'));

    await pointAndClick(page, 'Register');
    await typeInto(page, '##register-username', 'heapscan');
    await typeInto(page, '##register-email', 'heapscan@example.com');
    await typeInto(page, '##register-password', password);
    await inputSettled(page);
    assert.ok(await copiesInHeap(page, password) >= 1, 'the scan finds the password while it is in its field');

    // Select all and copy in the password field: nothing is copied anywhere.
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Control+C');
    await inputSettled(page);
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), 'on the clipboard before');
    // The page's own clipboard (what Ctrl+V inserts here) got nothing either: a paste into the username
    // field inserts the system clipboard's text, not the password.
    await click(page, '##register-username');
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Control+V');
    let state = await waitForState(page, (s) => s.registerInput.username !== 'heapscan', { what: 'the paste' });
    assert.equal(state.registerInput.username, 'on the clipboard before');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('heapscan');

    await typeInto(page, '##register-confirmation', password);
    await click(page, 'Register##submit');
    await waitForState(page, (s) => s.registered === 'heapscan' && s.saveState === 'saved', { what: 'registered' });

    await pointAndClick(page, 'Account');
    await typeInto(page, '##login-identifier', 'heapscan');
    await typeInto(page, '##login-password', password);
    await page.keyboard.press('Enter');
    await waitForState(page, (s) => s.signedInAs === 'heapscan', { what: 'signed in' });
    await click(page, 'Log out');
    await waitForState(page, (s) => s.signedInAs === '', { what: 'signed out' });
    await inputSettled(page);

    assert.equal(await copiesInHeap(page, password), 0, 'copies of the password left in the wasm heap');
    assert.deepEqual(app.problems, []);
  } finally {
    await app.close();
  }
}
