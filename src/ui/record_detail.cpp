#include "ui/record_detail.h"

#include "ui/accessibility_tree.h"
#include "app/services.h"
#include "ui/form_widgets.h"

#include <imgui.h>

#include <exception>

namespace ui {

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

RecordDetail load_detail(const RecordTableState& table_state, app::Services& services, std::int64_t epoch) {
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

void draw_detail(RecordBrowserState& state, RecordTableState& table_state, app::Services& services, std::int64_t epoch) {
    if (!table_state.selected_id) {
        if (!table_state.editor.notice.empty()) success_message(table_state.editor.notice);
        hint("Select a row to see its details.");
        return;
    }
    RecordDetail& detail = table_state.detail;
    if (detail.epoch != epoch || detail.id != *table_state.selected_id || detail.table != table_state.query.table)
        detail = load_detail(table_state, services, epoch);
    heading((std::string(app::RecordQueryService::row_label(detail.table)) + " #" + std::to_string(detail.id)).c_str());
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

} // namespace ui
