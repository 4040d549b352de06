// The one way the host writes text into the JSON it hands to JavaScript (test hooks, window.registry): a
// quoted string with " and \ escaped and control characters (which JSON forbids raw) as \u00XX, so the
// text JSON.parse gives back is exactly the text, a NUL included. The JSON itself crosses as a pointer and
// a byte length (js_text.h, SeedText.fromText), never as a C string.
#pragma once

#include <string>
#include <string_view>

namespace platform {

inline std::string json_string(std::string_view text) {
    static constexpr char kHex[] = "0123456789abcdef";
    std::string quoted = "\"";
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if (c == '"' || c == '\\') {
            quoted += '\\';
            quoted += c;
        } else if (byte < 0x20) {
            quoted += "\\u00";
            quoted += kHex[byte >> 4];
            quoted += kHex[byte & 0xF];
        } else {
            quoted += c;
        }
    }
    return quoted + "\"";
}

} // namespace platform
