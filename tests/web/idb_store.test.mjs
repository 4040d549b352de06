// SeedIdbStore (web/host_library_idb_store.js): on a full disk Chromium can leave an open request or a
// small read unanswered for good; the store then rejects with a sentence instead of waiting forever, so
// the start-up says why and tries again. IndexedDB is a stand-in that answers only when told to.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadModules } from './library.mjs';

// IDBFS.getDB, which answers only if `opens`, with a database whose transactions complete only if `completes`.
function standIn({ opens = true, completes = true } = {}) {
  const closed = [];
  const db = {
    transaction() {
      const transaction = {
        aborted: false,
        objectStore: () => ({ get: () => ({}), count: () => ({}), getAll: () => ({}), getAllKeys: () => ({}) }),
        abort() { transaction.aborted = true; },
      };
      if (completes) setTimeout(() => transaction.oncomplete(), 1);
      db.last = transaction;
      return transaction;
    },
    close() { closed.push(true); },
  };
  const IDBFS = {
    DB_STORE_NAME: 'FILE_DATA',
    dbs: {},
    getDB(name, callback) {
      if (opens) setTimeout(() => { IDBFS.dbs[name] = db; callback(null, db); }, 1);
    },
  };
  const { SeedIdbStore } = loadModules(['host_library_idb_store.js'], { IDBFS, IDBKeyRange: { bound: () => ({}) } });
  const store = new SeedIdbStore('/data', 'seed-meta:/data/registration.db', 'seed-delta:/data/');
  store.answerDeadlineMs = 30;
  return { store, IDBFS, db, closed };
}

test('an open request IndexedDB never answers rejects with a sentence', async () => {
  const { store } = standIn({ opens: false });
  await assert.rejects(store.readMeta('/data/registration.db.chunk.'),
                       { message: /^IndexedDB did not answer the request to open it within \d+ s$/ });
});

test('a meta read that never completes is aborted, its connection dropped for the next call to open anew', async () => {
  const { store, IDBFS, db, closed } = standIn({ completes: false });
  await assert.rejects(store.readMeta('/data/registration.db.chunk.'),
                       { message: /^IndexedDB did not answer a read of the saved state within \d+ s$/ });
  assert.equal(db.last.aborted, true);
  assert.equal(IDBFS.dbs['/data'], undefined, 'the connection is no longer reused');
  assert.deepEqual(closed, [true]);
});

test('answered in time, nothing is cut short; reads of the files wait as long as they take', async () => {
  const { store } = standIn();
  assert.deepEqual(JSON.parse(JSON.stringify(await store.readMeta('/data/registration.db.chunk.'))), { meta: null, records: 0 });
  const slow = standIn({ completes: false });
  let settled = false;
  slow.store.readFiles(null).finally(() => { settled = true; });
  await new Promise((resolve) => setTimeout(resolve, 100));
  assert.equal(settled, false, 'a large read is not given up by the deadline');
});
