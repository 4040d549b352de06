// ui::GlyphDemand: which CJK characters drawn without a glyph are asked for, once each, and the glyph
// ranges the atlas is rebuilt with; and ui::apply_theme merging them from the real CJK font.
#include "ui/glyph_demand.h"
#include "ui/theme.h"

#include <doctest/doctest.h>
#include <imgui.h>

#include <cstdio>
#include <string>
#include <vector>

namespace {

std::vector<char32_t> code_points(std::string_view text) {
    std::vector<char32_t> out;
    ui::for_each_code_point(text, [&](char32_t c) { out.push_back(c); });
    return out;
}

bool none(char32_t) {
    return false; // an atlas with no glyph at all
}

// Whether `ranges` (Dear ImGui's 0-terminated pairs) holds `c`.
bool in_ranges(const ImWchar* ranges, char32_t c) {
    for (; ranges[0] != 0; ranges += 2)
        if (c >= ranges[0] && c <= ranges[1]) return true;
    return false;
}

bool readable(const char* path) {
    std::FILE* file = std::fopen(path, "rb");
    if (file) std::fclose(file);
    return file != nullptr;
}

} // namespace

TEST_CASE("UTF-8 is read a code point at a time; invalid bytes are skipped, not guessed") {
    CHECK(code_points("aΩ日𝄞") == std::vector<char32_t>{U'a', U'Ω', U'日', U'𝄞'});
    CHECK(code_points("a\xFF\x62") == std::vector<char32_t>{U'a', U'b'}); // 0xFF leads nothing, then "b"
    CHECK(code_points("\xE6\x97") == std::vector<char32_t>{});            // 日 cut short
    CHECK(code_points("\xC0\xAFx") == std::vector<char32_t>{U'x'});       // an overlong "/"
    CHECK(code_points("\xED\xA0\x80x") == std::vector<char32_t>{U'x'});   // a surrogate
    CHECK(code_points("\xE0\x80\xAFx") == std::vector<char32_t>{U'x'});   // overlong, 3 bytes
}

TEST_CASE("the CJK blocks are punctuation, kana, Hangul, Han and full-width forms, nothing else") {
    for (const char32_t c : {U'、', U'あ', U'カ', U'日', U'한', U'ㅎ', U'Ｐ', U'ｶ'})
        CHECK(ui::in_cjk_blocks(c));
    for (const char32_t c : {U'A', U'é', U'Ω', U'Ж', U'…', U'→', U'𝄞', U'\uFFFD'})
        CHECK_FALSE(ui::in_cjk_blocks(c));
}

TEST_CASE("text without CJK characters asks for nothing, whatever the atlas lacks") {
    ui::GlyphDemand demand;
    demand.note_text("Peter peterdury@gmail.com Ωμέγα Жанна Straße … →", none);
    CHECK_FALSE(demand.wanted());
    CHECK(demand.waiting_count() == 0);
    CHECK(demand.ranges() == nullptr);
}

TEST_CASE("a Japanese name is asked for once: its characters and the kana, then never again") {
    ui::GlyphDemand demand;
    const auto has_glyph = [](char32_t c) { return c == U'本'; }; // the atlas has 本 already
    demand.note_text("Ωμέγα-ok-Жанна日本", has_glyph);
    CHECK(demand.wanted());
    CHECK(demand.waiting_count() == 1);  // 日 only
    demand.note_text("日本", has_glyph); // the next frame draws it again
    CHECK(demand.waiting_count() == 1);

    const ImWchar* ranges = demand.take_ranges();
    CHECK_FALSE(demand.wanted());
    CHECK(in_ranges(ranges, U'日'));
    CHECK(in_ranges(ranges, U'に')); // hiragana, katakana and punctuation come with the first character
    CHECK(in_ranges(ranges, U'カ'));
    CHECK(in_ranges(ranges, U'。'));
    CHECK(in_ranges(ranges, U'Ｐ'));
    CHECK_FALSE(in_ranges(ranges, U'本'));
    CHECK_FALSE(in_ranges(ranges, U'한'));
    CHECK(demand.ranges() == ranges);

    // The CJK font lacked 日 after all (still no glyph): drawing it again asks for nothing, so no frame
    // loops on rebuilding the atlas.
    demand.note_text("日本", has_glyph);
    CHECK_FALSE(demand.wanted());

    // A new character asks again, and the ranges keep every character asked for before.
    demand.note_text("김민준", none);
    CHECK(demand.wanted());
    ranges = demand.take_ranges();
    CHECK(in_ranges(ranges, U'김'));
    CHECK(in_ranges(ranges, U'준'));
    CHECK(in_ranges(ranges, U'日'));
    CHECK(in_ranges(ranges, U'ア'));
}

