#include "ui/record_browser.h"

#include "app/csv_export.h"

#include "app/services.h"
#include "ui/form_widgets.h"
#include "ui/query_panel.h"
#include "ui/record_detail.h"
#include "ui/record_table.h"

#include <imgui.h>

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <exception>

namespace ui {

RecordBrowserState::RecordBrowserState() {
    for (std::size_t i = 0; i < kRecordTables.size(); ++i) tables[i].query.table = kRecordTables[i];
}

void select_row(RecordTableState& table_state, const app::RecordRow& row) {
    table_state.selected_id = row.id;
    table_state.selected_row = row;
    table_state.detail = {};
    if (table_state.editor.mode == RecordEditorState::Mode::Viewing) table_state.editor = {};
}

namespace {

// Selects a row known only by its ID (a link, go to ID): its cells arrive when the table draws it.
void select_id(RecordTableState& table_state, std::int64_t id) {
    select_row(table_state, app::RecordRow{});
    table_state.selected_id = id;
}

} // namespace

void follow_link(RecordBrowserState& state, const DetailLink& link) {
    for (std::size_t i = 0; i < kRecordTables.size(); ++i) {
        if (kRecordTables[i] != link.table) continue;
        select_id(state.tables[i], link.id);
        state.select_tab = static_cast<int>(i);
    }
}

namespace {

// The filters changed: the count and the first rows are of other rows now.
void shown_rows_changed(RecordTableState& table_state) {
    table_state.note.clear(); // it described other rows
    table_state.first_visible = 0;
    table_state.scroll_to_top = true;
}

// One box a filterable column, labelled by the column, in DB Browser for SQLite's filter syntax.
void draw_column_filters(RecordTableState& table_state) {
    const auto& columns = app::RecordQueryService::columns(table_state.query.table);
    table_state.column_filter_text.resize(columns.size());
    const std::string table(app::RecordQueryService::table_label(table_state.query.table));
    const float width = ImGui::GetFontSize() * 9.0f;
    bool changed = false;
    bool first = true;
    for (std::size_t i = 0; i < columns.size(); ++i) {
        if (!columns[i].filterable) continue;
        if (!first) same_line_if_fits(width);
        first = false;
        ImGui::SetNextItemWidth(width);
        const std::string hint = columns[i].label + (columns[i].numeric ? " (=, >, 1~9)" : " (=, ^)");
        changed |= search_field(("##filter-" + table + "-" + columns[i].key).c_str(), hint.c_str(),
                                ("Filter the " + columns[i].label + " column").c_str(), table_state.column_filter_text[i],
                                app::kMaxFilterCharacters);
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip(columns[i].numeric ? "12 or =12: equal  ·  >12  >=12  <12  <=12  ·  10~20: from 10 to 20"
                                                 : "Text: contains it  ·  =Peter: exactly  ·  ^Pe: starts with");
    }
    if (!changed) return;
    table_state.query.column_filters.clear();
    for (std::size_t i = 0; i < columns.size(); ++i)
        if (!table_state.column_filter_text[i].empty())
            table_state.query.column_filters.push_back({columns[i].key, table_state.column_filter_text[i]});
    shown_rows_changed(table_state);
}

// The rows the table shows (table, sort, filter), not one window of them.
app::RecordRequest whole_table_request(const RecordQuery& query) {
    app::RecordRequest request;
    request.table = query.table;
    request.sort_column = query.sort_column;
    request.direction = query.direction;
    request.filter = query.filter;
    request.column_filters = query.column_filters;
    request.exact = query.exact;
    return request;
}



bool draw_table_tab(RecordBrowserState& state, RecordTableState& table_state, app::Services& services,
                    StorageActions& actions, std::int64_t epoch) {
    const std::string label(app::RecordQueryService::table_label(table_state.query.table));
    const bool narrow = narrow_layout();
    ImGui::SetNextItemWidth(std::min(ImGui::GetFontSize() * 18.0f, ImGui::GetContentRegionAvail().x));
    if (search_field(("##filter-" + label).c_str(), "Filter\xe2\x80\xa6", ("Filter " + label).c_str(),
                     table_state.filter_text, 200)) {
        table_state.query.filter = table_state.filter_text;
        shown_rows_changed(table_state);
    }
    same_line_if_fits(ImGui::GetFrameHeight() + ImGui::CalcTextSize("Exact").x + ImGui::GetStyle().ItemInnerSpacing.x);
    if (ImGui::Checkbox(("Exact##exact-" + label).c_str(), &table_state.query.exact)) shown_rows_changed(table_state);
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("Match whole values only, case and all: Peter finds Peter, not peter or PeterStrong");
    same_line_if_fits(ImGui::GetFontSize() * 7.0f);
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 7.0f);
    if (search_field(("##go-to-" + label).c_str(), "Go to ID", ("Go to the " + label + " row with this ID").c_str(),
                     table_state.go_to_text, 20, ImGuiInputTextFlags_CharsDecimal | ImGuiInputTextFlags_EnterReturnsTrue))
        go_to_id(table_state, services);
    if (table_state.go_to_text.empty()) table_state.go_to_problem.clear(); // emptied: nothing to explain
    const std::int64_t total = table_state.cache.total();
    const std::string count = grouped(total) + " " +
                              (table_state.query.filter.empty() ? (total == 1 ? "row" : "rows")
                                                                : (total == 1 ? "matching row" : "matching rows"));
    same_line_if_fits(ImGui::CalcTextSize(count.c_str()).x);
    ImGui::AlignTextToFramePadding();
    ImGui::TextDisabled("%s", count.c_str());
    same_line_if_fits(ImGui::CalcTextSize("Export CSV").x + ImGui::GetStyle().FramePadding.x * 2);
    if (ImGui::Button("Export CSV")) export_table_csv(table_state, services, actions);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Download the rows shown (all pages, this sort and filter) as CSV");
    if (!table_state.note.empty()) {
        same_line_if_fits(ImGui::CalcTextSize(table_state.note.c_str()).x);
        ImGui::TextDisabled("%s", table_state.note.c_str());
    }
    // On a phone the column filters wait behind a toggle: their boxes would take the table's room.
    const bool column_filters_open = !narrow || table_state.show_column_filters || !table_state.query.column_filters.empty();
    if (narrow) {
        same_line_if_fits(ImGui::CalcTextSize("Filters").x + ImGui::GetStyle().FramePadding.x * 2);
        if (ImGui::Button("Filters")) table_state.show_column_filters = !table_state.show_column_filters;
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("Filter by column");
    }
    if (column_filters_open) draw_column_filters(table_state);
    if (!table_state.error.empty()) error_message(table_state.error);
    if (!table_state.go_to_problem.empty()) error_message(table_state.go_to_problem);

