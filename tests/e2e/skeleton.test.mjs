// The walking skeleton end to end: real mouse clicks on the ImGui button, the counter committed to SQLite,
// synced to IndexedDB, and still there after the browser is closed and launched again.
import assert from 'node:assert/strict';
import { launchWithProfile, makeProfileDirectory } from './lib/browser.mjs';
import { appState, click, openApp, waitForState, watchConsole } from './lib/app.mjs';

export const name = 'skeleton: counter persists across a browser restart';

export async function run({ url, artifacts }) {
  const profile = makeProfileDirectory();
  try {
    let context = await launchWithProfile(profile.dir, { deviceScaleFactor: 2 });
    let page = context.pages()[0] || (await context.newPage());
    let problems = watchConsole(page);
    await openApp(page, url);
    assert.equal((await appState(page)).counter, 0, 'a new profile starts at zero');
    await click(page, 'Increment');
    await click(page, 'Increment');
    await click(page, 'Increment');
    await waitForState(page, (s) => s.counter === 3 && s.saveState === 'saved', { what: 'three clicks saved' });
    await page.screenshot({ path: `${artifacts}/skeleton.png` });
    assert.deepEqual(problems, []);
    await context.close();

    context = await launchWithProfile(profile.dir);
    page = context.pages()[0] || (await context.newPage());
    problems = watchConsole(page);
    await openApp(page, url);
    assert.equal((await appState(page)).counter, 3, 'the counter came back from IndexedDB');
    await click(page, 'Increment');
    await waitForState(page, (s) => s.counter === 4 && s.saveState === 'saved', { what: 'fourth click saved' });
    assert.deepEqual(problems, []);
    await context.close();
  } finally {
    profile.remove();
  }
}
