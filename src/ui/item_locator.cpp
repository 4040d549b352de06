#include "ui/item_locator.h"

#include "ui/accessibility_hooks.h"
#include "ui/json_string.h"

#include <imgui.h>
#include <imgui_internal.h>

#include <cstdio>
#include <vector>

namespace ui {
namespace {

struct LocatedItem {
    std::string label;
    std::string window;
    ImRect rect;
};

struct Recording {
    std::vector<LocatedItem> current;
    std::vector<LocatedItem> last_frame;
    ImGuiID added_id = 0;
    ImRect added_rect;
    // Tabs report their label before their ItemAdd: kept until the item with that id is added.
    ImGuiID early_label_id = 0;
    std::string early_label;
};

void record(Recording& r, ImGuiContext* ctx, ImGuiID id, const std::string& label, ImRect visible) {
    ImGuiWindow* window = ctx->CurrentWindow;
    if (window && window->ID != id) visible.ClipWith(window->ClipRect); // a window's own entry is not clipped
    if (visible.GetWidth() <= 0.0f || visible.GetHeight() <= 0.0f) return;
    r.current.push_back({label, window && window->ID != id ? window->Name : "", visible});
}

Recording& recording() {
    static Recording instance; // the hooks below are free functions, so the recording must be reachable
    return instance;
}

} // namespace

void ItemLocator::enable() { ImGui::GetCurrentContext()->TestEngineHookItems = true; }

void ItemLocator::label_last_item(const char* label) {
    ImGuiContext* ctx = ImGui::GetCurrentContext();
    record(recording(), ctx, ctx->LastItemData.ID, label, ctx->LastItemData.Rect);
}

void ItemLocator::begin_frame() {
    Recording& r = recording();
    r.last_frame.swap(r.current);
    r.current.clear();
}

std::string ItemLocator::to_json() {
    std::string out = "{\"items\":[";
    bool first = true;
    for (const LocatedItem& item : recording().last_frame) {
        if (!first) out += ',';
        first = false;
        out += "{\"label\":";
        append_json_string(out, item.label);
        out += ",\"window\":";
        append_json_string(out, item.window);
        char rect[96];
        std::snprintf(rect, sizeof rect, ",\"rect\":[%.1f,%.1f,%.1f,%.1f]}", item.rect.Min.x, item.rect.Min.y,
                      item.rect.Max.x, item.rect.Max.y);
        out += rect;
    }
    out += "]}";
    return out;
}

} // namespace ui

// --- Dear ImGui test-engine hooks ---------------------------------------------------------------------

void ImGuiTestEngineHook_ItemAdd(ImGuiContext*, ImGuiID id, const ImRect& bb, const ImGuiLastItemData*) {
    ui::accessibility_item_added(id, bb);
    ui::Recording& r = ui::recording();
    r.added_id = id;
    r.added_rect = bb;
    if (id != 0 && id == r.early_label_id) {
        r.early_label_id = 0;
        record(r, GImGui, id, r.early_label, bb);
    }
}

void ImGuiTestEngineHook_ItemInfo(ImGuiContext* ctx, ImGuiID id, const char* label, ImGuiItemStatusFlags flags) {
    ui::accessibility_item_info(id, label, flags);
    ui::Recording& r = ui::recording();
    if (label == nullptr || label[0] == '\0') return;
    if (id != r.added_id) {
        r.early_label_id = id;
        r.early_label = label;
        return;
    }
    record(r, ctx, id, label, r.added_rect);
}

void ImGuiTestEngineHook_Log(ImGuiContext*, const char*, ...) {}

const char* ImGuiTestEngine_FindItemDebugLabel(ImGuiContext*, ImGuiID) { return nullptr; }
