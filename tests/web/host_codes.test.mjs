// cmake/host_codes.mjs: the integer codes C++ and JavaScript share are written from one definition
// (src/platform/host_codes.json), and a definition that would make the two sides disagree is refused.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { codeSets, renderHeader } from '../../cmake/host_codes.mjs';
import { hostCodes, loadModules } from './library.mjs';

test('the C++ header and the JS library carry the same names and values', () => {
  const header = renderHeader(hostCodes);
  const { SeedCodes } = loadModules([]);
  for (const [set, , entries] of codeSets(hostCodes)) {
    assert.match(header, new RegExp(`enum class ${set} : int \\{ ${entries.map(([n, v]) => `${n} = ${v}`).join(', ')} \\};`));
    assert.deepEqual(JSON.parse(JSON.stringify(SeedCodes[set])), Object.fromEntries(entries));
  }
});

test('two names with one value, a value that is not an integer, or a bad name are refused', () => {
  const one = (values) => ({ codes: { SaveState: { about: '', values } } });
  assert.throws(() => codeSets(one({ Saved: 0, Saving: 0 })), /SaveState.Saving and SaveState.Saved are both 0/);
  assert.throws(() => codeSets(one({ Saved: 0.5 })), /not an integer/);
  assert.throws(() => codeSets(one({ saved: 0 })), /not a name/);
  assert.throws(() => codeSets(one({})), /no values/);
  assert.throws(() => codeSets({}), /no "codes"/);
});
