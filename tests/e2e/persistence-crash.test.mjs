// The browser is killed with SIGKILL (no pagehide, no shutdown: the whole process group dies at once):
// right after "Saved", every write is there on the next launch; in the middle of a burst of writes,
// every write that had shown "Saved" is there and the database passes integrity_check.
//
// Playwright's launchPersistentContext() gives no handle on the browser process, so Chromium is started
// here by hand with the profile directory and a DevTools port, and driven through connectOverCDP().
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { makeProfileDirectory } from './lib/browser.mjs';
import { addUser, appState, openApp, waitForState, watchConsole } from './lib/app.mjs';

export const name = 'persistence: SIGKILL of the browser keeps every write that showed "Saved"';

// Chromium in its own process group, so one signal kills the browser and all its children.
async function launchKillable(profileDir) {
  const child = spawn(process.env.CHROMIUM || '/usr/bin/chromium', [
    '--headless', '--no-sandbox', '--use-angle=swiftshader', '--enable-unsafe-swiftshader',
    '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run',
    '--disable-quic', '--window-size=1280,800', '--remote-debugging-port=0', `--user-data-dir=${profileDir}`,
    'about:blank',
  ], { detached: true, stdio: ['ignore', 'ignore', 'pipe'] });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const endpoint = await new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`Chromium did not start:\n${output}`)), 30000);
    child.stderr.on('data', (chunk) => { // keeps draining the pipe after the match, or Chromium blocks
      output += chunk;
      const found = output.match(/DevTools listening on (ws:\/\/\S+)/);
      if (found) {
        clearTimeout(timer);
        resolve(found[1]);
      }
    });
    exited.then(() => reject(new Error(`Chromium exited at start:\n${output}`)));
  });
  const browser = await chromium.connectOverCDP(endpoint);
  const context = browser.contexts()[0];
  const page = context.pages()[0] || (await context.newPage());
  return {
    page,
    async kill() {
      process.kill(-child.pid, 'SIGKILL');
      await exited;
      await browser.close().catch(() => {});
    },
  };
}

export async function run({ url }) {
  const profile = makeProfileDirectory();
  const scratch = mkdtempSync(join(tmpdir(), 'seed-e2e-crash-'));
  try {
    // Killed right after "Saved".
    let browser = await launchKillable(profile.dir);
    const problems = watchConsole(browser.page);
    await openApp(browser.page, url);
    for (let i = 0; i < 5; i++) await addUser(browser.page);
    await waitForState(browser.page, (s) => s.rows.users === 5 && s.saveState === 'saved',
                       { what: 'five registrations saved' });
    assert.deepEqual(problems, []);
    await browser.kill();

    browser = await launchKillable(profile.dir);
    await openApp(browser.page, url);
    let state = await appState(browser.page);
    assert.equal(state.openError, false);
    assert.equal(state.rows.users, 5, 'every registration that showed "Saved" survived SIGKILL');

    // Killed during a burst, while a save is in flight.
    let writes = 5;
    let lastSaved = 5;
    for (let i = 0; i < 40; i++) {
      await addUser(browser.page);
      writes++;
      // Committed in this tab (the row is counted), its save starting or under way.
      state = await waitForState(browser.page, (s) => s.rows.users === writes, { what: `registration ${writes}` });
      // One reading gives both: "saved" means every committed write, this one included, is stored.
      if (state.saveState === 'saved') lastSaved = Math.max(lastSaved, state.rows.users);
      if (i >= 10 && state.saveState === 'saving' && lastSaved > 5) break;
    }
    await browser.kill();

    browser = await launchKillable(profile.dir);
    await openApp(browser.page, url);
    state = await appState(browser.page);
    assert.equal(state.openError, false, 'the database opens (quick_check passed)');
    assert.ok(state.rows.users >= lastSaved && state.rows.users <= writes,
              `${state.rows.users} users: at least the ${lastSaved} that showed "Saved", at most the ${writes} registered`);
    const copy = join(scratch, 'after-crash.db');
    writeFileSync(copy, Buffer.from(await browser.page.evaluate(() => Array.from(window.registry.exportDb()))));
    assert.equal(execFileSync('sqlite3', [copy, 'PRAGMA integrity_check'], { encoding: 'utf8' }).trim(), 'ok');
    console.log(`        ${writes} registrations in all; ${lastSaved} had shown "Saved" before SIGKILL; ${state.rows.users} after restart`);
    await browser.kill();
  } finally {
    profile.remove();
    rmSync(scratch, { recursive: true, force: true });
  }
}
