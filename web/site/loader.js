// Loads the WebAssembly module and drives the loading and error screens. No inline script: the page's
// Content-Security-Policy forbids it.
(function () {
  'use strict';
  var overlay = document.getElementById('overlay');
  var text = document.getElementById('overlay-text');
  var progress = document.getElementById('overlay-progress');

  function showError(message) {
    overlay.classList.add('error');
    overlay.classList.remove('hidden');
    text.textContent = message;
  }

  var missing = [];
  if (typeof WebAssembly !== 'object') missing.push('WebAssembly');
  if (!document.createElement('canvas').getContext('webgl2')) missing.push('WebGL 2');
  if (typeof indexedDB === 'undefined') missing.push('IndexedDB (private browsing may disable it)');
  if (missing.length) {
    showError('This browser lacks ' + missing.join(', ') + '. Please open the page in a current ' +
              'Chrome, Edge, Firefox or Safari, outside private browsing.');
    return;
  }

  var phases = {
    opening: 'Opening database…',
    ready: null,
    'no-webgl2': 'WebGL 2 could not be started. Enable hardware acceleration or try another browser.',
  };

  window.Module = {
    canvas: document.getElementById('canvas'),
    seedPage: {
      phase: 'loading',
      saveState: 'saved',
      setPhase: function (phase) {
        this.phase = phase;
        if (phase === 'ready') {
          overlay.classList.add('hidden');
          document.getElementById('canvas').focus();
        } else if (phase === 'no-webgl2') {
          showError(phases[phase]);
        } else if (phases[phase]) {
          text.textContent = phases[phase];
          progress.removeAttribute('value'); // indeterminate
        }
      },
      onSaveState: function (state) {
        this.saveState = state;
      },
    },
    // Download the module ourselves to show real progress, then hand it to Emscripten.
    instantiateWasm: function (imports, receiveInstance) {
      fetch('app.wasm', { credentials: 'same-origin' })
        .then(function (response) {
          if (!response.ok) throw new Error('app.wasm: HTTP ' + response.status);
          var total = Number(response.headers.get('content-length')) || 0;
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
              progress.value = Math.min(1, received / total);
              text.textContent = 'Loading the application… ' + Math.round(100 * Math.min(1, received / total)) + '%';
              return pump();
            });
          }
          return pump();
        })
        .then(function (buffer) { return WebAssembly.instantiate(buffer, imports); })
        .then(function (result) { receiveInstance(result.instance, result.module); })
        .catch(function (error) { showError('The application could not be loaded: ' + error.message); });
      return {};
    },
    printErr: function (message) { console.warn(message); },
    onAbort: function (what) { showError('The application stopped unexpectedly: ' + what); },
  };

  var script = document.createElement('script');
  script.src = 'app.js';
  script.onerror = function () { showError('The application could not be loaded (app.js).'); };
  document.body.appendChild(script);
})();
