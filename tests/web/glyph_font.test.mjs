// SeedGlyphFont (web/host_library_glyph_font.js): the CJK font is fetched once and written where Dear
// ImGui reads it; a failed fetch is not tried again for retryMs however often the frames ask, then once.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadModules } from './library.mjs';

function load(answer) {
  const written = {};
  const fetched = [];
  const page = {
    document: { baseURI: 'https://example.org/records/index.html' },
    URL,
    fetch: (url) => {
      fetched.push(url);
      return answer();
    },
    FS: {
      analyzePath: (path) => ({ exists: path in written }),
      mkdirTree: (path) => { written[path] = 'folder'; },
      writeFile: (path, bytes) => { written[path] = bytes; },
    },
  };
  const { SeedGlyphFont } = loadModules(['host_library_glyph_font.js'], page);
  return { SeedGlyphFont, written, fetched };
}

const settle = () => new Promise((done) => setTimeout(done, 0));
const font = new Uint8Array([0, 1, 0, 0, 42]);

test('fetched once beside the page, then written into MEMFS', async () => {
  const { SeedGlyphFont, written, fetched } = load(async () => ({ ok: true, arrayBuffer: async () => font.buffer }));
  SeedGlyphFont.start('cjk.ttf', '/fonts/cjk.ttf');
  assert.equal(SeedGlyphFont.state, 'loading');
  SeedGlyphFont.start('cjk.ttf', '/fonts/cjk.ttf'); // the next frames ask again meanwhile
  await settle();
  assert.equal(SeedGlyphFont.state, 'ready');
  assert.deepEqual(fetched, ['https://example.org/records/cjk.ttf']);
  assert.deepEqual([...written['/fonts/cjk.ttf']], [...font]);
  SeedGlyphFont.start('cjk.ttf', '/fonts/cjk.ttf');
  assert.equal(SeedGlyphFont.fetches, 1);
});

test('offline: failed, not fetched again within retryMs, then tried once more', async () => {
  const { SeedGlyphFont, written, fetched } = load(async () => { throw new TypeError('Failed to fetch'); });
  SeedGlyphFont.start('cjk.ttf', '/fonts/cjk.ttf');
  await settle();
  assert.equal(SeedGlyphFont.state, 'failed');
  for (let i = 0; i < 100; i++) SeedGlyphFont.start('cjk.ttf', '/fonts/cjk.ttf');
  assert.equal(fetched.length, 1);
  SeedGlyphFont.failedAt -= SeedGlyphFont.retryMs; // the time has passed
  SeedGlyphFont.start('cjk.ttf', '/fonts/cjk.ttf');
  await settle();
  assert.equal(fetched.length, 2);
  assert.equal(SeedGlyphFont.state, 'failed');
  assert.deepEqual(written, {});
});

test('an HTTP error is a failure too, and nothing is written', async () => {
  const { SeedGlyphFont, written } = load(async () => ({ ok: false, status: 404 }));
  SeedGlyphFont.start('cjk.ttf', '/fonts/cjk.ttf');
  await settle();
  assert.equal(SeedGlyphFont.state, 'failed');
  assert.deepEqual(written, {});
});
