// Writes the integer codes shared by C++ and JavaScript (src/platform/host_codes.json) as a C++ header and
// an Emscripten JS library, so both sides read one definition.
//
//   node cmake/host_codes.mjs src/platform/host_codes.json build/x/generated/platform/host_codes.h \
//        build/x/generated/host_library_codes.js
//
// Run by cmake/HostCodes.cmake at configure time; a file is rewritten only when its text changes (so
// nothing recompiles for nothing). Throws (exit 1) on a malformed definition: a name that is not an
// identifier, a value that is not an integer, or two names with the same value in one set.
import { readFileSync, writeFileSync, existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const identifier = /^[A-Z][A-Za-z0-9]*$/;

// Checks the definition; returns [[setName, about, [[name, value], …]], …] in the file's order.
export function codeSets(definition) {
  if (!definition || typeof definition.codes !== 'object') throw new Error('host codes: no "codes" object');
  return Object.entries(definition.codes).map(([set, { about, values }]) => {
    if (!identifier.test(set)) throw new Error(`host codes: "${set}" is not a name`);
    const entries = Object.entries(values || {});
    if (!entries.length) throw new Error(`host codes: ${set} has no values`);
    const seen = new Map();
    for (const [name, value] of entries) {
      if (!identifier.test(name)) throw new Error(`host codes: ${set}.${name} is not a name`);
      if (!Number.isSafeInteger(value)) throw new Error(`host codes: ${set}.${name} is not an integer`);
      if (seen.has(value)) throw new Error(`host codes: ${set}.${name} and ${set}.${seen.get(value)} are both ${value}`);
      seen.set(value, name);
    }
    return [set, String(about || ''), entries];
  });
}

export function renderHeader(definition) {
  const lines = [
    '// Generated from src/platform/host_codes.json by cmake/host_codes.mjs: edit the JSON, not this file.',
    '// The same codes reach JavaScript as SeedCodes (host_library_codes.js).',
    '#pragma once',
    '',
    'namespace platform::host_codes {',
  ];
  for (const [set, about, entries] of codeSets(definition)) {
    lines.push('', `// ${about}`);
    lines.push(`enum class ${set} : int { ${entries.map(([name, value]) => `${name} = ${value}`).join(', ')} };`);
  }
  lines.push('', '} // namespace platform::host_codes', '');
  return lines.join('\n');
}

// SeedCodes.SaveState.Saved === 0 in the module's JavaScript.
export function renderLibrary(definition) {
  const sets = Object.fromEntries(codeSets(definition).map(([set, , entries]) => [set, Object.fromEntries(entries)]));
  return [
    '// Generated from src/platform/host_codes.json by cmake/host_codes.mjs: edit the JSON, not this file.',
    '// The same codes reach C++ as platform::host_codes (platform/host_codes.h).',
    'mergeInto(LibraryManager.library, {',
    `  $SeedCodes: ${JSON.stringify(sets)},`,
    '});',
    '',
  ].join('\n');
}

function writeIfChanged(path, text) {
  if (existsSync(path) && readFileSync(path, 'utf8') === text) return;
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [input, header, library] = process.argv.slice(2);
  if (!input || !header || !library) {
    console.error('usage: node host_codes.mjs <host_codes.json> <host_codes.h> <host_library_codes.js>');
    process.exit(2);
  }
  const definition = JSON.parse(readFileSync(input, 'utf8'));
  writeIfChanged(header, renderHeader(definition));
  writeIfChanged(library, renderLibrary(definition));
}
