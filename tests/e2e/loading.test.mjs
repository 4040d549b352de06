// The loading screen shows real progress on a slow connection: the module's download in percent, rising
// to 100 %, then "Starting…" and "Opening database…" (reported by the C++ host), then the app.
import assert from 'node:assert/strict';
import { launchWithProfile, makeProfileDirectory } from './lib/browser.mjs';
import { openApp, watchConsole } from './lib/app.mjs';

export const name = 'loading screen: download progress in percent, then starting, then opening the database';

export async function run({ url, artifacts }) {
  const profile = makeProfileDirectory();
  try {
    const context = await launchWithProfile(profile.dir);
    // Every text the loading screen shows, in order, recorded before any script of the page runs.
    await context.addInitScript(() => {
      window.seedOverlayTexts = [];
      document.addEventListener('DOMContentLoaded', () => {
        const text = document.getElementById('overlay-text');
        window.seedOverlayTexts.push(text.textContent);
        new MutationObserver((records) => {
          for (const record of records) for (const node of record.addedNodes) window.seedOverlayTexts.push(node.data);
        }).observe(text, { childList: true });
      });
    });
    const page = context.pages()[0] || (await context.newPage());
    const problems = watchConsole(page);
    const devtools = await context.newCDPSession(page);
    await devtools.send('Network.enable');
    await devtools.send('Network.emulateNetworkConditions',
                        { offline: false, latency: 40, downloadThroughput: 600 * 1024, uploadThroughput: 600 * 1024 });

    const opened = openApp(page, url);
    await page.waitForFunction(() => {
      const progress = document.getElementById('overlay-progress');
      return progress.position > 0.3 && progress.position < 0.9;
    }, null, { polling: 'raf', timeout: 20000 });
    await page.screenshot({ path: `${artifacts}/loading.png` });
    await opened;

    const texts = await page.evaluate(() => window.seedOverlayTexts);
    const percents = texts.map((t) => /^Loading the application… (\d+)%$/.exec(t)).filter(Boolean)
      .map((m) => Number(m[1]));
    assert.ok(percents.length >= 5, `a few progress steps, got ${JSON.stringify(texts)}`);
    assert.ok(percents.some((p) => p > 0 && p < 100), 'progress in between');
    assert.deepEqual(percents, [...percents].sort((a, b) => a - b), 'progress only rises');
    assert.equal(percents[percents.length - 1], 100);
    const after = texts.slice(texts.lastIndexOf('Loading the application… 100%') + 1);
    assert.deepEqual(after, ['Starting…', 'Opening database…']);
    await page.waitForSelector('#overlay', { state: 'hidden', timeout: 2000 }); // gone once the app is ready
    assert.deepEqual(problems, []);
    await context.close();
  } finally {
    profile.remove();
  }
}