    // Beside the table, or on a phone under it (the table keeps the width, and about half the height).
    const ImVec2 room = ImGui::GetContentRegionAvail();
    const float detail_width = ImGui::GetFontSize() * 20.0f;
    const float table_width = narrow ? room.x : room.x - detail_width - ImGui::GetStyle().ItemSpacing.x;
    // On a phone the table is as tall as its rows need, from 4 rows to half the room; the detail gets the rest.
    const float pitch = ImGui::GetFrameHeight() + ImGui::GetStyle().CellPadding.y * 2;
    const float rows_need = pitch * static_cast<float>(std::min<std::int64_t>(total, 1000) + 1) + ImGui::GetStyle().ScrollbarSize;
    const float panel = table_state.query_open ? query_panel_height() : ImGui::GetFrameHeightWithSpacing();
    const float table_height =
        narrow ? std::clamp(rows_need, pitch * 4, std::max(room.y * 0.5f, pitch * 4)) : -panel; // room left below
    ImGui::BeginGroup();
    if (ImGui::BeginChild(("##table-" + label).c_str(), ImVec2(table_width, table_height), ImGuiChildFlags_None)) {
        draw_record_table(table_state, services, epoch, table_width);
        const ImGuiIO& io = ImGui::GetIO();
        if (ImGui::IsWindowFocused(ImGuiFocusedFlags_ChildWindows) && !io.WantTextInput && io.KeyCtrl &&
            ImGui::IsKeyPressed(ImGuiKey_C, false) && table_state.selected_row.id != 0)
            ImGui::SetClipboardText(copy_selection(table_state, io.KeyShift).c_str());
    }
    ImGui::EndChild();
    if (ImGui::BeginChild(("##query-" + label).c_str(), ImVec2(table_width, narrow ? 0.0f : panel),
                          narrow ? ImGuiChildFlags_AutoResizeY : ImGuiChildFlags_None))
        draw_query_panel("records", table_state.shown ? &*table_state.shown : nullptr, table_state.query_open);
    ImGui::EndChild();
    ImGui::EndGroup();
    if (!narrow) ImGui::SameLine();
    if (ImGui::BeginChild(("##detail-" + label).c_str(), ImVec2(0.0f, 0.0f), ImGuiChildFlags_Border))
        draw_detail(state, table_state, services, epoch);
    ImGui::EndChild();

    const RecordChange change = run_record_editor(table_state.editor, services, actions);
    if (change.deleted) {
        table_state.selected_id.reset();
        table_state.selected_row = {};
        table_state.detail = {};
    }
    return change.wrote;
}

} // namespace

