// A stand-in for the part of Emscripten's FS (MEMFS) that SeedLocalCopy uses, with MEMFS's timestamp
// rule: a write sets the file's one timestamp to Date.now(), FS.utime sets it; for node tests only (the
// browser tests run the real MEMFS).
export function memoryFs(directory) {
  const files = new Map(); // path → { contents: Uint8Array, timestamp, mode }
  const existing = (path) => {
    const node = files.get(path);
    if (!node) throw Object.assign(new Error(`ENOENT: ${path}`), { errno: 44 });
    return node;
  };
  return {
    files,
    readdir(path) {
      if (path !== directory) throw new Error(`no directory ${path}`);
      return ['.', '..', ...[...files.keys()].map((file) => file.slice(directory.length + 1))];
    },
    lookupPath(path) { return { node: existing(path) }; },
    stat(path) { return { size: existing(path).contents.length }; },
    analyzePath(path) { return { exists: files.has(path) }; },
    readFile(path) { return new Uint8Array(existing(path).contents); },
    writeFile(path, contents) {
      files.set(path, { contents: new Uint8Array(contents), timestamp: Date.now() || 1, mode: 0o100666 });
    },
    utime(path, atime, mtime) { existing(path).timestamp = mtime; },
    unlink(path) { existing(path); files.delete(path); },
  };
}
