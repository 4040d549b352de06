// The record browser's table itself: sortable headers (sorting in SQL), virtualised rows (ImGuiListClipper
// over RecordPageCache) with the selection following a click, a tap or the keyboard's arrows, a right
// click's Copy menu, NULL drawn dimmed, and the visible rows recorded as a grid for the DOM mirror.
#pragma once

#include "ui/record_browser.h"

#include <cstdint>

namespace app {
class Services;
}

namespace ui {

// Draws `table_state`'s table `width` wide inside the current child window. A failed fetch is in
// table_state.error; never throws.
void draw_record_table(RecordTableState& table_state, app::Services& services, std::int64_t epoch, float width);

} // namespace ui
