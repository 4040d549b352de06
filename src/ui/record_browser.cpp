#include "ui/record_browser.h"

#include "app/csv_export.h"

#include "ui/accessibility_tree.h"
#include "ui/app_services.h"
#include "ui/form_widgets.h"
#include "ui/item_locator.h"

#include <imgui.h>
#include <imgui_internal.h> // ImGuiSelectableFlags_SelectOnNav: the selection follows the keyboard
#include <imgui_stdlib.h>

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

std::string cell(const std::vector<std::string>& cells, std::size_t index) {
    return index < cells.size() ? cells[index] : std::string();
}

// Fields straight from the row the table showed (users, comments, contact messages).
void fields_from_cells(RecordDetail& detail, const RecordTableState& table_state) {
    const auto& columns = app::RecordQueryService::columns(table_state.query.table);
    for (std::size_t i = 0; i < columns.size(); ++i)
        detail.fields.emplace_back(columns[i].label, cell(table_state.selected_row.cells, i));
}

} // namespace

RecordDetail load_detail(const RecordTableState& table_state, AppServices& services, std::int64_t epoch) {
    RecordDetail detail;
    detail.table = table_state.query.table;
    detail.id = table_state.selected_id.value_or(0);
    detail.epoch = epoch;
    try {
        switch (detail.table) {
        case app::RecordTable::PetHandlers: {
            const auto found = services.pets.handler_detail(detail.id);
            if (!found) {
                detail.error = app::kHandlerGone;
                break;
            }
            detail.fields = {{"ID", std::to_string(found->handler.handler_id)}, {"Name", found->handler.handler_name}};
            detail.links_heading = "Pets";
            for (const auto& pet : found->pets)
                detail.links.push_back({pet.pet_name + " (" + pet.pet_category + ")", app::RecordTable::Pets, pet.pet_id});
            break;
        }
        case app::RecordTable::Pets: {
            const auto found = services.pets.pet_detail(detail.id);
            if (!found) {
                detail.error = app::kPetGone;
                break;
            }
            const app::PetCategory& pet = found->pet;
            detail.fields = {{"ID", std::to_string(pet.pet_id)}, {"Name", pet.pet_name}, {"Category", pet.pet_category}};
            detail.links_heading = "Handler";
            if (found->handler)
                detail.links.push_back({found->handler->handler_name, app::RecordTable::PetHandlers, found->handler->handler_id});
            detail.list_heading = "Comments";
            for (const auto& comment : found->comments) detail.list.push_back(comment.comment_content);
            break;
        }
        case app::RecordTable::Comments: {
            fields_from_cells(detail, table_state);
            if (const auto& link = table_state.selected_row.link) {
                detail.links_heading = "Pet";
                detail.links.push_back(*link);
            }
            break;
        }
        default: fields_from_cells(detail, table_state); break;
        }
    } catch (const std::exception& error) {
        detail.error = error.what();
    }
    return detail;
}

