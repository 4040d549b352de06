// Text from the browser for Dear ImGui, which draws its fields in a canvas: typed characters in any
// script, IME compositions, the clipboard. Linked into the module with --js-library; C++ side:
// src/platform/browser_text_input.cpp.
//
// Emscripten's GLFW turns only `keypress` events into characters. That misses text that arrives without
// a key press: an IME's committed composition (Chinese, Japanese, Korean, dead keys on some systems),
// on-screen keyboards, dictation, and `insertText` (how Playwright types "é" or "Ω"). So while a field
// has the keyboard focus, a transparent <textarea> (#text-input, in index.html) placed at the caret has
// the DOM focus and reports what it receives; characters GLFW already delivered through keypress are
// not repeated. Key events still reach GLFW's listeners on the window (they bubble there).
//
// Clipboard: Emscripten's glfwSetClipboardString/glfwGetClipboardString do nothing. A copy goes to
// navigator.clipboard.writeText (the key press that asked for it is a recent user activation); a paste
// reads the `paste` event's text, which the browser delivers right after the Ctrl+V keydown, before
// the frame in which Dear ImGui acts on that keydown and asks for the clipboard.

var SeedTextInputLibrary = {
  $SeedTextInput__deps: ['malloc', 'free', '$SeedText'],
  $SeedTextInput__postset: 'SeedTextInput.guardBlur();',
  $SeedTextInput: {
    element: null,
    keypressed: false,   // the current key press produced a character GLFW has delivered
    clipboard: '',       // the last text copied or pasted: what Ctrl+V inserts
    wantFocus: false,

    install: function () {
      if (SeedTextInput.element) return;
      var element = document.getElementById('text-input');
      if (!element) return;
      SeedTextInput.element = element;
      window.addEventListener('keydown', function () { SeedTextInput.keypressed = false; }, true);
      window.addEventListener('keypress', function (event) {
        if (!event.ctrlKey && !event.metaKey && event.charCode >= 0x20) SeedTextInput.keypressed = true;
      }, true);
      element.addEventListener('input', function (event) {
        var delivered = SeedTextInput.keypressed;
        SeedTextInput.keypressed = false;
        if (event.isComposing) return; // compositionend delivers the result
        if ((event.inputType === 'insertText' || event.inputType === 'insertReplacementText') && event.data && !delivered)
          SeedTextInput.deliver(event.data);
        element.value = ''; // nothing accumulates: each input reports only its own text
      });
      element.addEventListener('compositionend', function (event) {
        if (event.data) SeedTextInput.deliver(event.data);
        element.value = '';
      });
      window.addEventListener('paste', function (event) {
        var text = event.clipboardData ? event.clipboardData.getData('text/plain') : '';
        SeedTextInput.clipboard = text || '';
        event.preventDefault(); // Dear ImGui inserts it (Ctrl+V), not the textarea
      }, true);
      // A click on the canvas would move the focus from the textarea to the canvas before Dear ImGui even
      // sees the click, and a Ctrl+V right after it would find no editable element (no paste event). So
      // clicks keep the focus where it is; the next frame moves it if no field wants text any more.
      var canvas = document.getElementById('canvas');
      if (canvas) canvas.addEventListener('mousedown', function (event) {
        if (document.activeElement === element) event.preventDefault();
      }, true);
    },

    // Emscripten's GLFW listens for `blur` on the window in the capture phase, so it also hears an element
    // losing the focus, and then releases every key it thinks is held. Moving the focus between the canvas
    // and the textarea (which happens as fields gain and lose the keyboard focus, possibly between the
    // Ctrl and the A of a Ctrl+A) must not look like the window losing it. Registered before GLFW's
    // listener (this runs when the module loads, GLFW's when main() creates the window), it keeps element
    // blurs from GLFW; the window's own blur still reaches it.
    guardBlur: function () {
      window.addEventListener('blur', function (event) {
        if (event.target === window) return;
        event.stopImmediatePropagation();
        // Keep the textarea focused while a field wants text, whatever else took the focus.
        var element = SeedTextInput.element;
        if (element && event.target === element && SeedTextInput.wantFocus) setTimeout(function () {
          if (SeedTextInput.wantFocus && document.hasFocus() && !SeedTextInput.inMirror()) element.focus({ preventScroll: true });
        }, 0);
      }, true);
    },

    // The DOM focus is on an element of the page's mirror of the UI (web/accessibility_mirror_library.js):
    // its own text fields take text there, and the focus stays where the person (or screen reader) put it.
    inMirror: function () {
      var mirror = document.getElementById('mirror');
      return !!(mirror && document.activeElement && mirror.contains(document.activeElement));
    },

    // At once, not at the next frame: key presses reach Dear ImGui's queue at once too, and the two must
    // stay in the order they were typed. Whole (SeedText): C++ refuses text with a NUL or a lone surrogate
    // in it, and the focused field says why, rather than taking part of it.
    deliver: function (text) {
      try {
        SeedText.withText(text, _seed_text_input_receive);
      } catch (error) {
        // No room in the heap for the text: it is dropped, as a full keyboard buffer would drop it.
      }
    },
  },

  // Whether a field has the keyboard focus, and where its caret is, in canvas pixels (x, y of the line's
  // top-left, its height). Moves the browser's focus to the textarea or back to the canvas.
  seed_text_input_want__deps: ['$SeedTextInput'],
  seed_text_input_want: function (want, x, y, lineHeight) {
    SeedTextInput.install();
    var element = SeedTextInput.element;
    if (!element) return;
    SeedTextInput.wantFocus = !!want;
    if (SeedTextInput.inMirror()) return;
    var ratio = window.devicePixelRatio || 1;
    element.style.left = Math.round(x / ratio) + 'px';
    element.style.top = Math.round(y / ratio) + 'px';
    element.style.height = Math.max(1, Math.round(lineHeight / ratio)) + 'px';
    if (want && document.activeElement !== element) element.focus({ preventScroll: true });
    if (!want && document.activeElement === element) {
      var canvas = document.getElementById('canvas');
      if (canvas) canvas.focus({ preventScroll: true });
      else element.blur();
    }
  },

  // Listens from the start, so text typed before the first field is focused is not lost.
  seed_text_input_install__deps: ['$SeedTextInput'],
  seed_text_input_install: function () {
    SeedTextInput.install();
  },

  // What Ctrl+V inserts: handed to C++ at once, through seed_clipboard_receive(pointer, length).
  seed_clipboard_read__deps: ['$SeedTextInput', '$SeedText'],
  seed_clipboard_read: function () {
    SeedTextInput.install();
    SeedText.withText(SeedTextInput.clipboard, _seed_clipboard_receive);
  },

  // Copy (Ctrl+C, Ctrl+X): to the system clipboard when the browser allows it, and always for Ctrl+V here.
  seed_clipboard_write__deps: ['$SeedTextInput', '$SeedText'],
  seed_clipboard_write: function (textPointer, textLength) {
    var text = SeedText.fromText(textPointer, textLength);
    SeedTextInput.clipboard = text;
    if (navigator.clipboard && navigator.clipboard.writeText)
      navigator.clipboard.writeText(text).catch(function () { /* denied or not focused: kept for this page */ });
  },
};

mergeInto(LibraryManager.library, SeedTextInputLibrary);
