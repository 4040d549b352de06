// The menu bar: the File menu's entries, Help → About with the versions, Escape closes the dialog and
// the keyboard goes back to the page.
import assert from 'node:assert/strict';
import { launchWithProfile, makeProfileDirectory } from './lib/browser.mjs';
import { chooseMenu, items, openFreshApp, pointAndClick } from './lib/app.mjs';

export const name = 'ui: File menu, About dialog, Escape closes it';

async function waitForItems(page, predicate, what, timeout = 5000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const list = await items(page);
    if (predicate(list)) return list;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await page.waitForTimeout(50);
  }
}

export async function run({ url, artifacts }) {
  const app = await openFreshApp(url, { launch: launchWithProfile, makeProfile: makeProfileDirectory });
  const { page } = app;
  try {
    await pointAndClick(page, 'File');
    const expected = ['Export database', 'Import database', 'Load demo data', 'Load 100,000 demo users'];
    const menu = await waitForItems(page, (list) => expected.every((e) => list.some((i) => i.window.startsWith('##Menu') && i.label.startsWith(e))),
                                    'the File menu');
    assert.ok(menu.some((i) => i.label === 'Export database…'), 'entries that open a dialog end in an ellipsis');
    await page.screenshot({ path: `${artifacts}/ui-menu.png` });
    await page.keyboard.press('Escape');

    await chooseMenu(page, 'Help', 'About');
    const inAbout = (list) => list.some((i) => i.window === 'About Registration records' && i.label === 'Close');
    await waitForItems(page, inAbout, 'the About dialog');
    await page.screenshot({ path: `${artifacts}/ui-about.png` });
    await page.keyboard.press('Escape');
    await waitForItems(page, (list) => !inAbout(list), 'the About dialog closed by Escape');
    assert.deepEqual(app.problems, []);
  } finally {
    await app.close();
  }
}
