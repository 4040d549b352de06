// The signed-in tab's session token (app::AccountSessions), for src/platform/browser_session_token.cpp:
// kept in sessionStorage, so a reload of this tab stays signed in and closing the tab forgets it. Never
// the password; the database keeps only a digest of the token. Where sessionStorage is refused (blocked
// storage, private modes that throw), the token lasts for this page load only.
var SeedSessionTokenLibrary = {
  $SeedSessionToken: {
    storageKey: 'seed.session',
    maxLength: 64, // app::kSessionTokenCharacters: 64 hex digits

    storage: function () {
      try {
        return typeof sessionStorage !== 'undefined' ? sessionStorage : null;
      } catch (e) {
        return null;
      }
    },
  },

  // Writes the kept token (ASCII hex) into C++'s `buffer` of `capacity` bytes; returns its length, 0 if
  // none is kept or it is not a token (anything else in the key is ignored).
  seed_session_token_load__deps: ['$SeedSessionToken'],
  seed_session_token_load: function (buffer, capacity) {
    try {
      var storage = SeedSessionToken.storage();
      var token = storage ? storage.getItem(SeedSessionToken.storageKey) : null;
      if (!token || token.length > capacity || !/^[0-9a-f]+$/.test(token)) return 0;
      for (var i = 0; i < token.length; ++i) HEAPU8[buffer + i] = token.charCodeAt(i);
      return token.length;
    } catch (e) {
      return 0;
    }
  },

  // Keeps `token` (length 0: forgets the kept one).
  seed_session_token_keep__deps: ['$SeedSessionToken', '$SeedText'],
  seed_session_token_keep: function (pointer, length) {
    try {
      var storage = SeedSessionToken.storage();
      if (!storage) return;
      if (length === 0) storage.removeItem(SeedSessionToken.storageKey);
      else storage.setItem(SeedSessionToken.storageKey, SeedText.fromText(pointer, length));
    } catch (e) {
      // Storage refused (quota, blocked): the sign-in lasts for this page load.
    }
  },
};

mergeInto(LibraryManager.library, SeedSessionTokenLibrary);
