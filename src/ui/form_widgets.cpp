#include "ui/form_widgets.h"

#include <imgui_stdlib.h>

namespace ui {
namespace {
// The label sits close above its field: half the usual spacing between them.
void field_label(const char* label) {
    ImGui::TextUnformatted(label);
    ImGui::SetCursorPosY(ImGui::GetCursorPosY() - ImGui::GetStyle().ItemSpacing.y * 0.5f);
}
} // namespace

bool form_field(const char* label, const char* id, std::string& value, const std::optional<std::string>& error,
                ImGuiInputTextFlags flags, float width) {
    field_label(label);
    ImGui::SetNextItemWidth(width > 0.0f ? width : -FLT_MIN);
    if (error) ImGui::PushStyleColor(ImGuiCol_Border, kErrorColour);
    const bool entered = ImGui::InputText(id, &value, flags | ImGuiInputTextFlags_EnterReturnsTrue);
    if (error) {
        ImGui::PopStyleColor();
        error_message(*error);
    }
    return entered;
}

void form_multiline_field(const char* label, const char* id, std::string& value,
                          const std::optional<std::string>& error, float lines, float width) {
    field_label(label);
    const ImVec2 size(width > 0.0f ? width : -FLT_MIN, ImGui::GetTextLineHeight() * lines + ImGui::GetStyle().FramePadding.y * 2);
    if (error) ImGui::PushStyleColor(ImGuiCol_Border, kErrorColour);
    ImGui::InputTextMultiline(id, &value, size);
    if (error) {
        ImGui::PopStyleColor();
        error_message(*error);
    }
}

std::string grouped(std::int64_t count) {
    std::string digits = std::to_string(count < 0 ? -count : count);
    for (int at = static_cast<int>(digits.size()) - 3; at > 0; at -= 3)
        digits.insert(static_cast<std::size_t>(at), ",");
    return (count < 0 ? "-" : "") + digits;
}

void heading(const char* text) {
    ImGui::Dummy(ImVec2(0, ImGui::GetStyle().ItemSpacing.y * 0.5f));
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0.16f, 0.30f, 0.52f, 1.0f));
    ImGui::SetWindowFontScale(1.2f);
    ImGui::TextUnformatted(text);
    ImGui::SetWindowFontScale(1.0f);
    ImGui::PopStyleColor();
    ImGui::Separator();
}

void hint(const char* text) {
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    ImGui::TextWrapped("%s", text);
    ImGui::PopStyleColor();
}

void error_message(const std::string& text) {
    ImGui::PushStyleColor(ImGuiCol_Text, kErrorColour);
    ImGui::TextWrapped("%s", text.c_str());
    ImGui::PopStyleColor();
}

void success_message(const std::string& text) {
    ImGui::PushStyleColor(ImGuiCol_Text, kSuccessColour);
    ImGui::TextWrapped("%s", text.c_str());
    ImGui::PopStyleColor();
}

bool action_button(const char* label, bool busy, const char* busy_label) {
    if (!busy) return ImGui::Button(label);
    ImGui::BeginDisabled();
    ImGui::Button(busy_label ? busy_label : label);
    ImGui::EndDisabled();
    return false;
}

} // namespace ui
