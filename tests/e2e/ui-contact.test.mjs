// The contact form through the canvas: an invalid email is refused under its field, a good message is
// confirmed and listed.
import assert from 'node:assert/strict';
import { launchWithProfile, makeProfileDirectory } from './lib/browser.mjs';
import { click, openFreshApp, typeInto, waitForState, pointAndClick } from './lib/app.mjs';

export const name = 'ui: contact form';

export async function run({ url, artifacts }) {
  const app = await openFreshApp(url, { launch: launchWithProfile, makeProfile: makeProfileDirectory });
  const { page } = app;
  try {
    await pointAndClick(page, 'Contact form');
    await typeInto(page, '##contact-name', 'Ann');
    await page.keyboard.press('Tab');
    await page.keyboard.type('ann@example.org');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Parrots');
    await typeInto(page, '##contact-message', 'Do you take parrots?');
    await click(page, 'Send message');
    const state = await waitForState(page, (s) => s.contactConfirmation !== '' && s.rows.messages === 1 && s.saveState === 'saved',
                                     { what: 'message sent' });
    assert.equal(state.contactConfirmation, 'Thank you, Ann: your message is saved in this browser.');
    await page.screenshot({ path: `${artifacts}/ui-contact.png` });
    assert.deepEqual(app.problems, []);
  } finally {
    await app.close();
  }
}