TEST_CASE("the ranges are sorted pairs, neighbours joined, 0-terminated") {
    ui::GlyphDemand demand;
    demand.note_text("丁七丁万", none); // U+4E01, U+4E03, U+4E07
    demand.note(U'丂');                 // U+4E02: joins 丁 and 七
    const ImWchar* ranges = demand.take_ranges();
    std::vector<std::pair<int, int>> pairs;
    for (const ImWchar* r = ranges; r[0] != 0; r += 2)
        pairs.emplace_back(r[0], r[1]);
    CHECK(pairs == std::vector<std::pair<int, int>>{
                       {0x3000, 0x30FF}, {0x31F0, 0x31FF}, {0x4E01, 0x4E03}, {0x4E07, 0x4E07}, {0xFF00, 0xFFEF}});
}

TEST_CASE("without the font, the characters wait and only a new one asks again") {
    ui::GlyphDemand demand;
    demand.note_text("日本", none);
    REQUIRE(demand.wanted());
    demand.defer(); // offline: the fetch failed
    CHECK_FALSE(demand.wanted());
    demand.note_text("日本", none); // every frame draws them again: no new fetch
    CHECK_FALSE(demand.wanted());
    demand.note_text("日本語", none); // a character not seen before
    CHECK(demand.wanted());
    CHECK(demand.waiting_count() == 3);
    const ImWchar* ranges = demand.take_ranges(); // the font arrived: all three
    CHECK(in_ranges(ranges, U'日'));
    CHECK(in_ranges(ranges, U'語'));
}

TEST_CASE("apply_theme merges the CJK font's asked-for glyphs into DejaVu Sans, and survives a missing file") {
    const char* dejavu = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
    const char* cjk = "/usr/share/fonts-droid-fallback/truetype/DroidSansFallback.ttf"; // the subset's source
    if (!readable(dejavu) || !readable(cjk)) {
        MESSAGE("skipped: the fonts are not readable here (the wasm suites run without the host's files)");
        return;
    }
    ImGui::CreateContext();
    ui::GlyphDemand demand;
    ui::apply_theme(dejavu, 1.0f, {cjk, nullptr}); // nothing asked for: nothing merged
    ImGui::GetIO().Fonts->Build();
    const ImFont* font = ImGui::GetIO().Fonts->Fonts[0];
    demand.note_text("Ωμέγα日本 김",
                     [&](char32_t c) { return font->FindGlyphNoFallback(static_cast<ImWchar>(c)) != nullptr; });
    CHECK(demand.waiting_count() == 3);

    ui::apply_theme(dejavu, 2.0f, {cjk, demand.take_ranges()});
    ImGui::GetIO().Fonts->Build();
    font = ImGui::GetIO().Fonts->Fonts[0];
    CHECK(ImGui::GetIO().Fonts->Fonts.Size == 1); // merged, not a second font
    CHECK(font->FindGlyphNoFallback(U'Ω') != nullptr);
    CHECK(font->FindGlyphNoFallback(U'日') != nullptr);
    CHECK(font->FindGlyphNoFallback(U'김') != nullptr);
    CHECK(font->FindGlyphNoFallback(U'あ') != nullptr);
    CHECK(font->FindGlyphNoFallback(U'語') == nullptr); // not drawn, not rasterised

    ui::apply_theme(dejavu, 1.0f, {"/nonexistent/cjk.ttf", demand.ranges()}); // not fetched: still DejaVu
    ImGui::GetIO().Fonts->Build();
    CHECK(ImGui::GetIO().Fonts->Fonts[0]->FindGlyphNoFallback(U'Ω') != nullptr);
    CHECK(ImGui::GetIO().Fonts->Fonts[0]->FindGlyphNoFallback(U'日') == nullptr);
    ImGui::DestroyContext();
}
