// The app's look: DejaVu Sans at a size that follows the display's pixel ratio, and three colour schemes
// (light, dark, and high contrast for forced-colors), each a Palette whose every text colour stands
// out from every background it is drawn on by at least WCAG AA's 4.5:1 (tests/ui/theme_test.cpp).
//
//     ui::apply_theme(font_path, pixel_ratio);              // fonts, sizes and colours (the current scheme)
//     ui::apply_theme(font_path, pixel_ratio, {cjk_path, ranges}); // with CJK glyphs merged (glyph_demand.h)
//     ui::apply_scheme(ui::scheme_for(choice, system));     // colours only (the system or the choice changed)
//     ImGui::PushStyleColor(ImGuiCol_Text, ui::palette().error);                 // views read the palette
//
// Which scheme is shown: the person's choice in View (Light, Dark, Follow the system); "follow" takes the
// browser's prefers-color-scheme, and forced-colors (Windows' contrast themes) overrides either with the
// high-contrast scheme. The platform reads the browser's preferences and remembers the choice.
#pragma once

#include <imgui.h>

#include <vector>

namespace ui {

enum class ThemeChoice { FollowSystem, Light, Dark };
enum class ColourScheme { Light, Dark, HighContrast };

// What the browser says about the person's display (matchMedia).
struct SystemAppearance {
    bool prefers_dark = false;  // (prefers-color-scheme: dark)
    bool forced_colors = false; // (forced-colors: active)
};

struct Palette {
    // Backgrounds
    ImVec4 window, menu_bar, frame, popup, button, button_hovered, button_active, header, header_hovered, header_active,
        tab, tab_hovered, tab_active, title, table_header, table_row_alt, border;
    ImVec4 accent; // check marks, sliders, the focus ring
    // Text
    ImVec4 text, muted, heading, link, error, success;
};

const Palette& palette(ColourScheme scheme);
const Palette& palette(); // the scheme last applied
ColourScheme current_scheme();

ColourScheme scheme_for(ThemeChoice choice, const SystemAppearance& system);
const char* describe(ColourScheme scheme); // "light", "dark", "high-contrast"

// A second font merged into the first (Dear ImGui's MergeMode): the glyphs of `ranges` that the first
// lacks are drawn from it. The CJK font, once fetched (ui::GlyphDemand says which glyphs).
struct MergedFont {
    const char* path = nullptr;      // nullptr or an unreadable file: nothing merged
    const ImWchar* ranges = nullptr; // 0-terminated pairs; must outlive the atlas (Dear ImGui keeps it)
    // Its pixel size over the first font's. Dear ImGui sizes a font by its line height (ascent − descent),
    // which is a different share of the em in each font: this makes the two ems equal.
    float size_scale = 1.0f;
};

// (Re)builds the font atlas for `pixel_ratio` (devicePixelRatio) from the TTF at `font_path`, and scales
// the style to match, so text is rasterised at the display's real resolution (crisp at 1x and 2x).
// Falls back to ImGui's built-in font if the file cannot be read (then nothing is merged). The renderer
// must re-upload the atlas. Pass the same `merged` on every call: a new pixel ratio rebuilds it all.
void apply_theme(const char* font_path, float pixel_ratio, const MergedFont& merged = {}); // the scheme last applied
// Sets the current Dear ImGui style's colours (sizes stay).
void apply_scheme(ColourScheme scheme);

// WCAG 2 contrast ratio of two opaque colours, 1 (same) to 21 (black on white).
double contrast_ratio(const ImVec4& a, const ImVec4& b);

// A text colour and a background it is drawn on, named. Every palette colour is opaque, so the pair is
// exactly what is drawn.
struct ColourPair {
    const char* text_name;
    const char* background_name;
    ImVec4 text;
    ImVec4 background;
};
// Every pair the app draws in `scheme`.
std::vector<ColourPair> text_pairs(ColourScheme scheme);

} // namespace ui
