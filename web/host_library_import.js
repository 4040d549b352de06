// Importing a database file: the person's file chooser (File → Import database), or bytes handed to
// window.registry.importDb(). Files over the limit are refused from their size before a byte is read;
// the rest is written beside the database in MEMFS (never saved itself) and staged by C++
// (WebStorage::begin_import) without the lock: C++ copies its rows and hashes its plaintext passwords a
// slice per frame, with a progress window the person can cancel. Once C++ has readied it
// (seed_storage_import_ready), the swap runs under the write lock, as a job of the lock session; the lock
// is held for that step alone.
//
//   var importer = new SeedImport(directory, scheduler, saves, sync, native);
//   importer.chooseFile();                             // the person picks one; the window asks, then reports
//   importer.importBytes(bytes, 'backup.db').then(function (problem) { … });  // "" once imported
//   importer.undo();                                   // "Undo import": the data from before it, under the lock
//
// A file the person chose is only read once they said Replace in the window's confirmation (C++ waits;
// importDb's bytes were asked for by a script and go ahead). The data an import replaces is kept for
// "Undo import" (src/platform/import_undo.h); undo and "Discard undo" run under the lock like the swap, and
// are saved like it, so other tabs catch up with them the way they catch up with an import.
//
// One error path: every refusal ends in a reason string. C++ reports its own refusals in the window;
// the ones found here (too big, unreadable) go through refuse(), which does the same.
class SeedImport {
  constructor(directory, scheduler, saves, sync, native) {
    this.directory = directory;
    this.scheduler = scheduler;
    this.saves = saves;
    this.sync = sync; // SeedTabSync: an import after a loss resolves it
    this.native = native; // C++: beginImport(candidate, displayName), finishImport() → problem; notice(text, kind)
    this.maxBytes = 256 * 1024 * 1024; // README "Limits": the file is held in memory twice while checked
    this.input = null;
    this.settle = null; // resolves the promise of the import C++ is staging, with its problem ("" once imported)
  }

  tooBig(size) {
    return 'the file is ' + Math.round(size / 1e6) + ' MB; at most ' + Math.round(this.maxBytes / 1e6) +
           ' MB can be imported';
  }

  // Resolves with "" once the bytes replaced the data (and a save of them is due), or with the reason
  // they were refused or the import was cancelled (the data is unchanged then).
  importBytes(bytes, displayName, confirm) {
    var importer = this;
    return new Promise(function (resolve) {
      // Beside the database (same file system: moved into place, not copied); never saved itself.
      var candidate = importer.directory + '/.import-candidate-' + Date.now() + '.db';
      try {
        FS.writeFile(candidate, bytes);
      } catch (error) {
        return resolve(importer.refuse(displayName, 'the file could not be held in memory (' + SeedText.describeError(error) + ')'));
      }
      var problem = importer.native.beginImport(candidate, displayName, !!confirm);
      if (problem) return resolve(problem);
      importer.settle = resolve;
    });
  }

  // C++ readied the staged import: swap it in under the lock.
  ready() {
    var importer = this;
    this.scheduler.addJob(async function () {
      if (!importer.settle) return; // cancelled (and settled) before the lock came
      var problem = importer.native.finishImport();
      if (!problem) {
        importer.sync.resolved();
        importer.saves.noteChange();
      }
      importer.ended(problem);
    });
  }

  // "Undo import" and "Discard undo": C++ replaces the data (or drops the copy) under the lock; saved after.
  undo() {
    var importer = this;
    this.scheduler.addJob(async function () {
      if (!importer.native.undoImport()) importer.saves.noteChange();
    });
  }

  discardUndo() {
    var importer = this;
    this.scheduler.addJob(async function () {
      if (importer.native.discardUndo()) importer.saves.noteChange();
    });
  }

  // The staged import ended without a swap (refused on the way, cancelled), or after it.
  ended(problem) {
    var settle = this.settle;
    this.settle = null;
    if (settle) settle(problem);
  }

  chooseFile() {
    var input = this.input;
    var importer = this;
    if (!input) {
      input = this.input = document.createElement('input');
      input.type = 'file';
      input.accept = '.db,.sqlite,.sqlite3,application/vnd.sqlite3,application/x-sqlite3';
      input.hidden = true;
      input.addEventListener('change', function () {
        var file = input.files && input.files[0];
        input.value = '';
        if (!file) return;
        if (file.size > importer.maxBytes) return importer.refuse(file.name, importer.tooBig(file.size));
        file.arrayBuffer().then(function (buffer) {
          return importer.importBytes(new Uint8Array(buffer), file.name, true);
        }).catch(function (error) {
          importer.refuse(file.name, 'the file could not be read (' + SeedText.describeError(error) + ')');
        });
      });
      document.body.appendChild(input);
    }
    input.click();
  }

  // Refused before C++ saw it; says so in the window as C++ does. Returns the reason.
  refuse(displayName, reason) {
    this.native.notice('Import refused: ' + displayName + ': ' + reason + '. Your data is unchanged.', SeedCodes.Notice.Error);
    return reason;
  }
}

mergeInto(LibraryManager.library, {
  $SeedImport__deps: ['$FS', '$SeedCodes', '$SeedText'],
  $SeedImport: '=' + SeedImport,
});
