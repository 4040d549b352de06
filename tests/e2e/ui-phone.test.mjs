// A phone: 390×844 CSS pixels, touch only. Every tab opens with one tap (the tabs wrap, none is cut),
// a registration by taps and typing succeeds, File → Load demo data works by taps, Records shows the
// table and the selected row's detail under it, nothing stays hovered after a finger lifts, and the
// wheel never logs a passive-listener warning. Screenshots: register, records, pets at phone size.
import assert from 'node:assert/strict';
import { launchWithProfile, makeProfileDirectory } from './lib/browser.mjs';
import { inputSettled, items, locateWhere, openApp, waitForState, watchConsole } from './lib/app.mjs';

export const name = 'ui: phone 390x844, touch: one tap per tab, register by taps, records detail below, no passive-listener warnings';

const tabs = [['Register', 1], ['Account', 2], ['Records', 3], ['Manage pets', 4], ['Contact form', 5], ['Home', 0]];

// One tap, as a finger gives it: no pointer rests there first.
export async function tap(page, label, matches = (item) => item.label === label) {
  await inputSettled(page);
  const { x, y } = await locateWhere(page, matches, `widget "${label}"`, 10000);
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

export async function run({ url, artifacts }) {
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

    // Every tab whole: the wrapping tabs are as wide as their labels (a tab bar cut them to "Regis…").
    const ratio = await page.evaluate(() => Module._seed_test_pixel_ratio());
    for (const [label] of tabs) {
      const item = (await items(page)).find((i) => i.label === label);
      const [x0, y0, x1, y1] = item.rect;
      assert.ok(x1 / ratio <= 390, `tab "${label}" inside the screen`);
      assert.ok((y1 - y0) / ratio >= 43.5, `tab "${label}" at least 44 CSS px tall: ${(y1 - y0) / ratio}`);
    }

    // A registration by taps and typing.
    await tap(page, 'Register');
    for (const [field, text] of [['##register-username', 'phoebe'], ['##register-email', 'phoebe@example.org'],
                                 ['##register-password', 'a phone password'], ['##register-confirmation', 'a phone password']]) {
      await tap(page, field);
      await page.keyboard.type(text);
    }
    await tap(page, 'Register##submit');
    await waitForState(page, (s) => s.registered === 'phoebe' && s.rows.users === 1 && s.saveState === 'saved',
                       { what: 'registered by taps' });
    await page.screenshot({ path: `${artifacts}/ui-phone-register.png` });

    await tap(page, 'File');
    await tap(page, 'Load demo data', (item) => item.label === 'Load demo data' && item.window.startsWith('##Menu'));
    await waitForState(page, (s) => s.rows.users > 0 && s.demoNotice.startsWith('Demo data: added'), { what: 'demo data by tap' });

    // Records: the table, and the selected row's detail under it (not squeezed beside it).
    await tap(page, 'Records');
    await waitForState(page, (s) => s.activeTab === 3 && s.records.total === 3, { what: 'the users table' });
    await tap(page, '1');
    await waitForState(page, (s) => s.records.selected === 1, { what: 'row 1 selected by one tap' });
    await inputSettled(page);
    const now = await items(page);
    const row = now.find((i) => i.label === '1').rect;
    const edit = now.find((i) => i.label === 'Edit').rect;
    assert.ok(edit[1] > row[3], 'the detail panel is under the table');
    assert.ok(edit[0] / ratio < 60, `the detail starts at the left edge, not beside the table: ${edit[0] / ratio}`);
    await page.screenshot({ path: `${artifacts}/ui-phone-records.png` });

    await tap(page, 'Manage pets');
    await waitForState(page, (s) => s.activeTab === 4, { what: 'the pets tab' });
    await inputSettled(page);
    await page.screenshot({ path: `${artifacts}/ui-phone-pets.png` });

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
