// Saving: counts the changes this tab committed, stores them (one save in flight, the rest coalesced into
// the next), retries a failed save after 1, 2, 4 … up to 30 seconds, and reports the save state to C++
// and the page. Runs only inside the write-lock session (SeedTurnScheduler asks `due()`, then `start()`).
//
//   var saves = new SeedSaveLoop(copy, store, {report, saved, retryDue, settled});
//   saves.noteChange();                    // a turn committed something
//   if (saves.due(Date.now())) saves.start(generation);
//
// One error path: `fail(reason)`. A save whose batch could not be taken or stored, and a check for a
// newer copy that could not read IndexedDB (`readFailed`), both end there: the reason is kept for the
// window ("Save failed: …"), a retry is scheduled, the state is reported. Nothing is ever dropped: the
// changes stay in MEMFS and the failed batch's files are written again (SeedLocalCopy.notSaved).
class SeedSaveLoop {
  constructor(copy, store, hooks) {
    this.copy = copy;
    this.store = store;
    this.hooks = hooks; // {report(state, message), saved(meta record), retryDue(), settled()}
    this.changes = 0; // changes committed in this tab (turns, and the host's own work under the lock)
    this.savedChanges = 0; // of those, how many IndexedDB holds
    this.changeTimes = []; // performance.now() of each unsaved change, oldest first
    this.saving = false;
    this.failure = ''; // why the last save (or read) failed; cleared by a successful one
    this.outOfSpace = false; // the failures since the last success began with a lack of space
    this.readFailing = false; // the last check for a newer copy could not read IndexedDB
    this.retryDelay = 0;
    this.retryAt = 0;
    this.retryTimer = null;
    this.reported = null; // the last state reported, as "state:message"
    this.latencies = []; // ms from a committed change to IndexedDB's success, the last 200
    this.saveMs = []; // ms each save took, from reading the files to IndexedDB's success, the last 200
    this.lastSaveBytes = 0;
    this.lastSave = null; // {bytes, chunks: written whole, deltas, pages: the deltas' pages, deletes}: what the last save wrote
  }

