// Pets through the canvas: two handlers, a pet added to one, moved to the other, and a comment on it.
import assert from 'node:assert/strict';
import { launchWithProfile, makeProfileDirectory } from './lib/browser.mjs';
import { click, clickStartingWith, openFreshApp, typeInto, waitForState, pointAndClick } from './lib/app.mjs';

export const name = 'ui: handlers, pets, move, comment';

export async function run({ url, artifacts }) {
  const app = await openFreshApp(url, { launch: launchWithProfile, makeProfile: makeProfileDirectory });
  const { page } = app;
  try {
    await pointAndClick(page, 'Manage pets');
    await typeInto(page, '##new-handler', 'Ann');
    await page.keyboard.press('Enter');
    await waitForState(page, (s) => s.rows.handlers === 1, { what: 'handler Ann' });
    await typeInto(page, '##new-handler', 'Bob');
    await click(page, 'Create handler');
    await waitForState(page, (s) => s.rows.handlers === 2, { what: 'handler Bob' });

    await clickStartingWith(page, 'Ann##handler-');
    await typeInto(page, '##new-pet-name', 'Rex');
    await typeInto(page, '##new-pet-category', 'dog');
    await click(page, 'Add pet');
    await waitForState(page, (s) => s.rows.pets === 1 && s.petsNotice === 'Rex added.', { what: 'pet Rex' });

    await clickStartingWith(page, 'Rex');
    await pointAndClick(page, '##move-to');
    await clickStartingWith(page, 'Bob##move-');
    await click(page, 'Move');
    await waitForState(page, (s) => s.petsNotice === 'Rex moved.', { what: 'Rex moved to Bob' });

    await typeInto(page, '##new-comment', 'Loves long walks.');
    await page.keyboard.press('Enter');
    await waitForState(page, (s) => s.rows.comments === 1 && s.saveState === 'saved', { what: 'comment saved' });
    await page.screenshot({ path: `${artifacts}/ui-pets.png` });

    // The record browser shows the relationship: Rex's handler is Bob now.
    await pointAndClick(page, 'Records');
    await pointAndClick(page, 'Pets');
    const state = await waitForState(page, (s) => s.records.table === 2 && s.records.total === 1, { what: 'pets tab' });
    assert.deepEqual(state.records.firstNames, ['Rex']);
    assert.deepEqual(app.problems, []);
  } finally {
    await app.close();
  }
}
