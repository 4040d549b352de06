// A Japanese name typed through an IME is drawn with real glyphs, from the CJK font that the page fetches
// only then: the first visit (and the service worker's install) never asks for it. Once fetched, the
// service worker keeps it: after a reload with the server gone, the name read back from the database is
// drawn again. In another browser profile that never fetched it, going offline leaves the characters as
// "?" with one failed fetch, however many frames draw them, and the app goes on working. The glyphs
// survive a move to a 2x display (the atlas is rebuilt for it).
import assert from 'node:assert/strict';
import { launchWithProfile, makeProfileDirectory } from './lib/browser.mjs';
import { click, openApp, pointAndClick, typeInto, waitForOfflineReady, waitForState, watchConsole } from './lib/app.mjs';
import { onDemandFiles, serveSite } from './lib/site.mjs';

export const name = 'ui: a Japanese name typed through an IME is drawn, its font fetched only then';

const fontFile = 'DroidSansFallback-CJK.ttf';
const japaneseName = '山田はなこ'; // Han and hiragana
const fontRequests = (server) => server.requests.filter((r) => r.path === `/${fontFile}`);

// Whether the font atlas has a glyph for every character of `text` (not the fallback "?").
const hasGlyphs = (page, text) =>
  page.evaluate((t) => [...t].every((c) => Module._seed_test_has_glyph(c.codePointAt(0)) === 1), text);

async function waitForGlyphs(page, text, { timeout = 15000 } = {}) {
  const deadline = Date.now() + timeout;
  while (!(await hasGlyphs(page, text))) {
    if (Date.now() > deadline) throw new Error(`no glyphs for ${text} after ${timeout} ms`);
    await page.waitForTimeout(50);
  }
}

// The IME path of ui-text-input: compositions, then the committed text (Chromium's DevTools protocol).
async function typeWithIme(context, page, composing, committed) {
  const cdp = await context.newCDPSession(page);
  for (let i = 1; i <= composing.length; i++) {
    await cdp.send('Input.imeSetComposition', { text: composing.slice(0, i), selectionStart: i, selectionEnd: i });
  }
  await cdp.send('Input.insertText', { text: committed });
  await cdp.detach();
}

