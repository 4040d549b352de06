// The app in headless Chromium (software WebGL): time to the first interactive frame (empty database:
// first visit from the network and next visit from the service worker; a 20 MB database), what a
// registration takes (Argon2id m=19 MiB t=2 + the insert, through window.registry.register), the longest
// frame while the registration form hashes and stores and while the login form checks a password, and
// the main-thread time of each frame while the record browser scrolls through 100,000 users.
// Prints one JSON object. Usage: node ui_bench.mjs <site dir>
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchWithProfile, makeProfileDirectory } from '../../e2e/lib/browser.mjs';
import { chooseMenu, click, clickAndChooseFile, confirmImport, locate, openApp, pageState, pointAndClick, typeInto, waitForState } from '../../e2e/lib/app.mjs';
import { serveStatic } from '../../../shell/serve.mjs';

const site = process.argv[2];
const runs = 3;

const percentiles = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const pick = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return { p50: +pick(0.5).toFixed(1), p95: +pick(0.95).toFixed(1), n: sorted.length };
};

async function withProfile(body) {
  const profile = makeProfileDirectory();
  const context = await launchWithProfile(profile.dir);
  try {
    return await body(context, context.pages()[0] || (await context.newPage()));
  } finally {
    await context.close();
    profile.remove();
  }
}