namespace {

void apply_sort_specs(RecordTableState& table_state, const std::vector<app::RecordColumn>& columns) {
    ImGuiTableSortSpecs* specs = ImGui::TableGetSortSpecs();
    if (specs == nullptr || !specs->SpecsDirty) return;
    if (specs->SpecsCount > 0) {
        const ImGuiTableColumnSortSpecs& spec = specs->Specs[0];
        const auto index = static_cast<std::size_t>(spec.ColumnIndex);
        table_state.query.sort_column = index < columns.size() ? columns[index].key : std::string();
        table_state.query.direction = spec.SortDirection == ImGuiSortDirection_Descending ? app::SortDirection::Descending
                                                                                          : app::SortDirection::Ascending;
    } else {
        table_state.query.sort_column.clear();
        table_state.query.direction = app::SortDirection::Ascending;
    }
    specs->SpecsDirty = false;
}

// The row's first cell: a selectable spanning the row, selected by a click, a tap or the keyboard's
// arrows (Dear ImGui's navigation moving onto it), with a right click's Copy menu.
void draw_row_selectable(RecordTableState& table_state, const app::RecordRow& row, int index, float row_height) {
    const bool selected = table_state.selected_id == row.id;
    const ImGuiSelectableFlags flags = ImGuiSelectableFlags_SpanAllColumns | ImGuiSelectableFlags_AllowOverlap |
                                       static_cast<ImGuiSelectableFlags>(ImGuiSelectableFlags_SelectOnNav);
    ImGui::AlignTextToFramePadding();
    const bool pressed =
        ImGui::Selectable(row.cells[0].c_str(), selected, flags, ImVec2(0, row_height - ImGui::GetStyle().CellPadding.y * 2));
    const int hovered_column = ImGui::TableGetHoveredColumn();
    const bool right_clicked = ImGui::IsItemClicked(ImGuiMouseButton_Right);
    if (pressed || right_clicked) {
        // A keyboard move keeps the column; a pointer picks the cell it is over.
        if (ImGui::IsItemHovered() && hovered_column >= 0 && (right_clicked || ImGui::IsMouseReleased(ImGuiMouseButton_Left)))
            table_state.selected_column = static_cast<std::size_t>(hovered_column);
        if (!selected) select_row(table_state, row);
    }
    AccessibilityTree::row(index + 2, selected);
    if (ImGui::BeginPopupContextItem("##row-menu")) {
        if (ImGui::MenuItem("Copy cell", "Ctrl+C")) ImGui::SetClipboardText(copy_selection(table_state, false).c_str());
        if (ImGui::MenuItem("Copy row", "Ctrl+Shift+C")) ImGui::SetClipboardText(copy_selection(table_state, true).c_str());
        ImGui::EndPopup();
    }
}

void draw_table(RecordTableState& table_state, AppServices& services, std::int64_t epoch, float width) {
    const auto& columns = app::RecordQueryService::columns(table_state.query.table);
    const std::string table_id = "##records-" + std::string(app::RecordQueryService::table_label(table_state.query.table));
    const ImGuiTableFlags flags = ImGuiTableFlags_Sortable | ImGuiTableFlags_ScrollY | ImGuiTableFlags_RowBg |
                                  ImGuiTableFlags_BordersOuter | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_Resizable |
                                  ImGuiTableFlags_SizingStretchProp;
    if (!ImGui::BeginTable(table_id.c_str(), static_cast<int>(columns.size()), flags, ImVec2(width, 0.0f))) return;
    if (table_state.scroll_to_top) {
        ImGui::SetScrollY(0.0f);
        table_state.scroll_to_top = false;
    }
    ImGui::TableSetupScrollFreeze(0, 1);
    AccessibilityTree::begin_grid(app::RecordQueryService::table_label(table_state.query.table),
                                  table_state.cache.total() + 1, static_cast<int>(columns.size()));
    for (std::size_t i = 0; i < columns.size(); ++i) {
        ImGuiTableColumnFlags column_flags = columns[i].sortable ? 0 : ImGuiTableColumnFlags_NoSort;
        float weight = 1.0f;
        if (i == 0) {
            column_flags |= ImGuiTableColumnFlags_DefaultSort;
            weight = 0.35f;
        }
        ImGui::TableSetupColumn(columns[i].label.c_str(), column_flags, weight);
    }
    // TableHeadersRow(), with each header made findable by its label for browser tests.
    ImGui::TableNextRow(ImGuiTableRowFlags_Headers);
    for (std::size_t i = 0; i < columns.size(); ++i) {
        if (!ImGui::TableSetColumnIndex(static_cast<int>(i))) continue;
        ImGui::TableHeader(columns[i].label.c_str());
        ItemLocator::label_last_item(columns[i].label.c_str());
        AccessibilityTree::column_header(columns[i].label);
    }
    apply_sort_specs(table_state, columns);

    auto fetch = [&services](const app::RecordRequest& request) { return services.records.fetch(request); };
    try {
        const float row_height = ImGui::GetFrameHeight(); // what a row's content needs; used for prefetching
        const auto visible = static_cast<std::int64_t>(ImGui::GetContentRegionAvail().y / row_height) + 1;
        if (!table_state.cache.current(table_state.query, epoch))
            table_state.cache.ensure(table_state.query, epoch, table_state.first_visible,
                                     table_state.first_visible + visible, fetch);
        table_state.error.clear();
        ImGuiListClipper clipper;
        // The clipper measures the real row pitch (content plus cell padding) on its first step: an estimate
        // that is too small leaves the last rows where they can never be scrolled into view.
        clipper.Begin(static_cast<int>(table_state.cache.total()));
        while (clipper.Step()) {
            table_state.cache.ensure(table_state.query, epoch, clipper.DisplayStart, clipper.DisplayEnd, fetch);
            if (clipper.DisplayStart > 0 || clipper.DisplayEnd > 0) table_state.first_visible = clipper.DisplayStart;
            for (int index = clipper.DisplayStart; index < clipper.DisplayEnd; ++index) {
                const app::RecordRow* row = table_state.cache.row(index);
                ImGui::TableNextRow();
                if (row == nullptr) continue;
                // The selection's cells as the table now shows them: a row selected by ID (go to ID, a
                // link) gets them once on screen, and an edit's new values reach the detail panel (and
                // the name a delete notice quotes).
                if (table_state.selected_id == row->id &&
                    (table_state.selected_row.id != row->id || table_state.selected_row.cells != row->cells)) {
                    table_state.selected_row = *row;
                    table_state.detail = {};
                }
                ImGui::PushID(static_cast<int>(row->id));
                for (std::size_t c = 0; c < row->cells.size() && c < columns.size(); ++c) {
                    ImGui::TableSetColumnIndex(static_cast<int>(c));
                    if (c == 0) {
                        draw_row_selectable(table_state, *row, index, row_height);
                    } else if (row->is_null(c)) {
                        ImGui::AlignTextToFramePadding();
                        ImGui::TextDisabled("NULL");
                        AccessibilityTree::cell("NULL");
                    } else {
                        ImGui::AlignTextToFramePadding();
                        ImGui::TextUnformatted(row->cells[c].c_str());
                        AccessibilityTree::cell(row->cells[c]);
                    }
                }
                ImGui::PopID();
            }
        }
        if (table_state.scroll_to) {
            // The clipper has measured the row pitch: put the row in the middle of the view.
            const float pitch = clipper.ItemsHeight > 0.0f ? clipper.ItemsHeight : row_height;
            const float view = ImGui::GetWindowHeight() - pitch; // less the frozen header row
            ImGui::SetScrollY(std::max(0.0f, static_cast<float>(*table_state.scroll_to) * pitch - (view - pitch) / 2));
            table_state.scroll_to.reset();
        }
    } catch (const std::exception& error) {
        table_state.cache.invalidate();
        table_state.error = error.what();
    }
    AccessibilityTree::end_grid();
    ImGui::EndTable();
}

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

// What one row of the table is called: "User #7".
const char* row_label(app::RecordTable table) {
    switch (table) {
    case app::RecordTable::Users: return "User";
    case app::RecordTable::PetHandlers: return "Pet handler";
    case app::RecordTable::Pets: return "Pet";
    case app::RecordTable::Comments: return "Comment";
    case app::RecordTable::ContactMessages: return "Contact message";
    }
    return "Row";
}

void draw_detail(RecordBrowserState& state, RecordTableState& table_state, AppServices& services, std::int64_t epoch) {
    if (!table_state.selected_id) {
        if (!table_state.editor.notice.empty()) success_message(table_state.editor.notice);
        hint("Select a row to see its details.");
        return;
    }
    RecordDetail& detail = table_state.detail;
    if (detail.epoch != epoch || detail.id != *table_state.selected_id || detail.table != table_state.query.table)
        detail = load_detail(table_state, services, epoch);
    heading((std::string(row_label(detail.table)) + " #" + std::to_string(detail.id)).c_str());
    if (!detail.error.empty()) {
        error_message(detail.error);
        return;
    }
    if (is_editing(table_state.editor, detail.table, detail.id)) {
        draw_record_editor(table_state.editor, detail.table, detail.id, detail.fields, services);
        return;
    }
    if (ImGui::BeginTable("##detail-fields", 2, ImGuiTableFlags_None)) {
        // Labels as wide as the longest; values take the rest and wrap there (a fixed-fit value column
        // would shrink to nothing under wrapped text).
        ImGui::TableSetupColumn("label", ImGuiTableColumnFlags_WidthFixed);
        ImGui::TableSetupColumn("value", ImGuiTableColumnFlags_WidthStretch);
        for (const auto& [label, value] : detail.fields) {
            ImGui::TableNextRow();
            ImGui::TableSetColumnIndex(0);
            ImGui::TextDisabled("%s", label.c_str());
            ImGui::TableSetColumnIndex(1);
            ImGui::TextWrapped("%s", value.c_str());
        }
        ImGui::EndTable();
    }
    draw_record_editor(table_state.editor, detail.table, detail.id, detail.fields, services);
    if (!detail.links_heading.empty()) {
        ImGui::Spacing();
        ImGui::TextDisabled("%s", detail.links_heading.c_str());
        if (detail.links.empty()) ImGui::TextUnformatted("None");
        for (const DetailLink& link : detail.links) {
            ImGui::PushID(static_cast<int>(link.id));
            ImGui::PushStyleColor(ImGuiCol_Text, palette().link);
            const bool clicked = ImGui::Selectable(("\xe2\x86\x92 " + link.label).c_str());
            AccessibilityTree::set_last_role(AccessibleRole::Link, link.label);
            ImGui::PopStyleColor();
            ImGui::PopID();
            if (clicked) {
                follow_link(state, link);
                return;
            }
        }
    }
    if (!detail.list_heading.empty()) {
        ImGui::Spacing();
        ImGui::TextDisabled("%s (%zu)", detail.list_heading.c_str(), detail.list.size());
        for (const std::string& item : detail.list) ImGui::BulletText("%s", item.c_str());
    }
}

bool draw_table_tab(RecordBrowserState& state, RecordTableState& table_state, AppServices& services,
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
    const float table_height = narrow ? std::clamp(rows_need, pitch * 4, std::max(room.y * 0.5f, pitch * 4)) : 0.0f;
    ImGui::BeginGroup();
    if (ImGui::BeginChild(("##table-" + label).c_str(), ImVec2(table_width, table_height), ImGuiChildFlags_None)) {
        draw_table(table_state, services, epoch, table_width);
        const ImGuiIO& io = ImGui::GetIO();
        if (ImGui::IsWindowFocused(ImGuiFocusedFlags_ChildWindows) && !io.WantTextInput && io.KeyCtrl &&
            ImGui::IsKeyPressed(ImGuiKey_C, false) && table_state.selected_row.id != 0)
            ImGui::SetClipboardText(copy_selection(table_state, io.KeyShift).c_str());
    }
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

void export_table_csv(RecordTableState& table_state, AppServices& services, StorageActions& actions) {
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

void go_to_id(RecordTableState& table_state, AppServices& services) {
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
    const std::string what = std::string(row_label(table_state.query.table)) + " #" + std::to_string(row.id);
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

bool draw_record_browser(RecordBrowserState& state, AppServices& services, StorageActions& actions, std::int64_t epoch) {
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
