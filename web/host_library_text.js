// Text between JavaScript and C++ for the host library: every string handed to C++ goes through
// withCString, every string read back through fromCString, and every error shown to a person through
// describeError.
//
//   SeedText.withCString('/data/x.db', function (pointer) { return _seed_storage_on_import(pointer); });
//   var problem = SeedText.fromCString(_seed_storage_on_start_fresh());
class SeedText {
  // Calls fn(pointer) with `text` as a NUL-terminated UTF-8 string in the wasm heap, freed afterwards;
  // returns what fn returned.
  static withCString(text, fn) {
    var size = lengthBytesUTF8(text) + 1;
    var pointer = _malloc(size);
    stringToUTF8(text, pointer, size);
    try {
      return fn(pointer);
    } finally {
      _free(pointer);
    }
  }

  static fromCString(pointer) {
    return pointer ? UTF8ToString(pointer) : '';
  }

  // "QuotaExceededError: …", or the message alone for a plain Error.
  static describeError(error) {
    if (!error) return 'unknown error';
    var name = error.name && error.name !== 'Error' ? error.name + ': ' : '';
    return name + (error.message || String(error));
  }
}

mergeInto(LibraryManager.library, {
  $SeedText: '=' + SeedText,
});
