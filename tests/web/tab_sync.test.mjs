// SeedTabSync (web/host_library_tab_sync.js): what a session's first step loads, and that it never opens
// an empty database over data the browser lost: at start it shows the loss instead; while open, it
// stores this tab's copy again. IndexedDB is a stand-in holding records in a Map.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hostCodes, loadModules } from './library.mjs';
import { memoryFs } from './memory_fs.mjs';

const { Initial, ChangedElsewhere } = hostCodes.codes.OpenReason.values;
const path = '/data/registration.db';
const chunk = (n) => `${path}.chunk.${String(n).padStart(6, '0')}`;

function setUp({ records = {}, meta = null, remembered = null, earlyRead = null } = {}) {
  const FS = memoryFs('/data');
  const m = loadModules(['host_library_text.js', 'host_library_chunk_plan.js', 'host_library_saved_record.js', 'host_library_idb_store.js',
                         'host_library_page_tracker.js', 'host_library_local_copy.js', 'host_library_save_loop.js', 'host_library_tab_sync.js'], { FS });
  const ranges = new m.SeedIdbStore('/data', 'seed-meta:' + path, 'seed-delta:/data/'); // the real one's key ranges
  const idb = new Map(Object.entries(records).map(([key, bytes]) => [key, { contents: new Uint8Array(bytes) }]));
  if (meta) idb.set('meta', meta);
  const reads = [];
  const store = {
    readsAs: (read) => ranges.readsAs(read),
    readMeta: async (prefix) => ({ meta: idb.get('meta') || null, records: [...idb.keys()].filter((k) => k.startsWith(prefix)).length }),
    readFiles: async (paths) => {
      reads.push(paths);
      const found = {};
      for (const [key, record] of idb) if (key !== 'meta' && (!paths || paths.includes(key))) found[key] = record;
      return found;
    },
    write: async (puts, deletes, newMeta) => {
      puts.forEach(({ path: key, record }) => idb.set(key, record));
      deletes.forEach((key) => idb.delete(key));
      idb.set('meta', newMeta);
    },
  };
  const calls = [];
  const native = {
    open: (reason) => { calls.push(`open ${reason}`); return 0; },
    close: () => {},
    unavailable: (reason) => calls.push(`unavailable ${reason}`),
    dataMissing: (text) => calls.push(`missing ${text}`),
  };
  const items = new Map(remembered ? [['seed-saved:' + path, JSON.stringify(remembered)]] : []);
  const savedRecord = new m.SeedSavedRecord('seed-saved:' + path, { getItem: (k) => items.get(k) ?? null, setItem: (k, v) => items.set(k, v) });
  const copy = new m.SeedLocalCopy('/data', path, 'chunks-1', 50, 'tab');
  const saves = new m.SeedSaveLoop(copy, store, { report() {}, saved() {}, retryDue() {}, settled() {} });
  const sync = new m.SeedTabSync(store, copy, saves, native, savedRecord, 'channel', earlyRead);
  return { FS, idb, reads, store, calls, copy, saves, sync };
}

const savedMeta = (generation, sequence, chunks, bytes, log = []) =>
  ({ generation, sequence, chunks, bytes, savedAt: Date.now(), layout: 'chunks-1', log });
// What web/site/loader.js's readStored() resolves with.
const earlyOf = (meta, stored) => ({ database: '/data', metaKey: 'seed-meta:' + path, prefixes: ['/data/', 'seed-delta:/data/'], meta, stored });

test('a first load reads every file and opens them', async () => {
  const { FS, calls, copy, sync } = setUp({ records: { [chunk(0)]: [1, 2], [chunk(1)]: [3] }, meta: savedMeta('g1', 1, 2, 3) });
  await sync.catchUp();
  assert.deepEqual(calls, [`open ${Initial}`]);
  assert.deepEqual([...FS.readFile(chunk(1))], [3]);
  assert.equal(copy.base, 'g1');
  assert.equal(copy.sequence, 1);
});

