// Deployed in a folder of a host (https://host/app/), not at its root: the app loads, works, its service
// worker's scope is the folder, and it starts offline from there too.
import assert from 'node:assert/strict';
import { launchWithProfile, makeProfileDirectory } from './lib/browser.mjs';
import { addUser, openApp, waitForOfflineReady, waitForState, watchConsole } from './lib/app.mjs';
import { serveSite } from './lib/site.mjs';

export const name = 'sub-path: served from /app/ it loads, works and starts offline';

export async function run({ site }) {
  const server = await serveSite(site, { basePath: '/app/' });
  const profile = makeProfileDirectory();
  try {
    const context = await launchWithProfile(profile.dir);
    const page = context.pages()[0] || (await context.newPage());
    const problems = watchConsole(page);
    assert.match(server.url, /\/app\/$/);
    await openApp(page, server.url.replace(/\/$/, '')); // "/app" as typed: the host sends it to "/app/"
    assert.equal(new URL(page.url()).pathname, '/app/');
    await addUser(page);
    await waitForState(page, (s) => s.rows.users === 1 && s.saveState === 'saved', { what: 'a registration saved' });
    await waitForOfflineReady(page);
    const scope = await page.evaluate(async () => (await navigator.serviceWorker.getRegistration()).scope);
    assert.equal(new URL(scope).pathname, '/app/');
    assert.deepEqual(server.requests.filter((r) => !r.path.startsWith('/app')), [], 'nothing asked outside /app/');

    await context.setOffline(true);
    await server.close();
    await page.reload();
    await page.waitForFunction(() => window.Module.seedPage.phase === 'ready', null, { timeout: 30000 });
    await waitForState(page, (s) => s.rows.users === 1, { what: 'the registration back offline' });
    await addUser(page);
    await waitForState(page, (s) => s.rows.users === 2 && s.saveState === 'saved', { what: 'offline registration saved' });
    assert.deepEqual(problems, []);
    await context.close();
  } finally {
    await server.close();
    profile.remove();
  }
}
