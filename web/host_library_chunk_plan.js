// Which files a save writes and deletes, and which a tab that is behind must fetch: pure functions over
// plain data (no IndexedDB, no MEMFS), tested under node (tests/web/chunk_plan.test.mjs).
//
//   SeedChunkPlan.toWrite({'/data/x.chunk.000000': 0, '/data/x.chunk.000001': 1712}, known, forceDirty)
//     → ['/data/x.chunk.000001']                      (dirty: its MEMFS timestamp is not 0)
//   SeedChunkPlan.catchUp(log, base) → {changed: [...], deleted: [...]}, or null: reload every file
//
// The meta record's log lists, for each of the last saves, the paths it wrote and deleted; a tab whose
// copy is at generation `base` merges the entries after `base` (a later entry wins over an earlier one).
class SeedChunkPlan {
  // chunk_store.h's names: "<database>.chunk.NNNNNN". Only chunks are saved: journals and import
  // candidates live in MEMFS alone.
  static isChunk(name) {
    return /\.chunk\.\d{6}$/.test(name);
  }

  // The local files (path → MEMFS timestamp; 0 means unchanged since it was last loaded or saved) a save
  // must write: the changed ones, the ones IndexedDB does not hold yet, and the ones whose last save
  // failed. In path order, so a save's log entry reads the same in every tab.
  static toWrite(local, known, forceDirty) {
    return Object.keys(local).sort().filter(function (path) {
      return local[path] !== 0 || !known[path] || Boolean(forceDirty[path]);
    });
  }

  // The files IndexedDB holds (as far as this tab knows) that the local copy no longer has.
  static toDelete(local, known) {
    return Object.keys(known).sort().filter(function (path) { return !(path in local); });
  }

  // The log after a save at `generation`: its entry appended, the oldest dropped beyond `limit`.
  static appendLog(log, generation, changed, deleted, limit) {
    return log.concat([{ generation: generation, changed: changed.slice(), deleted: deleted.slice() }]).slice(-limit);
  }

  // What a copy at generation `base` must fetch to match the log's last entry: {changed, deleted}
  // (sorted), or null when the log does not reach back to `base` (too far behind, or never loaded:
  // `base` null). A path changed and later deleted is deleted; deleted and later written again, changed.
  static catchUp(log, base) {
    if (base === null || base === undefined || !Array.isArray(log)) return null;
    var since = -1;
    for (var i = 0; i < log.length; i++) if (log[i].generation === base) since = i;
    if (since < 0) return null;
    var state = {}; // path → 'changed' | 'deleted', the latest entry's word
    log.slice(since + 1).forEach(function (entry) {
      entry.changed.forEach(function (path) { state[path] = 'changed'; });
      entry.deleted.forEach(function (path) { state[path] = 'deleted'; });
    });
    var paths = Object.keys(state).sort();
    return {
      changed: paths.filter(function (path) { return state[path] === 'changed'; }),
      deleted: paths.filter(function (path) { return state[path] === 'deleted'; }),
    };
  }

  // --- Delta records --------------------------------------------------------------------------------
  // A commit changes a few 4 KiB pages of a chunk; IndexedDB rewrites a record whole. So a chunk whose
  // record is in IndexedDB may be saved as a *delta*: the record at deltaKey(path), {size, pages,
  // contents}, holding every page (in order, the last one cut at `size`) in which the chunk differs from
  // its record. The chunk's bytes are its record with its delta applied (applyDelta). A save replaces the
  // delta whole (it holds the pages of the earlier deltas too), or writes the chunk whole and deletes the
  // delta, in the same transaction as the meta record: any generation reads back as it was saved.
  static deltaKey(path) {
    return 'seed-delta:' + path;
  }

  // Whether a delta of `pages` pages would cost more than the chunk of `chunkBytes` itself: past a
  // quarter of the chunk, the chunk is written whole (folding the delta into it).
  static savesWhole(pages, chunkBytes, pageSize) {
    return pages === 0 || pages * pageSize * 4 > chunkBytes;
  }

  // The delta record of `pages` (sorted page numbers) of a chunk whose bytes are `contents`.
  static makeDelta(contents, pages, pageSize) {
    var size = contents.length;
    var kept = pages.filter(function (page) { return page * pageSize < size; });
    var lengths = kept.map(function (page) { return Math.min(pageSize, size - page * pageSize); });
    var bytes = new Uint8Array(lengths.reduce(function (sum, n) { return sum + n; }, 0));
    var at = 0;
    kept.forEach(function (page, i) {
      bytes.set(contents.subarray(page * pageSize, page * pageSize + lengths[i]), at);
      at += lengths[i];
    });
    return { size: size, pages: kept, contents: bytes };
  }

  // The chunk's bytes: `contents` (its record's) with `delta` applied; a chunk that grew reads zeros
  // where no page was written, as the file it was saved from did. Throws on a delta that does not fit.
  static applyDelta(contents, delta, pageSize) {
    if (!delta || !Array.isArray(delta.pages) || !delta.contents || !Number.isSafeInteger(delta.size))
      throw new Error('a delta record is malformed');
    var bytes = new Uint8Array(delta.size);
    bytes.set(contents.length > delta.size ? contents.subarray(0, delta.size) : contents);
    var at = 0;
    delta.pages.forEach(function (page) {
      var length = Math.min(pageSize, delta.size - page * pageSize);
      if (length <= 0 || at + length > delta.contents.length) throw new Error('a delta record is malformed');
      bytes.set(delta.contents.subarray(at, at + length), page * pageSize);
      at += length;
    });
    return bytes;
  }

  // What IndexedDB's read returned ({key: record}: file records under their paths, deltas under
  // deltaKey(path)) as the files they make: {path: record} with `contents` the chunk's bytes and
  // `deltaPages` the pages its delta holds ([] if none). A delta without its chunk record is left out
  // (the chunk is missing; SeedSavedRecord says so). Throws on a malformed delta.
  static assemble(stored, pageSize) {
    var prefix = SeedChunkPlan.deltaKey('');
    var assembled = {};
    Object.keys(stored).forEach(function (key) {
      if (key.indexOf(prefix) === 0) return;
      var record = stored[key];
      var delta = stored[prefix + key];
      assembled[key] = { timestamp: record.timestamp, mode: record.mode, deltaPages: delta ? delta.pages.slice() : [],
                         contents: delta ? SeedChunkPlan.applyDelta(record.contents, delta, pageSize) : record.contents };
    });
    return assembled;
  }

  // The log of a meta record, if it is of this layout; [] otherwise (an earlier build's record).
  static logOf(meta, layout) {
    return meta && meta.layout === layout && Array.isArray(meta.log) ? meta.log : [];
  }
}

mergeInto(LibraryManager.library, {
  $SeedChunkPlan: '=' + SeedChunkPlan,
});
