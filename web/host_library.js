// The browser side of src/platform: the database file in IndexedDB, the cross-tab write lock, export and
// import, and the page's loading phases. Linked into the module with --js-library. C++ calls the seed_*
// functions below; they call back the seed_storage_on_* functions of src/platform/web_storage.cpp.
//
// The protocol (README, "Persistence"): every write happens in a *turn* that this tab holds the exclusive
// Web Lock for, with a copy of the database that is the latest in IndexedDB (checked inside the lock
// through a generation stamp stored beside the files; a stale copy is brought up to date first). The
// turn's change is saved, changed chunks and new stamp in one IndexedDB transaction, before the lock is
// released; other tabs learn of it through a BroadcastChannel and fetch the chunks that changed. All of
// this runs between frames, never inside one, so never in the middle of an SQLite transaction.
//
// Storage layout: IDBFS's own (database "/data", object store FILE_DATA, one {timestamp, mode, contents}
// record per file path), so FS.syncfs() and the files saved by earlier builds read the same data. The
// database is kept as fixed-size chunk files (src/platform/chunk_store.h), so a save writes only the
// chunks a commit touched: a chunk is dirty when its MEMFS timestamp is not 0 (every save and load
// sets it to 0; every write and truncate sets it to Date.now()), or it is new; a chunk that is gone is
// deleted. The meta record keeps a log of the last saves' changed and deleted paths, so a tab that is
// a few saves behind fetches just those; one further behind reloads every file.
// The writes are our own transactions rather than FS.syncfs(false): IDBFS 3.1.6 loses asynchronous
// IndexedDB errors (its handlers pass `this.error`, which is undefined there, and its callback never
// runs, so a quota error would leave "Saving…" forever), and it compares millisecond timestamps to
// decide what to write, which can skip a change made in the same millisecond as the previous save.

