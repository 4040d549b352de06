// A new deploy while the app is open: the page keeps running its own build, shows "New version
// available — reload", and the Reload button brings up the new build with the data kept and the old
// build's cache gone. Only what changed is downloaded for the update; an on-demand file the old build
// had stored (the CJK font) is carried into the new build's cache, not downloaded again.
import assert from 'node:assert/strict';
import { appendFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { launchWithProfile, makeProfileDirectory } from './lib/browser.mjs';
import {
  addUser, appState, drawFewerFrames, openApp, pageState, waitForOfflineReady, waitForState, watchConsole,
} from './lib/app.mjs';
import { copySite, deployNewBuild, onDemandFiles, serveSite } from './lib/site.mjs';

export const name = 'update: a new deploy shows "New version available — reload" and reloads into it';

const versionOf = (siteDir) => /"version": "([0-9a-f]+)"/.exec(readFileSync(join(siteDir, 'sw.js'), 'utf8'))[1];

export async function run({ site, artifacts }) {
  const copy = copySite(site);
  const server = await serveSite(copy.dir);
  const profile = makeProfileDirectory();
  try {
    const context = await launchWithProfile(profile.dir);
    const page = context.pages()[0] || (await context.newPage());
    const problems = watchConsole(page);
    await openApp(page, server.url);
    await waitForOfflineReady(page);
    const oldVersion = versionOf(copy.dir);
    await addUser(page);
    await waitForState(page, (s) => s.rows.users === 1 && s.saveState === 'saved', { what: 'a registration saved' });
    assert.equal(await page.isVisible('#update-banner'), false, 'no banner before a deploy');
    // The CJK font stored as the app has it stored once such text was drawn (web/host_library_glyph_font.js).
    const [fontFile] = onDemandFiles(copy.dir);
    await page.evaluate((name) => navigator.serviceWorker.ready.then((r) => r.active.postMessage({ type: 'keep-on-demand', name })),
                        fontFile);
    await page.waitForFunction((name) => caches.match(name).then(Boolean), fontFile, { timeout: 10000, polling: 100 });

    const newVersion = deployNewBuild(copy.dir, (source) => {
      appendFileSync(join(source, 'style.css'), '/* build 2 */\n');
    });
    assert.notEqual(newVersion, oldVersion);
    const beforeUpdate = server.requests.length;

    // The person comes back to the tab: loader.js asks for a new build (the app's own check). The page
    // draws few frames meanwhile, or on this GPU-less machine the update job would never run (lib/app.mjs).
    await drawFewerFrames(page);
    await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
    await page.waitForSelector('#update-banner', { state: 'visible', timeout: 15000 });
    assert.match(await page.innerText('#update-banner'), /New version available — reload/);
    await page.screenshot({ path: `${artifacts}/update-banner.png` });
    const downloaded = server.requests.slice(beforeUpdate).filter((r) => r.status === 200).map((r) => r.path).sort();
    assert.deepEqual(downloaded, ['/style.css', '/sw.js'], 'the update downloads only what changed');

    // The old build goes on working until the person reloads: nothing mixed in.
    await addUser(page);
    await waitForState(page, (s) => s.rows.users === 2 && s.saveState === 'saved', { what: 'a registration after the deploy' });

    await Promise.all([page.waitForEvent('load'), page.click('#update-reload')]);
    await page.waitForFunction(() => window.Module.seedPage.phase === 'ready', null, { timeout: 30000 });
    assert.equal((await appState(page)).rows.users, 2, 'the data survived the update');
    assert.equal((await pageState(page)).updateAvailable, false);
    assert.equal(await page.isVisible('#update-banner'), false);
    const running = await page.evaluate(async (fontFile) => ({
      css: await (await fetch('style.css')).text(),
      caches: await caches.keys(),
      controller: navigator.serviceWorker.controller && navigator.serviceWorker.controller.state,
      font: await (await caches.open((await caches.keys())[0])).match(fontFile).then(Boolean),
    }), fontFile);
    assert.ok(running.css.includes('/* build 2 */'), 'the page runs the new build');
    assert.deepEqual(running.caches.map((name) => name.split(' ').pop()), [newVersion], 'only the new build is cached');
    assert.equal(running.controller, 'activated');
    assert.equal(running.font, true, "the CJK font came along into the new build's cache");
    assert.deepEqual(problems, []);
    await context.close();
  } finally {
    await server.close();
    profile.remove();
    copy.remove();
  }
}
