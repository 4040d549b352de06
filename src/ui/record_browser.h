// The record browser: one tab per table, sorted in SQL by clicking a column header; a filter box with an
// "Exact" toggle, a filter box a column (text, =exact, ^prefix; numbers, >n, a~b), a "Go to ID" box, the
// row count; virtualised rows (ImGuiListClipper over RecordPageCache), and a detail panel for the
// selected row with its relationships as links (a handler's pets, a pet's handler and comments, a
// comment's pet). The selection follows the keyboard (arrows, Page Up/Down, Home/End); Ctrl+C copies the
// selected cell (the column last clicked), Ctrl+Shift+C the whole row, tab-separated, as a right click's
// menu does. SQL NULL is drawn as a dimmed NULL, never as an empty text.
// Password hashes are never shown: the query service gives "Argon2id" in their place.
#pragma once

#include "app/shown_query.h"
#include "ui/record_editor.h"
#include "ui/record_page_cache.h"
#include "ui/sql_console_view.h"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace app {
class Services;
}

namespace ui {

class StorageActions;

inline constexpr std::array<app::RecordTable, 5> kRecordTables = {
    app::RecordTable::Users, app::RecordTable::PetHandlers, app::RecordTable::Pets, app::RecordTable::Comments,
    app::RecordTable::ContactMessages};

// A link from the detail panel to another row.
using DetailLink = app::RecordLink;

// What the detail panel shows about one row, loaded once per selection and data epoch.
struct RecordDetail {
    app::RecordTable table = app::RecordTable::Users;
    std::int64_t id = 0;
    std::int64_t epoch = -1;
    std::vector<std::pair<std::string, std::string>> fields; // label, value
    std::string links_heading;                               // "Pets", "Handler"…
    std::vector<DetailLink> links;
    std::string list_heading;                                // "Comments"
    std::vector<std::string> list;
    std::string error;
};

struct RecordTableState {
    RecordQuery query;
    std::string filter_text;       // what is typed; becomes query.filter
    std::vector<std::string> column_filter_text; // a box a column; the non-empty become query.column_filters
    bool show_column_filters = false;            // on a phone, where they are behind a toggle
    RecordPageCache cache;
    std::int64_t first_visible = 0; // the clipper's first row in the last frame
    bool scroll_to_top = false;     // the filter changed: show the first rows
    std::optional<std::int64_t> selected_id;
    app::RecordRow selected_row; // as the table showed it (cells, link); id 0 until the row is on screen
    std::size_t selected_column = 0;       // the cell Ctrl+C copies: the column last clicked
    std::optional<std::int64_t> scroll_to; // a row index to bring into view in the next frame (go to ID)
    std::string go_to_text;                // what the Go to ID box holds
    std::string go_to_problem;             // why the last Go to found nothing
    RecordDetail detail;
    RecordEditorState editor;
    std::string error;
    std::string note; // "Exported users.csv: 2,502 rows, 120 KB.", "Copied the row of user #2."
    std::optional<app::ShownQuery> shown; // the last page fetched, its calls and SQL (Show the query)
    bool query_open = false;
};

struct RecordBrowserState {
    RecordBrowserState();
    std::array<RecordTableState, kRecordTables.size()> tables;
    int active = 0;                // the table shown (tables[active]) when the SQL tab is not
    std::optional<int> select_tab; // set by a link: switch to this tab in the next frame
    SqlConsoleState sql;
    bool sql_open = false;         // the SQL tab is the one shown
};

// Selects row `id` of `table` (e.g. from a relationship link) and shows that table's tab.
void follow_link(RecordBrowserState& state, const DetailLink& link);
// Loads what the detail panel shows for the selection of `table_state`. Never throws: a failure is in
// detail.error.
RecordDetail load_detail(const RecordTableState& table_state, app::Services& services, std::int64_t epoch);

// Selects `row` as a click on it does: the detail panel reloads, a detail view (not an edit in progress)
// is closed.
void select_row(RecordTableState& table_state, const app::RecordRow& row);

// Selects the row whose ID `text` names and scrolls to it, within the table's filter and order; a text
// that is no ID or names no row shown leaves the selection and says why in `go_to_problem`. Never throws.
void go_to_id(RecordTableState& table_state, app::Services& services);

// What the clipboard gets: the selected cell's text (Ctrl+C), or the whole row tab-separated
// (Ctrl+Shift+C). A NULL cell copies as nothing. Sets `note` to say what was copied.
std::string copy_selection(RecordTableState& table_state, bool whole_row);

// The whole table as the browser shows it (sort and filter included) as a CSV download through `actions`;
// `note` (or `error`) says what happened. A read: needs no write turn. Never throws.
void export_table_csv(RecordTableState& table_state, app::Services& services, StorageActions& actions);

// `actions` hands CSV exports to the person as downloads and grants the turns edits and deletes write in.
// Returns true if it wrote to the database in this frame.
bool draw_record_browser(RecordBrowserState& state, app::Services& services, StorageActions& actions, std::int64_t epoch);

} // namespace ui
