// The page around the canvas, for src/platform/web_main.cpp: whether the person did anything since the
// last frame (the host draws frames only when something happened, src/platform/frame_pacer.h), and the
// loading phases web/site/loader.js shows (Module.seedPage).
var SeedPageLibrary = {
  // Input the person gave since the last call: 1 or 0. Listened for on the window, in the capture
  // phase, never consumed.
  seed_page_take_input: function () {
    var page = Module['seedInput'];
    if (!page) {
      page = Module['seedInput'] = { seen: true };
      ['pointerdown', 'pointermove', 'pointerup', 'pointercancel', 'mousedown', 'mousemove', 'mouseup', 'wheel',
       'touchstart', 'touchmove', 'touchend', 'keydown', 'keyup', 'keypress', 'input', 'compositionstart',
       'compositionupdate', 'compositionend', 'paste', 'focus', 'blur', 'resize', 'visibilitychange'].forEach(function (type) {
        window.addEventListener(type, function () { page.seen = true; }, { capture: true, passive: true });
      });
    }
    var seen = page.seen;
    page.seen = false;
    return seen ? 1 : 0;
  },

  seed_page_set_phase__deps: ['$SeedText'],
  seed_page_set_phase: function (phasePointer, phaseLength) {
    var page = Module['seedPage'];
    if (page && page.setPhase) page.setPhase(SeedText.fromText(phasePointer, phaseLength));
  },
};

mergeInto(LibraryManager.library, SeedPageLibrary);
