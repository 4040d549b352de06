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
    if (asked_.count(code_point) != 0) return;
    if (fresh_.insert(code_point).second) deferred_ = false; // a new character: worth asking again
}

const ImWchar* GlyphDemand::take_ranges() {
    if (asked_.empty())
        for (const Block& block : kFirstGlyphs)
            for (char32_t c = block.first; c <= block.last; ++c) asked_.insert(c);
    asked_.insert(fresh_.begin(), fresh_.end());
    fresh_.clear();
    deferred_ = false;
    std::vector<char32_t> sorted(asked_.begin(), asked_.end());
    std::sort(sorted.begin(), sorted.end());
    ranges_.clear();
    for (const char32_t c : sorted) {
        if (!ranges_.empty() && ranges_.back() + 1u == c) ranges_.back() = static_cast<ImWchar>(c);
        else {
            ranges_.push_back(static_cast<ImWchar>(c));
            ranges_.push_back(static_cast<ImWchar>(c));
        }
    }
    ranges_.push_back(0);
    return ranges_.data();
}

} // namespace ui
