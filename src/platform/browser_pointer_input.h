// Touch and wheel input for Dear ImGui in the browser (web/host_library_pointer.js takes both away from
// Emscripten's GLFW, which gets them wrong):
//
//     ImGui_ImplGlfw_InitForOpenGL(window, true);
//     platform::install_browser_pointer_input(window, "#canvas"); // after the backend
//
// Touch: one finger is the mouse. A tap reaches Dear ImGui as "the pointer is here" and then the press
// (ImGuiMouseSource_TouchScreen: Dear ImGui gives the position a frame of its own before the press, so
// a tab or a table row acts on the first tap), the release, and then "no pointer": nothing stays
// hovered after the finger lifts, so no tooltip sticks. touchend is cancelled, so the browser sends no
// emulated mouse events after it (that would be a second click); touchstart is not, so pinch-zoom
// still works (style.css: touch-action: pinch-zoom on the canvas).
//
// Wheel: scrolls what is under the pointer, and the page does not scroll; Ctrl+wheel (and a touchpad's
// pinch) is left to the browser, which zooms the page as in any page: the canvas then has fewer CSS
// pixels and a larger devicePixelRatio, and the app draws everything bigger and still crisp.
// The listener is on the canvas, where it may cancel the event (Dear ImGui's backend listens on the
// document, where Chromium treats wheel listeners as passive and logs "Unable to preventDefault inside
// passive event listener" on every scroll).
#pragma once

struct GLFWwindow;

namespace platform {

void install_browser_pointer_input(GLFWwindow* window, const char* canvas_selector);

} // namespace platform
