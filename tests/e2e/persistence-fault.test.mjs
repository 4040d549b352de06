// IndexedDB refuses writes (injected before the page loads by wrapping IDBObjectStore.prototype.put):
// the app says "Save failed: <reason>", keeps every change in memory and keeps accepting new ones, and a
// retry (the person's click, or the automatic one) saves them all. Both ways a write can fail are tried:
// put() throwing at once (a quota error), and the transaction aborting after put() succeeded.
//
// A failing tab keeps the cross-tab write lock until its changes are saved, so a second tab waits (and
// says so) instead of writing over them: its own registration lands on top once the first tab has saved.
import assert from 'node:assert/strict';
import { launchWithProfile, makeProfileDirectory } from './lib/browser.mjs';
import { addUser, appState, click, openApp, registryState, waitForState, watchConsole } from './lib/app.mjs';

export const name = 'persistence: a failing IndexedDB shows "Save failed", keeps the data, a retry saves it';

function injectWriteFaults() {
  const put = IDBObjectStore.prototype.put;
  IDBObjectStore.prototype.put = function (...args) {
    if (window.__failWrites === 'throw') throw new DOMException('injected by the test', 'QuotaExceededError');
    const request = put.apply(this, args);
    if (window.__failWrites === 'abort') {
      const transaction = this.transaction;
      request.addEventListener('success', () => { try { transaction.abort(); } catch { /* already over */ } });
    }
    return request;
  };
}

const setFault = (page, mode) => page.evaluate((value) => { window.__failWrites = value; }, mode);

export async function run({ url, artifacts }) {
  const profile = makeProfileDirectory();
  try {
    let context = await launchWithProfile(profile.dir);
    await context.addInitScript(injectWriteFaults);
    const first = context.pages()[0] || (await context.newPage());
    const problems = watchConsole(first);
    await openApp(first, url);
    await addUser(first);
    await waitForState(first, (s) => s.rows.users === 1 && s.saveState === 'saved', { what: 'first registration saved' });

    // put() throws: the save fails at once, the reason is shown, the change stays in memory.
    await setFault(first, 'throw');
    await addUser(first);
    // The save fails within the turn's frame; the views count the new row in the frame after it.
    let state = await waitForState(first, (s) => s.saveState === 'failed' && s.rows.users === 2,
                                   { what: 'save failed, the change kept in memory' });
    // A quota error is a lack of space: said in a person's words; the browser's text is in the console API.
    assert.match(state.saveError, /^The device is out of space: free some space, or export your data now/);
    assert.match((await registryState(first)).error, /QuotaExceededError: injected by the test/);
    // Still usable while failing: a new change is kept too.
    await addUser(first);
    state = await waitForState(first, (s) => s.rows.users === 3, { what: 'a registration while saving fails' });
    assert.equal(state.saveState, 'failed');
    await first.screenshot({ path: `${artifacts}/persistence-save-failed.png` });
    assert.equal((await registryState(first)).unsavedChanges, 2);

    // A second tab opened meanwhile waits for the first tab's changes, and says so.
    const second = await context.newPage();
    const secondProblems = watchConsole(second);
    await second.goto(url);
    await second.waitForFunction(() => window.Module?.seedPage?.phase === 'ready', null, { timeout: 30000 });
    state = await waitForState(second, (s) => s.waitingForOtherTab, { what: 'second tab says it waits' });
    assert.equal(state.ready, false);
    await second.screenshot({ path: `${artifacts}/persistence-waiting-for-other-tab.png` });

    // The person clicks "Retry now" once IndexedDB works again; the second tab then opens what was saved.
    await setFault(first, null);
    await click(first, 'Retry now');
    await waitForState(first, (s) => s.saveState === 'saved' && s.rows.users === 3, { what: 'saved after the retry' });
    await waitForState(second, (s) => s.ready && s.rows.users === 3, { what: 'second tab opened the saved data' });

    // A write in the second tab waits while the first tab's save fails, then lands on top of it.
    await setFault(first, 'throw');
    await addUser(first);
    await waitForState(first, (s) => s.saveState === 'failed' && s.rows.users === 4, { what: 'first tab failing again' });
    await addUser(second);
    state = await waitForState(second, (s) => s.waitingForOtherTab && s.pendingWrites === 1, { what: 'second tab waits' });
    assert.equal(state.rows.users, 3, 'nothing written on a stale copy');
    await setFault(first, null); // the automatic retry saves it
    await waitForState(second, (s) => s.rows.users === 5 && s.saveState === 'saved', { what: 'second tab wrote on top', timeout: 15000 });
    await waitForState(first, (s) => s.rows.users === 5 && s.saveState === 'saved', { what: 'first tab sees it' });

    // The transaction aborts after put() succeeded: reported when IndexedDB says so, retried on its own.
    await setFault(first, 'abort');
    await addUser(first);
    state = await waitForState(first, (s) => s.saveState === 'failed', { what: 'aborted save reported' });
    assert.match(state.saveError, /aborted/);
    await setFault(first, null);
    await waitForState(first, (s) => s.saveState === 'saved' && s.rows.users === 6,
                       { what: 'saved by the automatic retry', timeout: 15000 });
    assert.deepEqual(problems, []);
    assert.deepEqual(secondProblems, []);
    await context.close();

    // Relaunch: everything that was kept in memory during the failures is in IndexedDB.
    context = await launchWithProfile(profile.dir);
    const page = context.pages()[0] || (await context.newPage());
    await openApp(page, url);
    assert.equal((await appState(page)).rows.users, 6);
    await context.close();
  } finally {
    profile.remove();
  }
}
