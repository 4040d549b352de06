#include "platform/browser_text_input.h"

#include <emscripten.h>
#include <imgui.h>

#include <cstdlib>
#include <string>

extern "C" {
// web/text_input_library.js
void seed_text_input_install();
void seed_text_input_want(int want, float x, float y, float line_height);
char* seed_clipboard_read();     // malloc'd UTF-8
void seed_clipboard_write(const char* text);
}

namespace platform {

namespace {

// Takes ownership of a string the JS side malloc'd.
std::string adopt(char* text) {
    if (text == nullptr) return {};
    std::string copy(text);
    std::free(text);
    return copy;
}

const char* clipboard_text(void*) {
    static std::string text; // Dear ImGui reads it right away; valid until the next call
    text = adopt(seed_clipboard_read());
    return text.c_str();
}

void set_clipboard_text(void*, const char* text) { seed_clipboard_write(text); }

// Dear ImGui calls this when the focused field or its caret moves: the textarea follows, so an IME's
// candidate window opens next to the caret.
void place_text_input(ImGuiViewport*, ImGuiPlatformImeData* data) {
    seed_text_input_want(data->WantVisible ? 1 : 0, data->InputPos.x, data->InputPos.y, data->InputLineHeight);
}

} // namespace

// Text the page received (web/text_input_library.js calls this from its event handlers).
extern "C" EMSCRIPTEN_KEEPALIVE void seed_text_input_receive(const char* text) {
    if (ImGui::GetCurrentContext() != nullptr) ImGui::GetIO().AddInputCharactersUTF8(text);
}

void install_browser_text_input(ImGuiIO& io) {
    seed_text_input_install();
    io.GetClipboardTextFn = clipboard_text;
    io.SetClipboardTextFn = set_clipboard_text;
    io.ClipboardUserData = nullptr;
    io.SetPlatformImeDataFn = place_text_input;
}

} // namespace platform
