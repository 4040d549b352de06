// What the DOM mirror of the UI costs (web/accessibility_mirror_library.js, ui::AccessibilityTree) while the
// record browser scrolls through 100,000 users in headless Chromium: per drawn frame, C++ finishing the
// record (JSON and hash); per changed record, handing it over plus the page's sync of its elements; and
// the mirror's DOM nodes against the items recorded. Prints one JSON object. Usage: node mirror_bench.mjs <site>
import { launchWithProfile, makeProfileDirectory } from '../../e2e/lib/browser.mjs';
import { chooseMenu, locate, openApp, pointAndClick, waitForState } from '../../e2e/lib/app.mjs';
import { serveStatic } from '../../../shell/serve.mjs';

const site = process.argv[2];
const { server, url } = await serveStatic(site);
const profile = makeProfileDirectory();
const context = await launchWithProfile(profile.dir);
const result = {};
try {
  const page = context.pages()[0] || (await context.newPage());
  await openApp(page, url);
  await chooseMenu(page, 'File', 'Load 100,000 demo users');
  await waitForState(page, (s) => s.rows.users >= 100000 && s.saveState === 'saved', { what: '100,000 users', timeout: 60000 });
  await pointAndClick(page, 'Records');
  await waitForState(page, (s) => s.records.total >= 100000, { what: 'users tab' });
  const header = await locate(page, 'Username');
  await page.mouse.move(header.x, header.y + 200);
  const cost = () => page.evaluate(() => JSON.parse(Module.UTF8ToString(Module._seed_test_mirror_cost())));
  await cost();
  const before = await page.evaluate(() => ({ updates: Module.seedMirror.updates, ms: Module.seedMirror.totalSyncMs }));
  const dom = [];
  for (let i = 0; i < 120; i++) {
    await page.mouse.wheel(0, i < 60 ? 600 : -300);
    await page.waitForTimeout(16);
    if (i % 10 === 9) dom.push(await page.evaluate(() => document.getElementById('mirror').getElementsByTagName('*').length));
  }
  const c = await cost();
  const page_ = await page.evaluate(() => Module.seedMirror);
  const fixed = (n) => +n.toFixed(3);
  result.framesDrawn = c.frames;
  result.recordsHandedOver = c.updates;
  result.recordMsPerFrame = { mean: fixed(c.recordMs / c.frames), max: fixed(c.recordMaxMs) };
  result.updateMsPerChangedRecord = { mean: fixed(c.updateMs / c.updates), max: fixed(c.updateMaxMs) };
  result.pageSyncMsPerChangedRecord = { mean: fixed((page_.totalSyncMs - before.ms) / (page_.updates - before.updates)) };
  result.itemsRecorded = c.nodes;
  result.mirrorDomNodes = { max: Math.max(...dom), last: dom.at(-1) };
} finally {
  await context.close();
  profile.remove();
  server.close();
}
console.log(JSON.stringify(result));
