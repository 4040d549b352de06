// zxcvbn (npm zxcvbn 4.4.2, Dropbox's password strength estimator) for
// src/platform/browser_password_strength.cpp. In the page it is the site's zxcvbn.js (copied from
// node_modules by the build), loaded by a script element on first use, so it costs the first frame
// nothing; the service worker keeps it with the build's other files, so it works offline too. Under node
// (the wasm test suites) it is required from node_modules. If it cannot be loaded the host has no
// estimator (only the length rules apply) and loading is tried again 10 s later.
var SeedPasswordStrengthLibrary = {
  $SeedPasswordStrength: {
    zxcvbn: null,
    state: 'idle', // idle → loading → ready, or failed (→ loading again after retryMs)
    failedAt: 0,
    retryMs: 10000,
    // zxcvbn's time grows with the length; its authors tune it for under 100 characters. A longer password
    // is judged by its first 100, which can only make it look weaker than it is, never stronger.
    maxCharacters: 100,

    start: function () {
      var self = SeedPasswordStrength;
      if (self.state === 'ready' || self.state === 'loading') return;
      if (self.state === 'failed' && Date.now() - self.failedAt < self.retryMs) return;
      var fail = function () {
        self.state = 'failed';
        self.failedAt = Date.now();
      };
      if (typeof document === 'undefined') {
        try {
          self.zxcvbn = require('zxcvbn');
          self.state = 'ready';
        } catch (e) {
          fail();
        }
        return;
      }
      self.state = 'loading';
      var script = document.createElement('script');
      script.src = new URL('zxcvbn.js', document.baseURI).href;
      script.async = true;
      script.onload = function () {
        if (typeof window.zxcvbn === 'function') {
          self.zxcvbn = window.zxcvbn;
          self.state = 'ready';
        } else {
          fail();
        }
      };
      script.onerror = function () {
        script.remove();
        fail();
      };
      document.head.appendChild(script);
    },
  },

  // 0 ready, 1 loading, 2 unavailable (app::PasswordStrengthEstimator::Availability). Starts loading.
  seed_password_strength_availability__deps: ['$SeedPasswordStrength'],
  seed_password_strength_availability: function () {
    SeedPasswordStrength.start();
    var state = SeedPasswordStrength.state;
    return state === 'ready' ? 0 : state === 'loading' ? 1 : 2;
  },

  // zxcvbn's score (0..4) for the password, with `context` (lines: username, email) as its user inputs;
  // its feedback (the warning, then each suggestion, one per line) written into C++'s `feedback` buffer of
  // `capacity` bytes, whole lines only, and the bytes written into *feedbackLength. -1 when not ready.
  seed_password_strength_estimate__deps: ['$SeedPasswordStrength', '$SeedText'],
  seed_password_strength_estimate: function (password, passwordLength, context, contextLength, feedback, capacity,
                                             feedbackLength) {
    HEAP32[feedbackLength >> 2] = 0;
    var zxcvbn = SeedPasswordStrength.zxcvbn;
    if (!zxcvbn) return -1;
    try {
      var inputs = SeedText.fromText(context, contextLength).split('\n').filter(function (line) { return line; });
      var verdict = zxcvbn(SeedText.fromText(password, passwordLength).slice(0, SeedPasswordStrength.maxCharacters),
                           inputs);
      var lines = [verdict.feedback.warning || ''].concat(verdict.feedback.suggestions || []);
      var written = 0;
      for (var i = 0; i < lines.length; ++i) {
        var bytes = SeedText.encode((i ? '\n' : '') + lines[i]);
        if (written + bytes.length > capacity) break;
        HEAPU8.set(bytes, feedback + written);
        written += bytes.length;
      }
      HEAP32[feedbackLength >> 2] = written;
      return verdict.score;
    } catch (e) {
      return -1;
    }
  },
};

mergeInto(LibraryManager.library, SeedPasswordStrengthLibrary);
