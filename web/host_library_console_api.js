// window.registry: the storage layer for power users in the browser's console, and for tests. README
// "Persistence" lists what each call answers.
//
//   registry.saveState()   {state, error, unsavedChanges, generation, persisted, usage, quota, latencyMs, …}
//   registry.counts()      {table: rows, …}
//   registry.exportDb()    Uint8Array: the same copy as File → Export database
//   registry.importDb(u8)  promise of counts(); rejects with the reason the file was refused
//   registry.register({username, email, password})  promise of {id, username, saved: true} once the row is in
//                          IndexedDB, or {id, username, saved: false, notSaved} if a save fails first;
//                          rejects with the form's messages
//
// One error path: every failure is a rejected promise (or, for the synchronous calls, an empty answer)
// with a sentence a person can read; nothing here throws into the page.
class SeedConsoleApi {
  constructor(parts) {
    this.saves = parts.saves; // SeedSaveLoop
    this.copy = parts.copy; // SeedLocalCopy
    this.space = parts.space; // SeedStorageSpace
    this.importer = parts.importer; // SeedImport
    this.native = parts.native; // C++: counts(), snapshot(), register(id, username, email, password)
    this.nextRequest = 1;
    this.requests = {}; // register() calls waiting for C++: id → {resolve, reject}
    this.unsaved = []; // registered, waiting for their save: {answer, change, resolve}
  }

  install(target) {
    var api = this;
    target.registry = {
      saveState: function () { return api.saveState(); },
      counts: function () { return api.native.counts(); },
      exportDb: function () { return api.native.snapshot(); },
      register: function (user) { return api.register(user || {}); },
      importDb: function (bytes) { return api.importDb(bytes); },
    };
  }

  saveState() {
    var saves = this.saves;
    var names = ['saved', 'saving', 'failed', 'failed']; // SeedCodes.SaveState's values, as the page names them
    return {
      state: names[saves.state()],
      error: saves.failure, // the browser's own words (the window says it in a person's)
      outOfSpace: saves.state() === SeedCodes.SaveState.OutOfSpace,
      unsavedChanges: saves.unsavedCount(),
      generation: this.copy.base,
      persisted: this.space.persisted(),
      usage: this.space.usage,
      quota: this.space.quota,
      latencyMs: SeedSaveLoop.summary(saves.latencies),
      lastSaveBytes: saves.lastSaveBytes, // what the last save wrote to IndexedDB
      lastSave: saves.lastSave, // {bytes, chunks, deltas, pages, deletes}: whole chunks, delta records of 4 KiB pages
      saveMs: saves.saveMs.slice(-20), // of those saves: reading the files + the IndexedDB transaction
      lastLoad: this.copy.lastLoad, // {files, full, early, at, checkMs, readMs, loadMs, openMs}: what the last (re)load fetched, in how long
    };
  }

  // Registers a user as the register form does (validation, Argon2id, this tab's write turn). Resolves
  // once the row is saved, or says it is not yet (see install()); rejects with the form's messages.
  register(user) {
    var api = this;
    return new Promise(function (resolve, reject) {
      var id = api.nextRequest++;
      var fields = [user.username, user.email, user.password].map(function (value) { return String(value == null ? '' : value); });
      if (!api.native.register(id, fields[0], fields[1], fields[2])) {
        return reject(new Error('too many registrations are waiting; try again when they are done'));
      }
      api.requests[id] = { resolve: resolve, reject: reject };
    });
  }

  // C++ finished register() call `id`: outcome is {ok, id, username} or {ok: false, error}. A registered
  // row is committed in this tab's copy; it is counted as a change to save when the turn ends, after
  // this frame, so the wait for its save starts after that (a microtask).
  settle(id, outcome) {
    var request = this.requests[id];
    delete this.requests[id];
    if (!request) return;
    if (!outcome.ok) return request.reject(new Error(outcome.error));
    var api = this;
    var answer = { id: outcome.id, username: outcome.username };
    Promise.resolve().then(function () {
      api.unsaved.push({ answer: answer, change: api.saves.changes, resolve: request.resolve });
      api.saved();
    });
  }

  // A save landed: the registrations it holds are durable.
  saved() {
    var savedChanges = this.saves.savedChanges;
    this.unsaved = this.unsaved.filter(function (waiting) {
      if (waiting.change > savedChanges) return true;
      waiting.answer.saved = true;
      waiting.resolve(waiting.answer);
      return false;
    });
  }

  // A save failed: the registrations waiting are told so (the row is kept in this tab and saved when the
  // storage allows; saveState() tells when).
  saveFailed(reason) {
    var notSaved = 'registered in this tab but not saved yet (' + reason + '): it is kept here and saved when storage allows';
    this.unsaved.splice(0).forEach(function (waiting) {
      waiting.answer.saved = false;
      waiting.answer.notSaved = notSaved;
      waiting.resolve(waiting.answer);
    });
  }

  importDb(bytes) {
    var data = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
    if (data.length > this.importer.maxBytes) return Promise.reject(new Error(this.importer.tooBig(data.length)));
    var api = this;
    return this.importer.importBytes(data, 'the imported bytes').then(function (problem) {
      if (problem) throw new Error(problem);
      return api.native.counts();
    });
  }
}

mergeInto(LibraryManager.library, {
  $SeedConsoleApi__deps: ['$SeedSaveLoop', '$SeedCodes'],
  $SeedConsoleApi: '=' + SeedConsoleApi,
});
