// A phone: 390×844 CSS pixels, touch only. Every tab opens with one tap, File → Load demo data works by
// taps, nothing stays hovered after a finger lifts, and the wheel never logs a passive-listener warning.
import assert from 'node:assert/strict';
import { launchWithProfile, makeProfileDirectory } from './lib/browser.mjs';
import { appState, inputSettled, items, openApp, waitForState, watchConsole } from './lib/app.mjs';

export const name = 'ui: phone 390x844, touch: one tap per tab, menu by tap, no passive-listener warnings';

const tabs = [['Register', 1], ['Account', 2], ['Records', 3], ['Manage pets', 4], ['Contact form', 5], ['Home', 0]];

// The widget's centre in CSS pixels (item rectangles are canvas pixels), waiting for it to be on screen.
async function centre(page, matches, what) {
  const deadline = Date.now() + 10000;
  for (;;) {
    const found = (await items(page)).find(matches);
    if (found) {
      const ratio = await page.evaluate(() => Module._seed_test_pixel_ratio());
      const [x0, y0, x1, y1] = found.rect;
      return { x: (x0 + x1) / 2 / ratio, y: (y0 + y1) / 2 / ratio };
    }
    if (Date.now() > deadline) throw new Error(`no ${what} on screen`);
    await page.waitForTimeout(50);
  }
}

// One tap, as a finger gives it: no pointer rests there first.
export async function tap(page, label, matches = (item) => item.label === label) {
  await inputSettled(page);
  const { x, y } = await centre(page, matches, `widget "${label}"`);
  await page.touchscreen.tap(x, y);
}

export async function openPhone(url, options = {}) {
  const profile = makeProfileDirectory();
  const context = await launchWithProfile(profile.dir, {
    viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, ...options,
  });
  const page = context.pages()[0] || (await context.newPage());
  const problems = watchConsole(page);
  const console = []; // every message, whatever its level: the passive-listener intervention is a warning
  page.on('console', (message) => console.push(`${message.type()}: ${message.text()}`));
  await openApp(page, url);
  await waitForState(page, (s) => s.servicesReady, { what: 'services ready' });
  return { context, page, problems, console, close: async () => { await context.close(); profile.remove(); } };
}

export async function run({ url }) {
  const app = await openPhone(url);
  const { page } = app;
  try {
    for (const [label, index] of tabs) {
      await tap(page, label);
      await waitForState(page, (s) => s.activeTab === index, { what: `tab "${label}" after one tap`, timeout: 3000 });
    }

    // A tap leaves nothing hovered: the last tap's place is not where the pointer stays.
    await inputSettled(page);
    assert.equal(await page.evaluate(() => Module._seed_test_pointer_on_canvas()), 0, 'no pointer after the finger lifts');

    await tap(page, 'File');
    await tap(page, 'Load demo data', (item) => item.label === 'Load demo data' && item.window.startsWith('##Menu'));
    await waitForState(page, (s) => s.rows.users > 0 && s.demoNotice.startsWith('Demo data: added'), { what: 'demo data by tap' });

    // The wheel: Dear ImGui scrolls, the page does not, and Ctrl+wheel is left to the browser (page zoom).
    await page.evaluate(() => {
      window.wheelSeen = [];
      window.addEventListener('wheel', (event) => window.wheelSeen.push({ ctrl: event.ctrlKey, cancelled: event.defaultPrevented }));
    });
    await page.mouse.move(200, 400);
    await page.mouse.wheel(0, 120);
    await page.keyboard.down('Control');
    await page.mouse.wheel(0, -120);
    await page.keyboard.up('Control');
    await page.waitForFunction(() => window.wheelSeen.length === 2);
    assert.deepEqual(await page.evaluate(() => window.wheelSeen), [{ ctrl: false, cancelled: true }, { ctrl: true, cancelled: false }]);

    assert.deepEqual(app.console.filter((m) => /passive/i.test(m)), [], 'no passive-listener warnings');
    assert.deepEqual(app.problems, []);
  } finally {
    await app.close();
  }
}
