// SeedImport's "Undo import" and "Discard undo" (web/host_library_import.js): each runs as a job of the
// lock session (where C++ replaces the data, or drops the kept copy) and is saved only when C++ changed
// something, so the other tabs catch up with it as with an import. And the durability the undo rests on
// (src/platform/import_undo.h): the kept copy and the imported data reach IndexedDB in one transaction.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadModules } from './library.mjs';
import { memoryFs } from './memory_fs.mjs';

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

test('the kept copy and the imported data are one save: IndexedDB gets both or neither', async () => {
  const FS = memoryFs('/data');
  const m = loadModules(['host_library_text.js', 'host_library_chunk_plan.js', 'host_library_saved_record.js',
                         'host_library_page_tracker.js', 'host_library_local_copy.js', 'host_library_save_loop.js'], { FS });
  const db = (n) => `/data/registration.db.chunk.${String(n).padStart(6, '0')}`;
  const undo = (n) => `/data/registration-undo.db.chunk.${String(n).padStart(6, '0')}`;
  const stored = new Map([[db(0), 'old 0'], [db(1), 'old 1']]);
  const store = {
    refuse: null,
    write(puts, deletes, meta) {
      if (store.refuse) return Promise.reject(store.refuse); // a transaction that failed stored nothing
      puts.forEach((entry) => stored.set(entry.path, new TextDecoder().decode(entry.record.contents)));
      deletes.forEach((path) => stored.delete(path));
      stored.set('meta', meta);
      return Promise.resolve();
    },
  };
  const copy = new m.SeedLocalCopy('/data', '/data/registration.db', 'chunks-1', 50, 'tab');
  const record = (text) => ({ contents: new TextEncoder().encode(text) });
  copy.load({ generation: 'g0' }, [], { [db(0)]: record('old 0'), [db(1)]: record('old 1') }, null);
  const saves = new m.SeedSaveLoop(copy, store, { report() {}, saved() {}, retryDue() {}, settled() {} });

  // What WebStorage::finish_import leaves in MEMFS: the copy first, then the smaller import in place.
  FS.writeFile(undo(0), new TextEncoder().encode('old 0'));
  FS.writeFile(undo(1), new TextEncoder().encode('old 1'));
  FS.writeFile(db(0), new TextEncoder().encode('new 0'));
  FS.unlink(db(1));
  saves.noteChange();

  store.refuse = new Error('QuotaExceededError');
  await saves.start('g1');
  assert.deepEqual([...stored.keys()].sort(), [db(0), db(1)], 'a failed save: the old data, whole, and no copy');
  assert.equal(stored.get(db(0)), 'old 0');

  store.refuse = null;
  saves.retryNow();
  await saves.start('g2');
  assert.equal(stored.get(db(0)), 'new 0');
  assert.equal(stored.has(db(1)), false);
  assert.equal(stored.get(undo(0)), 'old 0');
  assert.equal(stored.get(undo(1)), 'old 1');
  assert.equal(stored.get('meta').chunks, 1, 'the lost-data check counts the database\'s own chunks, not the copy');
});
