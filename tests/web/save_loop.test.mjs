// SeedSaveLoop and SeedLocalCopy (web/host_library_save_loop.js, host_library_local_copy.js): what a save
// stores, that a failed save loses nothing and is retried with a growing delay, and the state reported.
// IndexedDB is a stand-in here that accepts or refuses a write; the browser tests run the real one.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hostCodes, loadModules } from './library.mjs';
import { memoryFs } from './memory_fs.mjs';

const { Saved, Saving, Failed, OutOfSpace } = hostCodes.codes.SaveState.values;
const plain = (value) => JSON.parse(JSON.stringify(value));
const chunk = (n) => `/data/registration.db.chunk.${String(n).padStart(6, '0')}`;

// A save loop over a real SeedLocalCopy on a memory file system, with a store that holds what it is
// given (or refuses, while `store.refuse` says why).
function setUp() {
  const FS = memoryFs('/data');
  const modules = loadModules(['host_library_text.js', 'host_library_chunk_plan.js', 'host_library_saved_record.js', 'host_library_page_tracker.js', 'host_library_local_copy.js',
                               'host_library_save_loop.js'], { FS });
  const stored = new Map();
  const store = {
    refuse: null,
    writes: [],
    write(puts, deletes, meta) {
      if (store.refuse) return Promise.reject(store.refuse);
      store.writes.push(plain({ paths: puts.map((entry) => entry.path), deletes, generation: meta.generation }));
      puts.forEach((entry) => stored.set(entry.path, entry.record.contents));
      deletes.forEach((path) => stored.delete(path));
      stored.set('meta', meta);
      return Promise.resolve();
    },
  };
  const reports = [];
  const events = { saved: [], retries: 0, settled: 0 };
  const copy = new modules.SeedLocalCopy('/data', '/data/registration.db', 'chunks-1', 50, 'tab1');
  copy.load(null, [], {}, null); // a first visit: IndexedDB held nothing
  const saves = new modules.SeedSaveLoop(copy, store, {
    report: (state, message) => reports.push([state, message]),
    saved: (meta) => events.saved.push(meta.generation),
    retryDue: () => { events.retries++; },
    settled: () => { events.settled++; },
  });
  return { FS, store, stored, copy, saves, reports, events, SeedSaveLoop: modules.SeedSaveLoop };
}

