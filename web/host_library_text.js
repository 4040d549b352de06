// Text between JavaScript and C++ for the host library and text_input_library.js: every string handed to
// C++ goes through withText (a pointer and a byte length, C++ side src/platform/js_text.h), every string
// read back through fromText or answer, and every error shown to a person through describeError.
//
//   SeedText.withText('/data/x.db', function (pointer, length) { return _seed_storage_on_import(pointer, length); });
//   var counts = JSON.parse(SeedText.answer(function (lengthPointer) { return _seed_storage_counts(lengthPointer); }));
//
// Why not Emscripten's stringToUTF8/UTF8ToString: they pass NUL-terminated strings, so "abc\0def" arrives
// as "abc"; and stringToUTF8 reads a lone surrogate as the start of a pair, swallowing the character after
// it ("ab\uD800cd" became "ab𐁣d"). TextEncoder would instead replace it with U+FFFD, silently too.
class SeedText {
  // `text` as UTF-8 bytes, every code unit kept: U+0000 as byte 0, and a lone surrogate as its own
  // three-byte form (ED A0 80 … ED BF BF), which is not UTF-8, so that C++ refuses the text with the
  // field's message instead of receiving something else (C++'s app::find_text_problem).
  static encode(text) {
    var parts = [];
    var start = 0;
    for (var i = 0; i < text.length; ++i) {
      var unit = text.charCodeAt(i);
      if (unit >= 0xD800 && unit <= 0xDBFF && i + 1 < text.length) {
        var next = text.charCodeAt(i + 1);
        if (next >= 0xDC00 && next <= 0xDFFF) { ++i; continue; }
      }
      if (unit < 0xD800 || unit > 0xDFFF) continue;
      parts.push(new TextEncoder().encode(text.slice(start, i)));
      parts.push(new Uint8Array([0xE0 | (unit >> 12), 0x80 | ((unit >> 6) & 0x3F), 0x80 | (unit & 0x3F)]));
      start = i + 1;
    }
    parts.push(new TextEncoder().encode(text.slice(start)));
    if (parts.length === 1) return parts[0];
    var size = parts.reduce(function (total, part) { return total + part.length; }, 0);
    var bytes = new Uint8Array(size);
    var offset = 0;
    parts.forEach(function (part) { bytes.set(part, offset); offset += part.length; });
    return bytes;
  }

  // Calls fn(pointer, length) with `text`'s bytes (encode) in the wasm heap, wiped and freed afterwards
  // (it may be a password); returns what fn returned. Throws if the heap has no room.
  static withText(text, fn) {
    var bytes = SeedText.encode(String(text));
    var pointer = _malloc(Math.max(1, bytes.length));
    if (!pointer) throw new Error('out of memory for ' + bytes.length + ' bytes of text');
    HEAPU8.set(bytes, pointer);
    try {
      return fn(pointer, bytes.length);
    } finally {
      HEAPU8.fill(0, pointer, pointer + bytes.length);
      bytes.fill(0);
      _free(pointer);
    }
  }

  // withText for several strings: fn(pointer1, length1, pointer2, length2, …).
  static withTexts(texts, fn) {
    var collected = [];
    var step = function (index) {
      if (index === texts.length) return fn.apply(null, collected);
      return SeedText.withText(texts[index], function (pointer, length) {
        collected.push(pointer, length);
        return step(index + 1);
      });
    };
    return step(0);
  }

  // `length` bytes of UTF-8 at `pointer`, as C++ handed them. Throws a TypeError if they are not UTF-8
  // (a fatal TextDecoder: nothing is replaced); a NUL inside stays a NUL.
  static fromText(pointer, length) {
    if (!pointer || length <= 0) return '';
    return new TextDecoder('utf-8', { fatal: true }).decode(HEAPU8.subarray(pointer, pointer + length));
  }

  // The text a C++ function returns as a pointer, with its byte length written to the int its argument
  // points to: answer(function (lengthPointer) { return _seed_storage_counts(lengthPointer); }).
  static answer(fn) {
    var lengthPointer = _malloc(4);
    if (!lengthPointer) throw new Error('out of memory');
    try {
      HEAP32[lengthPointer >> 2] = 0;
      var pointer = fn(lengthPointer);
      return SeedText.fromText(pointer, HEAP32[lengthPointer >> 2]);
    } finally {
      _free(lengthPointer);
    }
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
