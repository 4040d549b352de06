// Two tabs of one profile write the same counter: in turn, interleaved, and at the same moment. Every
// click counts (none overwrites the other tab's work), both tabs show the total, and it survives a restart.
import assert from 'node:assert/strict';
import { launchWithProfile, makeProfileDirectory } from './lib/browser.mjs';
import { appState, click, openApp, waitForState, watchConsole } from './lib/app.mjs';

export const name = 'persistence: two tabs write in turn and interleaved, no click is lost';

export async function run({ url, artifacts }) {
  const profile = makeProfileDirectory();
  try {
    let context = await launchWithProfile(profile.dir);
    const first = context.pages()[0] || (await context.newPage());
    const second = await context.newPage();
    const firstProblems = watchConsole(first);
    const secondProblems = watchConsole(second);
    await openApp(first, url);
    await openApp(second, url);
    let clicks = 0;
    const bothShow = async (value, what) => {
      await waitForState(first, (s) => s.counter === value && s.saveState === 'saved', { what: `first tab: ${what}` });
      await waitForState(second, (s) => s.counter === value && s.saveState === 'saved', { what: `second tab: ${what}` });
    };

    // In turn: each click is saved and shown in the other tab before the other tab clicks.
    for (let round = 0; round < 4; round++) {
      for (const page of [first, second]) {
        await click(page, 'Increment');
        clicks++;
        await bothShow(clicks, `${clicks} clicks in turn`);
      }
    }
    assert.ok((await appState(second)).dataVersion > 0, 'the second tab reloaded the first tab\'s changes');

    // Interleaved: no waiting between the tabs' clicks.
    for (let i = 0; i < 10; i++) {
      await click(first, 'Increment');
      await click(second, 'Increment');
      clicks += 2;
    }
    await bothShow(clicks, `${clicks} clicks interleaved`);

    // At the same moment: both tabs click together, several times.
    for (let i = 0; i < 5; i++) {
      await Promise.all([click(first, 'Increment'), click(second, 'Increment')]);
      clicks += 2;
    }
    await bothShow(clicks, `${clicks} clicks at the same moment`);
    await second.screenshot({ path: `${artifacts}/persistence-two-tabs.png` });
    assert.deepEqual(firstProblems, []);
    assert.deepEqual(secondProblems, []);
    await context.close();

    context = await launchWithProfile(profile.dir);
    const page = context.pages()[0] || (await context.newPage());
    await openApp(page, url);
    assert.equal((await appState(page)).counter, clicks, 'every click of both tabs survived a restart');
    await context.close();
  } finally {
    profile.remove();
  }
}
