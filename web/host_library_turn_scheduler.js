// The lock session: everything that writes, reloads or saves runs inside the cross-tab write lock, in
// this order, between frames (README "Persistence", steps 2–5):
//
//   1. catch up with what other tabs saved (SeedTabSync.catchUp), inside the lock;
//   2. run the host's own jobs (import, start fresh);
//   3. grant a write turn if C++ wants one and the tab is visible;
//   4. save what changed (SeedSaveLoop), and keep the lock until IndexedDB holds every change.
//
//   scheduler.ensureSession();      // something to do: take the lock (or wake the running session)
//   scheduler.addJob(async () => …) // runs under the lock, between turns
//   scheduler.endTurn(changed);     // C++ ended the turn with its frame
//
// The write turn itself (asked for, granted) is platform::WriteTurns' state, read here through
// native.turnState(): C++ owns it, this class only decides when to grant and when to end one whose frame
// never came. One error path: a session that cannot catch up ends at once through sync.cannotRead (the
// lock is released, nothing was written); a job that throws is logged and the session goes on; a lock
// request that fails is logged and the next ensureSession() asks again.
class SeedTurnScheduler {
  constructor(lock, parts) {
    this.lock = lock;
    this.sync = parts.sync; // SeedTabSync
    this.saves = parts.saves; // SeedSaveLoop
    this.native = parts.native; // C++: turnState(), beginTurn(), revokeTurn(), waiting(bool)
    this.newGeneration = parts.newGeneration;
    this.turnTimeoutMs = 1000; // a turn whose frame never comes (hidden tab) ends after this
    this.holding = false; // a session runs (this tab holds the lock)
    this.queued = false; // a session waits for the lock
    this.wake = null; // resolves the running session's wait
    this.jobs = [];
    this.turnTimer = null;
    this.waiting = false; // reported to C++: a turn (or the first load) waited over a second for another tab
    this.waitingTimer = null;
  }

  turnState() {
    return this.native.turnState();
  }

  // Makes sure a session runs soon (or wakes the running one).
  ensureSession() {
    if (this.holding) return this.poke();
    if (this.queued) return;
    this.queued = true;
    var scheduler = this;
    // Another tab holds the lock for long only while its save keeps failing: say why nothing happens.
    clearTimeout(this.waitingTimer);
    this.waitingTimer = setTimeout(function () {
      if (scheduler.queued && (scheduler.turnState() === SeedCodes.TurnState.Wanted || !scheduler.sync.loaded())) {
        scheduler.reportWaiting(true);
      }
    }, 1000);
    this.lock.hold(function () { return scheduler.run(); }).catch(function (error) {
      scheduler.queued = false;
      console.error('The write lock failed: ' + SeedText.describeError(error));
    });
  }

  poke() {
    var wake = this.wake;
    this.wake = null;
    if (wake) wake();
  }

  addJob(job) {
    this.jobs.push(job);
    this.ensureSession();
  }

  reportWaiting(waiting) {
    if (this.waiting === waiting) return;
    this.waiting = waiting;
    this.native.waiting(waiting);
  }

  async run() {
    this.queued = false;
    this.holding = true;
    clearTimeout(this.waitingTimer);
    this.reportWaiting(false);
    try {
      try {
        await this.sync.catchUp();
      } catch (error) {
        this.sync.cannotRead(error);
        return;
      }
      this.saves.readRecovered();
      for (;;) {
        while (this.jobs.length && this.turnState() !== SeedCodes.TurnState.Active) await this.runJob(this.jobs.shift());
        if (this.turnState() === SeedCodes.TurnState.Wanted && this.sync.visible()) this.grantTurn();
        var active = this.turnState() === SeedCodes.TurnState.Active;
        if (!active && this.saves.due(Date.now())) this.saves.start(this.newGeneration());
        var busy = this.jobs.length || active || this.saves.saving || this.saves.unsaved() ||
                   (this.turnState() === SeedCodes.TurnState.Wanted && this.sync.visible());
        if (!busy) break;
        // Held on purpose while a save keeps failing: releasing the lock with unsaved changes would let
        // another tab write, and this tab's copy could then never be saved without losing that write.
        var scheduler = this;
        await new Promise(function (resolve) { scheduler.wake = resolve; });
      }
    } finally {
      this.holding = false;
      this.wake = null;
    }
  }

  async runJob(job) {
    try {
      await job();
    } catch (error) {
      console.error('A storage job failed: ' + SeedText.describeError(error));
    }
  }

  grantTurn() {
    if (!this.native.beginTurn()) return; // no database open: C++ dropped the request
    var scheduler = this;
    // The turn ends with the next frame; if frames stopped (hidden tab), end it here.
    clearTimeout(this.turnTimer);
    this.turnTimer = setTimeout(function () { scheduler.revokeTurn(); }, this.turnTimeoutMs);
  }

  // C++ ended the turn (its frame is over): save what it changed, and go on.
  endTurn(changed) {
    clearTimeout(this.turnTimer);
    this.turnTimer = null;
    if (changed) this.saves.noteChange();
    this.poke();
  }

  // Ends a granted turn now (frames stopped: the tab is hidden, or its frame never came).
  revokeTurn() {
    if (this.turnState() === SeedCodes.TurnState.Active) this.endTurn(this.native.revokeTurn());
  }
}

mergeInto(LibraryManager.library, {
  $SeedTurnScheduler__deps: ['$SeedCodes', '$SeedText'],
  $SeedTurnScheduler: '=' + SeedTurnScheduler,
});
