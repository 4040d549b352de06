#include "ui/theme.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace ui {
namespace {

constexpr float kFontSize = 15.0f; // CSS pixels

constexpr ImVec4 rgb(float r, float g, float b) {
    return ImVec4(r, g, b, 1.0f);
}
// `colour` at `alpha` over `under`, as one opaque colour.
constexpr ImVec4 over(const ImVec4& colour, float alpha, const ImVec4& under) {
    return rgb(colour.x * alpha + under.x * (1 - alpha), colour.y * alpha + under.y * (1 - alpha),
               colour.z * alpha + under.z * (1 - alpha));
}

constexpr Palette light_palette() {
    const ImVec4 window = rgb(0.97f, 0.97f, 0.98f);
    const ImVec4 accent = rgb(0.16f, 0.44f, 0.74f);
    const ImVec4 button = rgb(0.88f, 0.90f, 0.94f);
    Palette p{};
    p.window = window;
    p.menu_bar = rgb(0.92f, 0.93f, 0.95f);
    p.frame = rgb(1.00f, 1.00f, 1.00f);
    p.popup = rgb(1.00f, 1.00f, 1.00f);
    p.button = button;
    p.button_hovered = over(accent, 0.25f, window);
    p.button_active = over(accent, 0.45f, window);
    p.header = over(accent, 0.16f, window);
    p.header_hovered = over(accent, 0.22f, window);
    p.header_active = over(accent, 0.32f, window);
    p.tab = button;
    p.tab_hovered = over(accent, 0.22f, window);
    p.tab_active = over(accent, 0.32f, window);
    p.title = rgb(0.86f, 0.89f, 0.94f);
    p.table_header = rgb(0.90f, 0.92f, 0.95f);
    p.table_row_alt = rgb(0.94f, 0.95f, 0.97f);
    p.border = rgb(0.62f, 0.65f, 0.71f);
    p.accent = accent;
    p.text = rgb(0.12f, 0.13f, 0.15f);
    p.muted = rgb(0.33f, 0.35f, 0.39f); // was Dear ImGui's 0.60 grey: 2.7:1 on the window
    p.heading = rgb(0.16f, 0.30f, 0.52f);
    p.link = rgb(0.08f, 0.33f, 0.60f);
    p.error = rgb(0.70f, 0.10f, 0.10f);
    p.success = rgb(0.05f, 0.40f, 0.18f);
    return p;
}

constexpr Palette dark_palette() {
    const ImVec4 window = rgb(0.11f, 0.12f, 0.14f);
    const ImVec4 accent = rgb(0.30f, 0.56f, 0.90f);
    const ImVec4 button = rgb(0.22f, 0.24f, 0.28f);
    Palette p{};
    p.window = window;
    p.menu_bar = rgb(0.15f, 0.16f, 0.19f);
    p.frame = rgb(0.07f, 0.08f, 0.10f);
    p.popup = rgb(0.13f, 0.14f, 0.17f);
    p.button = button;
    p.button_hovered = over(accent, 0.35f, window);
    p.button_active = over(accent, 0.50f, window);
    p.header = over(accent, 0.20f, window);
    p.header_hovered = over(accent, 0.30f, window);
    p.header_active = over(accent, 0.42f, window);
    p.tab = button;
    p.tab_hovered = over(accent, 0.30f, window);
    p.tab_active = over(accent, 0.42f, window);
    p.title = rgb(0.16f, 0.18f, 0.22f);
    p.table_header = rgb(0.18f, 0.19f, 0.23f);
    p.table_row_alt = rgb(0.14f, 0.15f, 0.18f);
    p.border = rgb(0.38f, 0.40f, 0.46f);
    p.accent = accent;
    p.text = rgb(0.91f, 0.92f, 0.94f);
    p.muted = rgb(0.68f, 0.71f, 0.76f);
    p.heading = rgb(0.60f, 0.76f, 0.98f);
    p.link = rgb(0.50f, 0.72f, 1.00f);
    p.error = rgb(1.00f, 0.55f, 0.55f);
    p.success = rgb(0.42f, 0.84f, 0.54f);
    return p;
}

// Forced colors (Windows' contrast themes): black on white, black borders, no tints that carry meaning
// alone. The browser does not tell a canvas which colours the person picked, so this is our own.
constexpr Palette high_contrast_palette() {
    const ImVec4 white = rgb(1, 1, 1);
    const ImVec4 black = rgb(0, 0, 0);
    const ImVec4 selected = rgb(0.80f, 0.87f, 1.00f);
    Palette p{};
    p.window = p.menu_bar = p.frame = p.popup = p.button = p.tab = p.title = p.table_header = p.table_row_alt = white;
    p.button_hovered = p.header = p.header_hovered = p.tab_hovered = selected;
    p.button_active = p.header_active = p.tab_active = rgb(0.65f, 0.77f, 1.00f);
    p.border = black;
    p.accent = rgb(0.00f, 0.20f, 0.70f);
    p.text = p.muted = black;
    p.heading = black;
    p.link = rgb(0.00f, 0.00f, 0.60f);
    p.error = rgb(0.60f, 0.00f, 0.00f);
    p.success = rgb(0.00f, 0.33f, 0.00f);
    return p;
}

constexpr Palette kLight = light_palette();
constexpr Palette kDark = dark_palette();
constexpr Palette kHighContrast = high_contrast_palette();

ColourScheme g_scheme = ColourScheme::Light;

void set_colours(ImGuiStyle& style, ColourScheme scheme) {
    if (scheme == ColourScheme::Dark)
        ImGui::StyleColorsDark(&style);
    else
        ImGui::StyleColorsLight(&style);
    const Palette& p = palette(scheme);
    ImVec4* c = style.Colors;
    c[ImGuiCol_Text] = p.text;
    c[ImGuiCol_TextDisabled] = p.muted;
    c[ImGuiCol_WindowBg] = p.window;
    c[ImGuiCol_ChildBg] = ImVec4(0, 0, 0, 0);
    c[ImGuiCol_PopupBg] = p.popup;
    c[ImGuiCol_MenuBarBg] = p.menu_bar;
    c[ImGuiCol_Border] = p.border;
    c[ImGuiCol_Separator] = p.border;
    c[ImGuiCol_FrameBg] = c[ImGuiCol_FrameBgHovered] = c[ImGuiCol_FrameBgActive] = p.frame;
    c[ImGuiCol_TitleBg] = c[ImGuiCol_TitleBgActive] = c[ImGuiCol_TitleBgCollapsed] = p.title;
    c[ImGuiCol_Button] = p.button;
    c[ImGuiCol_ButtonHovered] = p.button_hovered;
    c[ImGuiCol_ButtonActive] = p.button_active;
    c[ImGuiCol_Header] = p.header;
    c[ImGuiCol_HeaderHovered] = p.header_hovered;
    c[ImGuiCol_HeaderActive] = p.header_active;
    c[ImGuiCol_Tab] = c[ImGuiCol_TabUnfocused] = p.tab;
    c[ImGuiCol_TabHovered] = p.tab_hovered;
    c[ImGuiCol_TabActive] = c[ImGuiCol_TabUnfocusedActive] = p.tab_active;
    c[ImGuiCol_TableHeaderBg] = p.table_header;
    c[ImGuiCol_TableRowBg] = ImVec4(0, 0, 0, 0);
    c[ImGuiCol_TableRowBgAlt] = p.table_row_alt;
    c[ImGuiCol_TableBorderStrong] = c[ImGuiCol_TableBorderLight] = p.border;
    c[ImGuiCol_CheckMark] = c[ImGuiCol_SliderGrab] = c[ImGuiCol_SliderGrabActive] = p.accent;
    c[ImGuiCol_NavHighlight] = p.accent;
    c[ImGuiCol_TextSelectedBg] = ImVec4(p.accent.x, p.accent.y, p.accent.z, 0.35f);
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

// WCAG 2's relative luminance of an sRGB channel.
double linear(float channel) {
    const double c = channel;
    return c <= 0.04045 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
}

// Dear ImGui asserts on a font file it cannot open; the merged font may be missing (not fetched yet).
bool readable(const char* path) {
    std::FILE* file = std::fopen(path, "rb");
    if (file == nullptr) return false;
    std::fclose(file);
    return true;
}

double luminance(const ImVec4& c) {
    return 0.2126 * linear(c.x) + 0.7152 * linear(c.y) + 0.0722 * linear(c.z);
}

} // namespace

const Palette& palette(ColourScheme scheme) {
    switch (scheme) {
    case ColourScheme::Light: return kLight;
    case ColourScheme::Dark: return kDark;
    case ColourScheme::HighContrast: return kHighContrast;
    }
    return kLight;
}

const Palette& palette() {
    return palette(g_scheme);
}

ColourScheme current_scheme() {
    return g_scheme;
}

ColourScheme scheme_for(ThemeChoice choice, const SystemAppearance& system) {
    if (system.forced_colors) return ColourScheme::HighContrast;
    switch (choice) {
    case ThemeChoice::Light: return ColourScheme::Light;
    case ThemeChoice::Dark: return ColourScheme::Dark;
    case ThemeChoice::FollowSystem: break;
    }
    return system.prefers_dark ? ColourScheme::Dark : ColourScheme::Light;
}

const char* describe(ColourScheme scheme) {
    switch (scheme) {
    case ColourScheme::Light: return "light";
    case ColourScheme::Dark: return "dark";
    case ColourScheme::HighContrast: return "high-contrast";
    }
    return "light";
}

void apply_theme(const char* font_path, float pixel_ratio, const MergedFont& merged) {
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
    } else if (merged.path != nullptr && merged.ranges != nullptr && readable(merged.path)) {
        ImFontConfig cjk;
        cjk.MergeMode = true;
        // Ideographs are dense squares that horizontal oversampling barely improves; without it each glyph
        // takes half the atlas space.
        cjk.OversampleH = 1;
        cjk.OversampleV = 1;
        io.Fonts->AddFontFromFileTTF(merged.path, kFontSize * pixel_ratio * merged.size_scale, &cjk, merged.ranges);
    }
    ImGuiStyle style;
    set_colours(style, g_scheme);
    apply_metrics(style);
    style.ScaleAllSizes(pixel_ratio);
    ImGui::GetStyle() = style;
}

