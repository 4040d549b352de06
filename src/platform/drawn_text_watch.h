// Tells a ui::GlyphDemand about every text a frame draws, so characters that the font atlas lacks are
// noticed wherever they come from: typed, pasted, or read from the database into any view.
//
//     platform::watch_drawn_text(&glyph_demand); // once; nullptr stops it
//
// How: Dear ImGui draws all its text through ImDrawList::AddText(const ImFont*, …), and offers no hook
// there (1.90.1 draws a missing glyph as the fallback "?" without a word). The app is linked with
// `-Wl,--wrap=` that function's symbol (src/platform/CMakeLists.txt), so every call from Dear ImGui's
// widgets reaches drawn_text_watch.cpp first, which notes the text and draws it as before. Only the
// browser app is linked so; if a new Dear ImGui renames the function, the link fails (no __real_ symbol).
#pragma once

#include "ui/glyph_demand.h"

namespace platform {

void watch_drawn_text(ui::GlyphDemand* demand);

} // namespace platform
