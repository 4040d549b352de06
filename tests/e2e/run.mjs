// Runs every tests/e2e/*.test.mjs against the built site (build/wasm/site) in headless Chromium.
// Each test module exports `name` and `async run({ url, site, artifacts })`. Prints one line per test
// and a summary; exits non-zero if any failed. Usage: node tests/e2e/run.mjs [filter]
import { mkdirSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { serveStatic } from '../../shell/serve.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const site = process.env.SEED_SITE || join(root, 'build/wasm/site');
const artifacts = join(root, 'build/e2e-artifacts');
mkdirSync(artifacts, { recursive: true });

const filter = process.argv[2] || '';
const files = readdirSync(here).filter((f) => f.endsWith('.test.mjs') && f.includes(filter)).sort();
const { server, url } = await serveStatic(site);

let passed = 0;
let failed = 0;
for (const file of files) {
  const test = await import(pathToFileURL(join(here, file)).href);
  const started = Date.now();
  try {
    await test.run({ url, site, artifacts });
    passed++;
    console.log(`  ok    ${test.name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  } catch (error) {
    failed++;
    console.log(`  FAIL  ${test.name} (${((Date.now() - started) / 1000).toFixed(1)} s)\n        ${String(error.stack || error).split('\n').join('\n        ')}`);
  }
}
server.close();
console.log(`e2e: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
