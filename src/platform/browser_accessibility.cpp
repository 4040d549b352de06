#include "platform/browser_accessibility.h"

#include "platform/js_text.h"
#include "ui/accessibility_tree.h"
#include "ui/form_widgets.h"

#include <emscripten.h>

#include <algorithm>
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

// What the mirror costs, for tests/bench/browser/mirror_bench.mjs: milliseconds since the last reading.
struct Cost {
    int frames = 0, updates = 0;
    double record_ms = 0, record_max_ms = 0, update_ms = 0, update_max_ms = 0;
} g_cost;
} // namespace

void publish_accessibility() {
    const double started = emscripten_get_now();
    ui::AccessibilityTree::end_frame();
    const double recorded = emscripten_get_now();
    ++g_cost.frames;
    g_cost.record_ms += recorded - started;
    g_cost.record_max_ms = std::max(g_cost.record_max_ms, recorded - started);
    const std::uint64_t hash = ui::AccessibilityTree::hash();
    if (g_any_published && hash == g_published) return;
    g_published = hash;
    g_any_published = true;
    const std::string json = ui::AccessibilityTree::to_json();
    seed_mirror_update(json.data(), static_cast<int>(json.size()));
    const double updated = emscripten_get_now() - recorded;
    ++g_cost.updates;
    g_cost.update_ms += updated;
    g_cost.update_max_ms = std::max(g_cost.update_max_ms, updated);
}

} // namespace platform

// Test hook: {"frames","updates","recordMs","recordMaxMs","updateMs","updateMaxMs","nodes"} since the last
// call (record: finishing the frame's record, its JSON and hash; update: handing it over and the page's sync).
extern "C" EMSCRIPTEN_KEEPALIVE const char* seed_test_mirror_cost() {
    static std::string json;
    const auto& c = platform::g_cost;
    json = "{\"frames\":" + std::to_string(c.frames) + ",\"updates\":" + std::to_string(c.updates) +
           ",\"recordMs\":" + std::to_string(c.record_ms) + ",\"recordMaxMs\":" + std::to_string(c.record_max_ms) +
           ",\"updateMs\":" + std::to_string(c.update_ms) + ",\"updateMaxMs\":" + std::to_string(c.update_max_ms) +
           ",\"nodes\":" + std::to_string(ui::AccessibilityTree::last_frame().nodes.size()) + "}";
    platform::g_cost = {};
    return json.c_str();
}

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
