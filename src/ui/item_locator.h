// Where each labelled widget was drawn in the last complete frame, for browser tests that click and type
// with the real mouse and keyboard (the canvas has no DOM to query).
//
// It plugs into Dear ImGui's test-engine hooks (IMGUI_ENABLE_TEST_ENGINE), so every button, field and
// checkbox is recorded without code at the call sites. Coordinates are framebuffer pixels, as ImGui's.
#pragma once

#include <string>

namespace ui {

class ItemLocator {
public:
    // Turns recording on for the current ImGui context. Call once after ImGui::CreateContext().
    static void enable();
    // Call right before ImGui::NewFrame(): the frame just rendered becomes the one reported.
    static void begin_frame();
    // {"items":[{"label":"Register##submit","window":"Registration records","rect":[x0,y0,x1,y1]},…]} for the last frame;
    // only items at least partly visible (inside their window's clip rectangle) are listed.
    static std::string to_json();
    // Records the last submitted item under `label`, for widgets Dear ImGui reports no label for (table
    // column headers). Call right after the widget.
    static void label_last_item(const char* label);
};

} // namespace ui
