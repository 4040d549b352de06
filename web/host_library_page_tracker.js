// Which 4 KiB pages of each chunk file differ from the chunk's record in IndexedDB, so that a save can
// store those pages (a small delta record, SeedChunkPlan.makeDelta) instead of the whole 64 KiB chunk.
//
//   SeedPageTracker.install(MEMFS);                 // once, before any chunk is loaded
//   SeedPageTracker.restart(node, path, [3]);       // the record at `path` + a delta of page 3 = the node
//   SeedPageTracker.pagesToSave(node, path)         // → [3, 7] (folded ∪ written since), or null: whole
//
// Exact, not sampled: every byte MEMFS stores for a file goes through its stream `write` (SQLite's
// pwrite, FS.writeFile, msync) or `resizeFileStorage` (ftruncate, O_TRUNC), and both are wrapped here. A
// write marks the pages it covers; growing a file adds zeros, which the delta's size carries; anything
// else (a shrink, a write that hands MEMFS its buffer, a node moved to another path, a node never
// restarted) leaves no track, and such a chunk is saved whole. A chunk's track is per MEMFS node:
//   {path: where its record is, folded: pages IndexedDB's delta record holds, pending: pages written since}
class SeedPageTracker {
  static get pageSize() { return 4096; }

  static install(memfs) {
    if (memfs.seedTracked) return;
    memfs.seedTracked = true;
    var wrapWrite = function (original) {
      return function (stream, buffer, offset, length, position, canOwn) {
        SeedPageTracker.noteWrite(stream.node, position, length, canOwn);
        return original.apply(this, arguments);
      };
    };
    // Files' streams share MEMFS.ops_table.file.stream; msync calls MEMFS.stream_ops.write itself.
    if (memfs.ops_table) memfs.ops_table.file.stream.write = wrapWrite(memfs.ops_table.file.stream.write);
    memfs.stream_ops.write = wrapWrite(memfs.stream_ops.write);
    var resize = memfs.resizeFileStorage;
    memfs.resizeFileStorage = function (node, newSize) {
      if (newSize < node.usedBytes) node.seedTrack = null; // the pages past the end are gone: save it whole
      return resize.apply(this, arguments);
    };
  }

  static noteWrite(node, position, length, canOwn) {
    var track = node.seedTrack;
    if (!track || !length) return;
    if (canOwn) {
      node.seedTrack = null; // MEMFS takes the buffer as the whole file
      return;
    }
    var size = SeedPageTracker.pageSize;
    for (var page = Math.floor(position / size), last = Math.floor((position + length - 1) / size); page <= last; page++)
      track.pending.add(page);
  }

  // From now on the node is IndexedDB's record at `path` with the delta of pages `folded` applied.
  static restart(node, path, folded) {
    node.seedTrack = { path: path, folded: new Set(folded), pending: new Set() };
  }

  // The pages a delta record for `path` must hold (sorted), or null when the chunk must be saved whole
  // (no track, or the track is of another path).
  static pagesToSave(node, path) {
    var track = node.seedTrack;
    if (!track || track.path !== path) return null;
    var pages = new Set(track.folded);
    track.pending.forEach(function (page) { pages.add(page); });
    return Array.from(pages).sort(function (a, b) { return a - b; });
  }
}

mergeInto(LibraryManager.library, {
  $SeedPageTracker: '=' + SeedPageTracker,
});
