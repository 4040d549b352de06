// Assembles the deployable static site and stamps its version. Run by the build (cmake/Site.cmake) after
// the module is linked into the site folder:
//   node assemble_site.mjs <source-dir> <site-dir> <generated-file>... [--on-demand <file>...]
// 1. copies every file of <source-dir> (web/site) into <site-dir>, filling in the placeholders
//    @SEED_WASM_BYTES@ (app.wasm's size, for loader.js's progress bar) and, in sw.js, @SEED_BUILD@;
// 2. deletes what else is in <site-dir> and is not one of the <generated-file>s (app.js, app.wasm, icons…),
//    so the folder holds exactly what a deploy copies;
// 3. writes sw.js with the SHA-256 of every other file and a version derived from them: any change to any
//    file gives a new version, and the same files always give the same one. The --on-demand files (built
//    too) are listed apart, in BUILD.onDemand: the worker stores them when the page first fetches one.
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [sourceDir, siteDir, ...rest] = process.argv.slice(2);
const onDemandAt = rest.indexOf('--on-demand');
const onDemand = onDemandAt < 0 ? [] : rest.slice(onDemandAt + 1);
const generated = (onDemandAt < 0 ? rest : rest.slice(0, onDemandAt)).concat(onDemand);
if (!sourceDir || !siteDir) {
  console.error('usage: node assemble_site.mjs <source-dir> <site-dir> <generated-file>...');
  process.exit(2);
}
const workerName = 'sw.js';
const textTypes = /\.(html|js|css|svg|webmanifest|json|txt)$/;

const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');
const filesIn = (dir) => readdirSync(dir).filter((name) => !name.startsWith('.') && statSync(join(dir, name)).isFile());

for (const name of generated) {
  if (!filesIn(siteDir).includes(name)) throw new Error(`${siteDir}/${name} is missing: it should have been built`);
}
const sources = filesIn(sourceDir);
const wasmBytes = statSync(join(siteDir, 'app.wasm')).size;

function fillIn(name, bytes, build) {
  if (!textTypes.test(name)) return bytes;
  let text = bytes.toString('utf8').replaceAll('@SEED_WASM_BYTES@', String(wasmBytes));
  if (build) {
    if (!text.includes('/*@SEED_BUILD@*/ null')) throw new Error(`${sourceDir}/${name} has no /*@SEED_BUILD@*/ null`);
    text = text.replace('/*@SEED_BUILD@*/ null', JSON.stringify(build, null, 2));
  }
  return Buffer.from(text, 'utf8');
}

function writeIfChanged(path, bytes) {
  let old = null;
  try {
    old = readFileSync(path);
  } catch {
    // a new file
  }
  if (!old || !old.equals(bytes)) writeFileSync(path, bytes);
}

for (const name of sources) {
  if (name !== workerName) writeIfChanged(join(siteDir, name), fillIn(name, readFileSync(join(sourceDir, name))));
}
const expected = new Set([...sources, ...generated]);
for (const name of filesIn(siteDir)) {
  if (!expected.has(name)) {
    console.log(`assemble_site: removing ${name}, which the build no longer makes`);
    rmSync(join(siteDir, name));
  }
}

const files = {};
for (const name of [...expected].filter((n) => n !== workerName).sort()) {
  files[name] = sha256(readFileSync(join(siteDir, name)));
}
const version = sha256(Object.entries(files).map(([name, hash]) => `${name} ${hash}\n`).join('')).slice(0, 16);
const onDemandFiles = {};
for (const name of onDemand) {
  onDemandFiles[name] = files[name];
  delete files[name];
}
const worker = fillIn(workerName, readFileSync(join(sourceDir, workerName)), { version, files, onDemand: onDemandFiles });
writeIfChanged(join(siteDir, workerName), worker);
console.log(`assemble_site: ${Object.keys(files).length + 1} files in ${siteDir} and ${onDemand.length} on demand, ` +
            `version ${version}`);
