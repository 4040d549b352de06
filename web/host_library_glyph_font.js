// The CJK font (a Droid Sans Fallback subset, src/platform/CMakeLists.txt) for web_main.cpp, fetched the
// first time the app draws a Chinese, Japanese or Korean character it has no glyph for, and written into
// MEMFS where Dear ImGui reads fonts. It is a file of its own, not in app.wasm and not among the files the
// service worker stores at the first visit: most visits never need its ~0.5 MB. Once fetched, the service
// worker keeps it (sw.js, BUILD.onDemand), so it works offline afterwards.
//
// Offline before it was ever kept, the fetch fails: the characters stay "?" and nothing is fetched again
// for retryMs, however many frames ask (web_main.cpp asks again only when a new character is drawn).
var SeedGlyphFontLibrary = {
  $SeedGlyphFont__deps: ['$FS'],
  $SeedGlyphFont: {
    state: 'idle', // idle → loading → ready, or failed (→ loading again, asked after retryMs)
    failedAt: 0,
    retryMs: 30000,
    fetches: 0, // for tests: fetches started

    // The service worker stores the file when it answers the fetch; but the first visit's page is not
    // under the worker (it installs meanwhile and takes over at the next visit), so its fetch went past
    // it: the worker is asked to store the file itself (the HTTP cache likely answers it).
    keepOffline: function (name) {
      if (typeof navigator === 'undefined' || !navigator.serviceWorker || navigator.serviceWorker.controller) return;
      navigator.serviceWorker.ready.then(function (registration) {
        if (registration.active) registration.active.postMessage({ type: 'keep-on-demand', name: name });
      }).catch(function () {});
    },

    start: function (name, path) {
      var self = SeedGlyphFont;
      if (self.state === 'ready' || self.state === 'loading') return;
      if (self.state === 'failed' && Date.now() - self.failedAt < self.retryMs) return;
      self.state = 'loading';
      self.fetches++;
      var fail = function (why) {
        console.warn('The CJK font could not be loaded (' + why + '): such text is drawn as "?"');
        self.state = 'failed';
        self.failedAt = Date.now();
      };
      fetch(new URL(name, document.baseURI).href).then(function (response) {
        if (!response.ok) throw new Error('HTTP ' + response.status);
        return response.arrayBuffer();
      }).then(function (bytes) {
        var folder = path.slice(0, path.lastIndexOf('/'));
        if (folder && !FS.analyzePath(folder).exists) FS.mkdirTree(folder);
        FS.writeFile(path, new Uint8Array(bytes));
        self.state = 'ready';
        self.keepOffline(name);
      }).catch(function (error) {
        fail(String(error && error.message || error));
      });
    },
  },

  // 0 loading, 1 ready (the font is at `path`), 2 unavailable. Starts fetching the site's file `name` when
  // idle, or failed longer than retryMs ago.
  seed_glyph_font_request__deps: ['$SeedGlyphFont', '$SeedText'],
  seed_glyph_font_request: function (name, nameLength, path, pathLength) {
    SeedGlyphFont.start(SeedText.fromText(name, nameLength), SeedText.fromText(path, pathLength));
    var state = SeedGlyphFont.state;
    return state === 'ready' ? 1 : state === 'loading' ? 0 : 2;
  },

  // 0 idle, 1 loading, 2 ready, 3 failed: only reads the state (a frame that needs the glyphs asks above).
  seed_glyph_font_state__deps: ['$SeedGlyphFont'],
  seed_glyph_font_state: function () {
    return ['idle', 'loading', 'ready', 'failed'].indexOf(SeedGlyphFont.state);
  },

  seed_glyph_font_fetches__deps: ['$SeedGlyphFont'],
  seed_glyph_font_fetches: function () {
    return SeedGlyphFont.fetches;
  },
};

mergeInto(LibraryManager.library, SeedGlyphFontLibrary);
