// SeedImport's "Undo import" and "Discard undo" (web/host_library_import.js): each runs as a job of the
// lock session (where C++ replaces the data, or drops the kept copy) and is saved only when C++ changed
// something, so the other tabs catch up with it as with an import.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadModules } from './library.mjs';

const { SeedImport } = loadModules(['host_library_text.js', 'host_library_import.js']);

function setUp(native) {
  const jobs = [];
  const saves = { changes: 0, noteChange() { this.changes++; } };
  const importer = new SeedImport('/data', { addJob: (job) => jobs.push(job) }, saves, { resolved() {} }, native);
  return { importer, jobs, saves };
}

test('undo waits for the lock, then a save is due once C++ brought the data back', async () => {
  const calls = [];
  const { importer, jobs, saves } = setUp({ undoImport: () => { calls.push('undo'); return ''; } });
  importer.undo();
  assert.deepEqual(calls, [], 'nothing before the lock');
  await jobs[0]();
  assert.deepEqual(calls, ['undo']);
  assert.equal(saves.changes, 1);
});

test('a refused undo (nothing kept, another tab undid it) saves nothing', async () => {
  const { importer, jobs, saves } = setUp({ undoImport: () => 'there is no data from before an import to bring back' });
  importer.undo();
  await jobs[0]();
  assert.equal(saves.changes, 0);
});

test('discard saves only when a copy was dropped', async () => {
  let kept = true;
  const { importer, jobs, saves } = setUp({ discardUndo: () => { const had = kept; kept = false; return had; } });
  importer.discardUndo();
  importer.discardUndo();
  await jobs[0]();
  await jobs[1]();
  assert.equal(saves.changes, 1);
});
