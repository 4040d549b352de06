// Delta records (SeedChunkPlan, SeedPageTracker, SeedLocalCopy): a commit stores the 4 KiB pages it
// changed instead of whole 64 KiB chunks, and what IndexedDB holds after any save, failed or not,
// reads back as exactly one generation. IndexedDB is a Map; a "crash" is a fresh tab loading it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadModules } from './library.mjs';
import { memoryFs } from './memory_fs.mjs';

const path = '/data/registration.db';
const chunk = (n) => `${path}.chunk.${String(n).padStart(6, '0')}`;
const delta = (n) => `seed-delta:${chunk(n)}`;
const page = 4096;

function tab(idb) {
  const FS = memoryFs('/data');
  const m = loadModules(['host_library_text.js', 'host_library_chunk_plan.js', 'host_library_saved_record.js',
                         'host_library_page_tracker.js', 'host_library_local_copy.js', 'host_library_save_loop.js'], { FS });
  const store = {
    refuse: null,
    writes: [],
    write(puts, deletes, meta) {
      if (store.refuse) return Promise.reject(store.refuse);
      store.writes.push(JSON.parse(JSON.stringify({ puts: puts.map((entry) => entry.path), deletes })));
      puts.forEach((entry) => idb.set(entry.path, structuredClone(entry.record)));
      deletes.forEach((key) => idb.delete(key));
      idb.set('meta', meta);
      return Promise.resolve();
    },
  };
  const copy = new m.SeedLocalCopy('/data', path, 'chunks-2', 50, 'tab');
  const saves = new m.SeedSaveLoop(copy, store, { report() {}, saved() {}, retryDue() {}, settled() {} });
  // A full load, as SeedTabSync does it: every record, assembled.
  const load = () => {
    const stored = Object.fromEntries([...idb].filter(([key]) => key !== 'meta'));
    copy.load(idb.get('meta') || null, [], m.SeedChunkPlan.assemble(stored, page), null);
  };
  // SQLite's pwrite, as MEMFS stores it: in place, timestamp set, pages noted.
  const write = (n, position, bytes) => {
    const node = FS.lookupPath(chunk(n)).node;
    if (position + bytes.length > node.contents.length) {
      const grown = new Uint8Array(position + bytes.length);
      grown.set(node.contents);
      node.contents = grown;
    }
    m.SeedPageTracker.noteWrite(node, position, bytes.length, false);
    node.contents.set(bytes, position);
    node.timestamp = Date.now() || 1;
  };
  return { FS, m, store, copy, saves, load, write, bytes: (n) => [...FS.readFile(chunk(n))] };
}

const filled = (size, value) => new Uint8Array(size).fill(value);

function savedDatabase() {
  const idb = new Map();
  idb.set(chunk(0), { timestamp: 1, mode: 0o100666, contents: filled(65536, 1) });
  idb.set(chunk(1), { timestamp: 1, mode: 0o100666, contents: filled(16384, 2) });
  idb.set('meta', { generation: 'g0', sequence: 1, chunks: 2, bytes: 65536 + 16384, layout: 'chunks-1', log: [] });
  return idb;
}

test('a delta round-trips: pages in order, a last page cut at the size, a grown chunk reading zeros', () => {
  const { SeedChunkPlan } = tab(new Map()).m;
  const contents = filled(10000, 7);
  contents.set([9, 9], 8192);
  const made = SeedChunkPlan.makeDelta(contents, [0, 2], page);
  assert.deepEqual([...made.pages], [0, 2]);
  assert.equal(made.contents.length, page + (10000 - 8192));
  assert.deepEqual([...SeedChunkPlan.applyDelta(filled(4096, 0), made, page)].slice(8190, 8196), [0, 0, 9, 9, 7, 7],
                   'the chunk grew from 4096 bytes: page 1 reads zeros, page 2 the delta');
  assert.throws(() => SeedChunkPlan.applyDelta(filled(10, 0), { size: 9000, pages: [2], contents: new Uint8Array(5) }, page),
                /malformed/);
  assert.equal(SeedChunkPlan.savesWhole(4, 65536, page), false);
  assert.equal(SeedChunkPlan.savesWhole(5, 65536, page), true, 'past a quarter of the chunk, the chunk is cheaper');
  assert.equal(SeedChunkPlan.savesWhole(1, 16384, page), false);
  assert.equal(SeedChunkPlan.savesWhole(1, 4096, page), true, 'a one-page chunk is its own delta');
});

