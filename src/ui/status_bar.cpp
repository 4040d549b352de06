#include "ui/status_bar.h"

#include "ui/accessibility_tree.h"
#include "ui/form_widgets.h"

#include <imgui.h>

#include <algorithm>
#include <cfloat>
#include <string>
#include <vector>

namespace ui {

namespace {

// The status bar's pieces: the save state, "Export now" when the device is full, storage, row counts.
struct StatusPiece {
    enum class Kind { Text, Muted, Error, Button };
    Kind kind;
    std::string text;
};

std::vector<StatusPiece> status_pieces(const AppViewState& state, const StorageStatus& storage) {
    using Kind = StatusPiece::Kind;
    std::vector<StatusPiece> pieces;
    if (!storage.ready)
        pieces.push_back({Kind::Muted, storage.error.empty() ? "Opening database\xe2\x80\xa6" : "No database open"});
    else if (storage.save == StorageStatus::Save::Failed) pieces.push_back({Kind::Error, describe_save_state(storage)});
    else pieces.push_back({Kind::Text, describe_save_state(storage)});
    if (storage.ready && storage.out_of_space) pieces.push_back({Kind::Button, "Export now"});
    pieces.push_back({Kind::Muted, describe_storage_space(storage)});
    const std::string counts = describe_row_counts(state.counts);
    if (!counts.empty()) pieces.push_back({Kind::Muted, counts});
    return pieces;
}

constexpr const char* kStatusSeparator = "   \xc2\xb7   ";

// Lays the pieces out in lines `width` wide: a piece that does not fit after another starts a line, one
// wider than the line wraps. Returns the height the lines take.
float status_lines_height(const std::vector<StatusPiece>& pieces, float width) {
    const float separator = ImGui::CalcTextSize(kStatusSeparator).x;
    const float line = ImGui::GetTextLineHeight();
    float height = 0, x = 0, line_height = 0;
    for (const StatusPiece& piece : pieces) {
        const ImVec2 size = ImGui::CalcTextSize(piece.text.c_str(), nullptr, false, width);
        const float piece_width = size.x + (piece.kind == StatusPiece::Kind::Button ? ImGui::GetStyle().FramePadding.x * 2 : 0);
        if (x > 0 && x + separator + piece_width <= width) {
            x += separator + piece_width;
            continue;
        }
        if (x > 0) height += line_height + ImGui::GetStyle().ItemSpacing.y;
        x = piece_width;
        line_height = std::max(line, size.y);
    }
    return height + line_height;
}

} // namespace

void draw_notice(AppViewState& state, float status_height) {
    if (state.demo_notice.empty()) return;
    const double now = ImGui::GetTime();
    if (state.demo_notice != state.notice_shown) {
        state.notice_shown = state.demo_notice;
        state.notice_since = now;
    }
    if (!state.demo_notice_is_error && now - state.notice_since > kNoticeSeconds) {
        state.demo_notice.clear();
        return;
    }
    // Under a dialog or an open menu it waits: drawn over a modal's dimming it would look clickable.
    if (ImGui::IsPopupOpen("", ImGuiPopupFlags_AnyPopupId | ImGuiPopupFlags_AnyPopupLevel)) return;
    const ImGuiViewport* viewport = ImGui::GetMainViewport();
    const float margin = ImGui::GetStyle().WindowPadding.x;
    ImGui::SetNextWindowPos(ImVec2(viewport->WorkPos.x + viewport->WorkSize.x - margin,
                                   viewport->WorkPos.y + viewport->WorkSize.y - status_height - margin),
                            ImGuiCond_Always, ImVec2(1.0f, 1.0f));
    // As wide as the text (wrapped text would otherwise shrink the window to a word a line), at most 30 em.
    const float width = std::min({ImGui::CalcTextSize(state.demo_notice.c_str()).x + 2 * margin,
                                  ImGui::GetFontSize() * 30.0f, viewport->WorkSize.x - 2 * margin});
    ImGui::SetNextWindowSizeConstraints(ImVec2(width, 0), ImVec2(width, FLT_MAX));
    const ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_AlwaysAutoResize |
                                   ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoFocusOnAppearing |
                                   ImGuiWindowFlags_NoNav | ImGuiWindowFlags_NoMove;
    if (ImGui::Begin("##notice", nullptr, flags)) {
        if (state.demo_notice_is_error) error_message(state.demo_notice);
        else success_message(state.demo_notice);
        if (ImGui::SmallButton("Dismiss##notice")) state.demo_notice.clear();
    }
    ImGui::End();
}

float draw_status_bar(const AppViewState& state, const HostContext& host) {
    const ImGuiViewport* viewport = ImGui::GetMainViewport();
    const ImGuiStyle& style = ImGui::GetStyle();
    const std::vector<StatusPiece> pieces = status_pieces(state, host.storage);
    const float width = viewport->WorkSize.x - style.WindowPadding.x * 2;
    const float height = status_lines_height(pieces, width) + style.FramePadding.y * 2;
    ImGui::SetNextWindowPos(ImVec2(viewport->WorkPos.x, viewport->WorkPos.y + viewport->WorkSize.y - height));
    ImGui::SetNextWindowSize(ImVec2(viewport->WorkSize.x, height));
    ImGui::PushStyleVar(ImGuiStyleVar_WindowRounding, 0.0f);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(style.WindowPadding.x, style.FramePadding.y));
    ImGui::PushStyleVar(ImGuiStyleVar_WindowMinSize, ImVec2(1.0f, 1.0f));
    ImGui::PushStyleVar(ImGuiStyleVar_WindowBorderSize, 0.0f);
    ImGui::PushStyleColor(ImGuiCol_WindowBg, ImGui::GetStyleColorVec4(ImGuiCol_MenuBarBg));
    ImGui::Begin("##status-bar", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                     ImGuiWindowFlags_NoFocusOnAppearing | ImGuiWindowFlags_NoNav);
    const float separator = ImGui::CalcTextSize(kStatusSeparator).x;
    const float left = ImGui::GetCursorScreenPos().x;
    bool first = true;
    for (const StatusPiece& piece : pieces) {
        const float piece_width = ImGui::CalcTextSize(piece.text.c_str()).x +
                                  (piece.kind == StatusPiece::Kind::Button ? style.FramePadding.x * 2 : 0);
        if (!first) {
            ImGui::SameLine(0, 0);
            if (ImGui::GetCursorScreenPos().x - left + separator + piece_width <= width) {
                ImGui::TextDisabled("%s", kStatusSeparator);
                ImGui::SameLine(0, 0);
            } else {
                ImGui::NewLine();
            }
        }
        first = false;
        switch (piece.kind) {
        case StatusPiece::Kind::Button:
            if (ImGui::SmallButton(piece.text.c_str())) host.actions.export_database();
            continue;
        case StatusPiece::Kind::Text: ImGui::PushStyleColor(ImGuiCol_Text, palette().text); break;
        case StatusPiece::Kind::Muted: ImGui::PushStyleColor(ImGuiCol_Text, palette().muted); break;
        case StatusPiece::Kind::Error: ImGui::PushStyleColor(ImGuiCol_Text, palette().error); break;
        }
        if (piece_width > width) ImGui::TextWrapped("%s", piece.text.c_str());
        else ImGui::TextUnformatted(piece.text.c_str());
        ImGui::PopStyleColor();
    }
    if (host.storage.ready) AccessibilityTree::text(AccessibleRole::Status, describe_save_state(host.storage), true);
    ImGui::End();
    ImGui::PopStyleColor();
    ImGui::PopStyleVar(4);
    return height;
}

} // namespace ui
