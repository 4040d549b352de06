// The menu bar: the File menu's entries, Help → About with the versions, Escape closes the dialog and
// the keyboard goes back to the page.
import assert from 'node:assert/strict';
import { launchWithProfile, makeProfileDirectory } from './lib/browser.mjs';
import { chooseMenu, items, locate, openFreshApp, pointAndClick, waitForState } from './lib/app.mjs';

export const name = 'ui: File menu, About dialog, Escape closes it';

export async function run({ url, artifacts }) {
  const app = await openFreshApp(url, { launch: launchWithProfile, makeProfile: makeProfileDirectory });
  const { page } = app;
  try {
    await pointAndClick(page, 'File');
    const menu = async () => (await items(page)).filter((i) => i.window.startsWith('##Menu')).map((i) => i.label);
    let entries = [];
    for (let i = 0; i < 50 && entries.length < 5; i++) { entries = await menu(); await page.waitForTimeout(50); }
    for (const expected of ['Export database', 'Import database', 'Load demo data', 'Load 100,000 demo users'])
      assert.ok(entries.some((label) => label.startsWith(expected)), `File menu has "${expected}": ${entries}`);
    await page.screenshot({ path: `${artifacts}/ui-menu.png` });
    await page.keyboard.press('Escape');

    await chooseMenu(page, 'Help', 'About');
    const close = await locate(page, 'Close');
    const dialog = (await items(page)).filter((i) => i.window === 'About Registration records');
    assert.ok(dialog.length > 0, 'the About dialog is open');
    await page.screenshot({ path: `${artifacts}/ui-about.png` });
    assert.ok(close);
    await page.keyboard.press('Escape');
    await waitForState(page, () => true);
    for (let i = 0; i < 50; i++) {
      if (!(await items(page)).some((i) => i.window === 'About Registration records')) break;
      await page.waitForTimeout(50);
    }
    assert.ok(!(await items(page)).some((i) => i.window === 'About Registration records'), 'Escape closed the dialog');
    assert.deepEqual(app.problems, []);
  } finally {
    await app.close();
  }
}
