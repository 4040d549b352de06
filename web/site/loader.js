// Starts the app: checks what the browser must offer, downloads the WebAssembly module with real progress,
// drives the loading and error screens, and runs the offline support (sw.js) with its "new version"
// banner. No inline script: the page's Content-Security-Policy forbids it.
//
// Module.seedPage is the page's side of the app; host_library.js calls setPhase() and onSaveState().
// Tests read its fields (phase, saveState, offline, updateAvailable, timings), as may a person in the
// browser's console.
(function () {
  'use strict';
  var overlay = document.getElementById('overlay');
  var title = document.getElementById('overlay-title');
  var text = document.getElementById('overlay-text');
  var details = document.getElementById('overlay-details');
  var progress = document.getElementById('overlay-progress');
  var canvas = document.getElementById('canvas');

  // The size of app.wasm, written in by the build: Content-Length can't give progress when the host
  // compresses (it is then the compressed size, or absent).
  var wasmBytes = Number('@SEED_WASM_BYTES@') || 0;

  var page = {
    phase: 'checking', // checking → loading → starting → opening → ready, or error
    saveState: 'saved', // saved, saving, failed (host_library.js reports it)
    offline: 'pending', // pending → ready (this build is cached), or unsupported, or error
    updateAvailable: false,
    updateChecks: 0, // finished checks for a new build
    timings: {}, // milliseconds since navigation: storedReadStart, storedRead (readStored), downloaded, started, ready
    setPhase: setPhase,
    onSaveState: function (state) { page.saveState = state; },
  };

  // An error screen: what went wrong, then what the person can do.
  function showError(heading, message, items) {
    page.phase = 'error';
    overlay.classList.add('error');
    overlay.classList.remove('hidden');
    overlay.hidden = false;
    overlay.setAttribute('role', 'alert');
    title.textContent = heading;
    text.textContent = message;
    details.textContent = '';
    (items || []).forEach(function (item) {
      var li = document.createElement('li');
      li.textContent = item;
      details.appendChild(li);
    });
    details.hidden = !items || items.length === 0;
  }

  function setPhase(phase) {
    if (page.phase === 'error' || page.phase === phase) return;
    page.phase = phase;
    if (phase === 'ready') {
      page.timings.ready = Math.round(performance.now());
      overlay.classList.add('hidden'); // fades out, then leaves the page (and stops the progress animation)
      setTimeout(function () { if (page.phase === 'ready') overlay.hidden = true; }, 400);
      canvas.focus();
      // A moment later, so that caching this build for offline use (revalidating and hashing every file)
      // does not compete with the app's first frames.
      setTimeout(startOfflineSupport, 1000);
    } else if (phase === 'no-webgl2') {
      showError('Registration records can’t start here', 'WebGL 2 could not be started in this browser.',
                [whatToDo.webgl2]);
    } else if (phase === 'starting') {
      text.textContent = 'Starting…';
      progress.removeAttribute('value'); // indeterminate
    } else if (phase === 'opening') {
      text.textContent = 'Opening database…';
      progress.removeAttribute('value');
    }
  }

  var whatToDo = {
    webassembly: 'WebAssembly is missing or turned off: use a current Chrome, Edge, Firefox or Safari, and ' +
                 'check that no setting or extension disables WebAssembly or JavaScript optimisation.',
    webgl2: 'WebGL 2 is missing: turn on hardware acceleration in the browser’s settings, update the browser ' +
            'and the graphics driver, or try another browser.',
    indexeddb: 'Storage (IndexedDB) is blocked, so nothing could be saved: private or incognito windows and ' +
               'some privacy settings block it. Open the page in a normal window, or allow site data for it.',
  };

  function hasWebGL2() {
    var gl = document.createElement('canvas').getContext('webgl2');
    if (!gl) return false;
    var lose = gl.getExtension('WEBGL_lose_context'); // free the probe's context at once
    if (lose) lose.loseContext();
    return true;
  }

  // Opening a throwaway database is the only reliable test: some private modes have the API but fail it.
  // Resolves with 'ok', 'blocked' (no IndexedDB, or refused as private modes refuse it), 'full' (refused
  // for lack of space) or 'failed' (another error: on a full disk Chromium fails with an UnknownError
  // whose text names no cause). Only 'blocked' is the private-window case.
  function probeIndexedDB() {
    return new Promise(function (resolve) {
      var name = 'seed-registration-probe';
      var request;
      try {
        if (typeof indexedDB === 'undefined' || !indexedDB) return resolve('blocked');
        request = indexedDB.open(name);
      } catch (e) {
        return resolve('blocked');
      }
      request.onsuccess = function () {
        request.result.close();
        try { indexedDB.deleteDatabase(name); } catch (e) { /* the probe database is empty: harmless */ }
        resolve('ok');
      };
      request.onerror = function (event) {
        if (event && event.preventDefault) event.preventDefault();
        var error = request.error;
        if (!error || error.name === 'SecurityError' || error.name === 'InvalidStateError') return resolve('blocked');
        var full = error.name === 'QuotaExceededError' || /NO_SPACE|No space|ENOSPC|disk is full/i.test(String(error.message));
        resolve(full ? 'full' : 'failed');
      };
      request.onblocked = function () { resolve('ok'); }; // another tab holds it open: storage works
    });
  }

  // The stored database, read while app.wasm compiles and starts: the host library's first load uses
  // these records instead of reading IndexedDB again (web/host_library_tab_sync.js, takeEarlyRead), but
  // only if, inside the write lock, IndexedDB still holds the same generation and as many chunk records;
  // otherwise it reads as it would without this. One readonly transaction holds the meta record and every
  // record the host's own read takes (under the mount, and the deltas), so they are one generation: a
  // save writes its records and the meta record in one transaction. The files are read only if a meta
  // record is there (none: a first visit, or the single-file layout of earlier builds, which the host
  // converts), and the database is never created here (IDBFS creates it, at its own version). The names
  // are the host's (host_library.js, IDBFS); the host checks them, so a mismatch only costs the read.
  // It starts once app.wasm is downloaded, not with the page: begun beside the download it slowed the
  // download by more than it saved (the records arrive on this thread, which also takes app.wasm's bytes
  // for the progress bar), while the compile and the C++ start-up leave the browser's side of the read
  // free to run (README, Performance). Resolves with {database, metaKey, prefixes, meta, stored:
  // {key: record}}, or null; never rejects.
  var storedLayout = { database: '/data', objectStore: 'FILE_DATA', metaKey: 'seed-meta:/data/registration.db',
                       prefixes: ['/data/', 'seed-delta:/data/'] };
  function readStored() {
    page.timings.storedReadStart = Math.round(performance.now());
    return new Promise(function (resolve) {
      var request;
      var db = null;
      function done(found) {
        page.timings.storedRead = Math.round(performance.now());
        if (db) db.close();
        resolve(found);
      }
      try {
        request = indexedDB.open(storedLayout.database); // its current version, whatever it is
      } catch (e) {
        return done(null);
      }
      request.onupgradeneeded = function () {
        request.transaction.abort(); // no such database: leave it to IDBFS to create
      };
      request.onerror = function (event) {
        if (event && event.preventDefault) event.preventDefault();
        done(null);
      };
      request.onsuccess = function () {
        db = request.result;
        db.onversionchange = function () { db.close(); }; // never hold up IDBFS or a newer build
        var found = { database: storedLayout.database, metaKey: storedLayout.metaKey,
                      prefixes: storedLayout.prefixes.slice(), meta: null, stored: {} };
        var transaction;
        try {
          transaction = db.transaction([storedLayout.objectStore], 'readonly');
          var store = transaction.objectStore(storedLayout.objectStore);
          store.get(storedLayout.metaKey).onsuccess = function (event) {
            found.meta = event.target.result || null;
            if (!found.meta) return;
            // Keys and values of a range in two requests, not a cursor: one event per record would wait
            // for this thread each time (the host reads the same way).
            storedLayout.prefixes.forEach(function (prefix) {
              var range = IDBKeyRange.bound(prefix, prefix + '\uffff');
              var keys = null;
              var values = null;
              function pair() {
                if (!keys || !values) return;
                keys.forEach(function (key, i) {
                  if (values[i] && values[i].contents) found.stored[key] = values[i];
                });
              }
              store.getAllKeys(range).onsuccess = function (e) { keys = e.target.result; pair(); };
              store.getAll(range).onsuccess = function (e) { values = e.target.result; pair(); };
            });
          };
        } catch (e) {
          return done(null); // no object store (not IDBFS's database), or the connection closed
        }
        transaction.oncomplete = function () { done(found.meta ? found : null); };
        transaction.onabort = function () { done(null); };
      };
    });
  }

  // Downloads app.wasm with progress, then lets Emscripten instantiate it (Module.instantiateWasm).
  function downloadModule() {
    return fetch('app.wasm', { credentials: 'same-origin' }).then(function (response) {
      if (!response.ok) throw new Error('app.wasm: HTTP ' + response.status);
      var encoded = (response.headers.get('content-encoding') || 'identity') !== 'identity';
      var total = wasmBytes || (encoded ? 0 : Number(response.headers.get('content-length')) || 0);
      if (!response.body || !total) return response.arrayBuffer();
      var reader = response.body.getReader();
      var chunks = [];
      var received = 0;
      function pump() {
        return reader.read().then(function (step) {
          if (step.done) {
            var bytes = new Uint8Array(received);
            var offset = 0;
            chunks.forEach(function (chunk) { bytes.set(chunk, offset); offset += chunk.length; });
            return bytes.buffer;
          }
          chunks.push(step.value);
          received += step.value.length;
          var fraction = Math.min(1, received / total);
          progress.value = fraction;
          text.textContent = 'Loading the application… ' + Math.round(100 * fraction) + '%';
          return pump();
        });
      }
      return pump();
    });
  }

  function start() {
    var module = window.Module = {
      canvas: canvas,
      seedPage: page,
      seedStoredRead: null, // readStored()'s promise: the host library takes it (and drops it) at its first load
      instantiateWasm: function (imports, receiveInstance) {
        downloadModule()
          .then(function (buffer) {
            page.timings.downloaded = Math.round(performance.now());
            module.seedStoredRead = readStored(); // before the module runs, so before the host library starts
            setPhase('starting');
            return WebAssembly.instantiate(buffer, imports);
          })
          .then(function (result) {
            page.timings.started = Math.round(performance.now());
            receiveInstance(result.instance, result.module);
          })
          .catch(function (error) {
            showError('The application could not be loaded', String(error && error.message || error),
                      [navigator.onLine ? 'Reload the page to try again.'
                                        : 'You are offline and this browser has no saved copy yet: ' +
                                          'open the page once while online.']);
          });
        return {};
      },
      printErr: function (message) { console.warn(message); },
      onAbort: function (what) {
        showError('The application stopped unexpectedly', String(what),
                  ['Reload the page. What was saved before is kept in this browser.']);
      },
    };
    page.phase = 'loading';
    var script = document.createElement('script');
    script.src = 'app.js';
    script.onerror = function () {
      showError('The application could not be loaded', 'app.js could not be downloaded.',
                ['Check the connection and reload the page.']);
    };
    document.body.appendChild(script);
  }

  // --- Offline support and updates (sw.js) ----------------------------------------------------------------

  var banner = document.getElementById('update-banner');
  var bannerText = document.getElementById('update-text');
  var reloadButton = document.getElementById('update-reload');
  var registration = null;
  var reloadRequested = false;
  var checking = 0; // when the check in flight started (ms), or 0

  function showUpdate() {
    page.updateAvailable = true;
    banner.hidden = false;
  }

  // Asks the server for a newer sw.js; a new build then installs in the background (updatefound).
  // One check at a time; one that has not finished in a minute no longer blocks the next.
  function checkForUpdate() {
    if (!registration || !navigator.onLine || (checking && Date.now() - checking < 60000)) return;
    var started = checking = Date.now();
    registration.update()
      .catch(function () { /* offline or the host is down: try again later */ })
      .then(function () {
        if (checking === started) checking = 0;
        page.updateChecks++;
      });
  }

  // Follows a worker through its install: the first one makes the app work offline; a later one is a
  // new build waiting beside the running one.
  function watchInstall(worker, isUpdate) {
    if (!worker) return;
    function onStateChange() {
      if (isUpdate && (worker.state === 'installed' || worker.state === 'activated')) showUpdate();
      if (!isUpdate && worker.state === 'activated') page.offline = 'ready';
      if (!isUpdate && worker.state === 'redundant' && page.offline === 'pending') page.offline = 'error';
    }
    worker.addEventListener('statechange', onStateChange);
    onStateChange(); // it may be past 'installing' already
  }

  function startOfflineSupport() {
    if (!('serviceWorker' in navigator)) {
      page.offline = 'unsupported';
      return;
    }
    var container = navigator.serviceWorker;
    container.addEventListener('controllerchange', function () {
      // The new build took over: this tab reloads if asked to; another tab keeps running the build it
      // has in memory and offers the reload.
      if (reloadRequested) window.location.reload();
      else showUpdate();
    });
    container.register('sw.js').then(function (found) {
      registration = found;
      if (found.active) page.offline = 'ready';
      else watchInstall(found.installing || found.waiting, false);
      if (found.waiting && found.active) showUpdate(); // installed earlier, waiting for this old build
      found.addEventListener('updatefound', function () {
        watchInstall(found.installing, Boolean(found.active));
      });
      // The browser checks for a new build on every visit; an app left open checks when it is shown
      // again, when the network comes back, and every hour.
      document.addEventListener('visibilitychange', function () {
        if (document.visibilityState === 'visible') checkForUpdate();
      });
      window.addEventListener('online', checkForUpdate);
      setInterval(checkForUpdate, 60 * 60 * 1000);
    }).catch(function (error) {
      page.offline = 'error';
      console.warn('Offline support is unavailable: ' + (error && error.message || error));
    });
  }

  // Reloads into the new build once the latest change is in IndexedDB: a reload during a save would
  // lose it (host_library.js reports the save state).
  function reloadIntoNewBuild(force) {
    reloadRequested = true;
    reloadButton.disabled = true;
    var deadline = Date.now() + 5000;
    (function waitForSave() {
      if (page.saveState !== 'saved' && !force) {
        if (Date.now() < deadline) return setTimeout(waitForSave, 100);
        reloadRequested = false;
        reloadButton.disabled = false;
        bannerText.textContent = 'Your latest change is not saved yet — reload anyway?';
        reloadButton.textContent = 'Reload anyway';
        reloadButton.onclick = function () { reloadIntoNewBuild(true); };
        return;
      }
      bannerText.textContent = 'Reloading…';
      var waiting = registration && registration.waiting;
      if (waiting) waiting.postMessage({ type: 'skip-waiting' }); // then controllerchange reloads
      else window.location.reload(); // the new build is in charge already
    })();
  }
  reloadButton.onclick = function () { reloadIntoNewBuild(false); };

  // --- Start ------------------------------------------------------------------------------------------------

  window.Module = { seedPage: page }; // readable during the checks too
  var missing = [];
  if (typeof WebAssembly !== 'object' || typeof WebAssembly.instantiate !== 'function') {
    missing.push(whatToDo.webassembly);
  }
  if (!hasWebGL2()) missing.push(whatToDo.webgl2);
  function afterStorageCheck(storage) {
    if (storage === 'blocked') missing.push(whatToDo.indexeddb);
    if (!missing.length && (storage === 'full' || storage === 'failed')) {
      // Not a browser that lacks something: its storage refuses now. What was saved is not lost by it.
      showError('Your data can’t be opened right now',
                storage === 'full' ? 'The device is out of space, so this browser can’t open its storage.'
                                   : 'This browser could not open its storage.',
                ['Free some space on the device (or restart the browser), then reload this page. ' +
                 'What was saved here before is kept.']);
      return;
    }
    if (missing.length) {
      showError('Registration records can’t start here', 'This browser lacks something the app needs:', missing);
      return;
    }
    start();
  }
  // This file is ES5 so that a browser too old for the app still gets the error screen.
  if (typeof Promise !== 'function') afterStorageCheck(typeof indexedDB !== 'undefined' ? 'ok' : 'blocked');
  else probeIndexedDB().then(afterStorageCheck);
})();
