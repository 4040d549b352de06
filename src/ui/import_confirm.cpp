#include "ui/import_confirm.h"

#include "ui/accessibility_tree.h"
#include "ui/form_widgets.h"

#include <imgui.h>

namespace ui {

std::array<ImportComparisonRow, 5> compare_import_rows(const RowCounts& current, const std::array<std::int64_t, 5>& file) {
    auto now = [&](std::int64_t count) { return current.known ? count : -1; };
    return {{{"Users", now(current.users), file[0]},
             {"Pet handlers", now(current.handlers), file[1]},
             {"Pets", now(current.pets), file[2]},
             {"Comments", now(current.comments), file[3]},
             {"Contact messages", now(current.messages), file[4]}}};
}

std::string describe_import_replacement(const ImportProgress& import) {
    return "Everything in this browser's database is replaced by the contents of " + import.file + " (" +
           format_bytes(import.file_bytes) + ").";
}

void draw_import_confirmation(const StorageStatus& storage, const RowCounts& current, StorageActions& actions) {
    const ImportProgress& import = storage.import;
    const bool asking = import.active && import.confirming;
    if (asking && !ImGui::IsPopupOpen(kImportConfirmTitle)) ImGui::OpenPopup(kImportConfirmTitle);
    const ImGuiViewport* viewport = ImGui::GetMainViewport();
    const float width = ImGui::GetFontSize() * 28.0f;
    ImGui::SetNextWindowSizeConstraints(ImVec2(width, 0.0f), ImVec2(width, FLT_MAX));
    ImGui::SetNextWindowPos(viewport->GetCenter(), ImGuiCond_Always, ImVec2(0.5f, 0.5f));
    if (!ImGui::BeginPopupModal(kImportConfirmTitle, nullptr,
                                ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoMove))
        return;
    if (!asking) { // replaced, refused or cancelled (here or by another path): the notice says which
        ImGui::CloseCurrentPopup();
        ImGui::EndPopup();
        return;
    }
    AccessibilityTree::begin_dialog(kImportConfirmTitle);
    const std::string replacement = describe_import_replacement(import);
    ImGui::TextWrapped("%s", replacement.c_str());
    AccessibilityTree::text(AccessibleRole::Text, replacement);
    ImGui::Spacing();
    if (ImGui::BeginTable("##import-comparison", 3, ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_RowBg |
                                                          ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_PadOuterX)) {
        ImGui::TableSetupColumn("Table", ImGuiTableColumnFlags_WidthStretch);
        ImGui::TableSetupColumn("Now");
        ImGui::TableSetupColumn("In the file"); // its name, however long, is in the sentence above
        ImGui::TableHeadersRow();
        for (const ImportComparisonRow& row : compare_import_rows(current, import.file_rows)) {
            const std::string now = row.now < 0 ? std::string("\xe2\x80\x94") : grouped(row.now);
            const std::string file = grouped(row.in_file);
            ImGui::TableNextRow();
            ImGui::TableSetColumnIndex(0);
            ImGui::TextUnformatted(row.table);
            ImGui::TableSetColumnIndex(1);
            ImGui::TextUnformatted(now.c_str());
            ImGui::TableSetColumnIndex(2);
            ImGui::TextUnformatted(file.c_str());
            // One sentence a row for the mirror: "Users: 100,004 now, 1 in tutorial.db".
            AccessibilityTree::text(AccessibleRole::Text,
                                    std::string(row.table) + ": " + now + " now, " + file + " in " + import.file);
        }
        ImGui::EndTable();
    }
    ImGui::Spacing();
    hint("Undo import (File menu) brings back what you have now, until the next import. An exported copy "
         "keeps it for good.");
    ImGui::Spacing();
    if (ImGui::Button("Export current data first")) actions.export_database();
    ImGui::SameLine();
    if (ImGui::Button("Replace")) actions.confirm_import();
    ImGui::SameLine();
    if (ImGui::Button("Cancel##confirm-import") || ImGui::IsKeyPressed(ImGuiKey_Escape)) actions.cancel_import();
    // What the export said (the host cleared the notice when the import began).
    if (!storage.notice.empty() && !storage.notice_about_import) {
        if (storage.notice_is_error) error_message(storage.notice);
        else success_message(storage.notice);
    }
    AccessibilityTree::end_dialog();
    ImGui::EndPopup();
}

} // namespace ui
