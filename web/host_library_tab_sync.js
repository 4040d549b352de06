// Catching up with the other tabs: each save is announced on a BroadcastChannel; a visible tab that hears
// of a generation it does not have takes the lock and fetches what changed (the paths the meta record's
// log lists since its own generation, or every file when it is too far behind). A hidden tab waits until
// it is shown (or writes: every session checks first), which spares it reloading a large file for each
// save of the tab in use.
//
//   var sync = new SeedTabSync(store, copy, saves, native, channelName);
//   sync.listen(function () { scheduler.ensureSession(); });
//   await sync.catchUp();     // inside the lock, first thing of every session
//   sync.announce(generation) // after a save landed
//
// One error path: catchUp() rejects when IndexedDB cannot be read (or the files cannot be written into
// MEMFS), and the session hands the error to cannotRead(): before the first load the app cannot start
// ("your data can't be opened right now", tried again every few seconds), later it is a failure the save
// loop retries (no turn is granted on a copy that could not be confirmed fresh).
class SeedTabSync {
  constructor(store, copy, saves, native, savedRecord, channelName, earlyRead) {
    this.store = store; // SeedIdbStore
    this.copy = copy; // SeedLocalCopy
    this.saves = saves; // SeedSaveLoop: noteChange() when opening wrote (schema upgrade, converted layout)
    this.native = native; // C++: open(reason) → SeedCodes.OpenOutcome, close(), unavailable(reason), dataMissing(text)
    this.savedRecord = savedRecord; // SeedSavedRecord: what the last save of this browser recorded
    this.channelName = channelName;
    this.earlyRead = earlyRead || null; // the page's read of IndexedDB while the wasm compiled (loader.js), for the first load
    this.channel = null;
    this.missing = false; // IndexedDB lost saved data: nothing is opened until the person chooses
    this.onNewer = null; // asks for a session (listen())
    this.reopenTimer = null;
    this.reopenDelayMs = 5000; // while IndexedDB cannot be opened at all (a full disk), try again this often
    // How long the first load waits for the early read once its own meta read has answered. At 50 MB the
    // whole early read takes ~0.35 s from its start, most of it behind the compile; on a full disk
    // Chromium can leave its transaction unanswered for good (CI saw it), and the load must not wait on
    // it then.
    this.earlyReadWaitMs = 3000;
  }

  loaded() {
    return this.copy.loaded;
  }

  visible() {
    return typeof document === 'undefined' || document.visibilityState !== 'hidden';
  }

  listen(onNewer) {
    this.onNewer = onNewer;
    if (typeof BroadcastChannel === 'undefined') return; // every session still checks the generation
    var sync = this;
    this.channel = new BroadcastChannel(this.channelName);
    this.channel.onmessage = function (event) {
      if (event.data && event.data.generation !== sync.copy.base && sync.visible()) onNewer();
    };
  }

  announce(generation) {
    if (this.channel) this.channel.postMessage({ type: 'saved', generation: generation });
  }

