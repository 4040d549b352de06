// What the app says along the bottom of the window: the status bar (save state, "Export now" when the
// device is full, storage, row counts) and the demo notice over its right end.
#pragma once

#include "ui/app_view.h"

namespace ui {

// The status bar along the bottom, as tall as its lines (it wraps in a narrow window). Returns its height.
float draw_status_bar(const AppViewState& state, const HostContext& host);

// The demo notice in a small window over the bottom right corner, above the status bar (`status_height`):
// appearing, it pushes nothing down; a success leaves by itself after kNoticeSeconds, a failure stays
// until dismissed; under an open menu or dialog it waits.
void draw_notice(AppViewState& state, float status_height);

} // namespace ui
