// Importing in headless Chromium: the longest animation frame (our frame callback, as ui_bench measures it;
// apart, the frames that drew and those that only stepped the import) and the longest main-thread task (PerformanceObserver 'longtask', which also sees the lock job's final
// swap and the save) while a tutorial file is imported through File → Import database…
//   - a 2,000-user file, every password in plaintext: measured for `seconds` of hashing, then cancelled
//     (its whole import takes minutes; the rate says how many);
//   - a 2,000-user file with 10 plaintext passwords (the rest one Argon2id hash): measured to the end,
//     swap and save included.
// Prints one JSON object. Usage: node import_bench.mjs <site dir> [seconds=20]
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchWithProfile, makeProfileDirectory } from '../../e2e/lib/browser.mjs';
import { chooseMenu, click, confirmImport, openApp, waitForState } from '../../e2e/lib/app.mjs';
import { serveStatic } from '../../../shell/serve.mjs';
import { bulkTutorialFile, sqlite } from '../../e2e/lib/tools.mjs';

const site = process.argv[2];
const seconds = Number(process.argv[3] || 20);

async function chooseImport(page, file) {
  const [chooser] = await Promise.all([page.waitForEvent('filechooser', { timeout: 15000 }),
                                       chooseMenu(page, 'File', 'Import database\u2026')]);
  await chooser.setFiles(file);
  await confirmImport(page); // "Replace all your data?"
}

const startMeasuring = (page) => page.evaluate(() => { window.__frameMs = []; window.__taskMs = []; });
async function stopMeasuring(page) {
  const { frames, tasks } = await page.evaluate(() => {
    const result = { frames: window.__frameMs, tasks: window.__taskMs };
    window.__frameMs = null;
    window.__taskMs = null;
    return result;
  });
  const summary = (list) => {
    const sorted = list.map((f) => f.ms).sort((a, b) => a - b);
    if (!sorted.length) return { n: 0 };
    return { longest: +sorted.at(-1).toFixed(1), p99: +sorted[Math.floor(0.99 * (sorted.length - 1))].toFixed(1),
             p50: +sorted[Math.floor(0.5 * (sorted.length - 1))].toFixed(1), n: sorted.length };
  };
  return {
    framesMs: summary(frames),
    drawnFramesMs: summary(frames.filter((f) => f.drawn)),
    undrawnFramesMs: summary(frames.filter((f) => !f.drawn)), // the import's step alone
    longestTaskMs: tasks.length ? +Math.max(...tasks).toFixed(1) : 0, // 0: no task reached 50 ms
    tasksOver50Ms: tasks.length,
  };
}

const { server, url } = await serveStatic(site);
const files = mkdtempSync(join(tmpdir(), 'seed-import-bench-'));
const profile = makeProfileDirectory();
const result = {};
const context = await launchWithProfile(profile.dir);
try {
  await context.addInitScript(() => {
    const raf = window.requestAnimationFrame.bind(window);
    window.__frameMs = null;
    window.__taskMs = null;
    // Each frame callback's time, and whether it drew (framesDrawn moved): a frame that only stepped the
    // import is our import code alone; a drawn one adds a whole Dear ImGui frame in software WebGL.
    const framesDrawn = () => +/"framesDrawn":(\d+)/.exec(window.Module.UTF8ToString(window.Module._seed_test_state()))[1];
    window.requestAnimationFrame = (callback) => raf((time) => {
      const measuring = window.__frameMs && window.Module && window.Module._seed_test_state;
      const drawnBefore = measuring ? framesDrawn() : 0;
      const started = performance.now();
      callback(time);
      const ms = performance.now() - started;
      if (measuring && window.__frameMs) window.__frameMs.push({ ms, drawn: framesDrawn() !== drawnBefore });
    });
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) if (window.__taskMs) window.__taskMs.push(entry.duration);
    }).observe({ type: 'longtask', buffered: false });
  });
  const page = context.pages()[0] || (await context.newPage());
  await openApp(page, url);
  await waitForState(page, (s) => s.servicesReady, { what: 'services ready' });

  const plaintext = join(files, 'plaintext.db');
  bulkTutorialFile(plaintext, "'plaintext ' || i");
  await startMeasuring(page);
  await chooseImport(page, plaintext);
  const started = await waitForState(page, (s) => s.import.active && s.import.progress > 0.0001, { what: 'import started', timeout: 30000 });
  const startedAt = Date.now();
  await page.waitForTimeout(seconds * 1000);
  const reached = await waitForState(page, () => true);
  await click(page, 'Cancel##cancel-import');
  await waitForState(page, (s) => !s.import.active, { what: 'cancelled' });
  const perSecond = (reached.import.progress - started.import.progress) / ((Date.now() - startedAt) / 1000);
  result.plaintext2000 = { ...(await stopMeasuring(page)), measuredSeconds: seconds,
                           progressPerSecond: +perSecond.toFixed(5),
                           estimatedWholeImportSeconds: Math.round(1 / perSecond) };

  await chooseMenu(page, 'File', 'Load demo data');
  await waitForState(page, (s) => s.rows.users === 2 && s.saveState === 'saved', { what: 'demo data saved' });
  const exported = join(files, 'demo.db');
  writeFileSync(exported, Buffer.from(await page.evaluate(() => Array.from(window.registry.exportDb()))));
  const demoHash = sqlite(exported, "SELECT user_password FROM user WHERE username = 'Demo User'");
  const mixed = join(files, 'mixed.db');
  bulkTutorialFile(mixed, `CASE WHEN i % 200 = 0 THEN 'plaintext ' || i ELSE '${demoHash}' END`);
  await startMeasuring(page);
  const mixedStarted = Date.now();
  await chooseImport(page, mixed);
  await waitForState(page, (s) => /^Imported mixed\.db/.test(s.notice) && s.saveState === 'saved', { what: 'imported', timeout: 300000 });
  result.mixed2000 = { ...(await stopMeasuring(page)), wholeImportSeconds: +((Date.now() - mixedStarted) / 1000).toFixed(1) };
} finally {
  await context.close();
  profile.remove();
  server.close();
  rmSync(files, { recursive: true, force: true });
}
console.log(JSON.stringify(result));
