// The record browser's detail panel: the selected row's fields, its relationships as links (a handler's
// pets, a pet's handler and comments, a comment's pet), Edit and Delete… (record_editor.h).
#pragma once

#include "ui/record_browser.h"

#include <cstdint>

namespace app {
class Services;
}

namespace ui {

// Draws the panel for `table_state`'s selection, loading it (load_detail) when the selection or `epoch`
// changed. Following a link switches `state`'s tab. Never throws.
void draw_detail(RecordBrowserState& state, RecordTableState& table_state, app::Services& services, std::int64_t epoch);

} // namespace ui
