// IndexedDB as this host uses it (wa-sqlite's IDBContext, for us): IDBFS's database and object store, so
// the records earlier builds and FS.syncfs() wrote read the same, one transaction per call, all or
// nothing. It knows records and transactions; nothing of chunks, locks, tabs or C++.
//
//   var store = new SeedIdbStore('/data', 'seed-meta:/data/registration.db', 'seed-delta:/data/');
//   store.readMeta('/data/registration.db.chunk.')  // {meta (null if none), records: how many chunks}
//   store.readFiles(null)                            // every record under /data/ and under 'seed-delta:/data/'
//   store.readsAs(Module.seedStoredRead's answer)    // that read took the same records (loader.js)
//   store.write([{path, record}], ['/data/gone'], {generation, …})   // one transaction
//
// One error path: every call returns a promise; it rejects with IndexedDB's error (a DOMException such
// as QuotaExceededError, or the transaction's abort reason), never throws, and a transaction that failed
// part-way has stored nothing. The connection is IDBFS's (IDBFS.getDB): opened once, reopened after the
// browser closes it (storage cleared, another version asked for it). Opening, and readMeta() (one record
// and a count), reject once IndexedDB has not answered for answerDeadlineMs: on a full disk Chromium can
// leave an open request or a read unanswered for good (seen in CI), and a start-up waiting on it would
// show "Opening database…" forever instead of saying why and trying again (SeedTabSync.cannotRead).
class SeedIdbStore {
  constructor(name, metaKey, otherPrefix) {
    this.name = name; // IDBFS names the database after the mount point
    this.otherPrefix = otherPrefix || null; // records of ours beside the files (SeedChunkPlan's deltas), read with them
    this.metaKey = metaKey; // the meta record: {generation, savedAt, tab, layout, log}; no `timestamp`, so IDBFS ignores it
    // 'strict': a transaction completes once its data is flushed to disk, so a crash of the browser or
    // the machine keeps what showed "Saved". Measured in headless Chromium: a 64 KiB put costs 1–3 ms
    // either way, so nothing is gained by relaxing it.
    this.durability = 'strict';
    // Generous: opening and the meta read (one record, one count of keys) do not grow with the database.
    // Reads of the files have no deadline: their time does.
    this.answerDeadlineMs = 10000;
  }

  // The error of a request IndexedDB left unanswered.
  unanswered(what) {
    return new Error('IndexedDB did not answer ' + what + ' within ' + Math.round(this.answerDeadlineMs / 1000) + ' s');
  }

  database() {
    var name = this.name;
    var store = this;
    return new Promise(function (resolve, reject) {
      var timer = IDBFS.dbs[name] ? null : setTimeout(function () { reject(store.unanswered('the request to open it')); },
                                                       store.answerDeadlineMs);
      IDBFS.getDB(name, function (error, db) {
        clearTimeout(timer); // answered late, the connection is kept for the next call (IDBFS.dbs)
        if (error || !db) return reject(error || new Error('IndexedDB refused to open'));
        if (!db.seedWatched) {
          db.seedWatched = true;
          // Closed under us (storage cleared, browser shutting down): open it again next time.
          db.onclose = function () { delete IDBFS.dbs[name]; };
          db.onversionchange = function () { db.close(); delete IDBFS.dbs[name]; };
        }
        resolve(db);
      });
    });
  }