void export_table_csv(RecordTableState& table_state, app::Services& services, StorageActions& actions) {
    const app::RecordRequest request = whole_table_request(table_state.query);
    try {
        const std::string csv = app::export_csv(services.records, request);
        const std::string name = app::csv_file_name(request.table);
        actions.save_file(name, "text/csv;charset=utf-8", csv);
        const auto rows = std::count(csv.begin(), csv.end(), '\n') - 1;
        char size[32];
        std::snprintf(size, sizeof size, "%.1f KB", static_cast<double>(csv.size()) / 1000.0);
        table_state.note = "Exported " + name + ": " + grouped(rows) + (rows == 1 ? " row, " : " rows, ") + size + ".";
        table_state.error.clear();
    } catch (const std::exception& e) {
        table_state.note.clear();
        table_state.error = std::string("The CSV export failed: ") + e.what();
    }
}

void go_to_id(RecordTableState& table_state, app::Services& services) {
    const std::string& text = table_state.go_to_text;
    std::int64_t id = 0;
    const auto [end, failure] = std::from_chars(text.data(), text.data() + text.size(), id);
    if (failure != std::errc() || end != text.data() + text.size()) {
        table_state.go_to_problem = "Type the ID of a row: a whole number.";
        return;
    }
    const app::RecordRequest request = whole_table_request(table_state.query);
    try {
        const std::optional<std::int64_t> position = services.records.position_of(request, id);
        if (!position) {
            table_state.go_to_problem = (request.filter.empty() ? "No row has ID " : "No row the filter shows has ID ") +
                                        std::to_string(id) + ".";
            return;
        }
        select_id(table_state, id);
        table_state.scroll_to = *position;
        table_state.go_to_problem.clear();
    } catch (const std::exception& e) {
        table_state.go_to_problem = e.what();
    }
}

std::string copy_selection(RecordTableState& table_state, bool whole_row) {
    const app::RecordRow& row = table_state.selected_row;
    std::vector<std::string> cells = row.cells;
    for (std::size_t i = 0; i < cells.size(); ++i)
        if (row.is_null(i)) cells[i].clear();
    const std::string what =
        std::string(app::RecordQueryService::row_label(table_state.query.table)) + " #" + std::to_string(row.id);
    if (whole_row) {
        table_state.note = "Copied the row of " + what + ".";
        return app::tab_separated_line(cells);
    }
    const std::size_t column = std::min(table_state.selected_column, cells.empty() ? 0 : cells.size() - 1);
    const auto& columns = app::RecordQueryService::columns(table_state.query.table);
    table_state.note = "Copied " + (column < columns.size() ? columns[column].label : std::string("a cell")) + " of " +
                       what + ".";
    return column < cells.size() ? cells[column] : std::string();
}

bool draw_record_browser(RecordBrowserState& state, app::Services& services, StorageActions& actions, std::int64_t epoch) {
    const std::optional<int> select_tab = state.select_tab;
    state.select_tab.reset();
    bool wrote = false;
    if (narrow_layout()) {
        // A phone: the tables' tabs wrap, each with its whole label; the SQL tab comes last.
        std::array<std::string, kRecordTables.size()> names;
        std::array<const char*, kRecordTables.size() + 1> labels{};
        for (std::size_t i = 0; i < kRecordTables.size(); ++i) {
            names[i] = app::RecordQueryService::table_label(kRecordTables[i]);
            labels[i] = names[i].c_str();
        }
        labels.back() = "SQL";
        const int sql_index = static_cast<int>(kRecordTables.size());
        if (select_tab) state.sql_open = false;
        const int tapped = wrapping_tabs(labels.data(), static_cast<int>(labels.size()),
                                         state.sql_open ? sql_index : select_tab.value_or(state.active));
        if (tapped == sql_index) {
            state.sql_open = true;
        } else if (tapped >= 0) {
            state.sql_open = false;
            state.active = tapped;
        } else if (select_tab) {
            state.active = *select_tab;
        }
        ImGui::Spacing();
        if (state.sql_open) {
            draw_sql_console(state.sql, services);
            return false;
        }
        return draw_table_tab(state, state.tables[static_cast<std::size_t>(state.active)], services, actions, epoch);
    }
    if (!ImGui::BeginTabBar("##record-tables")) return false;
    for (std::size_t i = 0; i < kRecordTables.size(); ++i) {
        const std::string label(app::RecordQueryService::table_label(kRecordTables[i]));
        ImGuiTabItemFlags flags = 0;
        if (select_tab == static_cast<int>(i)) flags |= ImGuiTabItemFlags_SetSelected;
        if (ImGui::BeginTabItem(label.c_str(), nullptr, flags)) {
            state.active = static_cast<int>(i);
            state.sql_open = false;
            wrote |= draw_table_tab(state, state.tables[i], services, actions, epoch);
            ImGui::EndTabItem();
        }
    }
    if (ImGui::BeginTabItem("SQL")) {
        state.sql_open = true;
        draw_sql_console(state.sql, services);
        ImGui::EndTabItem();
    }
    ImGui::EndTabBar();
    return wrote;
}

} // namespace ui
