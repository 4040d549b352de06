#include "ui/sql_console_view.h"

#include "ui/accessibility_tree.h"
#include "app/services.h"
#include "ui/form_widgets.h"
#include "ui/item_locator.h"

#include <imgui.h>

#include <algorithm>

namespace ui {

namespace {

constexpr int kMaxShownColumns = 64; // a table of Dear ImGui's takes at most 512; a person reads far fewer

void draw_answer(const app::SqlAnswer& answer) {
    const int columns = std::min(static_cast<int>(answer.columns.size()), kMaxShownColumns);
    if (columns == 0) return;
    const ImGuiTableFlags flags = ImGuiTableFlags_ScrollY | ImGuiTableFlags_ScrollX | ImGuiTableFlags_RowBg |
                                  ImGuiTableFlags_BordersOuter | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_Resizable;
    if (!ImGui::BeginTable("##sql-answer", columns, flags)) return;
    ImGui::TableSetupScrollFreeze(0, 1);
    AccessibilityTree::begin_grid("Query result", static_cast<std::int64_t>(answer.rows.size()) + 1, columns);
    for (int c = 0; c < columns; ++c)
        ImGui::TableSetupColumn(answer.columns[static_cast<std::size_t>(c)].c_str(), ImGuiTableColumnFlags_WidthFixed,
                                ImGui::GetFontSize() * 10.0f);
    ImGui::TableNextRow(ImGuiTableRowFlags_Headers);
    for (int c = 0; c < columns; ++c) {
        if (!ImGui::TableSetColumnIndex(c)) continue;
        ImGui::TableHeader(answer.columns[static_cast<std::size_t>(c)].c_str());
        AccessibilityTree::column_header(answer.columns[static_cast<std::size_t>(c)]);
    }
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(answer.rows.size()));
    while (clipper.Step()) {
        for (int r = clipper.DisplayStart; r < clipper.DisplayEnd; ++r) {
            const auto& row = answer.rows[static_cast<std::size_t>(r)];
            ImGui::TableNextRow();
            AccessibilityTree::row(r + 2, false);
            for (int c = 0; c < columns; ++c) {
                ImGui::TableSetColumnIndex(c);
                const auto& value = row[static_cast<std::size_t>(c)];
                if (value) {
                    ImGui::TextUnformatted(value->c_str());
                    AccessibilityTree::cell(*value);
                } else {
                    ImGui::TextDisabled("NULL");
                    AccessibilityTree::cell("NULL");
                }
            }
        }
    }
    AccessibilityTree::end_grid();
    ImGui::EndTable();
}

} // namespace

void run_sql(SqlConsoleState& state, app::Services& services) {
    state.answer = services.sql.run(state.text);
    state.answered = true;
}

void draw_sql_console(SqlConsoleState& state, app::Services& services) {
    hint("Read-only: SELECT, WITH \xe2\x80\xa6 SELECT, EXPLAIN and PRAGMAs that report. Nothing typed here can "
         "change the data; at most 1,000 rows are shown, and a query is stopped after 2 seconds.");
    form_multiline_field("SQL", "##sql-text", state.text, std::nullopt, app::kSqlConsoleMaxCharacters, 4.0f);
    if (ImGui::Button("Run")) run_sql(state, services);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Run the statement (it may only read)");
    if (!state.answered) return;
    if (!state.answer.problem.empty()) {
        error_message(state.answer.problem);
        return;
    }
    ImGui::SameLine();
    ImGui::AlignTextToFramePadding();
    ImGui::TextDisabled("%s", state.answer.summary.c_str());
    AccessibilityTree::text(AccessibleRole::Status, state.answer.summary);
    draw_answer(state.answer);
}

} // namespace ui
