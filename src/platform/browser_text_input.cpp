#include "platform/browser_text_input.h"

#include "app/secure_wipe.h"
#include "platform/js_text.h"
#include "ui/form_widgets.h"

#include <emscripten.h>
#include <imgui.h>
#include <imgui_internal.h> // ImGuiContext::InputEventsQueue

#include <cstring>
#include <string>
#include <type_traits>

extern "C" {
// web/text_input_library.js
void seed_text_input_install();
void seed_text_input_want(int want, float x, float y, float line_height);
void seed_clipboard_read(); // calls seed_clipboard_receive() before it returns
void seed_clipboard_write(const char* text, int length);
}

namespace platform {

namespace {

std::string g_pasted; // what seed_clipboard_receive() gave the last clipboard_text() call

const char* clipboard_text(void*) {
    app::secure_wipe(g_pasted);
    seed_clipboard_read();
    return g_pasted.c_str(); // Dear ImGui reads it right away; valid until the next call
}

void set_clipboard_text(void*, const char* text) {
    seed_clipboard_write(text, static_cast<int>(std::strlen(text)));
}

// Dear ImGui calls this when the focused field or its caret moves: the textarea follows, so an IME's
// candidate window opens next to the caret.
void place_text_input(ImGuiViewport*, ImGuiPlatformImeData* data) {
    seed_text_input_want(data->WantVisible ? 1 : 0, data->InputPos.x, data->InputPos.y, data->InputLineHeight);
}

// Text a field may hold, or the field with the keyboard focus says why it got none of it: a NUL would
// end Dear ImGui's C string there, and what follows would be lost without a word.
bool accept(const JsText& text) {
    if (text.ok()) return true;
    ui::refuse_field_input(*text.refusal);
    return false;
}

} // namespace

// Text the page received (web/text_input_library.js calls this from its event handlers).
extern "C" EMSCRIPTEN_KEEPALIVE void seed_text_input_receive(const char* bytes, int length) {
    const JsText text = js_text(bytes, length);
    if (ImGui::GetCurrentContext() != nullptr && accept(text)) ImGui::GetIO().AddInputCharactersUTF8(text.text.c_str());
}

// The clipboard's text, for clipboard_text() (web/text_input_library.js, seed_clipboard_read).
extern "C" EMSCRIPTEN_KEEPALIVE void seed_clipboard_receive(const char* bytes, int length) {
    JsText text = js_text(bytes, length);
    if (accept(text)) g_pasted = std::move(text.text);
}

void wipe_spent_input() {
    app::secure_wipe(g_pasted); // Dear ImGui copied it into the field in the frame that asked for it
    ImGuiContext* context = ImGui::GetCurrentContext();
    if (context == nullptr) return;
    // Characters waiting for a frame stay; the slots past them held characters already handed out.
    const auto wipe_past_size = [](auto& vector) {
        using Item = std::remove_reference_t<decltype(*vector.Data)>;
        if (vector.Data != nullptr && vector.Capacity > vector.Size)
            app::secure_wipe(vector.Data + vector.Size,
                             static_cast<std::size_t>(vector.Capacity - vector.Size) * sizeof(Item));
    };
    wipe_past_size(context->IO.InputQueueCharacters);
    wipe_past_size(context->InputEventsQueue);
    wipe_past_size(context->InputEventsTrail);
}

void install_browser_text_input(ImGuiIO& io) {
    seed_text_input_install();
    io.GetClipboardTextFn = clipboard_text;
    io.SetClipboardTextFn = set_clipboard_text;
    io.ClipboardUserData = nullptr;
    io.SetPlatformImeDataFn = place_text_input;
}

} // namespace platform
