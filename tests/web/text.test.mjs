// SeedText (web/host_library_text.js): strings cross into the wasm heap as their exact UTF-8 bytes and a
// length, a NUL kept and a lone surrogate kept apart from its neighbours (as bytes C++ refuses); what C++
// hands back is decoded strictly; the heap copy of a string (a password) is wiped once C++ returns.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadModules } from './library.mjs';

// A wasm heap stand-in: a bump allocator over 64 KB, frees recorded.
function heap() {
  const memory = new ArrayBuffer(65536);
  const state = { next: 8, freed: [] };
  return Object.assign(state, {
    HEAPU8: new Uint8Array(memory),
    HEAP32: new Int32Array(memory),
    _malloc: (size) => { const at = state.next; state.next += (size + 7) & ~7; return at; },
    _free: (pointer) => { state.freed.push(pointer); },
    TextEncoder, TextDecoder,
  });
}

function load() {
  const page = heap();
  const { SeedText } = loadModules(['host_library_text.js'], page);
  return { SeedText, page };
}

const bytes = (view) => Array.from(view);

test('plain and non-Latin text is its UTF-8', () => {
  const { SeedText } = load();
  assert.deepEqual(bytes(SeedText.encode('Ωé日🐍')), bytes(new TextEncoder().encode('Ωé日🐍')));
});

test('U+0000 crosses as byte 0, and the text after it with it', () => {
  const { SeedText } = load();
  assert.deepEqual(bytes(SeedText.encode('abc\u0000def')), [0x61, 0x62, 0x63, 0, 0x64, 0x65, 0x66]);
});

test('a lone surrogate is its own three bytes: the next character is neither swallowed nor replaced', () => {
  const { SeedText } = load();
  // stringToUTF8 gave ab + U+10063 + d here ("ab𐁣d"); TextEncoder would give ab + U+FFFD + cd.
  assert.deepEqual(bytes(SeedText.encode('ab\uD800cd')), [0x61, 0x62, 0xED, 0xA0, 0x80, 0x63, 0x64]);
  assert.deepEqual(bytes(SeedText.encode('\uDFFFx')), [0xED, 0xBF, 0xBF, 0x78]);
  assert.deepEqual(bytes(SeedText.encode('x\uD83D')), [0x78, 0xED, 0xA0, 0xBD]);
  assert.throws(() => new TextDecoder('utf-8', { fatal: true }).decode(SeedText.encode('ab\uD800cd')),
                'what arrives is not UTF-8, so C++ refuses it');
  assert.deepEqual(bytes(SeedText.encode('\uD83D\uDC0D')), bytes(new TextEncoder().encode('🐍')), 'a pair stays a pair');
});

test('withText hands C++ the pointer and byte length, then wipes and frees the copy', () => {
  const { SeedText, page } = load();
  let seen;
  const answer = SeedText.withText('pw\u0000é', (pointer, length) => {
    seen = { pointer, length, bytes: bytes(page.HEAPU8.subarray(pointer, pointer + length)) };
    return 7;
  });
  assert.equal(answer, 7);
  assert.deepEqual(seen.bytes, [0x70, 0x77, 0, 0xC3, 0xA9]);
  assert.equal(seen.length, 5);
  assert.deepEqual(bytes(page.HEAPU8.subarray(seen.pointer, seen.pointer + 5)), [0, 0, 0, 0, 0]);
  assert.deepEqual(page.freed, [seen.pointer]);
});

test('withTexts passes each string as a pointer and a length, in order', () => {
  const { SeedText, page } = load();
  const got = SeedText.withTexts(['ann', '', 'é'], (...args) => [
    page.HEAPU8[args[0]], args[1], args[3], args[5], page.HEAPU8[args[4]],
  ]);
  assert.deepEqual(got, [0x61, 3, 0, 2, 0xC3]);
  assert.equal(page.freed.length, 3);
});

test('fromText and answer decode exactly the length given, a NUL included; invalid UTF-8 throws', () => {
  const { SeedText, page } = load();
  page.HEAPU8.set([0x7B, 0x7D, 0, 0x61], 1000);
  assert.equal(SeedText.fromText(1000, 4), '{}\u0000a');
  assert.equal(SeedText.fromText(0, 4), '');
  assert.equal(SeedText.answer((lengthPointer) => { page.HEAP32[lengthPointer >> 2] = 2; return 1000; }), '{}');
  page.HEAPU8.set([0xED, 0xA0, 0x80], 2000);
  assert.throws(() => SeedText.fromText(2000, 3), TypeError);
});