test('the retry delay doubles from one second up to thirty', () => {
  const { SeedSaveLoop } = setUp();
  const delays = [];
  let delay = 0;
  for (let i = 0; i < 8; i++) delays.push(delay = SeedSaveLoop.nextRetryDelay(delay));
  assert.deepEqual(delays, [1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
});

test('the state shown: failed only while a failure keeps something from being stored', () => {
  const { SeedSaveLoop } = setUp();
  assert.equal(SeedSaveLoop.stateOf('', false, false, false), Saved);
  assert.equal(SeedSaveLoop.stateOf('', true, false, false), Saving);
  assert.equal(SeedSaveLoop.stateOf('', false, true, false), Saving);
  assert.equal(SeedSaveLoop.stateOf('QuotaExceededError: full', true, false, false), Failed);
  assert.equal(SeedSaveLoop.stateOf('IndexedDB could not be read: x', false, false, true), Failed);
  assert.equal(SeedSaveLoop.stateOf('an old failure', false, false, false), Saved, 'nothing at risk: saved');
});

test('latency percentiles', () => {
  const { SeedSaveLoop } = setUp();
  const summary = plain(SeedSaveLoop.summary([30, 10, 20, 40]));
  assert.deepEqual(summary, { count: 4, p50: 30, p95: 40, last: [30, 10, 20, 40] });
  assert.deepEqual(plain(SeedSaveLoop.summary([])), { count: 0, p50: null, p95: null, last: [] });
});

test('a save stores the chunks written since the last one, and only those', async () => {
  const { FS, store, stored, copy, saves, reports } = setUp();
  FS.writeFile(chunk(0), [1, 2]);
  FS.writeFile(chunk(1), [3]);
  FS.writeFile('/data/registration.db-journal', [9]);
  saves.noteChange();
  assert.equal(saves.due(Date.now()), true);
  await saves.start('g1');
  // New to IndexedDB, so any delta record there that outlived its chunk goes with it.
  const deltas = [`seed-delta:${chunk(0)}`, `seed-delta:${chunk(1)}`];
  assert.deepEqual(store.writes, [{ paths: [chunk(0), chunk(1)], deletes: deltas, generation: 'g1' }]);
  assert.equal(stored.has('/data/registration.db-journal'), false, 'the journal is never saved');
  assert.equal(copy.base, 'g1');
  assert.equal(saves.unsaved(), false);
  assert.equal(saves.lastSaveBytes, 3);

  FS.writeFile(chunk(1), [4]);
  FS.unlink(chunk(0));
  saves.noteChange();
  await saves.start('g2');
  assert.deepEqual(store.writes[1], { paths: [chunk(1)], deletes: [chunk(0)], generation: 'g2' });
  assert.deepEqual(plain(stored.get('meta').log).map((entry) => entry.generation), ['g1', 'g2']);
  assert.deepEqual(reports.map(([state]) => state), [Saving, Saved, Saving, Saved]);
});

test('a chunk written while its save is in flight is written again by the next save', async () => {
  const { FS, store, saves } = setUp();
  FS.writeFile(chunk(0), [1]);
  saves.noteChange();
  const first = saves.start('g1'); // the batch was taken: chunk 0 is clean from here
  FS.writeFile(chunk(0), [2]);
  saves.noteChange();
  assert.equal(saves.due(Date.now()), false, 'one save in flight at a time');
  await first;
  assert.equal(saves.unsaved(), true, 'the change made during the save is not counted as saved');
  await saves.start('g2');
  assert.deepEqual(store.writes.map((write) => write.paths), [[chunk(0)], [chunk(0)]]);
  assert.equal(saves.unsaved(), false);
});

test('a failed save keeps every change, reports why, retries later, and writes its chunks again', async () => {
  const { FS, store, stored, saves, reports, events } = setUp();
  FS.writeFile(chunk(0), [1]);
  FS.writeFile(chunk(1), [2]);
  saves.noteChange();
  store.refuse = Object.assign(new Error('the transaction was aborted'), { name: 'AbortError' });
  await saves.start('g1');
  assert.equal(saves.state(), Failed);
  assert.deepEqual(reports.at(-1), [Failed, 'AbortError: the transaction was aborted']);
  assert.equal(saves.unsaved(), true);
  assert.equal(saves.due(Date.now()), false, 'not before the retry delay');
  assert.equal(saves.due(Date.now() + 1000), true);

  // Only chunk 1 changes meanwhile; chunk 0, clean in MEMFS since the failed batch, must still be written.
  FS.writeFile(chunk(1), [3]);
  saves.noteChange();
  store.refuse = null;
  saves.retryNow();
  assert.equal(events.retries, 1);
  await saves.start('g2');
  assert.deepEqual(store.writes, [{ paths: [chunk(0), chunk(1)], deletes: [`seed-delta:${chunk(0)}`, `seed-delta:${chunk(1)}`],
                                    generation: 'g2' }]);
  assert.deepEqual([...stored.get(chunk(1))], [3]);
  assert.equal(saves.state(), Saved);
  assert.equal(saves.failure, '');
  assert.deepEqual(events.saved, ['g2']);
});

test('the retry delay grows with each failure in a row and starts over after a success', async () => {
  const { FS, store, saves } = setUp();
  FS.writeFile(chunk(0), [1]);
  saves.noteChange();
  store.refuse = new Error('refused');
  const delays = [];
  for (let i = 0; i < 3; i++) {
    saves.retryNow();
    await saves.start(`g${i}`);
    delays.push(saves.retryDelay);
  }
  assert.deepEqual(delays, [1000, 2000, 4000]);
  store.refuse = null;
  saves.retryNow();
  await saves.start('g9');
  assert.equal(saves.retryDelay, 0);
  clearTimeout(saves.retryTimer);
});

test('a copy that could not be checked against IndexedDB shows as failed until a check succeeds', () => {
  const { saves, reports } = setUp();
  saves.readFailed(Object.assign(new Error('closed'), { name: 'InvalidStateError' }));
  assert.deepEqual(reports.at(-1), [Failed, 'IndexedDB could not be read: InvalidStateError: closed']);
  saves.readRecovered();
  assert.deepEqual(reports.at(-1), [Saved, '']);
  clearTimeout(saves.retryTimer);
});

test('each save counts one past the last, and records the database\'s chunks and bytes', async () => {
  const { FS, stored, saves, copy } = setUp();
  FS.writeFile(chunk(0), new Uint8Array(65536));
  FS.writeFile(chunk(1), [1, 2, 3]);
  FS.writeFile('/data/registration-damaged-20250101-000000.db.chunk.000000', [7]); // not the database's
  saves.noteChange();
  await saves.start('g1');
  FS.writeFile(chunk(1), [1, 2, 3, 4]);
  saves.noteChange();
  await saves.start('g2');
  const meta = plain(stored.get('meta'));
  assert.equal(meta.sequence, 2);
  assert.equal(meta.chunks, 2);
  assert.equal(meta.bytes, 65540);
  assert.equal(copy.sequence, 2);
});

test('a save refused for lack of space is reported as such, also when the retries cannot even open IndexedDB', async () => {
  const { FS, store, saves, reports, SeedSaveLoop } = setUp();
  const leveldb = Object.assign(new Error('Connection is closing because of: IO error: .../000004.log: FILE_ERROR_NO_SPACE ' +
                                          '(ChromeMethodBFE: 3::WritableFileAppend::8)'), { name: 'UnknownError' });
  assert.equal(SeedSaveLoop.isOutOfSpace(leveldb), true);
  assert.equal(SeedSaveLoop.isOutOfSpace(Object.assign(new Error('x'), { name: 'QuotaExceededError' })), true);
  assert.equal(SeedSaveLoop.isOutOfSpace(new Error('the IndexedDB transaction was aborted')), false);
  FS.writeFile(chunk(0), [1]);
  saves.noteChange();
  store.refuse = leveldb;
  await saves.start('g1');
  assert.equal(saves.state(), OutOfSpace);
  store.refuse = new Error('IndexedDB could not be opened');
  saves.retryNow();
  await saves.start('g2');
  assert.equal(saves.state(), OutOfSpace, 'still the lack of space that keeps it from saving');
  assert.equal(reports.at(-1)[0], OutOfSpace);
  store.refuse = null;
  saves.retryNow();
  await saves.start('g3');
  assert.equal(saves.state(), Saved);
  store.refuse = new Error('the IndexedDB transaction was aborted');
  FS.writeFile(chunk(0), [2]);
  saves.noteChange();
  await saves.start('g4');
  assert.equal(saves.state(), Failed, 'a later failure of another kind is not called a lack of space');
  clearTimeout(saves.retryTimer);
});
