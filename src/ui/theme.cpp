#include "ui/theme.h"

#include <imgui.h>

namespace ui {
namespace {

constexpr float kFontSize = 15.0f; // CSS pixels

void apply_colours(ImGuiStyle& style) {
    ImGui::StyleColorsLight(&style);
    ImVec4* c = style.Colors;
    const ImVec4 accent(0.16f, 0.44f, 0.74f, 1.00f);
    c[ImGuiCol_WindowBg] = ImVec4(0.97f, 0.97f, 0.98f, 1.00f);
    c[ImGuiCol_MenuBarBg] = ImVec4(0.92f, 0.93f, 0.95f, 1.00f);
    c[ImGuiCol_TitleBg] = ImVec4(0.90f, 0.91f, 0.93f, 1.00f);
    c[ImGuiCol_TitleBgActive] = ImVec4(0.86f, 0.89f, 0.94f, 1.00f);
    c[ImGuiCol_Button] = ImVec4(0.88f, 0.90f, 0.94f, 1.00f);
    c[ImGuiCol_ButtonHovered] = ImVec4(accent.x, accent.y, accent.z, 0.25f);
    c[ImGuiCol_ButtonActive] = ImVec4(accent.x, accent.y, accent.z, 0.45f);
    c[ImGuiCol_Text] = ImVec4(0.12f, 0.13f, 0.15f, 1.00f);
    c[ImGuiCol_FrameBg] = ImVec4(1.00f, 1.00f, 1.00f, 1.00f);
    c[ImGuiCol_Border] = ImVec4(0.78f, 0.80f, 0.84f, 1.00f);
    c[ImGuiCol_Header] = ImVec4(accent.x, accent.y, accent.z, 0.18f);
    c[ImGuiCol_HeaderHovered] = ImVec4(accent.x, accent.y, accent.z, 0.28f);
    c[ImGuiCol_HeaderActive] = ImVec4(accent.x, accent.y, accent.z, 0.40f);
    c[ImGuiCol_CheckMark] = accent;
    c[ImGuiCol_NavHighlight] = accent;
}

void apply_metrics(ImGuiStyle& style) {
    style.WindowPadding = ImVec2(14, 12);
    style.FramePadding = ImVec2(8, 5);
    style.ItemSpacing = ImVec2(10, 8);
    style.ItemInnerSpacing = ImVec2(6, 4);
    style.WindowRounding = 6.0f;
    style.FrameRounding = 4.0f;
    style.GrabRounding = 4.0f;
    style.TabRounding = 4.0f;
    style.WindowBorderSize = 1.0f;
    style.FrameBorderSize = 1.0f;
}

} // namespace

void apply_theme(const char* font_path, float pixel_ratio) {
    ImGuiIO& io = ImGui::GetIO();
    io.Fonts->Clear();
    static const ImWchar ranges[] = {
        0x0020, 0x00FF, // Basic Latin + Latin-1 Supplement
        0x0100, 0x024F, // Latin Extended-A and -B
        0x0370, 0x03FF, // Greek
        0x0400, 0x04FF, // Cyrillic
        0x2000, 0x206F, // General Punctuation (…, —)
        0x2190, 0x21FF, // Arrows (sort indicators)
        0x25A0, 0x25FF, // Geometric shapes
        0,
    };
    ImFontConfig config;
    config.OversampleH = 2;
    config.OversampleV = 1;
    if (!io.Fonts->AddFontFromFileTTF(font_path, kFontSize * pixel_ratio, &config, ranges)) {
        ImFontConfig fallback;
        fallback.SizePixels = 13.0f * pixel_ratio;
        io.Fonts->AddFontDefault(&fallback);
    }
    ImGuiStyle style;
    apply_colours(style);
    apply_metrics(style);
    style.ScaleAllSizes(pixel_ratio);
    ImGui::GetStyle() = style;
}

} // namespace ui
