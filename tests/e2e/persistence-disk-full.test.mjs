// The device runs out of space (the browser profile on a small tmpfs the test mounts, then fills; Chromium
// 156 ignores CDP quota overrides). A save then fails with Chromium's LevelDB "FILE_ERROR_NO_SPACE": the
// window says so in a person's words, with Export right there, and keeps every change; once space
// returns, Retry saves them all. Reloading while the disk is full never opens an empty app.
// Needs root (mount); the CI machine runs the tests as root.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchWithProfile } from './lib/browser.mjs';
import { appState, click, locate, openApp, registryState, waitForState, watchConsole } from './lib/app.mjs';
import { sqlite } from './lib/tools.mjs';

export const name = 'persistence: a full disk is said in a person\'s words with Export offered; nothing is lost when space returns';

const register = (page, username) => page.evaluate(
  (name) => window.registry.register({ username: name, email: `${name}@example.com`, password: 'disk full pw' }), username);

// Appends zeros to `file` until the file system refuses (ENOSPC). Appending (never truncating) tops the
// disk up again after Chromium's LevelDB compaction freed space by deleting its older files.
function fillDisk(file) {
  const fd = openSync(file, 'a');
  const block = Buffer.alloc(256 * 1024);
  try {
    for (;;) writeSync(fd, block);
  } catch (error) {
    if (error.code !== 'ENOSPC') throw error;
  } finally {
    closeSync(fd);
  }
}

// Space is back: "Retry now" saves at once. The scheduled retry (1 s, 2 s, 4 s … after the failure) may
// be under way or may already have saved; the button shows only while the save stands failed, so it is
// pressed whenever it is there, until everything is saved.
async function retryUntilSaved(page, users) {
  const deadline = Date.now() + 30000;
  for (;;) {
    const state = await appState(page);
    if (state.saveState === 'saved' && state.rows.users === users) return;
    if (Date.now() > deadline) throw new Error(`not saved once space returned: ${JSON.stringify(state.saveState)}`);
    const button = state.saveState === 'failed' ? await locate(page, 'Retry now', { timeout: 1000 }).catch(() => null) : null;
    if (button) await page.mouse.click(button.x, button.y);
    await page.waitForTimeout(100);
  }
}