var SeedHostLibrary = {
  $SeedStorage__deps: ['$FS', '$IDBFS', 'malloc', 'free'],
  $SeedStorage: {
    lockName: 'seed-registration-database',
    channelName: 'seed-registration-database',
    metaKeyPrefix: 'seed-meta:', // + file path: {generation, savedAt, tab, layout, log}; no `timestamp`, so IDBFS ignores it
    layout: 'chunks-1',
    logLength: 50, // saves the meta record remembers: a tab that many saves behind still fetches only changes
    isChunk: function (name) { return /\.chunk\.\d{6}$/.test(name); }, // chunk_store.h's names
    maxImportBytes: 256 * 1024 * 1024,
    turnTimeoutMs: 1000,
    // 'strict': "Saved" means flushed to disk, so a crash of the browser or the machine keeps it. Measured
    // in headless Chromium: a 64 KiB put costs 1–3 ms either way, so nothing is gained by relaxing it.
    durability: 'strict',

    directory: null,
    path: null,
    channel: null,
    tab: Math.random().toString(36).slice(2, 10),

    // This tab's copy.
    loaded: false, // a copy was loaded from IndexedDB (or none was there)
    base: null, // generation of the IndexedDB copy ours started from; null if it had none
    changes: 0, // changes committed in this tab (turns, and the host's own work under the lock)
    savedChanges: 0, // of those, how many IndexedDB holds
    changeTimes: [], // performance.now() of each unsaved change, oldest first
    known: {}, // path → true for every file IndexedDB holds (as far as this tab knows)
    log: [], // the meta record's log: [{generation, changed: [paths], deleted: [paths]}], oldest first
    forceDirty: {}, // paths whose last save failed: written again by the next one

    // The lock session: everything that writes or reloads runs inside it.
    holding: false,
    sessionQueued: false,
    wake: null,
    jobs: [],
    turnWanted: false,
    turnActive: false,
    turnTimer: null,
    saving: false,
    failure: '', // why the last save failed; cleared by a successful one
    retryDelay: 0,
    retryAt: 0,
    retryTimer: null,
    reported: null,
    readFailed: false, // the last attempt to check for a newer copy could not read IndexedDB
    persistAsked: false,
    waiting: false, // a turn (or the first load) has waited over a second for the lock another tab holds
    waitingTimer: null,
    latencies: [], // milliseconds from a committed change to IndexedDB's success, the last 200
    saveMs: [], // milliseconds each save took, from reading the files to IndexedDB's success, the last 200
    nextRequest: 1, // window.registry.register() calls waiting for C++: id → {resolve, reject}
    requests: {},

    // --- Small helpers --------------------------------------------------------------------------------
    callWithString: function (fn, text) {
      var size = lengthBytesUTF8(text) + 1;
      var buffer = _malloc(size);
      stringToUTF8(text, buffer, size);
      try {
        return fn(buffer);
      } finally {
        _free(buffer);
      }
    },
    describeError: function (error) {
      if (!error) return 'unknown error';
      var name = error.name && error.name !== 'Error' ? error.name + ': ' : '';
      return name + (error.message || String(error));
    },
    unsaved: function () {
      return SeedStorage.changes > SeedStorage.savedChanges;
    },
    visible: function () {
      return typeof document === 'undefined' || document.visibilityState !== 'hidden';
    },
    newGeneration: function () {
      var random = new Uint32Array(2);
      crypto.getRandomValues(random);
      return Date.now().toString(36) + '-' + random[0].toString(36) + random[1].toString(36);
    },
    poke: function () {
      var wake = SeedStorage.wake;
      SeedStorage.wake = null;
      if (wake) wake();
    },

    // --- IndexedDB ------------------------------------------------------------------------------------
    database: function () {
      return new Promise(function (resolve, reject) {
        IDBFS.getDB(SeedStorage.directory, function (error, db) {
          if (error || !db) return reject(error || new Error('IndexedDB could not be opened'));
          if (!db.seedWatched) {
            db.seedWatched = true;
            // Closed under us (storage cleared, browser shutting down): open it again next time.
            db.onclose = function () { delete IDBFS.dbs[SeedStorage.directory]; };
            db.onversionchange = function () { db.close(); delete IDBFS.dbs[SeedStorage.directory]; };
          }
          resolve(db);
        });
      });
    },
    // Runs `body(store)` in one transaction; resolves with what body returned once it completed.
    transact: function (mode, body) {
      return SeedStorage.database().then(function (db) {
        return new Promise(function (resolve, reject) {
          var transaction;
          var result;
          var failed = false;
          function fail(error) {
            if (failed) return;
            failed = true;
            reject(error);
          }
          try {
            transaction = db.transaction([IDBFS.DB_STORE_NAME], mode, { durability: SeedStorage.durability });
          } catch (error) {
            delete IDBFS.dbs[SeedStorage.directory];
            return reject(error);
          }
          transaction.oncomplete = function () {
            if (!failed) resolve(result);
          };
          transaction.onabort = function () {
            fail(transaction.error || new Error('the IndexedDB transaction was aborted'));
          };
          try {
            result = body(transaction.objectStore(IDBFS.DB_STORE_NAME));
          } catch (error) {
            // Nothing of this transaction may land (it is all or nothing), so abort it.
            fail(error);
            try { transaction.abort(); } catch (ignored) { /* already finished */ }
          }
        });
      });
    },
    readMeta: function () {
      return SeedStorage.transact('readonly', function (store) {
        var found = { meta: null };
        store.get(SeedStorage.metaKeyPrefix + SeedStorage.path).onsuccess = function (event) {
          found.meta = event.target.result || null;
        };
        return found;
      }).then(function (found) { return found.meta; });
    },
    // The files under the mount IndexedDB holds: all of them (paths null), or those named.
    readFiles: function (paths) {
      return SeedStorage.transact('readonly', function (store) {
        var found = { records: {} };
        var keep = function (path, record) { if (record && record.contents) found.records[path] = record; };
        if (paths) {
          paths.forEach(function (path) {
            store.get(path).onsuccess = function (event) { keep(path, event.target.result); };
          });
        } else {
          // Two requests, not a cursor: each IndexedDB event waits for the page's thread, so one event
          // per record would cost a 50 MB database hundreds of round trips.
          var range = IDBKeyRange.bound(SeedStorage.directory + '/', SeedStorage.directory + '/\uffff');
          var keys = null;
          var values = null;
          var pair = function () {
            if (keys && values) keys.forEach(function (key, i) { keep(key, values[i]); });
          };
          store.getAllKeys(range).onsuccess = function (event) { keys = event.target.result; pair(); };
          store.getAll(range).onsuccess = function (event) { values = event.target.result; pair(); };
        }
        return found;
      }).then(function (found) { return found.records; });
    },
    // The files this tab keeps in IndexedDB: the database's chunks (and chunks of damaged copies kept
    // aside). Journals and import candidates are never saved.
    localFiles: function () {
      var names = FS.readdir(SeedStorage.directory);
      var files = {};
      names.forEach(function (name) {
        if (SeedStorage.isChunk(name)) files[SeedStorage.directory + '/' + name] = true;
      });
      return files;
    },
    markClean: function (path) {
      FS.utime(path, 0, 0); // MEMFS keeps one timestamp: 0 until the next write or truncate
    },
    // The dirty and deleted files, their records read now (a snapshot between frames), and the new meta
    // record, written in one transaction: all or nothing.
    writeChanges: function (generation) {
      var local = SeedStorage.localFiles();
      var changed = [];
      var records = [];
      Object.keys(local).forEach(function (path) {
        var node = FS.lookupPath(path).node;
        if (node.timestamp === 0 && SeedStorage.known[path] && !SeedStorage.forceDirty[path]) return;
        records.push({ path: path, record: { timestamp: Date.now(), mode: node.mode, contents: FS.readFile(path) } });
        changed.push(path);
        SeedStorage.markClean(path); // a write from now on makes it dirty again
      });
      var deleted = Object.keys(SeedStorage.known).filter(function (path) { return !local[path]; });
      var log = SeedStorage.log.concat([{ generation: generation, changed: changed, deleted: deleted }])
                               .slice(-SeedStorage.logLength);
      var saving = SeedStorage.transact('readwrite', function (store) {
        records.forEach(function (entry) { store.put(entry.record, entry.path); });
        deleted.forEach(function (path) { store.delete(path); });
        store.put({ generation: generation, savedAt: Date.now(), tab: SeedStorage.tab, layout: SeedStorage.layout, log: log },
                  SeedStorage.metaKeyPrefix + SeedStorage.path);
      });
      return saving.then(function () {
        changed.forEach(function (path) { SeedStorage.known[path] = true; delete SeedStorage.forceDirty[path]; });
        deleted.forEach(function (path) { delete SeedStorage.known[path]; });
        SeedStorage.log = log;
        return { bytes: records.reduce(function (sum, entry) { return sum + entry.record.contents.length; }, 0) };
      }, function (error) {
        changed.forEach(function (path) { SeedStorage.forceDirty[path] = true; });
        throw error;
      });
    },

    // --- The lock session -----------------------------------------------------------------------------
    withLock: function (body) {
      if (typeof navigator !== 'undefined' && navigator.locks && navigator.locks.request) {
        return navigator.locks.request(SeedStorage.lockName, { mode: 'exclusive' }, body);
      }
      // No Web Locks (browsers before 2022): one tab is safe, two may overwrite each other.
      if (!SeedStorage.warnedNoLocks) {
        SeedStorage.warnedNoLocks = true;
        console.warn('This browser has no Web Locks: use the app in one tab at a time.');
      }
      var previous = SeedStorage.localLock || Promise.resolve();
      var next = previous.then(function () { return body(); });
      SeedStorage.localLock = next.catch(function () {});
      return next;
    },
    // Makes sure a session runs soon (or wakes the running one).
    ensureSession: function () {
      if (SeedStorage.holding) return SeedStorage.poke();
      if (SeedStorage.sessionQueued) return;
      SeedStorage.sessionQueued = true;
      // Another tab holds the lock for long only while its save keeps failing: say why nothing happens.
      clearTimeout(SeedStorage.waitingTimer);
      SeedStorage.waitingTimer = setTimeout(function () {
        if (SeedStorage.sessionQueued && (SeedStorage.turnWanted || !SeedStorage.loaded)) SeedStorage.reportWaiting(true);
      }, 1000);
      SeedStorage.withLock(SeedStorage.runSession).catch(function (error) {
        SeedStorage.sessionQueued = false;
        console.error('The write lock failed: ' + SeedStorage.describeError(error));
      });
    },
    reportWaiting: function (waiting) {
      if (SeedStorage.waiting === waiting) return;
      SeedStorage.waiting = waiting;
      _seed_storage_on_waiting(waiting ? 1 : 0);
    },
    runSession: async function () {
      SeedStorage.sessionQueued = false;
      SeedStorage.holding = true;
      clearTimeout(SeedStorage.waitingTimer);
      SeedStorage.reportWaiting(false);
      try {
        try {
          await SeedStorage.ensureFresh();
        } catch (error) {
          SeedStorage.cannotRead(error);
          return;
        }
        if (SeedStorage.readFailed) {
          SeedStorage.readFailed = false;
          SeedStorage.failure = '';
          SeedStorage.retryDelay = 0;
          SeedStorage.reportState();
        }
        for (;;) {
          while (SeedStorage.jobs.length && !SeedStorage.turnActive) await SeedStorage.jobs.shift()();
          if (SeedStorage.turnWanted && !SeedStorage.turnActive && SeedStorage.visible()) SeedStorage.grantTurn();
          if (SeedStorage.unsaved() && !SeedStorage.saving && !SeedStorage.turnActive &&
              Date.now() >= SeedStorage.retryAt) {
            SeedStorage.startSave();
          }
          var busy = SeedStorage.jobs.length || SeedStorage.turnActive || SeedStorage.saving ||
                     SeedStorage.unsaved() || (SeedStorage.turnWanted && SeedStorage.visible());
          if (!busy) break;
          // Held on purpose while a save keeps failing: releasing the lock with unsaved changes would let
          // another tab write, and this tab's copy could then never be saved without losing that write.
          await new Promise(function (resolve) { SeedStorage.wake = resolve; });
        }
      } finally {
        SeedStorage.holding = false;
        SeedStorage.wake = null;
      }
    },
    // Inside the lock: brings this tab's copy up to date if IndexedDB holds a newer one (or none was
    // loaded yet): the files the newer saves changed, or every file when this tab is too far behind.
    ensureFresh: async function () {
      var meta = await SeedStorage.readMeta();
      var stored = meta ? meta.generation : null;
      if (SeedStorage.loaded && stored === SeedStorage.base) return;
      if (SeedStorage.loaded && SeedStorage.unsaved()) {
        // Impossible while changes are only made inside the lock and saved before it is released.
        console.error('IndexedDB changed while this tab had unsaved changes; keeping this tab\'s copy');
        return;
      }
      var log = meta && meta.layout === SeedStorage.layout && Array.isArray(meta.log) ? meta.log : [];
      var since = -1;
      if (SeedStorage.loaded && SeedStorage.base !== null) {
        for (var i = 0; i < log.length; i++) if (log[i].generation === SeedStorage.base) since = i;
      }
      var changed = null; // null: everything
      var deleted = [];
      if (since >= 0) {
        var changedSet = {};
        var deletedSet = {};
        log.slice(since + 1).forEach(function (entry) {
          entry.changed.forEach(function (path) { changedSet[path] = true; delete deletedSet[path]; });
          entry.deleted.forEach(function (path) { deletedSet[path] = true; delete changedSet[path]; });
        });
        changed = Object.keys(changedSet);
        deleted = Object.keys(deletedSet);
      }
      var records = await SeedStorage.readFiles(changed);
      var reason = SeedStorage.loaded ? 1 : 0;
      _seed_storage_on_close();
      try {
        if (changed === null) {
          // Everything: files IndexedDB no longer has go (another tab's deletions, a cleared store).
          Object.keys(SeedStorage.localFiles()).forEach(function (path) { if (!records[path]) FS.unlink(path); });
          SeedStorage.known = {};
        }
        deleted.forEach(function (path) {
          if (FS.analyzePath(path).exists) FS.unlink(path);
          delete SeedStorage.known[path];
        });
        Object.keys(records).forEach(function (path) {
          FS.writeFile(path, records[path].contents);
          SeedStorage.markClean(path);
          SeedStorage.known[path] = true;
        });
      } catch (error) { // out of memory, most likely: nothing can be opened
        SeedStorage.loaded = false;
        throw error;
      }
      SeedStorage.base = stored;
      SeedStorage.log = log;
      SeedStorage.lastLoad = { files: Object.keys(records).length, full: changed === null };
      SeedStorage.loaded = true;
      var outcome = _seed_storage_on_open(reason); // 0 opened, 1 opened and wrote (schema), 2 damaged, 3 failed
      if (outcome === 1) SeedStorage.noteChange();
    },
    cannotRead: function (error) {
      var message = SeedStorage.describeError(error);
      if (!SeedStorage.loaded) {
        SeedStorage.callWithString(_seed_storage_on_unavailable, message);
        return;
      }
      // The copy cannot be confirmed fresh, so no turn is granted; pending writes wait for the retry.
      SeedStorage.failure = 'IndexedDB could not be read: ' + message;
      SeedStorage.readFailed = true;
      SeedStorage.scheduleRetry();
      SeedStorage.reportState();
    },
    scheduleRetry: function () {
      SeedStorage.retryDelay = Math.min(30000, Math.max(1000, SeedStorage.retryDelay * 2));
      SeedStorage.retryAt = Date.now() + SeedStorage.retryDelay;
      clearTimeout(SeedStorage.retryTimer);
      SeedStorage.retryTimer = setTimeout(function () {
        SeedStorage.retryTimer = null;
        SeedStorage.ensureSession();
      }, SeedStorage.retryDelay);
    },
    retryNow: function () {
      SeedStorage.retryAt = 0;
      clearTimeout(SeedStorage.retryTimer);
      SeedStorage.retryTimer = null;
      SeedStorage.ensureSession();
    },
    grantTurn: function () {
      SeedStorage.turnWanted = false;
      if (!_seed_storage_on_turn_begin()) return; // no database open
      SeedStorage.turnActive = true;
      // The turn ends with the next frame; if frames stopped (hidden tab), end it here.
      SeedStorage.turnTimer = setTimeout(function () {
        if (SeedStorage.turnActive) SeedStorage.endTurn(_seed_storage_on_turn_revoke());
      }, SeedStorage.turnTimeoutMs);
    },
    endTurn: function (changed) {
      clearTimeout(SeedStorage.turnTimer);
      SeedStorage.turnActive = false;
      if (changed) SeedStorage.noteChange();
      SeedStorage.poke();
    },
    noteChange: function () {
      SeedStorage.changes++;
      SeedStorage.changeTimes.push(performance.now());
      SeedStorage.reportState();
    },
    startSave: function () {
      var target = SeedStorage.changes;
      var generation = SeedStorage.newGeneration();
      var saving;
      SeedStorage.saving = true;
      SeedStorage.reportState();
      var started = performance.now();
      try {
        saving = SeedStorage.writeChanges(generation); // reads the files now: a snapshot between frames
      } catch (error) {
        saving = Promise.reject(error);
      }
      saving.then(function (written) {
        var now = performance.now();
        SeedStorage.changeTimes.splice(0, target - SeedStorage.savedChanges).forEach(function (time) {
          SeedStorage.latencies.push(now - time);
        });
        if (SeedStorage.latencies.length > 200) SeedStorage.latencies.splice(0, SeedStorage.latencies.length - 200);
        SeedStorage.lastSaveBytes = written.bytes;
        SeedStorage.saveMs.push(now - started);
        if (SeedStorage.saveMs.length > 200) SeedStorage.saveMs.shift();
        SeedStorage.savedChanges = target;
        SeedStorage.base = generation;
        SeedStorage.failure = '';
        SeedStorage.retryDelay = 0;
        SeedStorage.retryAt = 0;
        if (SeedStorage.channel) SeedStorage.channel.postMessage({ type: 'saved', generation: generation });
        SeedStorage.askForPersistence();
        SeedStorage.updateSpace();
      }, function (error) {
        SeedStorage.failure = SeedStorage.describeError(error);
        console.warn('Save failed: ' + SeedStorage.failure);
        SeedStorage.scheduleRetry();
      }).then(function () {
        SeedStorage.saving = false;
        SeedStorage.reportState();
        SeedStorage.poke();
      });
    },
    // Tells C++ (and the page) the save state when it changes: 0 saved, 1 saving, 2 failed.
    reportState: function () {
      var state = SeedStorage.failure && (SeedStorage.unsaved() || SeedStorage.readFailed) ? 2
                : SeedStorage.unsaved() || SeedStorage.saving ? 1 : 0;
      var message = state === 2 ? SeedStorage.failure : '';
      var key = state + ':' + message;
      if (key === SeedStorage.reported) return;
      SeedStorage.reported = key;
      SeedStorage.callWithString(function (buffer) { _seed_storage_on_save_state(state, buffer); }, message);
      var page = Module['seedPage'];
      if (page && page.onSaveState) page.onSaveState(['saved', 'saving', 'failed'][state], message);
    },

    // --- Persistence permission and quota ---------------------------------------------------------------
    // Asked once the person has saved something worth keeping (Firefox shows a prompt for it).
    askForPersistence: function () {
      if (SeedStorage.persistAsked || !navigator.storage || !navigator.storage.persist) return;
      SeedStorage.persistAsked = true;
      navigator.storage.persisted().then(function (already) {
        return already || navigator.storage.persist();
      }).then(function (granted) {
        SeedStorage.persisted = granted ? 1 : 0;
        SeedStorage.updateSpace();
      }).catch(function () {});
    },
    updateSpace: function () {
      if (!navigator.storage || !navigator.storage.estimate) return;
      var persisted = navigator.storage.persisted ? navigator.storage.persisted() : Promise.resolve(null);
      Promise.all([persisted, navigator.storage.estimate()]).then(function (answers) {
        var flag = answers[0] === null ? -1 : answers[0] ? 1 : 0;
        SeedStorage.persisted = flag;
        SeedStorage.usage = answers[1].usage;
        SeedStorage.quota = answers[1].quota;
        _seed_storage_on_space(flag, Number(answers[1].usage) || 0, Number(answers[1].quota) || 0);
      }).catch(function () {});
    },

    // --- Export and import ---------------------------------------------------------------------------
    download: function (bytes, fileName, mimeType) {
      var url = URL.createObjectURL(new Blob([bytes], { type: mimeType }));
      var link = document.createElement('a');
      link.href = url;
      link.download = fileName;
      link.hidden = true;
      document.body.appendChild(link);
      link.click();
      link.remove();
      setTimeout(function () { URL.revokeObjectURL(url); }, 60000);
    },
    // Resolves with "" once the bytes replaced the data (and a save of them started), or with the reason
    // they were refused (the data is unchanged then).
    importBytes: function (bytes, displayName) {
      return new Promise(function (resolve) {
        // Beside the database (same file system: moved into place, not copied); never saved itself.
        var candidate = SeedStorage.directory + '/.import-candidate-' + Date.now() + '.db';
        FS.writeFile(candidate, bytes);
        SeedStorage.jobs.push(async function () {
          var problem = SeedStorage.callWithString(function (candidatePointer) {
            return SeedStorage.callWithString(function (namePointer) {
              return UTF8ToString(_seed_storage_on_import(candidatePointer, namePointer));
            }, displayName);
          }, candidate);
          if (!problem) SeedStorage.noteChange();
          resolve(problem);
        });
        SeedStorage.ensureSession();
      });
    },
    tooBig: function (size) {
      return 'the file is ' + Math.round(size / 1e6) + ' MB; at most ' +
             Math.round(SeedStorage.maxImportBytes / 1e6) + ' MB can be imported';
    },
    chooseFile: function () {
      var input = SeedStorage.fileInput;
      if (!input) {
        input = SeedStorage.fileInput = document.createElement('input');
        input.type = 'file';
        input.accept = '.db,.sqlite,.sqlite3,application/vnd.sqlite3,application/x-sqlite3';
        input.hidden = true;
        input.addEventListener('change', function () {
          var file = input.files && input.files[0];
          input.value = '';
          if (!file) return;
          if (file.size > SeedStorage.maxImportBytes) {
            SeedStorage.refuseImport(file.name, SeedStorage.tooBig(file.size));
            return;
          }
          file.arrayBuffer().then(function (buffer) {
            return SeedStorage.importBytes(new Uint8Array(buffer), file.name);
          }).catch(function (error) {
            SeedStorage.refuseImport(file.name, 'the file could not be read (' + SeedStorage.describeError(error) + ')');
          });
        });
        document.body.appendChild(input);
      }
      input.click();
    },
    // Refused before C++ saw it: too big, or unreadable.
    refuseImport: function (displayName, reason) {
      SeedStorage.callWithString(function (buffer) {
        _seed_storage_on_notice(buffer, 1);
      }, 'Import refused: ' + displayName + ': ' + reason + '. Your data is unchanged.');
    },

    // --- Start-up -------------------------------------------------------------------------------------
    start: function (directory, path) {
      SeedStorage.directory = directory;
      SeedStorage.path = path;
      try {
        if (typeof indexedDB === 'undefined') throw new Error('this browser offers no IndexedDB');
        FS.mkdir(directory);
        FS.mount(IDBFS, {}, directory);
      } catch (error) {
        SeedStorage.callWithString(_seed_storage_on_unavailable, SeedStorage.describeError(error));
        return;
      }
      if (typeof BroadcastChannel !== 'undefined') {
        SeedStorage.channel = new BroadcastChannel(SeedStorage.channelName);
        // Another tab saved: reload our copy (in a session, when this tab is between frames).
        // A hidden tab waits until it is shown (or writes: every turn checks first), which spares it
        // reloading a large file for each save of the tab in use.
        SeedStorage.channel.onmessage = function (event) {
          if (event.data && event.data.generation !== SeedStorage.base && SeedStorage.visible()) {
            SeedStorage.ensureSession();
          }
        };
      }
      // Frames stop in a hidden tab: end a turn at once, and push a save that is waiting for a retry.
      var leaving = function () {
        if (SeedStorage.turnActive) SeedStorage.endTurn(_seed_storage_on_turn_revoke());
        if (SeedStorage.unsaved()) SeedStorage.retryNow();
      };
      document.addEventListener('visibilitychange', function () {
        if (document.visibilityState === 'hidden') leaving();
        else SeedStorage.ensureSession(); // back: catch up with what other tabs saved meanwhile
      });
      window.addEventListener('pagehide', leaving);
      SeedStorage.installConsoleApi();
      SeedStorage.updateSpace();
      SeedStorage.ensureSession(); // loads the latest copy and opens it
    },

    // window.registry: for power users in the console, and for tests. README "Persistence" lists it.
    installConsoleApi: function () {
      window.registry = {
        saveState: function () {
          var sorted = SeedStorage.latencies.slice().sort(function (a, b) { return a - b; });
          var pick = function (q) { return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] : null; };
          return {
            state: ['saved', 'saving', 'failed'][Number((SeedStorage.reported || '0').split(':')[0])],
            error: SeedStorage.failure,
            unsavedChanges: SeedStorage.changes - SeedStorage.savedChanges,
            generation: SeedStorage.base,
            persisted: SeedStorage.persisted === 1 ? true : SeedStorage.persisted === 0 ? false : null,
            usage: SeedStorage.usage,
            quota: SeedStorage.quota,
            latencyMs: { count: sorted.length, p50: pick(0.5), p95: pick(0.95), last: SeedStorage.latencies.slice(-20) },
            lastSaveBytes: SeedStorage.lastSaveBytes || 0, // what the last save wrote to IndexedDB
            saveMs: SeedStorage.saveMs.slice(-20), // of those saves: reading the files + the IndexedDB transaction
            lastLoad: SeedStorage.lastLoad || null, // {files, full}: what the last (re)load fetched
          };
        },
        counts: function () {
          return JSON.parse(UTF8ToString(_seed_storage_counts()));
        },
        exportDb: function () {
          var sizePointer = _malloc(4);
          try {
            var pointer = _seed_storage_snapshot(sizePointer);
            return HEAPU8.slice(pointer, pointer + HEAP32[sizePointer >> 2]);
          } finally {
            _free(sizePointer);
          }
        },
        // Registers a user as the register form does (validation, Argon2id, this tab's write turn).
        // Resolves with {id, username} once committed (saveState() tells when it is saved); rejects with
        // the form's messages.
        register: function (user) {
          user = user || {};
          return new Promise(function (resolve, reject) {
            var id = SeedStorage.nextRequest++;
            var fields = [user.username, user.email, user.password].map(function (value) { return String(value == null ? '' : value); });
            var pointers = fields.map(function (text) {
              var size = lengthBytesUTF8(text) + 1;
              var pointer = _malloc(size);
              stringToUTF8(text, pointer, size);
              return pointer;
            });
            var queued;
            try {
              queued = _seed_console_register(id, pointers[0], pointers[1], pointers[2]);
            } finally {
              pointers.forEach(function (pointer) { _free(pointer); });
            }
            if (!queued) return reject(new Error('too many registrations are waiting; try again when they are done'));
            SeedStorage.requests[id] = { resolve: resolve, reject: reject };
          });
        },
        importDb: function (bytes) {
          var data = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
          if (data.length > SeedStorage.maxImportBytes) {
            return Promise.reject(new Error(SeedStorage.tooBig(data.length)));
          }
          return SeedStorage.importBytes(data, 'the imported bytes').then(function (problem) {
            if (problem) throw new Error(problem);
            return window.registry.counts();
          });
        },
      };
    },
  },

  seed_storage_start__deps: ['$SeedStorage'],
  seed_storage_start: function (directoryPointer, pathPointer) {
    SeedStorage.start(UTF8ToString(directoryPointer), UTF8ToString(pathPointer));
  },

  seed_storage_request_turn__deps: ['$SeedStorage'],
  seed_storage_request_turn: function () {
    SeedStorage.turnWanted = true;
    SeedStorage.ensureSession();
  },

  seed_storage_end_turn__deps: ['$SeedStorage'],
  seed_storage_end_turn: function (changed) {
    SeedStorage.endTurn(changed !== 0);
  },

  seed_storage_retry_save__deps: ['$SeedStorage'],
  seed_storage_retry_save: function () {
    SeedStorage.retryNow();
  },

  seed_storage_download__deps: ['$SeedStorage'],
  seed_storage_download: function (bytesPointer, size, namePointer, mimePointer) {
    SeedStorage.download(HEAPU8.slice(bytesPointer, bytesPointer + size), UTF8ToString(namePointer),
                         UTF8ToString(mimePointer));
  },

  seed_storage_choose_import__deps: ['$SeedStorage'],
  seed_storage_choose_import: function () {
    SeedStorage.chooseFile();
  },

  seed_storage_request_start_fresh__deps: ['$SeedStorage'],
  seed_storage_request_start_fresh: function () {
    SeedStorage.jobs.push(async function () {
      var kept = UTF8ToString(_seed_storage_on_start_fresh());
      if (!kept) return; // another tab did it already, and this tab has reloaded its copy
      SeedStorage.noteChange(); // the next save stores the kept chunks under their new names too
    });
    SeedStorage.ensureSession();
  },

  seed_console_settle__deps: ['$SeedStorage'],
  seed_console_settle: function (id, outcomePointer) {
    var request = SeedStorage.requests[id];
    delete SeedStorage.requests[id];
    if (!request) return;
    var outcome = JSON.parse(UTF8ToString(outcomePointer));
    if (outcome.ok) request.resolve({ id: outcome.id, username: outcome.username });
    else request.reject(new Error(outcome.error));
  },

  // Input the person gave since the last call: the host draws frames only when something happened
  // (src/platform/frame_pacer.h). Listened for on the window, in the capture phase, never consumed.
  seed_page_take_input: function () {
    var page = Module['seedInput'];
    if (!page) {
      page = Module['seedInput'] = { seen: true };
      ['pointerdown', 'pointermove', 'pointerup', 'pointercancel', 'mousedown', 'mousemove', 'mouseup', 'wheel',
       'touchstart', 'touchmove', 'touchend', 'keydown', 'keyup', 'keypress', 'input', 'compositionstart',
       'compositionupdate', 'compositionend', 'paste', 'focus', 'blur', 'resize', 'visibilitychange'].forEach(function (type) {
        window.addEventListener(type, function () { page.seen = true; }, { capture: true, passive: true });
      });
    }
    var seen = page.seen;
    page.seen = false;
    return seen ? 1 : 0;
  },

  seed_page_set_phase: function (phasePointer) {
    var page = Module['seedPage'];
    if (page && page.setPhase) page.setPhase(UTF8ToString(phasePointer));
  },
};

mergeInto(LibraryManager.library, SeedHostLibrary);