  // --- Pure rules (tests/web/save_loop.test.mjs) ---------------------------------------------------------
  // The wait before the next retry, after one of `previous` ms (0: the first failure).
  static nextRetryDelay(previous) {
    return Math.min(30000, Math.max(1000, previous * 2));
  }
  // The state shown: failed while a failure keeps changes (or the freshness check) from being stored;
  // OutOfSpace when that failure is a lack of space.
  static stateOf(failure, unsaved, saving, readFailing, outOfSpace) {
    if (failure && (unsaved || readFailing)) return outOfSpace ? SeedCodes.SaveState.OutOfSpace : SeedCodes.SaveState.Failed;
    return unsaved || saving ? SeedCodes.SaveState.Saving : SeedCodes.SaveState.Saved;
  }
  // Whether IndexedDB refused for lack of space: QuotaExceededError, or Chromium's LevelDB reporting
  // FILE_ERROR_NO_SPACE ("UnknownError: Connection is closing because of: IO error: …"), or ENOSPC.
  static isOutOfSpace(error) {
    if (!error) return false;
    if (error.name === 'QuotaExceededError') return true;
    return /NO_SPACE|No space left|ENOSPC|disk is full|out of space/i.test(String(error.message || error));
  }
  // {count, p50, p95, last} of a list of milliseconds.
  static summary(values) {
    var sorted = values.slice().sort(function (a, b) { return a - b; });
    var pick = function (q) { return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] : null; };
    return { count: sorted.length, p50: pick(0.5), p95: pick(0.95), last: values.slice(-20) };
  }

  // --- Changes -----------------------------------------------------------------------------------------
  noteChange() {
    this.changes++;
    this.changeTimes.push(performance.now());
    this.reportState();
  }
  unsaved() {
    return this.changes > this.savedChanges;
  }
  unsavedCount() {
    return this.changes - this.savedChanges;
  }
  // A save should start now: changes wait, none is in flight, no retry is pending.
  due(now) {
    return this.unsaved() && !this.saving && now >= this.retryAt;
  }

  // --- One save ---------------------------------------------------------------------------------------
  // Stores every change so far under the new `generation`. Settles (hooks.settled) either way.
  start(generation) {
    var loop = this;
    var target = this.changes;
    var started = performance.now();
    var batch = null;
    this.saving = true;
    this.reportState();
    var saving;
    try {
      batch = this.copy.takeChanges(generation); // reads the files now: a snapshot between frames
      saving = this.store.write(batch.puts, batch.deleteKeys, batch.meta);
    } catch (error) {
      saving = Promise.reject(error);
    }
    return saving.then(function () {
      loop.copy.saved(batch);
      loop.succeeded(target, started, batch);
      loop.hooks.saved(batch.meta);
    }, function (error) {
      if (batch) loop.copy.notSaved(batch);
      // Once the disk is full, Chromium closes the connection and the retries fail to open IndexedDB
      // at all: still for lack of space, until a save lands.
      if (SeedSaveLoop.isOutOfSpace(error)) loop.outOfSpace = true;
      loop.fail(SeedText.describeError(error));
      console.warn('Save failed: ' + loop.failure);
    }).then(function () {
      loop.saving = false;
      loop.reportState();
      loop.hooks.settled();
    });
  }

  succeeded(target, started, batch) {
    var now = performance.now();
    var loop = this;
    this.changeTimes.splice(0, target - this.savedChanges).forEach(function (time) { loop.latencies.push(now - time); });
    if (this.latencies.length > 200) this.latencies.splice(0, this.latencies.length - 200);
    this.saveMs.push(now - started);
    if (this.saveMs.length > 200) this.saveMs.shift();
    this.lastSaveBytes = batch.bytes;
    this.lastSave = { bytes: batch.bytes, chunks: batch.changed.length - batch.deltaPaths.length, deltas: batch.deltaPaths.length,
                      pages: batch.puts.reduce(function (sum, entry) { return sum + (entry.record.pages ? entry.record.pages.length : 0); }, 0),
                      deletes: batch.deleteKeys.length };
    this.savedChanges = target;
    this.failure = '';
    this.outOfSpace = false;
    this.retryDelay = 0;
    this.retryAt = 0;
  }

  // --- The one error path -------------------------------------------------------------------------------
  fail(reason) {
    this.failure = reason;
    this.retryDelay = SeedSaveLoop.nextRetryDelay(this.retryDelay);
    this.retryAt = Date.now() + this.retryDelay;
    clearTimeout(this.retryTimer);
    var loop = this;
    this.retryTimer = setTimeout(function () {
      loop.retryTimer = null;
      loop.hooks.retryDue();
    }, this.retryDelay);
    this.reportState();
  }
  // The copy could not be confirmed fresh, so no turn is granted; pending writes wait for the retry.
  readFailed(error) {
    this.readFailing = true;
    this.fail('IndexedDB could not be read: ' + SeedText.describeError(error));
  }
  readRecovered() {
    if (!this.readFailing) return;
    this.readFailing = false;
    this.failure = '';
    this.retryDelay = 0;
    this.reportState();
  }
  // "Retry now", or the tab is being left: the next session saves at once.
  retryNow() {
    this.retryAt = 0;
    clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.hooks.retryDue();
  }

  // --- Reporting ----------------------------------------------------------------------------------------
  state() {
    return SeedSaveLoop.stateOf(this.failure, this.unsaved(), this.saving, this.readFailing, this.outOfSpace);
  }
  // Tells C++ and the page the state when it changed, with the number of changes not in IndexedDB yet
  // (also when only that number changed while saves fail: the window says how many are at risk).
  reportState() {
    var state = this.state();
    var failing = state === SeedCodes.SaveState.Failed || state === SeedCodes.SaveState.OutOfSpace;
    var message = failing ? this.failure : '';
    var key = state + ':' + message + (failing ? ':' + this.unsavedCount() : '');
    if (key === this.reported) return;
    this.reported = key;
    this.hooks.report(state, message, this.unsavedCount());
  }
}

mergeInto(LibraryManager.library, {
  $SeedSaveLoop__deps: ['$SeedCodes', '$SeedText'],
  $SeedSaveLoop: '=' + SeedSaveLoop,
});
