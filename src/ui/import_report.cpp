#include "ui/import_report.h"

#include "ui/form_widgets.h"

#include <imgui.h>

namespace ui {

bool import_report_shown(const ImportReportState& state, const StorageStatus& storage) {
    return storage.notice_about_import && !storage.notice.empty() && storage.notice != state.dismissed;
}

void draw_import_report(ImportReportState& state, const StorageStatus& storage, StorageActions& actions) {
    if (!import_report_shown(state, storage)) return;
    if (storage.notice_is_error) error_message(storage.notice);
    else success_message(storage.notice);
    if (storage.notice_offers_undo && storage.undo_available && !storage.import.active) {
        const std::string undo = "Undo import##report";
        if (ImGui::SmallButton(undo.c_str())) actions.undo_import();
        ImGui::SameLine();
        ImGui::TextDisabled("brings back your data from before the import (%s)", format_bytes(storage.undo_bytes).c_str());
        ImGui::SameLine();
    }
    if (ImGui::SmallButton("Dismiss##import-report")) state.dismissed = storage.notice;
}

} // namespace ui