export async function run({ url, artifacts }) {
  const mount = mkdtempSync(join(tmpdir(), 'seed-e2e-small-disk-'));
  const files = mkdtempSync(join(tmpdir(), 'seed-e2e-disk-full-'));
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=96m', 'tmpfs', mount]);
  const filler = join(mount, 'filler');
  let context;
  try {
    mkdirSync(join(mount, 'profile'));
    context = await launchWithProfile(join(mount, 'profile'));
    const page = context.pages()[0] || (await context.newPage());
    const problems = watchConsole(page);
    await openApp(page, url);
    // register() answers once the row is saved.
    for (const name of ['ann', 'bob']) assert.equal((await register(page, name)).saved, true);
    await waitForState(page, (s) => s.rows.users === 2 && s.saveState === 'saved', { what: 'two users saved' });

    // Full: the next save fails, said as a person would say it; the browser's own text stays out of sight.
    // (A save can still land on the full disk when LevelDB's compaction has just freed its older files:
    // the disk is topped up and the next registration tried, until one is refused. CI saw the first land.)
    let users = 2;
    let cid;
    for (let attempt = 0; attempt < 10; attempt++) {
      fillDisk(filler);
      cid = await register(page, `cid${attempt}`);
      users += 1;
      if (cid.saved === false) break;
    }
    assert.equal(cid.saved, false, 'register() says the row is not durable yet');
    assert.match(cid.notSaved, /^registered in this tab but not saved yet/);
    // The registration is kept in this tab: counted in the frame after the one it was made in, which can
    // come a moment after the save failed.
    let state = await waitForState(page, (s) => s.saveState === 'failed' && s.rows.users === users,
                                   { what: 'the save failed, the registration kept in this tab', timeout: 20000 });
    assert.equal(state.saveError, 'The device is out of space: free some space, or export your data now \u2014 don\'t close this tab.');
    assert.doesNotMatch(state.saveError, /LevelDB|IO error|ChromeMethod|NO_SPACE/);
    assert.equal((await registryState(page)).outOfSpace, true);
    assert.equal(state.unsavedChanges, 1);
    assert.match(state.saveStatus, / 1 change is not saved yet\.$/, 'the status bar says what is at risk');
    // Leaving now would lose it: the browser asks first. (Chromium raises beforeunload only on a page the
    // person has interacted with: a key press here.) Dismissed, the page stays.
    await page.keyboard.press('x');
    const dialogs = [];
    page.on('dialog', (dialog) => { dialogs.push(dialog.type()); dialog.dismiss().catch(() => {}); });
    assert.equal((await registryState(page)).unsavedChanges, 1);
    await page.close({ runBeforeUnload: true });
    const deadline = Date.now() + 10000;
    while (dialogs.length === 0 && Date.now() < deadline) await page.waitForTimeout(100);
    assert.deepEqual(dialogs, ['beforeunload']);
    assert.equal(page.isClosed(), false, 'the person chose to stay');
    assert.equal((await appState(page)).rows.users, users);
    await page.screenshot({ path: `${artifacts}/persistence-disk-full.png` });

    // Export right there (in the status bar, whatever tab is open): all three users, the unsaved one too.
    // (The browser's download itself may fail on the full disk, as it would for the person: Chromium
    // keeps its download records in the profile. What the app hands it is checked here.)
    await click(page, 'Export now');
    await waitForState(page, (s) => /^Exported registration\.db \(/.test(s.notice), { what: 'the export handed to the browser' });
    writeFileSync(join(files, 'rescued.db'), Buffer.from(await page.evaluate(() => Array.from(window.registry.exportDb()))));
    assert.equal(sqlite(join(files, 'rescued.db'), 'SELECT count(*) FROM user'), String(users));

    // Space returns: Retry saves everything, and a reload finds it.
    rmSync(filler);
    await retryUntilSaved(page, users);
    assert.equal((await appState(page)).unsavedChanges, 0);
    await openApp(page, url); // leaving once the save landed: no prompt
    assert.deepEqual(dialogs, ['beforeunload'], 'no second prompt');
    state = await waitForState(page, (s) => s.servicesReady, { what: 'reopened' });
    assert.equal(state.rows.users, users, 'nothing was lost');

    // Full again, and the person reloads anyway: whatever Chromium does with its store, the app never
    // opens empty as if this were a first visit.
    fillDisk(filler);
    await page.goto(url);
    await page.waitForFunction(() => window.Module?.seedPage?.phase === 'ready' || window.Module?.seedPage?.phase === 'error',
                               null, { timeout: 30000 }).catch(async (error) => {
      const seen = await page.evaluate(() => ({ phase: window.Module?.seedPage?.phase, timings: window.Module?.seedPage?.timings,
                                                overlay: document.getElementById('overlay')?.innerText }));
      throw new Error(`the reload on a full disk came to no end: ${JSON.stringify(seen)}\n${error.message}`);
    });
    const phase = await page.evaluate(() => window.Module.seedPage.phase);
    if (phase === 'error') {
      const text = await page.evaluate(() => document.getElementById('overlay').innerText);
      assert.match(text, /can’t be opened right now/);
      assert.doesNotMatch(text, /private or incognito/);
    } else {
      state = await appState(page);
      assert.ok(state.rows.users === users || /parts of the database|holds nothing|storage could not be opened/.test(state.error),
                `not an empty app: ${JSON.stringify(state)}`);
      assert.doesNotMatch(state.error, /LevelDB|ChromeMethod|private or incognito/);
      if (/did not answer/.test(state.error)) console.log(`        reload on the full disk: ${state.error.replace(/\).*$/, ')')}`);
      await page.screenshot({ path: `${artifacts}/persistence-disk-full-reload.png` });
    }
    // Space returns: the app opens by itself (or after a reload, from the loader's error screen).
    rmSync(filler);
    if (phase === 'error') await openApp(page, url);
    state = await waitForState(page, (s) => s.rows.users === users || /parts of the database|holds nothing|older copy/.test(s.error),
                               { what: 'after space returned: the data, or the warning if Chromium dropped its store', timeout: 30000 });
    assert.equal(state.servicesReady, state.rows.users === users, 'never an empty app');
    // The console saw the browser's own error text as warnings, never as errors. Chromium itself logs two:
    // a resource it could not load, and "Failed to access storage." (its service-worker database refusing
    // the registration on the full disk, no script location; the loader catches that rejection and warns).
    assert.deepEqual(problems.filter((problem) => !/Failed to load resource|HTTP|^console error: Failed to access storage\.$/.test(problem)), []);
  } finally {
    await context?.close().catch(() => {});
    try { execFileSync('umount', [mount]); } catch { execFileSync('umount', ['-l', mount]); }
    rmSync(mount, { recursive: true, force: true });
    rmSync(files, { recursive: true, force: true });
  }
}