export async function run({ site, artifacts }) {
  assert.deepEqual(onDemandFiles(site), [fontFile], 'sw.js lists the CJK font as on demand');
  const server = await serveSite(site);
  const profile = makeProfileDirectory();
  const offlineProfile = makeProfileDirectory();
  try {
    let context = await launchWithProfile(profile.dir);
    let page = context.pages()[0] || (await context.newPage());
    let problems = watchConsole(page);
    await openApp(page, server.url);
    await waitForState(page, (s) => s.servicesReady, { what: 'services ready' });
    await waitForOfflineReady(page); // the service worker stored the build: the font is not part of it
    await page.waitForTimeout(300);
    assert.deepEqual(fontRequests(server), [], 'the first visit does not fetch the CJK font');
    assert.equal((await waitForState(page, () => true)).glyphs.fetches, 0);
    assert.equal(await hasGlyphs(page, 'は'), false, 'no CJK glyph before such text is drawn');

    // Latin text draws nothing from it.
    await pointAndClick(page, 'Register');
    await typeInto(page, '##register-username', 'Peter');
    await page.waitForTimeout(300);
    assert.deepEqual(fontRequests(server), [], 'Latin text does not fetch the CJK font');
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Delete');

    await typeWithIme(context, page, 'やまだはなこ', japaneseName);
    await waitForState(page, (s) => s.registerInput.username === japaneseName, { what: 'the committed composition' });
    await waitForGlyphs(page, japaneseName);
    let state = await waitForState(page, (s) => s.glyphs.font === 2, { what: 'the CJK font ready' });
    assert.equal(state.glyphs.fetches, 1);
    assert.equal(state.glyphs.waiting, 0);
    // Downloaded once, when the name appeared (the service worker then stores it: a revalidation, 304).
    assert.deepEqual(fontRequests(server).filter((r) => r.status === 200).length, 1, 'the font downloaded once');
    assert.equal(await hasGlyphs(page, 'カタカナ、。'), true, 'kana and punctuation come with the first character');
    const first = state.glyphs;

    // Korean and more Han: one rebuild more, the glyphs asked for before kept.
    await typeWithIme(context, page, '김', '김민준漢字');
    await waitForState(page, (s) => s.registerInput.username === `${japaneseName}김민준漢字`, { what: 'more CJK text' });
    await waitForGlyphs(page, '김민준漢字');
    state = await waitForState(page, (s) => s.glyphs.waiting === 0, { what: 'the second rebuild' });
    assert.equal(await hasGlyphs(page, japaneseName), true);
    assert.equal(state.glyphs.fetches, 1, 'the font is fetched once');
    await page.waitForTimeout(200);
    await page.screenshot({ path: `${artifacts}/ui-cjk-korean.png`, clip: { x: 0, y: 60, width: 640, height: 160 } });
    console.log(`        CJK atlas rebuilds: ${first.asked} characters in ${first.rebuildMs} ms, ` +
                `${state.glyphs.asked} in ${state.glyphs.rebuildMs} ms (texture upload included)`);
    for (let i = 0; i < 5; i++) await page.keyboard.press('Backspace');
    await waitForState(page, (s) => s.registerInput.username === japaneseName, { what: 'the name alone again' });

    await typeInto(page, '##register-email', 'hanako@example.jp');
    await typeInto(page, '##register-password', 'sakura blossom river');
    await typeInto(page, '##register-confirmation', 'sakura blossom river');
    await page.keyboard.press('Enter');
    await waitForState(page, (s) => s.registered === japaneseName && s.rows.users === 1 && s.saveState === 'saved',
                       { what: 'the Japanese name registered' });
    await pointAndClick(page, 'Records');
    await waitForState(page, (s) => s.records.firstNames.includes(japaneseName), { what: 'the name in the records' });
    await page.waitForTimeout(300);
    await page.screenshot({ path: `${artifacts}/ui-cjk-name.png` });

    // Moved to a 2x display: the atlas is rebuilt for the new size, the CJK glyphs with it.
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setDeviceMetricsOverride', { width: 1280, height: 800, deviceScaleFactor: 2, mobile: false });
    await page.waitForFunction(() => Module._seed_test_pixel_ratio() === 2, null, { timeout: 10000 });
    assert.equal(await hasGlyphs(page, japaneseName), true, 'the CJK glyphs survive a new pixel ratio');
    await cdp.send('Emulation.clearDeviceMetricsOverride');
    await page.waitForFunction(() => Module._seed_test_pixel_ratio() === 1, null, { timeout: 10000 });
    assert.equal(await hasGlyphs(page, japaneseName), true);
    await cdp.detach();
    assert.deepEqual(problems, []);

    // Offline: the name comes back from the database and the font from the service worker.
    const requestsOnline = fontRequests(server).length;
    await context.setOffline(true);
    await server.close();
    await page.reload();
    await page.waitForFunction(() => window.Module.seedPage.phase === 'ready', null, { timeout: 30000 });
    await pointAndClick(page, 'Records');
    await waitForState(page, (s) => s.records.firstNames.includes(japaneseName), { what: 'the name after the reload' });
    await waitForGlyphs(page, japaneseName);
    assert.equal(fontRequests(server).length, requestsOnline, 'the font came from the service worker');
    assert.deepEqual(problems, []);
    await context.close();

    // A profile that never fetched the font, online once (the app is kept), then offline.
    const server2 = await serveSite(site);
    try {
      context = await launchWithProfile(offlineProfile.dir);
      page = context.pages()[0] || (await context.newPage());
      problems = watchConsole(page);
      await openApp(page, server2.url);
      await waitForOfflineReady(page);
      await context.setOffline(true);
      await server2.close();
      await pointAndClick(page, 'Register');
      await click(page, '##register-username');
      await typeWithIme(context, page, 'やまだ', '山田');
      state = await waitForState(page, (s) => s.registerInput.username === '山田' && s.glyphs.font === 3,
                                 { what: 'the failed fetch' });
      await page.keyboard.type('x'); // more frames drawing the same characters
      await page.waitForTimeout(500);
      state = await waitForState(page, (s) => s.registerInput.username === '山田x', { what: 'typing goes on' });
      assert.equal(state.glyphs.fetches, 1, 'one fetch, not one a frame');
      assert.equal(await hasGlyphs(page, '山田'), false, 'drawn as "?"');
      assert.deepEqual(fontRequests(server2), []);
      // The failed fetch is the browser's own console error for a request that could not be made.
      assert.deepEqual(problems.filter((p) => !p.includes('net::ERR_')), []);
      await context.close();
    } finally {
      await server2.close();
    }
  } finally {
    await server.close();
    profile.remove();
    offlineProfile.remove();
  }
}
