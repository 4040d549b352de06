// Dear ImGui's text input and clipboard in the browser (web/text_input_library.js does the DOM part):
// characters that arrive without a key press (IME compositions, insertText, on-screen keyboards) and
// the system clipboard, which Emscripten's GLFW leaves unimplemented.
//
//     ImGui_ImplGlfw_InitForOpenGL(window, true);
//     platform::install_browser_text_input(ImGui::GetIO()); // after the backend: replaces its clipboard
//
// Text arrives in Dear ImGui's input queue as the browser delivers it, in order with key presses; the
// frame pacer sees the DOM events (seed_page_take_input), so a frame follows.
#pragma once

struct ImGuiIO;

namespace platform {

void install_browser_text_input(ImGuiIO& io);

// Once a frame, after rendering: wipes what text input left behind that Dear ImGui has used (the last
// paste, the input queues' spent slots), so a password typed or pasted is not kept there.
void wipe_spent_input();

} // namespace platform