  // Inside the lock: brings this tab's copy up to date if IndexedDB holds a newer one (or none was loaded
  // yet), then (re)opens the database in C++. A first load that finds less than this browser saved
  // (SeedSavedRecord.missing) opens nothing: C++ shows that the data could not be found.
  async catchUp() {
    var copy = this.copy;
    var checking = performance.now();
    var found = await this.store.readMeta(copy.databasePath + '.chunk.');
    var meta = found.meta;
    var stored = meta ? meta.generation : null;
    if (copy.loaded && !this.missing && this.lostWhileOpen(meta, found.records)) {
      // Nobody saved since (a save writes the meta record), so this copy is the latest: store it again.
      console.warn('IndexedDB lost the saved database while this tab was open; writing it again from this tab');
      copy.forgetStored();
      this.saves.noteChange();
      return;
    }
    if (copy.loaded && stored === copy.base) return;
    if (copy.loaded && this.saves.unsaved()) {
      // Impossible while changes are only made inside the lock and saved before it is released.
      console.error('IndexedDB changed while this tab had unsaved changes; keeping this tab\'s copy');
      return;
    }
    var log = SeedChunkPlan.logOf(meta, copy.layout);
    var plan = copy.loaded ? SeedChunkPlan.catchUp(log, copy.base) : null;
    var started = performance.now();
    var wanted = plan ? plan.changed.concat(plan.changed.map(SeedChunkPlan.deltaKey)) : null; // each chunk and its delta
    var early = plan === null ? await this.takeEarlyRead(meta, found.records) : null;
    var records = SeedChunkPlan.assemble(early || await this.store.readFiles(wanted), SeedPageTracker.pageSize);
    var read = performance.now();
    var reason = copy.loaded ? SeedCodes.OpenReason.ChangedElsewhere : SeedCodes.OpenReason.Initial;
    this.native.close();
    copy.load(meta, log, records, plan); // throws (out of memory, most likely): nothing can be opened
    var loaded = performance.now();
    copy.lastLoad.at = Math.round(checking); // ms since navigation: the session began (inside the lock)
    copy.lastLoad.checkMs = Math.round(started - checking); // readMeta(): opening IndexedDB (first time), the generation
    copy.lastLoad.readMs = Math.round(read - started);
    copy.lastLoad.early = Boolean(early); // the records came from the page's read during the wasm's compile
    copy.lastLoad.loadMs = Math.round(loaded - read);
    if (plan === null) {
      var expected = this.savedRecord.read();
      var missing = SeedSavedRecord.missing(expected, meta, SeedSavedRecord.found(records, copy.databasePath));
      if (missing) {
        // What is left stays loaded (and stored) as it is: "Start fresh" keeps it aside, under another name.
        this.missing = true;
        if (expected) copy.countPast(expected.sequence);
        this.native.dataMissing(missing);
        return;
      }
    }
    this.missing = false;
    var outcome = this.native.open(reason);
    copy.lastLoad.openMs = Math.round(performance.now() - loaded);
    if (outcome === SeedCodes.OpenOutcome.OpenedAndChanged) this.saves.noteChange();
  }

  // The records of the page's early read (once; null after), if they are what IndexedDB holds now: read
  // from the same key ranges, at the same meta generation (a save replaces it with its records, in one
  // transaction, so the same generation means the same records) and as many chunk records (none deleted
  // behind the app's back since). Called inside the lock, with readMeta()'s answer. Never rejects; an
  // early read that has not answered within earlyReadWaitMs is given up (the load reads for itself).
  async takeEarlyRead(meta, chunkRecords) {
    var pending = this.earlyRead;
    this.earlyRead = null;
    if (!pending) return null;
    var waitMs = this.earlyReadWaitMs;
    var timer = null;
    var givenUp = new Promise(function (resolve) { timer = setTimeout(resolve, waitMs, null); });
    var early = await Promise.race([pending.catch(function () { return null; }), givenUp]);
    clearTimeout(timer);
    if (!early || !this.store.readsAs(early)) return null;
    if (!early.meta || !meta || early.meta.generation !== meta.generation) return null;
    var prefix = this.copy.databasePath + '.chunk.';
    var chunks = Object.keys(early.stored).filter(function (key) { return key.indexOf(prefix) === 0; }).length;
    return chunks === chunkRecords ? early.stored : null;
  }

  // The database was replaced on the person's choice (start fresh, an imported backup) after a loss.
  resolved() {
    this.missing = false;
  }

  // IndexedDB no longer holds what this open copy was saved as: no meta record, or fewer chunk records
  // than the meta record of this copy's own generation lists.
  lostWhileOpen(meta, records) {
    if (this.copy.base === null) return false;
    if (meta === null) return true;
    return meta.generation === this.copy.base && Number.isSafeInteger(meta.chunks) && records < meta.chunks;
  }

  // Before the first load nothing can be shown but why; the load is tried again every few seconds, so
  // the app opens by itself once space returns. Later, a failure the save loop reports and retries.
  cannotRead(error) {
    if (this.copy.loaded) return this.saves.readFailed(error);
    this.native.unavailable(SeedSaveLoop.isOutOfSpace(error) ? 'the device is out of space' : SeedText.describeError(error));
    var sync = this;
    clearTimeout(this.reopenTimer);
    this.reopenTimer = setTimeout(function () { if (sync.onNewer) sync.onNewer(); }, this.reopenDelayMs);
  }
}

mergeInto(LibraryManager.library, {
  $SeedTabSync__deps: ['$SeedChunkPlan', '$SeedPageTracker', '$SeedCodes', '$SeedText', '$SeedSavedRecord', '$SeedSaveLoop'],
  $SeedTabSync: '=' + SeedTabSync,
});
