// What IndexedDB holds for the app, read in a page of its origin (page.evaluate(storedFiles)): every
// record of IDBFS's store under its path, as an array of bytes.
export async function storedFiles() {
  const db = await new Promise((resolve, reject) => {
    const request = indexedDB.open('/data');
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  const files = await new Promise((resolve, reject) => {
    const found = {};
    const transaction = db.transaction(['FILE_DATA'], 'readonly');
    transaction.objectStore('FILE_DATA').openCursor().onsuccess = (event) => {
      const cursor = event.target.result;
      if (!cursor) return;
      if (cursor.value.contents) found[cursor.key] = Array.from(cursor.value.contents);
      cursor.continue();
    };
    transaction.oncomplete = () => resolve(found);
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
