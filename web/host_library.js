// The browser side of src/platform: IndexedDB persistence through IDBFS and the page's loading phases.
// Linked into the module with --js-library; C calls the seed_* functions below.

var SeedHostLibrary = {
  // Persistence state machine: one IDBFS sync in flight at a time; requests made meanwhile are coalesced
  // into one more sync after it. A sync only ever starts from a browser task, never inside a C++ call,
  // so it never sees a transaction half-way (SQLite work is synchronous within one call).
  $SeedStorage__deps: ['malloc', 'free'],
  $SeedStorage: {
    directory: null,
    syncing: false,
    pending: false,
    retryTimer: null,

    report: function (state, message) {
      var text = message || '';
      var size = lengthBytesUTF8(text) + 1;
      var buffer = _malloc(size);
      stringToUTF8(text, buffer, size);
      _seed_save_state_changed(state, buffer);
      _free(buffer);
      var page = Module['seedPage'];
      if (page && page.onSaveState) page.onSaveState(['saved', 'saving', 'failed'][state], text);
    },

    requestSave: function () {
      clearTimeout(SeedStorage.retryTimer);
      SeedStorage.retryTimer = null;
      if (SeedStorage.syncing) {
        SeedStorage.pending = true;
        return;
      }
      SeedStorage.syncing = true;
      SeedStorage.pending = false;
      SeedStorage.report(1, '');
      // Defer to a fresh task: the commit that asked for this save has finished by then.
      setTimeout(function () {
        FS.syncfs(false, function (error) {
          SeedStorage.syncing = false;
          if (error) {
            SeedStorage.report(2, String(error && (error.message || error.name || error.errno) || error));
            // Data stays in memory; try again later, sooner if something else is committed.
            clearTimeout(SeedStorage.retryTimer);
            SeedStorage.retryTimer = setTimeout(SeedStorage.requestSave, 2000);
            return;
          }
          if (SeedStorage.pending) SeedStorage.requestSave();
          else SeedStorage.report(0, '');
        });
      }, 0);
    },
  },

  seed_storage_mount__deps: ['$SeedStorage', 'malloc', 'free'],
  seed_storage_mount: function (directoryPtr) {
    var directory = UTF8ToString(directoryPtr);
    SeedStorage.directory = directory;
    var done = function (message) {
      var text = message || '';
      var size = lengthBytesUTF8(text) + 1;
      var buffer = _malloc(size);
      stringToUTF8(text, buffer, size);
      _seed_storage_mounted(buffer);
      _free(buffer);
    };
    try {
      if (typeof indexedDB === 'undefined') throw new Error('this browser offers no IndexedDB');
      FS.mkdir(directory);
      FS.mount(IDBFS, {}, directory);
    } catch (e) {
      done(e.message || String(e));
      return;
    }
    FS.syncfs(true, function (error) {
      done(error ? String(error.message || error) : '');
    });
    // A tab being hidden or closed is the last chance to persist what is still pending.
    var flush = function () {
      if (SeedStorage.pending || SeedStorage.retryTimer) SeedStorage.requestSave();
    };
    document.addEventListener('visibilitychange', function () {
      if (document.visibilityState === 'hidden') flush();
    });
    window.addEventListener('pagehide', flush);
  },

  seed_storage_request_save__deps: ['$SeedStorage'],
  seed_storage_request_save: function () {
    SeedStorage.requestSave();
  },

  seed_page_set_phase: function (phasePtr) {
    var page = Module['seedPage'];
    if (page && page.setPhase) page.setPhase(UTF8ToString(phasePtr));
  },
};

mergeInto(LibraryManager.library, SeedHostLibrary);
