#include "ui/skeleton_view.h"

#include "app/counter_service.h"

#include <imgui.h>

#include <cfloat>
#include <exception>

namespace ui {

std::string describe_save_state(const StorageStatus& storage) {
    switch (storage.save) {
    case StorageStatus::Save::Saved: return "Saved";
    case StorageStatus::Save::Saving: return "Saving\xe2\x80\xa6";
    default: return "Save failed: " + storage.save_error;
    }
}

void draw_skeleton_view(SkeletonViewState& state, app::CounterService* counter, const StorageStatus& storage,
                        const std::string& sqlite_version) {
    const ImGuiViewport* viewport = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(ImVec2(viewport->WorkPos.x + viewport->WorkSize.x * 0.5f, viewport->WorkPos.y + viewport->WorkSize.y * 0.4f),
                            ImGuiCond_Always, ImVec2(0.5f, 0.5f));
    ImGui::SetNextWindowSizeConstraints(ImVec2(ImGui::GetFontSize() * 20.0f, 0.0f), ImVec2(FLT_MAX, FLT_MAX));
    ImGui::Begin("Registration records", nullptr,
                 ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoSavedSettings);
    ImGui::Text("SQLite %s", sqlite_version.c_str());
    ImGui::Separator();
    if (!storage.error.empty()) {
        ImGui::TextColored(ImVec4(0.75f, 0.1f, 0.1f, 1), "Database unavailable: %s", storage.error.c_str());
    } else if (!storage.ready || counter == nullptr) {
        ImGui::TextUnformatted("Opening database\xe2\x80\xa6");
    } else {
        ImGui::Text("Counter: %lld", static_cast<long long>(counter->value()));
        if (ImGui::Button("Increment")) {
            try {
                counter->increment();
                state.last_error.clear();
            } catch (const std::exception& error) {
                state.last_error = error.what();
            }
        }
        if (!state.last_error.empty()) ImGui::TextColored(ImVec4(0.75f, 0.1f, 0.1f, 1), "%s", state.last_error.c_str());
        ImGui::TextDisabled("%s", describe_save_state(storage).c_str());
    }
    ImGui::End();
}

} // namespace ui
