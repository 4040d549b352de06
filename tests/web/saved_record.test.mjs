// SeedSavedRecord (web/host_library_saved_record.js): the record outside IndexedDB that data was saved,
// and the judgement at start whether IndexedDB holds less than was saved (issue 25: never open empty
// over lost data).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadModules } from './library.mjs';

const { SeedSavedRecord } = loadModules(['host_library_text.js', 'host_library_saved_record.js']);
const path = '/data/registration.db';
const records = (sizes) => Object.fromEntries(sizes.map((size, i) => [`${path}.chunk.${String(i).padStart(6, '0')}`, { contents: new Uint8Array(size) }]));
const meta = { generation: 'g7', sequence: 7, chunks: 3, bytes: 65536 * 2 + 100, savedAt: Date.UTC(2026, 11, 1, 21, 30) };
const expected = { sequence: 7, generation: 'g7', chunks: 3, bytes: meta.bytes, savedAt: meta.savedAt };

test('everything there: nothing missing', () => {
  const found = SeedSavedRecord.found({ ...records([65536, 65536, 100]), '/data/other.db.chunk.000000': { contents: new Uint8Array(5) } }, path);
  assert.deepEqual({ ...found }, { chunks: 3, bytes: 65536 * 2 + 100 });
  assert.equal(SeedSavedRecord.missing(expected, meta, found), null);
  assert.equal(SeedSavedRecord.missing(null, meta, found), null, 'without the record (localStorage blocked) too');
});

test('a first visit, and data of a build from before these records, are not a loss', () => {
  assert.equal(SeedSavedRecord.missing(null, null, { chunks: 0, bytes: 0 }), null);
  assert.equal(SeedSavedRecord.missing(null, { generation: 'earlier-version', savedAt: 1 }, { chunks: 0, bytes: 0 }), null);
});

test('every record gone (the browser dropped its store) while localStorage remembers a save: a loss', () => {
  const text = SeedSavedRecord.missing(expected, null, { chunks: 0, bytes: 0 });
  assert.match(text, /holds nothing of the database of 131\.2 KB saved on /);
});

test('chunks gone behind the app\'s back, the meta record left: a loss, even without localStorage', () => {
  const found = SeedSavedRecord.found(records([65536]), path);
  assert.match(SeedSavedRecord.missing(null, meta, found), /holds 1 of the 3 parts of the database saved on .* \(65\.5 KB of 131\.2 KB\)/);
  const shortLast = SeedSavedRecord.found(records([65536, 65536, 10]), path);
  assert.match(SeedSavedRecord.missing(expected, meta, shortLast), /3 of the 3 parts/, 'a chunk cut short counts too');
});

test('IndexedDB holding an older save than the last one recorded: a loss', () => {
  const older = { ...meta, sequence: 5 };
  assert.match(SeedSavedRecord.missing(expected, older, SeedSavedRecord.found(records([65536, 65536, 100]), path)),
               /holds an older copy \(saved on .*\) than the database of 131\.2 KB saved on /);
  assert.equal(SeedSavedRecord.missing({ ...expected, sequence: 6 }, meta, { chunks: 3, bytes: meta.bytes }), null,
               'a newer save than localStorage remembers (the browser stopped before writing it) is fine');
});

test('localStorage that is missing, full or unreadable answers null and never throws', () => {
  const full = { getItem: () => { throw new Error('blocked'); }, setItem: () => { throw new Error('QuotaExceededError'); } };
  const record = new SeedSavedRecord('seed-saved:/data/registration.db', full);
  assert.equal(record.read(), null);
  record.write(expected);
  assert.equal(new SeedSavedRecord('k', null).read(), null);
  const items = new Map();
  const working = { getItem: (key) => items.get(key) ?? null, setItem: (key, value) => items.set(key, value) };
  const kept = new SeedSavedRecord('k', working);
  kept.write(expected);
  assert.equal(kept.read().sequence, 7);
  working.setItem('k', '{"sequence": "seven"}');
  assert.equal(kept.read(), null, 'a record that is not ours is ignored');
});
