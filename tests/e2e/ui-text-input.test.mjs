// Text that does not come from a plain key press reaches the fields: Greek and Cyrillic typed through
// insertText (as on-screen keyboards and Playwright's type() for non-US characters deliver it), an IME
// composition, the system clipboard both ways, and 1 MB pasted into a field is cut to its limit.
import assert from 'node:assert/strict';
import { launchWithProfile, makeProfileDirectory } from './lib/browser.mjs';
import { click, openFreshApp, pointAndClick, waitForState } from './lib/app.mjs';

export const name = 'ui: Unicode, IME and clipboard in the fields';

export async function run({ url, artifacts }) {
  const app = await openFreshApp(url, { launch: launchWithProfile, makeProfile: makeProfileDirectory });
  const { page, context } = app;
  try {
    await pointAndClick(page, 'Register');
    await click(page, '##register-username');
    // The textarea takes DOM focus on the frame after Dear ImGui's field became active, not in the click.
    await page.waitForFunction(() => document.activeElement?.id === 'text-input', null, { timeout: 5000, polling: 50 })
      .catch(() => {});
    assert.equal(await page.evaluate(() => document.activeElement.id), 'text-input', 'a focused field takes the text input');

    // insertText and key presses mixed: nothing lost, nothing doubled.
    await page.keyboard.insertText('Ωμέγα');
    await page.keyboard.type('-ok-');
    await page.keyboard.type('Жанна'); // not on the US layout: Playwright inserts it as text
    let state = await waitForState(page, (s) => s.registerInput.username === 'Ωμέγα-ok-Жанна',
                                   { what: 'Greek, ASCII and Cyrillic in the username field' });

    // An IME composition: only the committed text arrives.
    const cdp = await context.newCDPSession(page);
    await cdp.send('Input.imeSetComposition', { text: 'にほ', selectionStart: 2, selectionEnd: 2 });
    await cdp.send('Input.imeSetComposition', { text: 'にほん', selectionStart: 3, selectionEnd: 3 });
    await cdp.send('Input.insertText', { text: '日本' });
    state = await waitForState(page, (s) => s.registerInput.username.endsWith('日本'),
                               { what: 'the committed composition' });
    assert.equal(state.registerInput.username, 'Ωμέγα-ok-Жанна日本');

    // Copy from one field, paste into another: Ctrl+A, Ctrl+C, then Ctrl+V elsewhere.
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Control+C');
    // The copy reaches the system clipboard (asynchronously: navigator.clipboard.writeText).
    await page.waitForFunction((t) => navigator.clipboard.readText().then((c) => c === t, () => false),
                               'Ωμέγα-ok-Жанна日本', { timeout: 5000, polling: 100 });
    await click(page, '##register-email');
    await page.keyboard.press('Control+V');
    state = await waitForState(page, (s) => s.registerInput.email === 'Ωμέγα-ok-Жанна日本', { what: 'the pasted copy' });

    // A paste from outside the page, 1 MB of it: cut to the field's 100 characters, the page keeps drawing.
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Delete');
    await waitForState(page, (s) => s.registerInput.email === '', { what: 'the emptied field' });
    // Ctrl+V in the page makes the browser fire a paste event with the system clipboard's text, which
    // Dear ImGui then inserts: the real path, with 1 MB put on the system clipboard from outside the app.
    await page.evaluate((t) => navigator.clipboard.writeText(t), 'é'.repeat(1024 * 1024));
    await page.keyboard.press('Control+V');
    state = await waitForState(page, (s) => s.registerInput.email !== '', { what: 'the big paste' });
    assert.equal(state.registerInput.email, 'é'.repeat(100));
    await page.screenshot({ path: `${artifacts}/ui-text-input.png` });
    await page.keyboard.type('x'); // still responsive: the field is full, so the key is cut too
    await waitForState(page, (s) => s.registerInput.email === 'é'.repeat(100), { what: 'the full field' });
    assert.deepEqual(app.problems, []);
  } finally {
    await app.close();
  }
}