test('every record gone while localStorage remembers a save: the loss is shown, nothing is opened', async () => {
  const { calls, copy, sync } = setUp({ remembered: { sequence: 9, generation: 'g9', bytes: 131072, chunks: 2, savedAt: Date.now() } });
  await sync.catchUp();
  assert.equal(calls.length, 1);
  assert.match(calls[0], /^missing This browser's storage holds nothing of the database of 131\.1 KB saved on /);
  assert.equal(copy.sequence, 9, 'a fresh start counts past the lost save, or the next start would take it for lost again');
  assert.equal(sync.missing, true);
});

test('chunks deleted behind the app\'s back: shown as a loss; the remains stay loaded, to be kept aside', async () => {
  const { FS, calls, sync } = setUp({ records: { [chunk(1)]: [3] }, meta: savedMeta('g4', 4, 2, 65539) });
  await sync.catchUp();
  assert.match(calls[0], /^missing This browser's storage holds 1 of the 2 parts/);
  assert.deepEqual([...FS.readFile(chunk(1))], [3]);
  assert.equal(calls.length, 1, 'not opened');
});

test('IndexedDB losing the saved copy while the tab is open: the next save writes every file again', async () => {
  const { idb, calls, copy, saves, sync } = setUp({ records: { [chunk(0)]: [1], [chunk(1)]: [2] }, meta: savedMeta('g1', 1, 2, 2) });
  await sync.catchUp();
  idb.clear(); // Chromium dropped its store (a full disk), the tab is still open
  await sync.catchUp();
  assert.equal(saves.unsaved(), true);
  await saves.start('g2');
  assert.deepEqual([...idb.keys()].sort(), [chunk(0), chunk(1), 'meta']);
  assert.equal(idb.get('meta').sequence, 2);
  assert.deepEqual(calls, [`open ${Initial}`], 'the open copy was kept, not reloaded');
  assert.equal(copy.base, 'g2');
});

test('a tab two saves behind fetches only the chunks those saves changed, then reopens', async () => {
  const { idb, reads, calls, sync } = setUp({ records: { [chunk(0)]: [1], [chunk(1)]: [2], [chunk(2)]: [3] },
                                                 meta: savedMeta('g1', 1, 3, 3, [{ generation: 'g1', changed: [], deleted: [] }]) });
  await sync.catchUp();
  idb.set(chunk(1), { contents: new Uint8Array([20]) });
  idb.delete(chunk(2));
  idb.set('meta', savedMeta('g3', 3, 2, 2, [{ generation: 'g1', changed: [], deleted: [] },
                                            { generation: 'g2', changed: [chunk(1)], deleted: [] },
                                            { generation: 'g3', changed: [], deleted: [chunk(2)] }]));
  await sync.catchUp();
  assert.deepEqual(JSON.parse(JSON.stringify(reads)), [null, [chunk(1), `seed-delta:${chunk(1)}`]], 'the chunk and its delta, if any');
  assert.deepEqual(calls, [`open ${Initial}`, `open ${ChangedElsewhere}`]);
});

test('the page\'s early read (during the wasm\'s compile) is used when IndexedDB still holds that generation', async () => {
  const meta = savedMeta('g1', 1, 2, 3);
  const stored = { [chunk(0)]: { contents: new Uint8Array([1, 2]) }, [chunk(1)]: { contents: new Uint8Array([3]) },
                   [`seed-delta:${chunk(1)}`]: { size: 1, pages: [0], contents: new Uint8Array([4]) } };
  const { FS, reads, calls, copy, sync } = setUp({ records: { [chunk(0)]: [1, 2], [chunk(1)]: [3] }, meta,
                                                   earlyRead: Promise.resolve(earlyOf(meta, stored)) });
  await sync.catchUp();
  assert.deepEqual(reads, [], 'IndexedDB was not read again');
  assert.deepEqual([...FS.readFile(chunk(1))], [4], 'the chunk with its delta applied');
  assert.equal(copy.lastLoad.early, true);
  assert.deepEqual(calls, [`open ${Initial}`]);
});

test('an early read of an older generation, or of more chunks than are left, is dropped and IndexedDB read again', async () => {
  const stale = earlyOf(savedMeta('g0', 1, 1, 1), { [chunk(0)]: { contents: new Uint8Array([9]) } });
  const first = setUp({ records: { [chunk(0)]: [1, 2], [chunk(1)]: [3] }, meta: savedMeta('g1', 1, 2, 3), earlyRead: Promise.resolve(stale) });
  await first.sync.catchUp();
  assert.deepEqual(JSON.parse(JSON.stringify(first.reads)), [null]);
  assert.deepEqual([...first.FS.readFile(chunk(0))], [1, 2]);

  const meta = savedMeta('g1', 1, 2, 3);
  const more = earlyOf(meta, { [chunk(0)]: { contents: new Uint8Array([1, 2]) }, [chunk(1)]: { contents: new Uint8Array([3]) } });
  const second = setUp({ records: { [chunk(0)]: [1, 2] }, meta, earlyRead: Promise.resolve(more) });
  await second.sync.catchUp();
  assert.deepEqual(JSON.parse(JSON.stringify(second.reads)), [null], 'a chunk went missing since: read again (and the loss shows)');
  assert.match(second.calls[0], /^missing /);
  const failed = setUp({ records: { [chunk(0)]: [1] }, meta: savedMeta('g1', 1, 1, 1), earlyRead: Promise.reject(new Error('x')) });
  await failed.sync.catchUp();
  assert.deepEqual(JSON.parse(JSON.stringify(failed.reads)), [null], 'a failed early read is no failure');
  const hanging = setUp({ records: { [chunk(0)]: [1] }, meta: savedMeta('g1', 1, 1, 1), earlyRead: new Promise(() => {}) });
  hanging.sync.earlyReadWaitMs = 20;
  await hanging.sync.catchUp();
  assert.deepEqual(JSON.parse(JSON.stringify(hanging.reads)), [null], 'an early read that never answers (a full disk) is given up');
  assert.deepEqual(hanging.calls, [`open ${Initial}`]);

  // Read under other names than the host reads (a loader out of step with the host): never trusted.
  for (const other of [{ metaKey: 'seed-meta:/data/other.db' }, { database: '/elsewhere' }, { prefixes: ['/data/'] }, { prefixes: undefined }]) {
    const m1 = savedMeta('g1', 1, 1, 1);
    const early = { ...earlyOf(m1, { [chunk(0)]: { contents: new Uint8Array([7]) } }), ...other };
    const mismatch = setUp({ records: { [chunk(0)]: [1] }, meta: m1, earlyRead: Promise.resolve(early) });
    await mismatch.sync.catchUp();
    assert.deepEqual(JSON.parse(JSON.stringify(mismatch.reads)), [null], `read again: ${JSON.stringify(other)}`);
    assert.deepEqual([...mismatch.FS.readFile(chunk(0))], [1]);
    assert.equal(mismatch.copy.lastLoad.early, false);
  }

  // The page found no meta record (a first visit, the single-file layout): null, read as before.
  const none = setUp({ records: { [chunk(0)]: [1] }, meta: savedMeta('g1', 1, 1, 1), earlyRead: Promise.resolve(null) });
  await none.sync.catchUp();
  assert.deepEqual(JSON.parse(JSON.stringify(none.reads)), [null]);
});
