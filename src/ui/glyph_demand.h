// Which Chinese, Japanese and Korean characters the app has drawn without a glyph, and so which glyphs
// to rasterise from the CJK font, which the host fetches only once such text first appears (the first
// visit stays small). Glyphs are added to the atlas only for the characters really drawn, not for the
// ~15,700 the font holds: at 15 px (and more on a 2x display) all of them would make a texture of tens
// of megabytes and a rebuild of a second or more.
//
//     ui::GlyphDemand demand;
//     demand.note_text(text, [&](char32_t c) { return font->FindGlyphNoFallback(c) != nullptr; }); // per draw
//     if (demand.wanted() && cjk_font_is_here) ui::apply_theme(main_font, ratio, {cjk_path, demand.take_ranges()});
//     if (demand.wanted() && cjk_font_failed) demand.defer(); // asked again for the next new character only
//
// What must stay true: a character is asked for once. One the CJK font does not have either is still
// drawn as "?" after the rebuild and is never asked for again, so no frame loops on rebuilding the atlas
// or on fetching the font.
#pragma once

#include <imgui.h>

#include <bitset>
#include <cstddef>
#include <string_view>
#include <vector>

namespace ui {

// Whether the CJK font may have `code_point`: CJK symbols and punctuation, kana, Hangul, Han, half- and
// full-width forms. Keep in step with the ranges src/platform/CMakeLists.txt cuts the font to.
bool in_cjk_blocks(char32_t code_point);

// The code points of `utf8`, in order; an invalid or truncated sequence is skipped a byte at a time
// (Dear ImGui draws it as U+FFFD, which is no CJK character).
template <class Visit> void for_each_code_point(std::string_view utf8, Visit visit);

class GlyphDemand {
  public:
    // Notes every code point of `utf8` in the CJK blocks for which `has_glyph(code_point)` is false and
    // that was never asked for. Cheap for text without CJK: ASCII bytes are skipped at once.
    template <class HasGlyph> void note_text(std::string_view utf8, HasGlyph has_glyph);
    void note(char32_t code_point); // one code point known to have no glyph

    // A character was noted since the atlas was last built with take_ranges() or since defer().
    bool wanted() const { return fresh_count_ != 0 && !deferred_; }
    // Dear ImGui glyph ranges (pairs of first and last, 0-terminated) of every character asked for so far,
    // the newly noted ones included, plus the kana and CJK punctuation, which Japanese text is full of (one
    // rebuild gets them all). wanted() is false afterwards. The array stays valid and unchanged until the
    // next take_ranges() (Dear ImGui keeps the pointer while the atlas lives, and reads it when it is
    // rebuilt for a new pixel ratio).
    const ImWchar* take_ranges();
    // The ranges of the last take_ranges(), or nullptr before any.
    const ImWchar* ranges() const { return ranges_.empty() ? nullptr : ranges_.data(); }
    // The font could not be had (offline before it was ever kept): the noted characters wait, and
    // wanted() stays false until a character not noted before is drawn.
    void defer() { deferred_ = true; }

    std::size_t asked_count() const { return asked_.count(); } // characters given to the atlas so far
    std::size_t waiting_count() const { return fresh_count_; } // noted, not yet given to the atlas

  private:
    // One bit per code point of the Basic Multilingual Plane, where every CJK block is (8 KB each): no
    // hashing in the way of every drawn text, and less code in app.wasm than a hash set.
    std::bitset<0x10000> asked_; // in the ranges of the last take_ranges()
    std::bitset<0x10000> fresh_; // noted since
    std::size_t fresh_count_ = 0;
    bool deferred_ = false;
    std::vector<ImWchar> ranges_;
};

// --- Implementation ---------------------------------------------------------------------------------------

template <class Visit> void for_each_code_point(std::string_view utf8, Visit visit) {
    const auto* s = reinterpret_cast<const unsigned char*>(utf8.data());
    const std::size_t n = utf8.size();
    for (std::size_t i = 0; i < n;) {
        const unsigned char lead = s[i];
        if (lead < 0x80) {
            visit(static_cast<char32_t>(lead));
            ++i;
            continue;
        }
        std::size_t length = 0; // 0xC0, 0xC1 and past 0xF4 lead nothing valid
        if (lead >= 0xC2 && lead < 0xE0)
            length = 2;
        else if (lead >= 0xE0 && lead < 0xF0)
            length = 3;
        else if (lead >= 0xF0 && lead < 0xF5)
            length = 4;
        bool valid = length != 0 && i + length <= n;
        char32_t c = length == 2 ? lead & 0x1F : length == 3 ? lead & 0x0F : lead & 0x07;
        for (std::size_t k = 1; valid && k < length; ++k) {
            valid = (s[i + k] & 0xC0) == 0x80;
            c = (c << 6) | (s[i + k] & 0x3F);
        }
        // Overlong three-byte forms, surrogates and code points past U+10FFFF are not characters.
        if (valid && length == 3 && (c < 0x800 || (c >= 0xD800 && c <= 0xDFFF))) valid = false;
        if (valid && length == 4 && (c < 0x10000 || c > 0x10FFFF)) valid = false;
        if (!valid) {
            ++i;
            continue;
        }
        visit(c);
        i += length;
    }
}

template <class HasGlyph> void GlyphDemand::note_text(std::string_view utf8, HasGlyph has_glyph) {
    // Most text is ASCII: look for a lead byte of a three-byte sequence (every CJK block is there) first.
    bool any = false;
    for (const char byte : utf8)
        if (static_cast<unsigned char>(byte) >= 0xE0) {
            any = true;
            break;
        }
    if (!any) return;
    for_each_code_point(utf8, [&](char32_t c) {
        if (c >= 0x3000 && in_cjk_blocks(c) && !has_glyph(c)) note(c);
    });
}

} // namespace ui
