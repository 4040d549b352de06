// This tab's copy of the stored files (MEMFS, under the IDBFS mount) and what it is known to match in
// IndexedDB: the generation it came from, the meta record's log, the paths IndexedDB holds. The tab
// sync loads into it, the save loop takes its changes out; SeedChunkPlan decides which.
//
//   copy.load(stored, records, plan)  // after reading IndexedDB: plan null = every file
//   var batch = copy.takeChanges(generation, tab)   // a snapshot: the dirty files are clean from now on
//   store.write(batch.puts, batch.deleted, batch.meta).then(() => copy.saved(batch), () => copy.notSaved(batch))
//
// A file is dirty when its MEMFS timestamp is not 0: loading and saving set it to 0, every write or
// truncate to Date.now() (MEMFS keeps one timestamp per node). A dirty chunk whose record IndexedDB holds
// is saved as a delta of the pages it changed (SeedPageTracker knows which; SeedChunkPlan.makeDelta)
// until those pages pass a quarter of the chunk; then, or whenever the pages are not known, it is saved
// whole and its delta deleted. Throws only what MEMFS throws (out of memory while loading, most likely);
// the callers turn that into their one error.
class SeedLocalCopy {
  constructor(directory, databasePath, layout, logLength, tab) {
    this.directory = directory;
    this.databasePath = databasePath; // its chunks are counted in the meta record (SeedSavedRecord)
    this.layout = layout; // written into the meta record: a log of another layout is not trusted
    this.logLength = logLength; // saves the meta record remembers
    this.tab = tab;
    this.loaded = false; // a copy was loaded from IndexedDB (or none was there)
    this.base = null; // generation of the IndexedDB copy this one matches; null if it had none
    this.sequence = 0; // the number of that save (every save of any tab adds one); 0 before the first
    this.log = []; // the meta record's log, oldest first
    this.known = {}; // path → true for every file IndexedDB holds (as far as this tab knows)
    this.forceDirty = {}; // paths whose last save failed: written again by the next one, whole
    this.deltas = {}; // path → true for every known chunk IndexedDB holds a delta record for
    this.lastLoad = null; // {files, full, early, at, checkMs, readMs, loadMs, openMs}: what the last load fetched, when
    // it began, the time the generation's check, IndexedDB's read, MEMFS's writes and C++'s open took
    // (window.registry.saveState(); the times are SeedTabSync's)
  }

  // path → MEMFS timestamp of every chunk file in the mount.
  files() {
    var directory = this.directory;
    var files = {};
    FS.readdir(directory).forEach(function (name) {
      if (!SeedChunkPlan.isChunk(name)) return;
      var path = directory + '/' + name;
      files[path] = FS.lookupPath(path).node.timestamp;
    });
    return files;
  }

  // The file at `path` is IndexedDB's record there with a delta of `deltaPages` applied.
  markClean(path, deltaPages) {
    FS.utime(path, 0, 0);
    SeedPageTracker.restart(FS.lookupPath(path).node, path, deltaPages);
  }

  // Makes the copy IndexedDB's as its meta record (null: none) describes it, with `log`: `records`
  // ({path: record}, SeedChunkPlan.assemble()'s: contents with the delta applied) are what was read; `plan` is SeedChunkPlan.catchUp()'s answer, or null when every
  // file was read (then a local file IndexedDB no longer holds goes). On a throw the copy counts as not
  // loaded.
  load(meta, log, records, plan) {
    var copy = this;
    try {
      if (plan === null) {
        Object.keys(this.files()).forEach(function (path) { if (!records[path]) FS.unlink(path); });
        this.known = {};
        this.deltas = {};
      } else {
        plan.deleted.forEach(function (path) {
          if (FS.analyzePath(path).exists) FS.unlink(path);
          delete copy.known[path];
          delete copy.deltas[path];
        });
        plan.changed.forEach(function (path) { delete copy.deltas[path]; }); // read again below, with its delta if any
      }
      Object.keys(records).forEach(function (path) {
        var pages = records[path].deltaPages || [];
        FS.writeFile(path, records[path].contents);
        copy.markClean(path, pages);
        copy.known[path] = true;
        if (pages.length) copy.deltas[path] = true;
      });
    } catch (error) {
      this.loaded = false;
      throw error;
    }
    this.base = meta ? meta.generation : null;
    this.sequence = SeedSavedRecord.sequenceOf(meta);
    this.log = log;
    this.lastLoad = { files: Object.keys(records).length, full: plan === null };
    this.loaded = true;
  }

