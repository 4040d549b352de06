// Offline-first: one visit online, then the network goes away (browser offline AND the server stopped).
// A reload starts the app from the service worker's cache and a change is saved; the browser is closed
// and launched again, still offline, and the change is there.
import assert from 'node:assert/strict';
import { launchWithProfile, makeProfileDirectory } from './lib/browser.mjs';
import { appState, openApp, pointAndClick, typeInto, waitForOfflineReady, waitForState, watchConsole } from './lib/app.mjs';
import { serveSite } from './lib/site.mjs';

export const name = 'offline: after one visit the app starts and a registration succeeds offline, across a browser restart';

// Registers through the canvas with the real keyboard, as a person would.
async function register(page, username) {
  await pointAndClick(page, 'Register');
  await typeInto(page, '##register-username', username);
  await typeInto(page, '##register-email', `${username}@example.org`);
  await typeInto(page, '##register-password', 'offline password');
  await typeInto(page, '##register-confirmation', 'offline password');
  await page.keyboard.press('Enter');
}

export async function run({ site }) {
  const server = await serveSite(site);
  const profile = makeProfileDirectory();
  try {
    let context = await launchWithProfile(profile.dir);
    let page = context.pages()[0] || (await context.newPage());
    let problems = watchConsole(page);
    await openApp(page, server.url);
    await waitForOfflineReady(page);

    await context.setOffline(true);
    await server.close();
    await page.reload();
    await page.waitForFunction(() => window.Module.seedPage.phase === 'ready', null, { timeout: 30000 });
    assert.equal((await appState(page)).rows.users, 0);
    await register(page, 'offline1');
    await waitForState(page, (s) => s.registered === 'offline1' && s.rows.users === 1 && s.saveState === 'saved',
                       { what: 'offline registration saved' });
    assert.deepEqual(problems, []);
    await context.close();

    context = await launchWithProfile(profile.dir);
    await context.setOffline(true); // before the first navigation
    page = context.pages()[0] || (await context.newPage());
    problems = watchConsole(page);
    await openApp(page, server.url);
    assert.equal((await appState(page)).rows.users, 1, 'the offline registration came back after the restart');
    await register(page, 'offline2');
    await waitForState(page, (s) => s.registered === 'offline2' && s.rows.users === 2 && s.saveState === 'saved',
                       { what: 'second offline registration saved' });
    assert.deepEqual(problems, []);
    await context.close();
  } finally {
    await server.close();
    profile.remove();
  }
}
