#include "ui/glyph_demand.h"

#include <algorithm>

namespace ui {
namespace {

struct Block {
    char32_t first, last;
};

// The blocks of the CJK font as the build cuts it (src/platform/CMakeLists.txt): within them, the Han
// characters are only the common ones, and asking for a rare one costs one rebuild, once.
constexpr Block kCjkBlocks[] = {
    {0x3000, 0x30FF}, // CJK Symbols and Punctuation, Hiragana, Katakana
    {0x3130, 0x318F}, // Hangul Compatibility Jamo (a syllable an IME has not finished)
    {0x31F0, 0x31FF}, // Katakana Phonetic Extensions
    {0x4E00, 0x9FFF}, // CJK Unified Ideographs
    {0xAC00, 0xD7A3}, // Hangul Syllables
    {0xFF00, 0xFFEF}, // Halfwidth and Fullwidth Forms
};

// Rasterised with the first character asked for: Japanese text is full of them, so one rebuild takes them
// all rather than one a keystroke. About 500 glyphs: a small part of the atlas.
constexpr Block kFirstGlyphs[] = {{0x3000, 0x30FF}, {0x31F0, 0x31FF}, {0xFF00, 0xFFEF}};

} // namespace

bool in_cjk_blocks(char32_t code_point) {
    return std::any_of(std::begin(kCjkBlocks), std::end(kCjkBlocks),
                       [&](const Block& block) { return code_point >= block.first && code_point <= block.last; });
}

void GlyphDemand::note(char32_t code_point) {
    if (code_point > 0xFFFF || asked_[code_point] || fresh_[code_point]) return;
    fresh_[code_point] = true;
    ++fresh_count_;
    deferred_ = false; // a new character: worth asking again
}

const ImWchar* GlyphDemand::take_ranges() {
    if (asked_.none())
        for (const Block& block : kFirstGlyphs)
            for (char32_t c = block.first; c <= block.last; ++c)
                asked_[c] = true;
    asked_ |= fresh_;
    fresh_.reset();
    fresh_count_ = 0;
    deferred_ = false;
    ranges_.clear();
    for (char32_t c = 1; c < 0x10000; ++c) {
        if (!asked_[c]) continue;
        if (!ranges_.empty() && ranges_.back() + 1u == c)
            ranges_.back() = static_cast<ImWchar>(c);
        else {
            ranges_.push_back(static_cast<ImWchar>(c));
            ranges_.push_back(static_cast<ImWchar>(c));
        }
    }
    ranges_.push_back(0);
    return ranges_.data();
}

} // namespace ui
