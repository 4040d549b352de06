// What IndexedDB holds for the app, read in a page of its origin (page.evaluate(storedFiles)): every
// file record of IDBFS's store under its path, as an array of bytes, a chunk's with its delta record
// (`seed-delta:<path>`, the pages saved since the chunk was written whole) applied.
export async function storedFiles() {
  const db = await new Promise((resolve, reject) => {
    const request = indexedDB.open('/data');
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  const files = await new Promise((resolve, reject) => {
    const found = {};
    const deltas = {};
    const transaction = db.transaction(['FILE_DATA'], 'readonly');
    transaction.objectStore('FILE_DATA').openCursor().onsuccess = (event) => {
      const cursor = event.target.result;
      if (!cursor) return;
      if (String(cursor.key).startsWith('seed-delta:')) deltas[cursor.key.slice('seed-delta:'.length)] = cursor.value;
      else if (cursor.value.contents) found[cursor.key] = Array.from(cursor.value.contents);
      cursor.continue();
    };
    transaction.oncomplete = () => {
      for (const [path, delta] of Object.entries(deltas)) {
        if (!found[path]) continue;
        const bytes = found[path].slice(0, delta.size);
        while (bytes.length < delta.size) bytes.push(0);
        let at = 0;
        for (const page of delta.pages) {
          const length = Math.min(4096, delta.size - page * 4096);
          for (let i = 0; i < length; i++) bytes[page * 4096 + i] = delta.contents[at + i];
          at += length;
        }
        found[path] = bytes;
      }
      resolve(found);
    };
    transaction.onerror = () => reject(transaction.error);
  });
  db.close();
  return files;
}

// The database `name` in what storedFiles() returned: its chunks (/data/<name>.chunk.000000, …)
// concatenated; null if there are none.
export function storedDatabase(files, name) {
  const chunks = Object.keys(files).filter((key) => key.startsWith(`/data/${name}.chunk.`)).sort();
  return chunks.length ? chunks.flatMap((key) => files[key]) : null;
}
