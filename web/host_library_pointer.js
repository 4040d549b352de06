// Touch and wheel on the canvas, for src/platform/browser_pointer_input.cpp, which feeds them to Dear ImGui
// itself. Emscripten's GLFW (3.1.6) handles both badly, so its listeners for them come off the canvas:
// - touch: it delivers the press without the finger's position (Browser.calculateMouseEvent only knows
//   SDL's touch objects), so every tap acted on where the previous tap had been;
// - wheel: it calls preventDefault() on every wheel event, which swallows Ctrl+wheel (and a touchpad's
//   pinch), the browser's page zoom.
// Mouse buttons and moves stay GLFW's.
var SeedPointerLibrary = {
  seed_pointer_take_over_canvas__deps: ['$GLFW'],
  seed_pointer_take_over_canvas: function () {
    var canvas = Module['canvas'];
    if (!canvas) return;
    canvas.removeEventListener('touchstart', GLFW.onMouseButtonDown, true);
    canvas.removeEventListener('touchmove', GLFW.onMousemove, true);
    canvas.removeEventListener('touchend', GLFW.onMouseButtonUp, true);
    canvas.removeEventListener('touchcancel', GLFW.onMouseButtonUp, true);
    canvas.removeEventListener('wheel', GLFW.onMouseWheel, true);
    canvas.removeEventListener('mousewheel', GLFW.onMouseWheel, true);
  },
};

mergeInto(LibraryManager.library, SeedPointerLibrary);
