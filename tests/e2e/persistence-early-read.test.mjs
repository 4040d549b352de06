// The page reads the stored database while app.wasm compiles and starts (web/site/loader.js), and the
// first load uses that read only if IndexedDB still holds its generation once the tab has the write lock:
// a tab whose early read went stale (another tab saved in between) reads again and shows the newer data;
// one whose read is current uses it (lastLoad.early) and opens the same data.
import assert from 'node:assert/strict';
import { launchWithProfile, makeProfileDirectory } from './lib/browser.mjs';
import { addUser, appState, openApp, pageState, registryState, waitForState, watchConsole } from './lib/app.mjs';

export const name = 'persistence: the page\'s early read of IndexedDB is used only while it is the latest';

// Waits until `value` users are counted and IndexedDB holds them (no change left unsaved: a turn's change
// counts as unsaved from the end of its frame until its save lands); resolves with the stored generation.
async function savedUsers(page, value) {
  await waitForState(page, (s) => s.rows.users === value, { what: `${value} users` });
  for (const deadline = Date.now() + 10000; ; await page.waitForTimeout(50)) {
    const saved = await registryState(page);
    if (saved.state === 'saved' && saved.unsavedChanges === 0) return saved.generation;
    if (Date.now() > deadline) throw new Error(`${value} users not saved: ${JSON.stringify(saved)}`);
  }
}

export async function run({ url }) {
  const profile = makeProfileDirectory();
  try {
    let context = await launchWithProfile(profile.dir);
    const first = context.pages()[0] || (await context.newPage());
    const problems = watchConsole(first);
    await openApp(first, url);
    assert.equal((await registryState(first)).lastLoad.early, false, 'a first visit has nothing to read early');
    await addUser(first);
    await addUser(first);
    const before = await savedUsers(first, 2);

    // The write lock held by a page of the origin: the first tab's next write waits for it (asked first),
    // a second tab opens and reads early meanwhile, and waits for the lock after the first tab.
    const holder = await context.newPage();
    await holder.goto(new URL('icon.svg', url).href);
    await holder.evaluate(() => new Promise((granted) => {
      navigator.locks.request('seed-registration-database', () => new Promise((release) => { window.releaseLock = release; granted(); }));
    }));
    await addUser(first);
    await waitForState(first, (s) => s.pendingWrites > 0 || s.waitingForTurn, { what: 'the registration waiting for the lock' });
    const second = await context.newPage();
    const secondProblems = watchConsole(second);
    await second.goto(url, { waitUntil: 'commit' });
    await second.waitForFunction(() => window.Module && window.Module.seedPage && window.Module.seedPage.timings.storedRead > 0,
                                 null, { timeout: 30000 });
    await holder.evaluate(() => window.releaseLock());
    const landed = await savedUsers(first, 3);
    assert.notEqual(landed, before);
    await second.waitForFunction(() => window.Module.seedPage.phase === 'ready', null, { timeout: 30000 });
    await waitForState(second, (s) => s.rows.users === 3, { what: 'the second tab shows the save made after its early read' });
    const stale = (await registryState(second)).lastLoad;
    assert.equal(stale.early, false, 'the stale early read was dropped and IndexedDB read again');
    assert.equal(stale.full, true, JSON.stringify(stale));
    assert.equal((await registryState(second)).generation, landed);
    assert.deepEqual(secondProblems, []);
    await second.close();

    // Nothing saved between the early read and the lock: the read is used.
    await openApp(first, url);
    assert.equal((await appState(first)).rows.users, 3);
    const reloaded = (await registryState(first)).lastLoad;
    assert.equal(reloaded.early, true, 'a reload used the early read');
    const { timings } = await pageState(first);
    assert.ok(timings.storedReadStart <= timings.storedRead, JSON.stringify(timings));
    assert.deepEqual(problems, []);
    await context.close();

    // A browser restart: the same, and the data is whole.
    context = await launchWithProfile(profile.dir);
    const page = context.pages()[0] || (await context.newPage());
    const restartProblems = watchConsole(page);
    await openApp(page, url);
    const state = await appState(page);
    assert.equal(state.rows.users, 3);
    assert.equal(state.openError, false);
    assert.equal((await registryState(page)).lastLoad.early, true);
    await addUser(page);
    await waitForState(page, (s) => s.rows.users === 4 && s.saveState === 'saved', { what: 'a write after an early-read open' });
    assert.deepEqual(restartProblems, []);
    await context.close();
  } finally {
    profile.remove();
  }
}
