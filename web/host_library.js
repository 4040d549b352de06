// The browser side of src/platform: the database file in IndexedDB, the cross-tab write lock, catching
// up with other tabs, saving, import and the console API. Linked into the module with --js-library, with
// its modules (each readable alone, each with one error path):
//
//   host_library_codes.js           SeedCodes: the integer codes shared with C++ (generated from
//                                   src/platform/host_codes.json)
//   host_library_text.js            SeedText: strings to and from C++, errors as text
//   host_library_native.js          SeedNative: every call into C++ (web_storage.cpp)
//   host_library_idb_store.js       SeedIdbStore: IndexedDB records and transactions
//   host_library_chunk_plan.js      SeedChunkPlan: which chunks to write, delete, fetch; delta records (pure)
//   host_library_page_tracker.js    SeedPageTracker: which 4 KiB pages of each chunk changed since saved
//   host_library_local_copy.js      SeedLocalCopy: this tab's copy in MEMFS, and what it matches
//   host_library_saved_record.js    SeedSavedRecord: proof (in localStorage) that data was saved
//   host_library_write_lock.js      SeedWriteLock: the exclusive Web Lock
//   host_library_turn_scheduler.js  SeedTurnScheduler: the lock session (catch up, jobs, turns, saves)
//   host_library_tab_sync.js        SeedTabSync: BroadcastChannel, fetching other tabs' saves
//   host_library_save_loop.js       SeedSaveLoop: saving, retries, the save state
//   host_library_storage_space.js   SeedStorageSpace: persistence permission, usage and quota
//   host_library_import.js          SeedImport: the file chooser and importDb's bytes
//   host_library_console_api.js     SeedConsoleApi: window.registry
//   host_library_page.js            the page's input and loading phases (for web_main.cpp)
//   host_library_pointer.js         touch and wheel taken from Emscripten's GLFW (browser_pointer_input.cpp)
//   host_library_appearance.js      prefers-color-scheme, forced-colors, the remembered View choice
//   host_library_session_token.js   the signed-in tab's session token, in sessionStorage
//   host_library_password_strength.js zxcvbn, loaded on first use (browser_password_strength.cpp)
//   host_library_glyph_font.js      the CJK font, fetched when such text is first drawn (web_main.cpp)
//
// C++ calls the seed_storage_* functions below; the modules call back through SeedNative.
//
// The protocol (README, "Persistence"): every write happens in a *turn* that this tab holds the exclusive
// Web Lock for, with a copy of the database that is the latest in IndexedDB (checked inside the lock
// through a generation stamp stored beside the files; a stale copy is brought up to date first). The
// turn's change is saved, changed chunks and new stamp in one IndexedDB transaction, before the lock is
// released; other tabs learn of it through a BroadcastChannel and fetch the chunks that changed. All of
// this runs between frames, never inside one, so never in the middle of an SQLite transaction.
//
// Storage layout: IDBFS's own (database "/data", object store FILE_DATA, one {timestamp, mode, contents}
// record per file path), so FS.syncfs() and the files saved by earlier builds read the same data, plus a
// meta record (generation, log of the last saves' paths). The writes are our own transactions rather
// than FS.syncfs(false): IDBFS 3.1.6 loses asynchronous IndexedDB errors (its handlers pass
// `this.error`, which is undefined there, and its callback never runs, so a quota error would leave
// "Saving…" forever), and it compares millisecond timestamps to decide what to write, which can skip a
// change made in the same millisecond as the previous save.