void apply_scheme(ColourScheme scheme) {
    set_colours(ImGui::GetStyle(), scheme);
    g_scheme = scheme;
}

double contrast_ratio(const ImVec4& a, const ImVec4& b) {
    const double la = luminance(a), lb = luminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

std::vector<ColourPair> text_pairs(ColourScheme scheme) {
    const Palette& p = palette(scheme);
    struct Named {
        const char* name;
        ImVec4 colour;
    };
    const Named every_background[] = {
        {"window", p.window},
        {"menu bar", p.menu_bar},
        {"field", p.frame},
        {"popup", p.popup},
        {"button", p.button},
        {"button hovered", p.button_hovered},
        {"button pressed", p.button_active},
        {"selected row", p.header},
        {"row hovered", p.header_hovered},
        {"row pressed", p.header_active},
        {"tab", p.tab},
        {"tab hovered", p.tab_hovered},
        {"open tab", p.tab_active},
        {"dialog title", p.title},
        {"table header", p.table_header},
        {"alternate row", p.table_row_alt},
    };
    std::vector<ColourPair> pairs;
    for (const Named& background : every_background)
        pairs.push_back({"text", background.name, p.text, background.colour});
    // Grey text: hints, labels in tables, the status bar, placeholders in fields.
    for (const Named& background :
         {Named{"window", p.window}, Named{"menu bar", p.menu_bar}, Named{"field", p.frame}, Named{"popup", p.popup},
          Named{"alternate row", p.table_row_alt}, Named{"selected row", p.header}})
        pairs.push_back({"muted", background.name, p.muted, background.colour});
    for (const Named& background : {Named{"window", p.window}, Named{"popup", p.popup}})
        pairs.push_back({"heading", background.name, p.heading, background.colour});
    // Links in the record detail are selectables: hovered and selected rows are under them too.
    for (const Named& background :
         {Named{"window", p.window}, Named{"row hovered", p.header_hovered}, Named{"selected row", p.header}})
        pairs.push_back({"link", background.name, p.link, background.colour});
    // Errors and notices: in the views, in dialogs, and in the status bar ("Save failed").
    for (const Named& background :
         {Named{"window", p.window}, Named{"menu bar", p.menu_bar}, Named{"popup", p.popup}}) {
        pairs.push_back({"error", background.name, p.error, background.colour});
        pairs.push_back({"success", background.name, p.success, background.colour});
    }
    return pairs;
}

} // namespace ui