  // What a save at `generation` stores: the dirty files' records (or deltas) read now (a snapshot between
  // frames), the keys to delete, the new meta record. The written files are marked clean at once: a write
  // from now on makes them dirty again, for the next save.
  takeChanges(generation) {
    var local = this.files();
    var changed = SeedChunkPlan.toWrite(local, this.known, this.forceDirty);
    var deleted = SeedChunkPlan.toDelete(local, this.known);
    var copy = this;
    var now = Date.now();
    var pageSize = SeedPageTracker.pageSize;
    var deleteKeys = deleted.slice();
    var deltaPaths = [];
    var puts = changed.map(function (path) {
      var node = FS.lookupPath(path).node;
      var contents = FS.readFile(path);
      var pages = copy.known[path] && !copy.forceDirty[path] ? SeedPageTracker.pagesToSave(node, path) : null;
      if (pages && !SeedChunkPlan.savesWhole(pages.length, contents.length, pageSize)) {
        copy.markClean(path, pages);
        deltaPaths.push(path);
        return { path: SeedChunkPlan.deltaKey(path), record: SeedChunkPlan.makeDelta(contents, pages, pageSize) };
      }
      copy.markClean(path, []);
      // A chunk new to IndexedDB (or lost from it) may have a delta there that outlived its record.
      if (copy.deltas[path] || !copy.known[path]) deleteKeys.push(SeedChunkPlan.deltaKey(path));
      return { path: path, record: { timestamp: now, mode: node.mode, contents: contents } };
    });
    deleted.forEach(function (path) {
      if (copy.deltas[path]) deleteKeys.push(SeedChunkPlan.deltaKey(path));
    });
    var log = SeedChunkPlan.appendLog(this.log, generation, changed, deleted, this.logLength);
    var database = { chunks: 0, bytes: 0 }; // what the meta record says IndexedDB then holds of it
    var prefix = this.databasePath + '.chunk.';
    Object.keys(local).forEach(function (path) {
      if (path.indexOf(prefix) !== 0) return;
      database.chunks++;
      database.bytes += FS.stat(path).size;
    });
    var meta = { generation: generation, sequence: this.sequence + 1, savedAt: now, tab: this.tab, layout: this.layout,
                 chunks: database.chunks, bytes: database.bytes, log: log };
    return {
      generation: generation,
      puts: puts,
      changed: changed,
      deleted: deleted,
      deleteKeys: deleteKeys,
      deltaPaths: deltaPaths, // of `changed`, those saved as a delta
      log: log,
      meta: meta,
      bytes: puts.reduce(function (sum, entry) { return sum + entry.record.contents.length; }, 0),
    };
  }

  // IndexedDB holds `batch`: this copy is its generation.
  saved(batch) {
    var copy = this;
    batch.changed.forEach(function (path) { copy.known[path] = true; delete copy.forceDirty[path]; delete copy.deltas[path]; });
    batch.deltaPaths.forEach(function (path) { copy.deltas[path] = true; });
    batch.deleted.forEach(function (path) { delete copy.known[path]; delete copy.deltas[path]; });
    this.log = batch.log;
    this.base = batch.generation;
    this.sequence = batch.meta.sequence;
  }

  // IndexedDB lost what it held of this copy (its meta record or chunks vanished while this tab was
  // open): the next save writes every file again, from memory.
  forgetStored() {
    this.known = {}; // so every chunk is written whole, deleting any delta that outlived its record
  }

  // The person chose to start over after IndexedDB lost data that a later save had recorded: the next
  // save must count past that save, or the next start would take the new data for the lost one.
  countPast(sequence) {
    this.sequence = Math.max(this.sequence, sequence);
  }

  // The batch did not land: its files are written again by the next save, whole, changed since or not
  // (a whole chunk replaces whatever delta IndexedDB still holds, so the tracker's guess is not needed).
  notSaved(batch) {
    var copy = this;
    batch.changed.forEach(function (path) { copy.forceDirty[path] = true; });
  }
}

mergeInto(LibraryManager.library, {
  $SeedLocalCopy__deps: ['$FS', '$SeedChunkPlan', '$SeedSavedRecord', '$SeedPageTracker'],
  $SeedLocalCopy: '=' + SeedLocalCopy,
});
