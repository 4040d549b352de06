// Saved writes survive a reload and a browser restart with the same profile; the storage line shows
// whether storage is persistent and how much of the quota is used.
import assert from 'node:assert/strict';
import { launchWithProfile, makeProfileDirectory } from './lib/browser.mjs';
import { addUser, appState, openApp, waitForState, watchConsole } from './lib/app.mjs';

export const name = 'persistence: reload and browser restart keep every saved write';

async function addUsers(page, count) {
  for (let i = 0; i < count; i++) await addUser(page);
}

export async function run({ url, artifacts }) {
  const profile = makeProfileDirectory();
  try {
    let context = await launchWithProfile(profile.dir);
    let page = context.pages()[0] || (await context.newPage());
    let problems = watchConsole(page);
    await openApp(page, url);
    assert.equal((await appState(page)).rows.users, 0);
    await addUsers(page, 3);
    const saved = await waitForState(page, (s) => s.rows.users === 3 && s.saveState === 'saved' && s.usage > 0,
                                     { what: 'three registrations saved and the quota known' });
    assert.ok(['persistent', 'best-effort'].includes(saved.persistence), `persistence: ${saved.persistence}`);
    assert.ok(saved.quota > saved.usage, 'quota and usage are reported');
    await page.screenshot({ path: `${artifacts}/persistence-restart.png` });

    // Reload: the page's memory is gone, IndexedDB's copy is loaded again.
    await openApp(page, url);
    assert.equal((await appState(page)).rows.users, 3, 'the users came back after a reload');
    await addUsers(page, 2);
    await waitForState(page, (s) => s.rows.users === 5 && s.saveState === 'saved', { what: 'five registrations saved' });
    assert.deepEqual(problems, []);
    await context.close();

    // Restart: a new browser process with the same profile.
    context = await launchWithProfile(profile.dir);
    page = context.pages()[0] || (await context.newPage());
    problems = watchConsole(page);
    await openApp(page, url);
    const state = await appState(page);
    assert.equal(state.rows.users, 5, 'the users came back after a restart');
    assert.equal(state.openError, false);
    assert.deepEqual(problems, []);
    await context.close();
  } finally {
    profile.remove();
  }
}