test('a file saved by an earlier build (chunks alone) loads as it is, and its first commit stores a delta', async () => {
  const idb = savedDatabase();
  const { store, saves, load, write, bytes } = tab(idb);
  load();
  assert.deepEqual(bytes(0).slice(0, 3), [1, 1, 1]);
  write(0, 3 * page + 10, [5, 5]);
  saves.noteChange();
  await saves.start('g1');
  assert.deepEqual(store.writes, [{ puts: [delta(0)], deletes: [] }], 'one small record, the chunk untouched');
  assert.equal(idb.get(delta(0)).contents.length, page);
  assert.deepEqual([...idb.get(chunk(0)).contents.slice(3 * page + 10, 3 * page + 12)], [1, 1]);

  const reopened = tab(idb); // the browser was killed after the save: a new tab loads chunks + deltas
  reopened.load();
  assert.deepEqual(reopened.bytes(0), bytes(0));
  assert.deepEqual(reopened.bytes(1), bytes(1));
});

test('a delta accumulates the earlier deltas\' pages, then folds into the chunk (chunk written, delta deleted)', async () => {
  const idb = savedDatabase();
  const { store, saves, load, write, bytes } = tab(idb);
  load();
  for (let i = 0; i < 5; i++) {
    write(0, i * 2 * page, [10 + i]);
    saves.noteChange();
    await saves.start(`g${i + 1}`);
    const reopened = tab(idb);
    reopened.load();
    assert.deepEqual(reopened.bytes(0), bytes(0), `generation g${i + 1} reads back whole`);
  }
  assert.deepEqual(store.writes.map((w) => w.puts), [[delta(0)], [delta(0)], [delta(0)], [delta(0)], [chunk(0)]]);
  assert.deepEqual([...idb.get(delta(0)) ? [1] : []], [], 'the fold deleted the delta');
  assert.deepEqual(store.writes[4].deletes, [delta(0)]);
  assert.equal(store.writes[3].puts.length, 1);
});

test('a tab that loaded chunk + delta keeps the delta\'s pages in its next delta', async () => {
  const idb = savedDatabase();
  const first = tab(idb);
  first.load();
  first.write(0, 0, [42]);
  first.saves.noteChange();
  await first.saves.start('g1');
  const second = tab(idb); // another tab (or a reload) loads chunk 0 with its delta of page 0
  second.load();
  second.write(0, page, [43]);
  second.saves.noteChange();
  await second.saves.start('g2');
  assert.deepEqual([...idb.get(delta(0)).pages], [0, 1], 'page 0 stays in the delta: replacing it with page 1 alone would lose it');
  const third = tab(idb);
  third.load();
  assert.deepEqual(third.bytes(0).slice(0, 1), [42]);
  assert.deepEqual(third.bytes(0).slice(page, page + 1), [43]);
});

test('a fold that fails (a crash mid-transaction) leaves the last delta\'s generation; the retry writes the chunk whole', async () => {
  const idb = savedDatabase();
  const { store, saves, load, write, bytes } = tab(idb);
  load();
  write(0, 0, [42]);
  saves.noteChange();
  await saves.start('g1');
  const atG1 = bytes(0);
  write(0, 5 * page, [43]);
  store.refuse = Object.assign(new Error('the transaction was aborted'), { name: 'AbortError' });
  saves.noteChange();
  await saves.start('g2');
  const crashed = tab(idb);
  crashed.load();
  assert.deepEqual(crashed.bytes(0), atG1, 'nothing of the failed save landed: generation g1 whole');
  store.refuse = null;
  await saves.start('g3');
  assert.deepEqual(store.writes.at(-1), { puts: [chunk(0)], deletes: [delta(0)] }, 'after a failure the chunk is written whole');
  const later = tab(idb);
  later.load();
  assert.deepEqual(later.bytes(0), bytes(0));
});

test('a shrunk chunk, or one never loaded, is saved whole; a deleted chunk takes its delta with it', async () => {
  const idb = savedDatabase();
  const { m, FS, store, saves, load, write } = tab(idb);
  load();
  write(1, 0, [9]);
  saves.noteChange();
  await saves.start('g1');
  assert.deepEqual(store.writes.at(-1).puts, [delta(1)]);
  FS.unlink(chunk(1)); // the database shrank to one chunk
  write(0, 0, [8]);
  const node = FS.lookupPath(chunk(0)).node;
  node.seedTrack = null; // what SeedPageTracker does on a truncate
  saves.noteChange();
  await saves.start('g2');
  assert.deepEqual(store.writes.at(-1), { puts: [chunk(0)], deletes: [chunk(1), delta(1)] });
  assert.equal(idb.has(delta(1)), false);
  assert.equal(m.SeedChunkPlan.assemble({ [delta(3)]: { size: 1, pages: [0], contents: new Uint8Array(1) } }, page)[chunk(3)], undefined,
               'a delta without its chunk makes no file');
});
