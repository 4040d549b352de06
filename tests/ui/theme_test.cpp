// The colour schemes: every text colour the app draws against every background it is drawn on reaches
// WCAG AA (4.5:1) in the light, dark and high-contrast schemes, and the View choice picks the scheme.
#include "ui/theme.h"

#include <doctest/doctest.h>
#include <imgui.h>

#include <string>

TEST_CASE("the contrast ratio is WCAG 2's: 21 for black on white, 1 for a colour on itself") {
    const ImVec4 black(0, 0, 0, 1), white(1, 1, 1, 1), grey(0.6f, 0.6f, 0.6f, 1);
    CHECK(ui::contrast_ratio(black, white) == doctest::Approx(21.0));
    CHECK(ui::contrast_ratio(white, black) == doctest::Approx(21.0));
    CHECK(ui::contrast_ratio(grey, grey) == doctest::Approx(1.0));
    // Dear ImGui's light TextDisabled grey on our old window colour: the hint under "Create an account".
    CHECK(ui::contrast_ratio(grey, ImVec4(0.97f, 0.97f, 0.98f, 1)) < 3.0);
}

TEST_CASE("every text colour on every background it is drawn on reaches 4.5:1, in every scheme") {
    for (const ui::ColourScheme scheme :
         {ui::ColourScheme::Light, ui::ColourScheme::Dark, ui::ColourScheme::HighContrast}) {
        const auto pairs = ui::text_pairs(scheme);
        CHECK(pairs.size() >= 30);
        for (const ui::ColourPair& pair : pairs) {
            const double ratio = ui::contrast_ratio(pair.text, pair.background);
            INFO(ui::describe(scheme), ": ", pair.text_name, " on ", pair.background_name, " is ", ratio, ":1");
            CHECK(ratio >= 4.5);
        }
    }
}

TEST_CASE("the dark scheme is dark and the light one light: text is light on dark, and the reverse") {
    const ui::Palette& dark = ui::palette(ui::ColourScheme::Dark);
    const ui::Palette& light = ui::palette(ui::ColourScheme::Light);
    CHECK(dark.window.x < 0.2f);
    CHECK(dark.text.x > 0.8f);
    CHECK(light.window.x > 0.9f);
    CHECK(light.text.x < 0.2f);
}

TEST_CASE("the View choice picks the scheme; following the system takes prefers-color-scheme; forced colors win") {
    using ui::ColourScheme;
    using ui::ThemeChoice;
    const ui::SystemAppearance light_system{false, false}, dark_system{true, false}, forced{false, true};
    CHECK(ui::scheme_for(ThemeChoice::FollowSystem, light_system) == ColourScheme::Light);
    CHECK(ui::scheme_for(ThemeChoice::FollowSystem, dark_system) == ColourScheme::Dark);
    CHECK(ui::scheme_for(ThemeChoice::Light, dark_system) == ColourScheme::Light);
    CHECK(ui::scheme_for(ThemeChoice::Dark, light_system) == ColourScheme::Dark);
    CHECK(ui::scheme_for(ThemeChoice::Dark, forced) == ColourScheme::HighContrast);
}

TEST_CASE("applying a scheme sets Dear ImGui's colours from its palette and keeps the sizes") {
    ImGui::CreateContext();
    ImGui::GetStyle().FramePadding = ImVec2(16, 10);
    ui::apply_scheme(ui::ColourScheme::Dark);
    const ImGuiStyle& style = ImGui::GetStyle();
    const ui::Palette& dark = ui::palette(ui::ColourScheme::Dark);
    CHECK(style.Colors[ImGuiCol_Text].x == dark.text.x);
    CHECK(style.Colors[ImGuiCol_WindowBg].z == dark.window.z);
    CHECK(style.Colors[ImGuiCol_TextDisabled].y == dark.muted.y);
    CHECK(style.FramePadding.x == 16.0f);
    CHECK(&ui::palette() == &dark);
    ui::apply_scheme(ui::ColourScheme::Light);
    CHECK(&ui::palette() == &ui::palette(ui::ColourScheme::Light));
    ImGui::DestroyContext();
}