  // Runs `body(objectStore)` in one transaction; resolves with what body returned once the transaction
  // completed. If body throws, the transaction is aborted: nothing of it lands. With `deadline` (a
  // readonly transaction's name for the error), a transaction not complete within answerDeadlineMs is
  // aborted and the connection dropped, so the next call opens a new one.
  transact(mode, body, deadline) {
    var store = this;
    return this.database().then(function (db) {
      return new Promise(function (resolve, reject) {
        var transaction;
        var result;
        var failed = false;
        var timer = null;
        function fail(error) {
          clearTimeout(timer);
          if (failed) return;
          failed = true;
          reject(error);
        }
        try {
          transaction = db.transaction([IDBFS.DB_STORE_NAME], mode, { durability: store.durability });
        } catch (error) {
          delete IDBFS.dbs[store.name]; // a closed connection throws here: the next call reopens it
          return reject(error);
        }
        transaction.oncomplete = function () {
          clearTimeout(timer);
          if (!failed) resolve(result);
        };
        if (deadline) {
          timer = setTimeout(function () {
            fail(store.unanswered(deadline));
            try { transaction.abort(); } catch (ignored) { /* finished meanwhile */ }
            if (IDBFS.dbs[store.name] === db) delete IDBFS.dbs[store.name];
            db.close(); // once its transactions are done, if ever
          }, store.answerDeadlineMs);
        }
        transaction.onabort = function () {
          fail(transaction.error || new Error('the IndexedDB transaction was aborted'));
        };
        try {
          result = body(transaction.objectStore(IDBFS.DB_STORE_NAME));
        } catch (error) {
          fail(error);
          try { transaction.abort(); } catch (ignored) { /* already finished */ }
        }
      });
    });
  }

  // {meta, records}: the meta record (null if IndexedDB holds none: a first visit, or an earlier build's
  // data) and how many records there are whose key starts with `prefix` (the database's chunks), so
  // that records lost behind the app's back show without reading them.
  readMeta(prefix) {
    var key = this.metaKey;
    return this.transact('readonly', function (store) {
      var found = { meta: null, records: 0 };
      store.get(key).onsuccess = function (event) { found.meta = event.target.result || null; };
      store.count(IDBKeyRange.bound(prefix, prefix + '\uffff')).onsuccess = function (event) { found.records = event.target.result; };
      return found;
    }, 'a read of the saved state');
  }

  // The records with contents under the mount and under `otherPrefix`: all of them (paths null), or
  // those named that exist. Resolves with {key: record}.
  readFiles(paths) {
    var prefixes = this.filePrefixes();
    return this.transact('readonly', function (store) {
      var found = { records: {} };
      var keep = function (path, record) { if (record && record.contents) found.records[path] = record; };
      if (paths) {
        paths.forEach(function (path) {
          store.get(path).onsuccess = function (event) { keep(path, event.target.result); };
        });
      } else {
        // Two requests a range, not a cursor: each IndexedDB event waits for the page's thread, so one
        // event per record would cost a 50 MB database hundreds of round trips.
        prefixes.forEach(function (prefix) {
          var range = IDBKeyRange.bound(prefix, prefix + '\uffff');
          var keys = null;
          var values = null;
          var pair = function () {
            if (keys && values) keys.forEach(function (key, i) { keep(key, values[i]); });
          };
          store.getAllKeys(range).onsuccess = function (event) { keys = event.target.result; pair(); };
          store.getAll(range).onsuccess = function (event) { values = event.target.result; pair(); };
        });
      }
      return found;
    }).then(function (found) { return found.records; });
  }

  // The key ranges readFiles(null) reads: under the mount, and under `otherPrefix`.
  filePrefixes() {
    return [this.name + '/'].concat(this.otherPrefix ? [this.otherPrefix] : []);
  }

  // Whether `read` ({database, metaKey, prefixes}), a read made without this class (the page's, while
  // the wasm compiled: web/site/loader.js), took the records readMeta() and readFiles(null) take.
  readsAs(read) {
    return Boolean(read) && read.database === this.name && read.metaKey === this.metaKey &&
           Array.isArray(read.prefixes) && read.prefixes.join('\n') === this.filePrefixes().join('\n');
  }

  // Stores `puts` ([{path, record}]), deletes `deletes` ([path]) and replaces the meta record with
  // `meta`, in one transaction.
  write(puts, deletes, meta) {
    var key = this.metaKey;
    return this.transact('readwrite', function (store) {
      puts.forEach(function (entry) { store.put(entry.record, entry.path); });
      deletes.forEach(function (path) { store.delete(path); });
      store.put(meta, key);
    });
  }
}

mergeInto(LibraryManager.library, {
  $SeedIdbStore__deps: ['$IDBFS'],
  $SeedIdbStore: '=' + SeedIdbStore,
});
