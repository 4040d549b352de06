#include "platform/browser_accessibility.h"

#include "platform/js_text.h"
#include "ui/accessibility_tree.h"
#include "ui/form_widgets.h"

#include <emscripten.h>

#include <cstdint>
#include <string>

extern "C" {
// web/accessibility_mirror_library.js
void seed_mirror_update(const char* json, int length);
}

namespace platform {

namespace {
std::uint64_t g_published = 0; // the hash of the record the page has
bool g_any_published = false;
} // namespace

void publish_accessibility() {
    const std::uint64_t hash = ui::AccessibilityTree::hash();
    if (g_any_published && hash == g_published) return;
    g_published = hash;
    g_any_published = true;
    const std::string json = ui::AccessibilityTree::to_json();
    seed_mirror_update(json.data(), static_cast<int>(json.size()));
}

} // namespace platform

// What the person did to the mirror (web/accessibility_mirror_library.js calls these from its handlers).
extern "C" EMSCRIPTEN_KEEPALIVE void seed_mirror_focus(std::uint32_t id) {
    ui::AccessibilityTree::request_focus(id);
}
extern "C" EMSCRIPTEN_KEEPALIVE void seed_mirror_press(std::uint32_t id) {
    ui::AccessibilityTree::request_press(id);
}
extern "C" EMSCRIPTEN_KEEPALIVE void seed_mirror_enter(std::uint32_t id) {
    ui::AccessibilityTree::request_enter(id);
}

// The field's whole text as the page holds it, the caret as a byte offset into it, and the page's count
// of its edits. Text with a NUL or invalid UTF-8 is refused whole, with the field's message.
extern "C" EMSCRIPTEN_KEEPALIVE void seed_mirror_edit(std::uint32_t id, const char* bytes, int length, int caret,
                                                      std::uint32_t sequence) {
    platform::JsText text = platform::js_text(bytes, length);
    if (!text.ok()) {
        ui::refuse_field_input(*text.refusal);
        return;
    }
    ui::AccessibilityTree::set_page_text(id, std::move(text.text), caret < 0 ? 0 : static_cast<std::size_t>(caret),
                                         sequence);
}
