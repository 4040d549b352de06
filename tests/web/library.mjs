// Loads modules of the host library (web/host_library_*.js) the way Emscripten links them, for node
// tests of their pure parts: each file runs with a mergeInto() that collects its library items, then every
// `$Name` item is defined as Emscripten emits it (`var Name = <item>;`) in one fresh context, beside the
// globals the test passes (stand-ins for what the page offers: timers, console, FS, C++).
//
//   const { SeedChunkPlan } = loadModules(['host_library_chunk_plan.js']);
//
// SeedCodes comes from src/platform/host_codes.json through cmake/host_codes.mjs, as in the build.
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import { renderLibrary } from '../../cmake/host_codes.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const hostCodes = JSON.parse(readFileSync(join(root, 'src/platform/host_codes.json'), 'utf8'));

// Emscripten's stringifyWithFunctions (src/jsifier.js): how an object-valued library item is emitted.
function stringifyWithFunctions(value) {
  if (typeof value === 'function') return value.toString();
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(stringifyWithFunctions).join(',')}]`;
  return `{${Object.entries(value).map(([key, item]) => `${JSON.stringify(key)}:${stringifyWithFunctions(item)}`).join(',')}}`;
}

export function loadModules(files, globals = {}) {
  const items = {};
  const compiler = vm.createContext({
    mergeInto: (library, added) => Object.assign(items, added),
    LibraryManager: { library: {} },
  });
  vm.runInContext(renderLibrary(hostCodes), compiler, { filename: 'host_library_codes.js' });
  for (const file of files) {
    const path = join(root, 'web', file);
    vm.runInContext(readFileSync(path, 'utf8'), compiler, { filename: path });
  }
  const page = vm.createContext({
    console: { log() {}, warn() {}, error() {} },
    setTimeout, clearTimeout, performance,
    ...globals,
  });
  for (const [key, value] of Object.entries(items)) {
    if (!key.startsWith('$') || key.includes('__')) continue;
    const source = typeof value === 'string' && value.startsWith('=') ? value.slice(1) : stringifyWithFunctions(value);
    vm.runInContext(`var ${key.slice(1)} = ${source};`, page, { filename: `library item ${key}` });
  }
  return page;
}
