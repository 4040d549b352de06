// The dark scheme: a browser that prefers dark gets it; View → Light overrides it and is remembered over a
// reload; View → Follow the system brings it back; forced colors (a contrast theme) get high contrast.
import assert from 'node:assert/strict';
import { launchWithProfile, makeProfileDirectory } from './lib/browser.mjs';
import { chooseMenu, click, openApp, pointAndClick, waitForState, watchConsole } from './lib/app.mjs';

export const name = 'ui: dark scheme from prefers-color-scheme, View menu choice remembered, forced colors';

// Relative luminance, roughly (0 black, 1 white): enough to tell a dark window from a light one.
const lightness = ([r, g, b]) => (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;

export async function run({ url, artifacts }) {
  const profile = makeProfileDirectory();
  const context = await launchWithProfile(profile.dir, { colorScheme: 'dark' });
  const page = context.pages()[0] || (await context.newPage());
  const problems = watchConsole(page);
  try {
    await openApp(page, url);
    let state = await waitForState(page, (s) => s.servicesReady && s.theme === 'dark', { what: 'the dark scheme' });
    assert.ok(lightness(state.windowBackground) < 0.2, `dark window ${state.windowBackground}`);
    assert.ok(lightness(state.textColour) > 0.8, `light text ${state.textColour}`);
    assert.equal(await page.evaluate(() => document.documentElement.dataset.scheme), 'dark');

    await pointAndClick(page, 'Register');
    await click(page, 'Register##submit'); // empty: each field's message shows, in the error colour
    await waitForState(page, (s) => s.registerErrors.username !== '', { what: 'the field errors' });
    await page.screenshot({ path: `${artifacts}/ui-dark-register.png` });

    await chooseMenu(page, 'File', 'Load demo data');
    await waitForState(page, (s) => s.rows.users > 0, { what: 'demo data' });
    await pointAndClick(page, 'Records');
    await waitForState(page, (s) => s.activeTab === 3 && s.records.total > 0, { what: 'the records tab' });
    await page.screenshot({ path: `${artifacts}/ui-dark-records.png` });

    // The View menu's choice wins over the system's, and stays over a reload.
    await chooseMenu(page, 'View', 'Light');
    state = await waitForState(page, (s) => s.theme === 'light', { what: 'View → Light' });
    assert.ok(lightness(state.windowBackground) > 0.9);
    await page.reload();
    await openApp(page, url);
    await waitForState(page, (s) => s.servicesReady && s.theme === 'light', { what: 'Light remembered over a reload' });
    await chooseMenu(page, 'View', 'Follow the system');
    await waitForState(page, (s) => s.theme === 'dark', { what: 'following the system again' });

    // Windows' contrast themes: the high-contrast scheme, whatever the choice.
    await page.emulateMedia({ forcedColors: 'active' });
    state = await waitForState(page, (s) => s.theme === 'high-contrast', { what: 'forced colors' });
    assert.deepEqual(state.textColour, [0, 0, 0]);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
    profile.remove();
  }
}
