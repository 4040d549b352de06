// Measures the time from a committed write to IndexedDB's success (window.registry.saveState().latencyMs),
// for the small database of a new profile and for imported databases of 1 and 10 MB (and 50 MB with
// SEED_PERSISTENCE_SIZES=1,10,50). Each save writes the whole file, so the cost grows with its size.
// Prints p50/p95 per size; asserts only that no save takes absurdly long.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchWithProfile, makeProfileDirectory } from './lib/browser.mjs';
import { appState, click, clickAndChooseFile, openApp, registryState, waitForState } from './lib/app.mjs';

export const name = 'persistence: commit → IndexedDB latency (p50/p95) by database size';

const sizesMb = (process.env.SEED_PERSISTENCE_SIZES || '1,10').split(',').map(Number).filter(Boolean);

function percentile(values, q) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

// Clicks `count` times, each time waiting for "Saved"; returns the latencies of those commits.
async function measure(page, count) {
  await waitForState(page, (s) => s.saveState === 'saved', { what: 'nothing left to save' });
  const start = (await registryState(page)).latencyMs.count;
  for (let i = 0; i < count; i++) {
    const before = (await appState(page)).counter;
    await click(page, 'Increment');
    await waitForState(page, (s) => s.counter === before + 1 && s.saveState === 'saved', { what: 'click saved', timeout: 20000 });
  }
  const state = await registryState(page);
  assert.equal(state.latencyMs.count - start, count, 'one latency per commit');
  return state.latencyMs.last.slice(-count);
}

function report(label, latencies) {
  const p50 = percentile(latencies, 0.5);
  const p95 = percentile(latencies, 0.95);
  console.log(`        ${label.padEnd(18)} n=${latencies.length}  p50 ${p50.toFixed(1)} ms  p95 ${p95.toFixed(1)} ms`);
  assert.ok(p95 < 10000, `${label}: a save took ${p95} ms`);
}

export async function run({ url }) {
  const profile = makeProfileDirectory();
  const files = mkdtempSync(join(tmpdir(), 'seed-e2e-sizes-'));
  try {
    const context = await launchWithProfile(profile.dir);
    const page = context.pages()[0] || (await context.newPage());
    await openApp(page, url);
    const small = await measure(page, 20);
    const bytes = (await page.evaluate(() => window.registry.exportDb().length));
    report(`${(bytes / 1024).toFixed(0)} KB database`, small);

    for (const mb of sizesMb) {
      const file = join(files, `${mb}mb.db`);
      execFileSync('sqlite3', [file,
        // The tutorial's user table makes it a registration database import accepts.
        'CREATE TABLE user (id INTEGER NOT NULL, username VARCHAR(100) NOT NULL, user_email VARCHAR(100) NOT NULL, ' +
        'user_password VARCHAR(150) NOT NULL, PRIMARY KEY (id));' +
        "CREATE TABLE app_counter (name VARCHAR(50) PRIMARY KEY, value INTEGER NOT NULL);" +
        "INSERT INTO app_counter VALUES ('clicks', 0); CREATE TABLE filler (data BLOB);" +
        `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${mb * 256}) ` +
        'INSERT INTO filler SELECT randomblob(4000) FROM n;']);
      await clickAndChooseFile(page, 'Import database', file);
      await waitForState(page, (s) => s.counter === 0 && s.saveState === 'saved' && /^Imported/.test(s.notice),
                         { what: `${mb} MB imported`, timeout: 60000 });
      report(`${(statSync(file).size / 1e6).toFixed(1)} MB database`, await measure(page, 10));
    }
    await context.close();
  } finally {
    profile.remove();
    rmSync(files, { recursive: true, force: true });
  }
}
