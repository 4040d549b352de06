// After the first load the app makes no network request while it is used, and the next visit loads
// every file from the service worker. The one request left is by design: the browser's (and
// loader.js's) check for a new build, a GET of sw.js. Counted where it matters, at the server.
// Also prints what the first visit transfers and the time to the first interactive frame (empty database).
import assert from 'node:assert/strict';
import { launchWithProfile, makeProfileDirectory } from './lib/browser.mjs';
import { addUser, openApp, pageState, waitForOfflineReady, waitForState, watchConsole } from './lib/app.mjs';
import { serveSite } from './lib/site.mjs';

export const name = 'no network: using the app requests nothing; the next visit comes from the cache';

const kilobytes = (bytes) => `${(bytes / 1024).toFixed(0)} KB`;

const notUpdateCheck = (request) => request.path !== '/sw.js';

// Registers three users, each saved to IndexedDB, and returns what reached the server meanwhile
// (a check for a new build aside: the browser may run it late on a busy machine).
async function useTheApp(page, server, from) {
  const before = server.requests.length;
  for (let i = 1; i <= 3; i++) {
    await addUser(page);
    await waitForState(page, (s) => s.rows.users === from + i && s.saveState === 'saved',
                       { what: `registration ${i} saved` });
  }
  await page.waitForTimeout(300); // anything late still shows up
  return server.requests.slice(before).filter(notUpdateCheck);
}

export async function run({ site }) {
  const server = await serveSite(site);
  const profile = makeProfileDirectory();
  try {
    const context = await launchWithProfile(profile.dir);
    const page = context.pages()[0] || (await context.newPage());
    const problems = watchConsole(page);
    const pageRequests = [];
    page.on('request', (request) => pageRequests.push(request));

    // First visit: the files once each; the service worker's install only revalidates them (304).
    await openApp(page, server.url);
    const firstReady = (await pageState(page)).timings.ready;
    await waitForOfflineReady(page);
    const downloads = server.requests.filter((r) => r.status === 200);
    const names = downloads.map((r) => r.path.slice(1));
    assert.equal(new Set(names).size, names.length, `a file was downloaded twice: ${names.join(', ')}`);
    const firstVisitBytes = downloads.reduce((sum, r) => sum + r.bytes, 0);
    console.log(`        first visit: ${downloads.length} files, ${kilobytes(firstVisitBytes)} uncompressed ` +
                `(shell/site_size.sh gives the compressed size); first interactive frame after ${firstReady} ms`);

    let during = await useTheApp(page, server, 0);
    assert.deepEqual(during, [], 'requests while using the app after the first load');

    // Second visit: everything from the service worker, the check for a new build aside.
    const beforeReload = server.requests.length;
    pageRequests.length = 0;
    await page.reload();
    await page.waitForFunction(() => window.Module.seedPage.phase === 'ready', null, { timeout: 30000 });
    const secondReady = (await pageState(page)).timings.ready;
    await page.waitForTimeout(300);
    const reloadRequests = server.requests.slice(beforeReload).filter(notUpdateCheck).map((r) => r.path);
    assert.deepEqual(reloadRequests, [], 'only sw.js is asked for on a reload');
    const notFromWorker = [];
    for (const request of pageRequests) {
      const response = await request.response();
      if (!response || !response.fromServiceWorker()) notFromWorker.push(request.url());
    }
    assert.deepEqual(notFromWorker, [], 'every file of the second visit comes from the service worker');
    console.log(`        second visit (from the service worker): first interactive frame after ${secondReady} ms`);

    during = await useTheApp(page, server, 3);
    assert.deepEqual(during, [], 'requests while using the app on the second visit');
    assert.deepEqual(problems, []);
    await context.close();
  } finally {
    await server.close();
    profile.remove();
  }
}
