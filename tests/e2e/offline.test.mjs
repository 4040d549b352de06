// Offline-first: one visit online, then the network goes away (browser offline AND the server stopped).
// A reload starts the app from the service worker's cache and a change is saved; the browser is closed
// and launched again, still offline, and the change is there.
// The registration view does not exist yet: until it does, the counter's "Increment" stands in for
// "a registration succeeds" (it is the same path: a committed SQLite write synced to IndexedDB).
import assert from 'node:assert/strict';
import { launchWithProfile, makeProfileDirectory } from './lib/browser.mjs';
import { appState, clickSettled, openApp, waitForOfflineReady, waitForState, watchConsole } from './lib/app.mjs';
import { serveSite } from './lib/site.mjs';

export const name = 'offline: after one visit the app starts and saves offline, across a browser restart';

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
    assert.equal((await appState(page)).counter, 0);
    await clickSettled(page, 'Increment');
    await waitForState(page, (s) => s.counter === 1 && s.saveState === 'saved', { what: 'offline click saved' });
    assert.deepEqual(problems, []);
    await context.close();

    context = await launchWithProfile(profile.dir);
    await context.setOffline(true); // before the first navigation
    page = context.pages()[0] || (await context.newPage());
    problems = watchConsole(page);
    await openApp(page, server.url);
    assert.equal((await appState(page)).counter, 1, 'the offline change came back after the restart');
    await clickSettled(page, 'Increment');
    await waitForState(page, (s) => s.counter === 2 && s.saveState === 'saved', { what: 'second offline click saved' });
    assert.deepEqual(problems, []);
    await context.close();
  } finally {
    await server.close();
    profile.remove();
  }
}
