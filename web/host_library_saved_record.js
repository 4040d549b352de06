// Knowing that data existed: after every save, a small record outside IndexedDB (localStorage) says which
// save it was (a sequence number that grows by one with every save of any tab), its generation, and the
// database's size and number of chunks; the IndexedDB meta record carries the same. At start, IndexedDB
// holding less than that (no meta record, fewer chunks or bytes than its meta record lists, or an older
// save than localStorage remembers) means the browser lost data: the app says so and starts empty only
// if the person chooses to, instead of opening an empty database over the loss (issue 25).
//
//   var record = new SeedSavedRecord('seed-saved:/data/registration.db', window.localStorage);
//   record.write({sequence: 7, generation: 'g', bytes: 81920, chunks: 2, savedAt: Date.now()});
//   SeedSavedRecord.missing(record.read(), meta, SeedSavedRecord.found(records, '/data/registration.db'))
//     → null, or a sentence saying what is missing
//
// One error path: localStorage may be missing, blocked or full; read() then answers null and write()
// keeps the previous record (which still proves that data existed). Neither throws.
class SeedSavedRecord {
  constructor(key, storage) {
    this.key = key;
    this.storage = storage || null;
  }

  read() {
    try {
      var value = this.storage ? JSON.parse(this.storage.getItem(this.key) || 'null') : null;
      return value && Number.isSafeInteger(value.sequence) ? value : null;
    } catch (error) {
      return null;
    }
  }

  write(record) {
    try {
      if (this.storage) this.storage.setItem(this.key, JSON.stringify(record));
    } catch (error) {
      console.warn('The record of the last save could not be kept in localStorage: ' + SeedText.describeError(error));
    }
  }

  // The chunks of `databasePath` among IndexedDB's records ({path: record}): how many, how many bytes.
  static found(records, databasePath) {
    var prefix = databasePath + '.chunk.';
    var found = { chunks: 0, bytes: 0 };
    Object.keys(records).forEach(function (path) {
      if (path.indexOf(prefix) !== 0) return;
      found.chunks++;
      found.bytes += records[path].contents.length;
    });
    return found;
  }

  static sequenceOf(meta) {
    return meta && Number.isSafeInteger(meta.sequence) ? meta.sequence : 0;
  }

  // What is missing from IndexedDB, in a sentence; null if it holds every save this browser knows of.
  // `expected` is read()'s answer, `meta` IndexedDB's meta record (null if none), `found` found()'s.
  static missing(expected, meta, found) {
    var size = SeedSavedRecord.describeBytes;
    var when = SeedSavedRecord.describeTime;
    if (meta && Number.isSafeInteger(meta.chunks) && (found.chunks < meta.chunks || found.bytes < meta.bytes)) {
      return 'This browser\'s storage holds ' + found.chunks + ' of the ' + meta.chunks + ' parts of the database saved ' +
             when(meta.savedAt) + ' (' + size(found.bytes) + ' of ' + size(meta.bytes) + ').';
    }
    if (expected && expected.sequence > SeedSavedRecord.sequenceOf(meta)) {
      if (!meta && found.chunks === 0) {
        return 'This browser\'s storage holds nothing of the database of ' + size(expected.bytes) + ' saved ' +
               when(expected.savedAt) + '.';
      }
      return 'This browser\'s storage holds an older copy' + (meta && meta.savedAt ? ' (saved ' + when(meta.savedAt) + ')' : '') +
             ' than the database of ' + size(expected.bytes) + ' saved ' + when(expected.savedAt) + '.';
    }
    return null;
  }

  static describeBytes(bytes) {
    var value = Number(bytes) || 0;
    if (value < 1000) return value + ' bytes';
    if (value < 1e6) return (value / 1e3).toFixed(1) + ' KB';
    return (value / 1e6).toFixed(1) + ' MB';
  }

  static describeTime(milliseconds) {
    if (!Number.isFinite(milliseconds)) return 'earlier';
    return 'on ' + new Date(milliseconds).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
  }
}

mergeInto(LibraryManager.library, {
  $SeedSavedRecord__deps: ['$SeedText'],
  $SeedSavedRecord: '=' + SeedSavedRecord,
});
