#include "ui/record_table.h"

#include "ui/accessibility_tree.h"
#include "app/services.h"
#include "ui/item_locator.h"

#include <imgui.h>
#include <imgui_internal.h> // ImGuiSelectableFlags_SelectOnNav: the selection follows the keyboard

#include <algorithm>
#include <exception>

namespace ui {

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

} // namespace

void draw_record_table(RecordTableState& table_state, app::Services& services, std::int64_t epoch, float width) {
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

    auto fetch = [&](const app::RecordRequest& request) {
        app::ShownQuery shown = app::RecordQueryService::shown_query(request);
        app::RecordPage page;
        {
            auto recording = services.queries.record(shown);
            page = services.records.fetch(request);
        }
        table_state.shown = std::move(shown);
        return page;
    };
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

} // namespace ui