var SeedHostLibrary = {
  $SeedHost__deps: ['$FS', '$IDBFS', '$MEMFS', '$SeedPageTracker', '$SeedChunkPlan', '$SeedCodes', '$SeedText', '$SeedNative', '$SeedIdbStore', '$SeedLocalCopy', '$SeedSavedRecord',
                    '$SeedWriteLock', '$SeedTurnScheduler', '$SeedTabSync', '$SeedSaveLoop', '$SeedStorageSpace',
                    '$SeedImport', '$SeedConsoleApi'],
  $SeedHost: {
    lockName: 'seed-registration-database',
    channelName: 'seed-registration-database',
    metaKeyPrefix: 'seed-meta:', // + the database's path
    savedRecordPrefix: 'seed-saved:', // + the database's path: the localStorage key of SeedSavedRecord
    layout: 'chunks-2', // chunks-1 and a delta record of changed pages per chunk (SeedChunkPlan); chunks-1 had no deltas
    logLength: 50, // saves the meta record remembers: a tab that many saves behind still fetches only changes
    tab: null,
    // The modules, made by start(); null before.
    native: null,
    sync: null,
    scheduler: null,
    saves: null,
    importer: null,
    console: null,

    // window.localStorage, or null where reading it throws (blocked by the browser's settings).
    browserLocalStorage: function () {
      try {
        return typeof localStorage !== 'undefined' ? localStorage : null;
      } catch (error) {
        return null;
      }
    },

    newGeneration: function () {
      var random = new Uint32Array(2);
      crypto.getRandomValues(random);
      return Date.now().toString(36) + '-' + random[0].toString(36) + random[1].toString(36);
    },

    start: function (directory, path) {
      var native = SeedHost.native = new SeedNative();
      try {
        if (typeof indexedDB === 'undefined') throw new Error('this browser offers no IndexedDB');
        FS.mkdir(directory);
        FS.mount(IDBFS, {}, directory);
        SeedPageTracker.install(MEMFS); // before any chunk is loaded: saves store the pages that changed
      } catch (error) {
        native.unavailable(SeedText.describeError(error));
        return;
      }
      SeedHost.tab = Math.random().toString(36).slice(2, 10);
      var store = new SeedIdbStore(directory, SeedHost.metaKeyPrefix + path, SeedChunkPlan.deltaKey(directory + '/'));
      var copy = new SeedLocalCopy(directory, path, SeedHost.layout, SeedHost.logLength, SeedHost.tab);
      var savedRecord = new SeedSavedRecord(SeedHost.savedRecordPrefix + path, SeedHost.browserLocalStorage());
      var space = new SeedStorageSpace(native);
      var scheduler = null;
      var sync = null;
      var consoleApi = null;
      var saves = new SeedSaveLoop(copy, store, {
        report: function (state, message, unsaved) {
          native.saveState(state, message, unsaved);
          var page = Module['seedPage'];
          if (page && page.onSaveState) page.onSaveState(['saved', 'saving', 'failed', 'failed'][state], message);
          if (message && consoleApi) consoleApi.saveFailed(message);
        },
        saved: function (meta) {
          if (consoleApi) consoleApi.saved();
          savedRecord.write({ sequence: meta.sequence, generation: meta.generation, bytes: meta.bytes, chunks: meta.chunks,
                              savedAt: meta.savedAt });
          sync.announce(meta.generation);
          space.askForPersistence();
          space.update();
        },
        retryDue: function () { scheduler.ensureSession(); },
        settled: function () { scheduler.poke(); },
      });
      // The page's read of IndexedDB while the wasm compiled (loader.js): the first load may use it. Not
      // kept on Module, which would keep the records alive after it.
      var earlyRead = Module['seedStoredRead'] || null;
      delete Module['seedStoredRead'];
      sync = new SeedTabSync(store, copy, saves, native, savedRecord, SeedHost.channelName, earlyRead);
      scheduler = new SeedTurnScheduler(new SeedWriteLock(SeedHost.lockName),
                                        { sync: sync, saves: saves, native: native, newGeneration: SeedHost.newGeneration });
      var importer = new SeedImport(directory, scheduler, saves, sync, native);
      consoleApi = new SeedConsoleApi({ saves: saves, copy: copy, space: space, importer: importer, native: native });
      SeedHost.sync = sync;
      SeedHost.scheduler = scheduler;
      SeedHost.saves = saves;
      SeedHost.importer = importer;
      SeedHost.console = consoleApi;

      // Another tab saved: reload our copy (in a session, when this tab is between frames).
      sync.listen(function () { scheduler.ensureSession(); });
      // Frames stop in a hidden tab: end a turn at once, and push a save that is waiting for a retry.
      var leaving = function () {
        scheduler.revokeTurn();
        if (saves.unsaved()) saves.retryNow();
      };
      document.addEventListener('visibilitychange', function () {
        if (document.visibilityState === 'hidden') leaving();
        else scheduler.ensureSession(); // back: catch up with what other tabs saved meanwhile
      });
      window.addEventListener('pagehide', leaving);
      // Closing or reloading the tab while changes are not in IndexedDB (a save failing or in flight)
      // would lose them: the browser asks the person first. (Chromium asks only on a page the person has
      // interacted with.) A save is pushed meanwhile, in case space has come back.
      window.addEventListener('beforeunload', function (event) {
        if (!saves.unsaved()) return;
        if (!saves.saving) saves.retryNow();
        event.preventDefault();
        event.returnValue = ''; // what Chromium checks; the text is the browser's own
      });
      consoleApi.install(window);
      space.update();
      scheduler.ensureSession(); // loads the latest copy and opens it
    },
  },

  // malloc and free here, not on the modules: SeedText and SeedNative need them (a string-valued library
  // item cannot list them without a warning).
  seed_storage_start__deps: ['$SeedHost', 'malloc', 'free'],
  seed_storage_start: function (directoryPointer, directoryLength, pathPointer, pathLength) {
    SeedHost.start(SeedText.fromText(directoryPointer, directoryLength), SeedText.fromText(pathPointer, pathLength));
  },

  // platform::WriteTurns asked for a turn (its state says so): take the lock, or wake the session.
  seed_storage_request_turn__deps: ['$SeedHost'],
  seed_storage_request_turn: function () {
    if (SeedHost.scheduler) SeedHost.scheduler.ensureSession();
  },

  seed_storage_end_turn__deps: ['$SeedHost'],
  seed_storage_end_turn: function (changed) {
    if (SeedHost.scheduler) SeedHost.scheduler.endTurn(changed !== 0);
  },

  seed_storage_retry_save__deps: ['$SeedHost'],
  seed_storage_retry_save: function () {
    if (SeedHost.saves) SeedHost.saves.retryNow();
  },

  seed_storage_download__deps: ['$SeedText'],
  seed_storage_download: function (bytesPointer, size, namePointer, nameLength, mimePointer, mimeLength) {
    var bytes = HEAPU8.slice(bytesPointer, bytesPointer + size);
    var url = URL.createObjectURL(new Blob([bytes], { type: SeedText.fromText(mimePointer, mimeLength) }));
    var link = document.createElement('a');
    link.href = url;
    link.download = SeedText.fromText(namePointer, nameLength);
    link.hidden = true;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 60000);
  },

  seed_storage_choose_import__deps: ['$SeedHost'],
  seed_storage_choose_import: function () {
    if (SeedHost.importer) SeedHost.importer.chooseFile();
  },

  // C++ readied the import it was staging (WebStorage::step_import): the swap waits for the lock.
  seed_storage_import_ready__deps: ['$SeedHost'],
  seed_storage_import_ready: function () {
    if (SeedHost.importer) SeedHost.importer.ready();
  },

  // The staged import was refused on the way or cancelled: `problem` says which.
  seed_storage_import_ended__deps: ['$SeedHost', '$SeedText'],
  seed_storage_import_ended: function (problemPointer, problemLength) {
    if (SeedHost.importer) SeedHost.importer.ended(SeedText.fromText(problemPointer, problemLength));
  },

  seed_storage_request_undo_import__deps: ['$SeedHost'],
  seed_storage_request_undo_import: function () {
    if (SeedHost.importer) SeedHost.importer.undo();
  },

  seed_storage_request_discard_undo__deps: ['$SeedHost'],
  seed_storage_request_discard_undo: function () {
    if (SeedHost.importer) SeedHost.importer.discardUndo();
  },

  seed_storage_request_start_fresh__deps: ['$SeedHost'],
  seed_storage_request_start_fresh: function () {
    if (!SeedHost.scheduler) return;
    SeedHost.scheduler.addJob(async function () {
      if (!SeedHost.native.startFresh()) return; // another tab did it already, and this tab has reloaded its copy
      SeedHost.sync.resolved();
      SeedHost.saves.noteChange(); // the next save stores the kept chunks under their new names too
    });
  },

  seed_console_settle__deps: ['$SeedHost'],
  seed_console_settle: function (id, outcomePointer, outcomeLength) {
    if (SeedHost.console) SeedHost.console.settle(id, JSON.parse(SeedText.fromText(outcomePointer, outcomeLength)));
  },
};

mergeInto(LibraryManager.library, SeedHostLibrary);