const { server, url } = await serveStatic(site);
const files = mkdtempSync(join(tmpdir(), 'seed-ui-bench-'));
const result = {};
try {
  // Start-up with an empty database.
  const first = [];
  const cached = [];
  const phases = { firstVisit: [], fromServiceWorker: [] }; // {downloaded, started, ready} ms since navigation
  for (let i = 0; i < runs; i++) {
    await withProfile(async (context, page) => {
      await openApp(page, url);
      phases.firstVisit.push((await pageState(page)).timings);
      first.push(phases.firstVisit.at(-1).ready);
      await page.waitForFunction(() => navigator.serviceWorker.controller !== null || navigator.serviceWorker.ready, null, { timeout: 15000 });
      await page.reload();
      await openApp(page, url);
      phases.fromServiceWorker.push((await pageState(page)).timings);
      cached.push(phases.fromServiceWorker.at(-1).ready);
    });
  }
  // Where the time goes: downloaded (app.wasm fetched), started (compiled and running), ready (first frames).
  const median = (list, key) => percentiles(list.map((t) => t[key])).p50;
  result.startEmpty = {
    firstVisit: percentiles(first), fromServiceWorker: percentiles(cached),
    phases: Object.fromEntries(Object.entries(phases).map(([visit, list]) =>
      [visit, { downloaded: median(list, 'downloaded'), started: median(list, 'started'), ready: median(list, 'ready') }])),
  };

  // Start-up with a 20 MB database, and registrations.
  const file = join(files, '20mb.db');
  execFileSync('sqlite3', [file,
    'CREATE TABLE user (id INTEGER NOT NULL, username VARCHAR(100) NOT NULL, user_email VARCHAR(100) NOT NULL, ' +
    'user_password VARCHAR(150) NOT NULL, PRIMARY KEY (id)); CREATE TABLE filler (data BLOB);' +
    'WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5120) INSERT INTO filler SELECT randomblob(4000) FROM n;']);
  await withProfile(async (context, page) => {
    await openApp(page, url);
    await clickAndChooseFile(page, 'Import database', file);
    await confirmImport(page);
    await waitForState(page, (s) => /^Imported/.test(s.notice) && s.saveState === 'saved', { what: '20 MB imported', timeout: 120000 });
    const opened = [];
    for (let i = 0; i < runs; i++) {
      await page.reload();
      await openApp(page, url);
      opened.push((await pageState(page)).timings.ready);
    }
    result.start20MB = percentiles(opened);

    const registrations = [];
    for (let i = 0; i < 10; i++) {
      const started = Date.now();
      await page.evaluate((name) => window.registry.register({ username: name, email: `${name}@example.org`, password: 'bench password' }), `timed${i}`);
      registrations.push(Date.now() - started);
      await page.waitForTimeout(300);
    }
    result.registration = percentiles(registrations);
  });

  // Frame time while scrolling the record browser over 100,000 users.
  await withProfile(async (context, page) => {
    await context.addInitScript(() => {
      const raf = window.requestAnimationFrame.bind(window);
      window.__frameMs = null;
      window.requestAnimationFrame = (callback) => raf((time) => {
        const started = performance.now();
        callback(time);
        if (window.__frameMs) window.__frameMs.push(performance.now() - started);
      });
    });
    await page.reload();
    await openApp(page, url);

    // The registration form: from the click on Register to "User registration successful", every frame.
    const longest = [];
    const framesDuring = [];
    for (let i = 0; i < runs; i++) {
      await pointAndClick(page, 'Register');
      await typeInto(page, '##register-username', `form${i}`);
      await typeInto(page, '##register-email', `form${i}@example.org`);
      await typeInto(page, '##register-password', 'bench password');
      await typeInto(page, '##register-confirmation', 'bench password');
      await page.evaluate(() => { window.__frameMs = []; });
      await click(page, 'Register##submit');
      await waitForState(page, (s) => s.registered === `form${i}` && s.saveState === 'saved', { what: 'form registration' });
      const frames = await page.evaluate(() => { const f = window.__frameMs; window.__frameMs = null; return f; });
      longest.push(Math.max(...frames));
      framesDuring.push(frames.filter((ms) => ms > 1).length);
    }
    result.registrationLongestFrameMs = { ...percentiles(longest), max: +Math.max(...longest).toFixed(1),
                                          drawnFrames: percentiles(framesDuring).p50 };

    // Logging in through the form (Argon2id verification, a slice per frame), the same way.
    const loginLongest = [];
    for (let i = 0; i < runs; i++) {
      await pointAndClick(page, 'Account');
      await click(page, '##login-identifier');
      await page.keyboard.press('Control+A'); // the field keeps the last name typed
      await page.keyboard.type(`form${i}`);
      await typeInto(page, '##login-password', 'bench password');
      await page.evaluate(() => { window.__frameMs = []; });
      await click(page, 'Log in');
      await waitForState(page, (s) => s.signedInAs === `form${i}`, { what: 'signed in' });
      const frames = await page.evaluate(() => { const f = window.__frameMs; window.__frameMs = null; return f; });
      loginLongest.push(Math.max(...frames));
      await click(page, 'Log out');
      await waitForState(page, (s) => s.signedInAs === '', { what: 'signed out' });
    }
    result.loginLongestFrameMs = { ...percentiles(loginLongest), max: +Math.max(...loginLongest).toFixed(1) };

    await chooseMenu(page, 'File', 'Load 100,000 demo users');
    await waitForState(page, (s) => s.rows.users >= 100000 && s.saveState === 'saved', { what: '100,000 users', timeout: 60000 });
    await pointAndClick(page, 'Records');
    await waitForState(page, (s) => s.records.total >= 100000, { what: 'users tab' });
    const header = await locate(page, 'Username');
    await page.mouse.move(header.x, header.y + 200);
    await page.evaluate(() => { window.__frameMs = []; });
    for (let i = 0; i < 120; i++) {
      await page.mouse.wheel(0, i < 60 ? 600 : -300);
      await page.waitForTimeout(16);
    }
    // Frames skipped by the host take well under a millisecond: count only drawn ones.
    const drawn = (await page.evaluate(() => window.__frameMs)).filter((ms) => ms > 1);
    result.scrollFrameMs = percentiles(drawn);
    result.scrolledTo = (await waitForState(page, () => true)).records.cached;
  });
} finally {
  server.close();
  rmSync(files, { recursive: true, force: true });
}
console.log(JSON.stringify(result));
