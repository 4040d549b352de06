#include "app/text_excerpt.h"

namespace app {

namespace {

constexpr std::string_view kReplacement = "\xef\xbf\xbd"; // U+FFFD
constexpr std::string_view kEllipsis = "\xe2\x80\xa6";    // U+2026

// Length of the valid UTF-8 sequence at the start of `text` (RFC 3629: no overlong forms, no surrogates,
// nothing above U+10FFFF), or 0 if it does not start with one.
std::size_t sequence_length(std::string_view text) {
    const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
    const unsigned first = byte(0);
    if (first < 0x80) return 1;
    std::size_t length = 0;
    unsigned low = 0x80, high = 0xBF; // the allowed range of the second byte
    if (first >= 0xC2 && first <= 0xDF)
        length = 2;
    else if (first >= 0xE0 && first <= 0xEF) {
        length = 3;
        if (first == 0xE0) low = 0xA0;
        if (first == 0xED) high = 0x9F;
    } else if (first >= 0xF0 && first <= 0xF4) {
        length = 4;
        if (first == 0xF0) low = 0x90;
        if (first == 0xF4) high = 0x8F;
    } else {
        return 0;
    }
    if (text.size() < length || byte(1) < low || byte(1) > high) return 0;
    for (std::size_t i = 2; i < length; ++i)
        if (byte(i) < 0x80 || byte(i) > 0xBF) return 0;
    return length;
}

} // namespace

std::string excerpt(std::string_view value, std::size_t max_characters) {
    std::string out;
    std::size_t characters = 0;
    std::size_t position = 0;
    while (position < value.size() && characters < max_characters) {
        const std::size_t length = sequence_length(value.substr(position));
        if (length == 0) {
            out += kReplacement;
            ++position;
        } else {
            const std::string_view character = value.substr(position, length);
            const auto first = static_cast<unsigned char>(character[0]);
            const bool c1_control = length == 2 && first == 0xC2 && static_cast<unsigned char>(character[1]) < 0xA0;
            out += first < 0x20 || first == 0x7F || c1_control ? std::string_view(" ") : character;
            position += length;
        }
        ++characters;
    }
    if (position < value.size()) out += kEllipsis;
    return out;
}

} // namespace app
