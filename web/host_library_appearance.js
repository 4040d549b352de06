// The person's display preferences, for src/platform/web_main.cpp: prefers-color-scheme and
// forced-colors (read through matchMedia; a change draws a frame), and the View menu's choice, kept in
// localStorage. The page's own background follows the scheme shown (style.css, html[data-scheme]).
var SeedAppearanceLibrary = {
  $SeedAppearance: {
    queries: null,
    storageKey: 'seed.theme',
    choices: ['system', 'light', 'dark'], // ui::ThemeChoice's order

    watch: function () {
      if (SeedAppearance.queries) return SeedAppearance.queries;
      var queries = SeedAppearance.queries = { dark: null, forced: null };
      if (typeof window.matchMedia !== 'function') return queries;
      queries.dark = window.matchMedia('(prefers-color-scheme: dark)');
      queries.forced = window.matchMedia('(forced-colors: active)');
      var changed = function () { if (Module['seedInput']) Module['seedInput'].seen = true; };
      [queries.dark, queries.forced].forEach(function (query) {
        if (query.addEventListener) query.addEventListener('change', changed);
      });
      return queries;
    },
  },

  // Bit 1: the system prefers dark; bit 2: forced colors are active.
  seed_appearance_system__deps: ['$SeedAppearance'],
  seed_appearance_system: function () {
    var queries = SeedAppearance.watch();
    return (queries.dark && queries.dark.matches ? 1 : 0) | (queries.forced && queries.forced.matches ? 2 : 0);
  },

  // The remembered choice (0 follow the system, 1 light, 2 dark); 0 when none is stored or storage is off.
  seed_appearance_load_choice__deps: ['$SeedAppearance'],
  seed_appearance_load_choice: function () {
    try {
      var index = SeedAppearance.choices.indexOf(window.localStorage.getItem(SeedAppearance.storageKey));
      return index < 0 ? 0 : index;
    } catch (e) {
      return 0;
    }
  },

  seed_appearance_save_choice__deps: ['$SeedAppearance'],
  seed_appearance_save_choice: function (choice) {
    try {
      window.localStorage.setItem(SeedAppearance.storageKey, SeedAppearance.choices[choice] || 'system');
    } catch (e) {
      // Storage refused (private mode, quota): the choice lasts for this visit.
    }
  },

  // The scheme drawn, for the page around the canvas: 'light', 'dark' or 'high-contrast'.
  seed_appearance_show__deps: ['$SeedText'],
  seed_appearance_show: function (schemePointer, schemeLength) {
    document.documentElement.setAttribute('data-scheme', SeedText.fromText(schemePointer, schemeLength));
  },
};

mergeInto(LibraryManager.library, SeedAppearanceLibrary);
