// "Show the query": a collapsible panel under a form or the record browser that shows what the last
// submission (or page) was in the tutorial's Flask-SQLAlchemy, in this app's C++, and the SQL that ran
// with its bound values (app/shown_query.h). Collapsed it is one line.
#pragma once

#include "app/shown_query.h"

namespace ui {

// `id` keeps panels of different views apart ("login", "records"); `shown` is the last query, or null
// before the view ran one (then the panel says what to do to see one). `open` is the view's, so it can
// make room for the open panel before drawing it.
void draw_query_panel(const char* id, const app::ShownQuery* shown, bool& open);

// The height an open panel is given where the view has to plan its layout (pets, records): it scrolls.
float query_panel_height();

} // namespace ui
