#include "ui/storage_panel.h"

#include "ui/accessibility_tree.h"
#include "ui/item_locator.h"
#include "ui/theme.h"

#include <imgui.h>

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdio>

namespace ui {

std::string describe_save_state(const StorageStatus& storage) {
    switch (storage.save) {
    case StorageStatus::Save::Saved: return "Saved";
    case StorageStatus::Save::Saving: return "Saving\xe2\x80\xa6";
    default: {
        std::string text = storage.out_of_space ? storage.save_error : "Save failed: " + storage.save_error;
        if (storage.unsaved_changes == 1) text += " 1 change is not saved yet.";
        if (storage.unsaved_changes > 1)
            text += " " + std::to_string(storage.unsaved_changes) + " changes are not saved yet.";
        return text;
    }
    }
}

std::string format_bytes(double bytes) {
    static const char* const units[] = {"bytes", "KB", "MB", "GB", "TB"};
    int unit = 0;
    while (bytes >= 1000.0 && unit < 4) {
        bytes /= 1000.0;
        ++unit;
    }
    char text[32];
    std::snprintf(text, sizeof text, unit == 0 ? "%.0f %s" : "%.1f %s", bytes, units[unit]);
    return text;
}

std::string describe_storage_space(const StorageStatus& storage) {
    std::string text = storage.database_bytes >= 0 ? "Database " + format_bytes(storage.database_bytes) + " \xc2\xb7 " : "";
    text += "Storage: ";
    switch (storage.persistence) {
    case StorageStatus::Persistence::Persistent: text += "persistent"; break;
    case StorageStatus::Persistence::BestEffort: text += "not persistent (the browser may clear it)"; break;
    default: text += "persistence unknown"; break;
    }
    // The quota is what the browser would allow, not free space: on a full disk Chromium still reports a
    // quota of a gigabyte. Once a save failed for space, the device's fullness is the figure that matters.
    if (storage.out_of_space) {
        text += " \xc2\xb7 the device is full";
    } else if (storage.usage_bytes >= 0 && storage.quota_bytes > 0) {
        text += " \xc2\xb7 " + format_bytes(storage.usage_bytes) + " used of " + format_bytes(storage.quota_bytes) +
                " the browser allows";
    }
    return text;
}

std::string describe_import(const ImportProgress& import) {
    // Rounded down, so 100% appears only once the file is readied.
    const int percent = import.swapping ? 100 : std::clamp(static_cast<int>(std::floor(import.progress * 100)), 0, 99);
    return "Importing " + import.file + " \xe2\x80\xa6 " + std::to_string(percent) + "%";
}

namespace {
constexpr const char* kImportPopup = "Importing a database##import-progress";
}

void draw_import_progress(const StorageStatus& storage, StorageActions& actions) {
    const ImportProgress& import = storage.import;
    // While it waits for the person's Replace, the confirmation (import_confirm.h) is the window shown.
    const bool shown = import.active && !import.confirming;
    if (shown && !ImGui::IsPopupOpen(kImportPopup)) ImGui::OpenPopup(kImportPopup);
    const ImGuiViewport* viewport = ImGui::GetMainViewport();
    const float width = ImGui::GetFontSize() * 26.0f;
    ImGui::SetNextWindowSizeConstraints(ImVec2(width, 0.0f), ImVec2(width, FLT_MAX));
    ImGui::SetNextWindowPos(viewport->GetCenter(), ImGuiCond_Always, ImVec2(0.5f, 0.5f));
    if (!ImGui::BeginPopupModal(kImportPopup, nullptr,
                                ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoSavedSettings |
                                    ImGuiWindowFlags_NoMove))
        return;
    if (!shown) { // imported, refused or cancelled: the notice says which
        ImGui::CloseCurrentPopup();
        ImGui::EndPopup();
        return;
    }
    AccessibilityTree::begin_dialog("Importing a database"); // in the DOM mirror, as the confirmation before it
    const std::string shown_text = describe_import(import);
    ImGui::TextUnformatted(shown_text.c_str());
    AccessibilityTree::text(AccessibleRole::Text, shown_text); // read when asked, not announced each percent
    ImGui::ProgressBar(static_cast<float>(import.swapping ? 1.0 : import.progress), ImVec2(-FLT_MIN, 0.0f), "");
    ItemLocator::label_last_item("##import-progress");
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    if (!import.swapping)
        ImGui::TextWrapped("Your data stays exactly as it is until the import is complete: Cancel leaves it "
                           "untouched.");
    else if (storage.waiting_for_other_tab)
        ImGui::TextWrapped("Waiting for another tab to finish saving, then your data is replaced\xe2\x80\xa6");
    else
        ImGui::TextWrapped("Replacing your data\xe2\x80\xa6");
    ImGui::PopStyleColor();
    // Once readied the swap is one step away (under the write lock, between frames): too late to cancel.
    ImGui::BeginDisabled(import.swapping);
    if (ImGui::Button("Cancel##cancel-import")) actions.cancel_import();
    ImGui::EndDisabled();
    AccessibilityTree::end_dialog();
    ImGui::EndPopup();
}

void draw_storage_panel(const StorageStatus& storage, StorageActions& actions, const std::string& sqlite_version,
                        bool app_open) {
    ImGui::Text("SQLite %s", sqlite_version.c_str());
    ImGui::Separator();
    const ImVec4 red = palette().error;
    if (!storage.error.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, red);
        if (storage.damaged)
            ImGui::TextWrapped("The database stored in this browser is damaged, so it was not opened.");
        else if (storage.data_missing)
            ImGui::TextWrapped("Your saved data could not be found (the browser may have discarded it).");
        else
            ImGui::TextWrapped("Database unavailable: %s", storage.error.c_str());
        ImGui::PopStyleColor();
        if (storage.data_missing) {
            ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
            ImGui::TextWrapped("Details: %s", storage.error.c_str());
            ImGui::PopStyleColor();
            ImGui::TextWrapped("Nothing has been replaced. If you have a backup (a database you exported), import it. "
                               "Start fresh only if you want an empty database: whatever is left of the old one stays "
                               "in this browser under another name.");
            if (ImGui::Button("Import a backup\xe2\x80\xa6")) actions.import_database();
            ImGui::SameLine();
            if (ImGui::Button("Start fresh")) actions.start_fresh();
        }
        if (storage.damaged) {
            ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
            ImGui::TextWrapped("Details: %s", storage.error.c_str());
            ImGui::PopStyleColor();
            ImGui::TextWrapped("Nothing has been deleted. Export the damaged file to keep a copy, then start "
                               "fresh: the damaged file stays in this browser under another name.");
            if (ImGui::Button("Export damaged file")) actions.export_damaged_file();
            ImGui::SameLine();
            if (ImGui::Button("Start fresh")) actions.start_fresh();
        }
    } else if (!storage.ready) {
        ImGui::TextUnformatted("Opening database\xe2\x80\xa6");
        if (storage.waiting_for_other_tab) {
            ImGui::TextWrapped("Another tab is still saving its changes (its save may be failing): this tab "
                               "opens the data once they are saved.");
        }
    } else {
        // A write has waited over a second for the cross-tab write lock.
        if (storage.waiting_for_other_tab)
            ImGui::TextWrapped("A change is waiting for another tab to finish saving\xe2\x80\xa6");
        if (storage.save == StorageStatus::Save::Failed) {
            ImGui::PushStyleColor(ImGuiCol_Text, red);
            ImGui::TextWrapped("%s", describe_save_state(storage).c_str());
            ImGui::PopStyleColor();
            // Out of space the message itself says to keep the tab open, and Export is just below.
            if (!storage.out_of_space)
                ImGui::TextWrapped("Your changes are kept in this tab; keep it open until they are saved.");
            if (ImGui::Button("Retry now")) actions.retry_save();
        } else {
            ImGui::TextDisabled("%s", describe_save_state(storage).c_str());
        }
        ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
        ImGui::TextWrapped("%s", describe_storage_space(storage).c_str());
        ImGui::PopStyleColor();
        if (ImGui::Button("Export database")) actions.export_database();
        ImGui::SameLine();
        if (ImGui::Button("Import database")) actions.import_database();
    }
    // An import's report is shown over every tab once the app is open (import_report.h), not here again.
    if (!storage.notice.empty() && !(storage.notice_about_import && storage.ready && app_open)) {
        if (storage.notice_is_error) ImGui::PushStyleColor(ImGuiCol_Text, red);
        ImGui::TextWrapped("%s", storage.notice.c_str());
        if (storage.notice_is_error) ImGui::PopStyleColor();
    }
}

} // namespace ui
