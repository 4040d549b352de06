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
// ("IndexedDB is unavailable"), later it is a failure the save loop retries (no turn is granted on a
// copy that could not be confirmed fresh).
class SeedTabSync {
  constructor(store, copy, saves, native, channelName) {
    this.store = store; // SeedIdbStore
    this.copy = copy; // SeedLocalCopy
    this.saves = saves; // SeedSaveLoop: noteChange() when opening wrote (schema upgrade, converted layout)
    this.native = native; // C++: open(reason) → SeedCodes.OpenOutcome, close(), unavailable(reason)
    this.channelName = channelName;
    this.channel = null;
  }

  loaded() {
    return this.copy.loaded;
  }

  visible() {
    return typeof document === 'undefined' || document.visibilityState !== 'hidden';
  }

  listen(onNewer) {
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
  // yet), then (re)opens the database in C++.
  async catchUp() {
    var meta = await this.store.readMeta();
    var stored = meta ? meta.generation : null;
    var copy = this.copy;
    if (copy.loaded && stored === copy.base) return;
    if (copy.loaded && this.saves.unsaved()) {
      // Impossible while changes are only made inside the lock and saved before it is released.
      console.error('IndexedDB changed while this tab had unsaved changes; keeping this tab\'s copy');
      return;
    }
    var log = SeedChunkPlan.logOf(meta, copy.layout);
    var plan = copy.loaded ? SeedChunkPlan.catchUp(log, copy.base) : null;
    var records = await this.store.readFiles(plan ? plan.changed : null);
    var reason = copy.loaded ? SeedCodes.OpenReason.ChangedElsewhere : SeedCodes.OpenReason.Initial;
    this.native.close();
    copy.load(stored, log, records, plan); // throws (out of memory, most likely): nothing can be opened
    if (this.native.open(reason) === SeedCodes.OpenOutcome.OpenedAndChanged) this.saves.noteChange();
  }

  cannotRead(error) {
    if (!this.copy.loaded) this.native.unavailable(SeedText.describeError(error));
    else this.saves.readFailed(error);
  }
}

mergeInto(LibraryManager.library, {
  $SeedTabSync__deps: ['$SeedChunkPlan', '$SeedCodes', '$SeedText'],
  $SeedTabSync: '=' + SeedTabSync,
});
