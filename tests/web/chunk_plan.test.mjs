// SeedChunkPlan (web/host_library_chunk_plan.js): which chunks a save writes and deletes, and what a tab
// that is behind fetches from the meta record's log.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadModules } from './library.mjs';

const { SeedChunkPlan } = loadModules(['host_library_chunk_plan.js']);
const plain = (value) => JSON.parse(JSON.stringify(value));
const chunk = (n) => `/data/registration.db.chunk.${String(n).padStart(6, '0')}`;

test('only chunk files are saved: journals and import candidates stay in memory', () => {
  assert.equal(SeedChunkPlan.isChunk('registration.db.chunk.000000'), true);
  assert.equal(SeedChunkPlan.isChunk('registration-damaged-20260101-120000.db.chunk.000003'), true);
  assert.equal(SeedChunkPlan.isChunk('registration.db-journal'), false);
  assert.equal(SeedChunkPlan.isChunk('.import-candidate-1.db'), false);
  assert.equal(SeedChunkPlan.isChunk('registration.db.chunk.00001'), false);
});

test('a save writes the changed chunks, the ones IndexedDB lacks, and the ones whose save failed', () => {
  const local = { [chunk(0)]: 1712, [chunk(1)]: 0, [chunk(2)]: 0, [chunk(3)]: 0 };
  const known = { [chunk(0)]: true, [chunk(1)]: true, [chunk(2)]: true };
  const forceDirty = { [chunk(2)]: true };
  assert.deepEqual(plain(SeedChunkPlan.toWrite(local, known, forceDirty)), [chunk(0), chunk(2), chunk(3)]);
  assert.deepEqual(plain(SeedChunkPlan.toWrite({ [chunk(1)]: 0 }, known, {})), [], 'a clean chunk is not written');
});

test('a chunk IndexedDB holds that the local copy no longer has is deleted', () => {
  const known = { [chunk(0)]: true, [chunk(1)]: true, [chunk(2)]: true };
  assert.deepEqual(plain(SeedChunkPlan.toDelete({ [chunk(0)]: 0 }, known)), [chunk(1), chunk(2)]);
  assert.deepEqual(plain(SeedChunkPlan.toDelete({ [chunk(0)]: 0, [chunk(1)]: 5, [chunk(2)]: 0 }, known)), []);
});

test('the log keeps the last saves, oldest first, and copies what it is given', () => {
  let log = [];
  const changed = [chunk(0)];
  for (let i = 1; i <= 5; i++) log = SeedChunkPlan.appendLog(log, `g${i}`, changed, [], 3);
  changed.push(chunk(9));
  assert.deepEqual(plain(log).map((entry) => entry.generation), ['g3', 'g4', 'g5']);
  assert.deepEqual(plain(log[2].changed), [chunk(0)], 'a later change to the caller\'s list does not reach the log');
});

test('a tab a few saves behind fetches the union of their changes; a later deletion wins', () => {
  const log = [
    { generation: 'g1', changed: [chunk(0), chunk(1)], deleted: [] },
    { generation: 'g2', changed: [chunk(0), chunk(2)], deleted: [] },
    { generation: 'g3', changed: [chunk(0)], deleted: [chunk(2)] },
    { generation: 'g4', changed: [chunk(3)], deleted: [chunk(1)] },
  ];
  assert.deepEqual(plain(SeedChunkPlan.catchUp(log, 'g1')), { changed: [chunk(0), chunk(3)], deleted: [chunk(1), chunk(2)] });
  assert.deepEqual(plain(SeedChunkPlan.catchUp(log, 'g3')), { changed: [chunk(3)], deleted: [chunk(1)] });
  assert.deepEqual(plain(SeedChunkPlan.catchUp(log, 'g4')), { changed: [], deleted: [] }, 'up to date: nothing');
});

test('a chunk deleted and then written again (the database grew back) is fetched, not deleted', () => {
  const log = [
    { generation: 'g1', changed: [], deleted: [] },
    { generation: 'g2', changed: [], deleted: [chunk(4)] },
    { generation: 'g3', changed: [chunk(4)], deleted: [] },
  ];
  assert.deepEqual(plain(SeedChunkPlan.catchUp(log, 'g1')), { changed: [chunk(4)], deleted: [] });
});

test('a tab the log does not reach back to, or that never loaded, reloads every file', () => {
  const log = [{ generation: 'g9', changed: [chunk(0)], deleted: [] }];
  assert.equal(SeedChunkPlan.catchUp(log, 'g1'), null, 'more saves behind than the log holds');
  assert.equal(SeedChunkPlan.catchUp(log, null), null, 'never loaded, or IndexedDB had no copy');
  assert.equal(SeedChunkPlan.catchUp(undefined, 'g9'), null);
});

test('a meta record of another layout (an earlier build) has no usable log', () => {
  const log = [{ generation: 'g1', changed: [], deleted: [] }];
  assert.equal(SeedChunkPlan.logOf({ generation: 'g1', layout: 'chunks-1', log }, 'chunks-1'), log);
  assert.deepEqual(plain(SeedChunkPlan.logOf({ generation: 'earlier-version', savedAt: 1 }, 'chunks-1')), []);
  assert.deepEqual(plain(SeedChunkPlan.logOf(null, 'chunks-1')), []);
  assert.deepEqual(plain(SeedChunkPlan.logOf({ layout: 'chunks-1', log: 'broken' }, 'chunks-1')), []);
});
