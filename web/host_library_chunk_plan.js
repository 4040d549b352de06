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

  // The log of a meta record, if it is of this layout; [] otherwise (an earlier build's record).
  static logOf(meta, layout) {
    return meta && meta.layout === layout && Array.isArray(meta.log) ? meta.log : [];
  }
}

mergeInto(LibraryManager.library, {
  $SeedChunkPlan: '=' + SeedChunkPlan,
});
