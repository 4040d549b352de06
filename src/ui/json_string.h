// The item locator and the accessibility tree hand their records to the page as JSON: a string literal of
// `text` (quotes and backslashes escaped, control characters as \u00XX) appended to `out`. Internal to src/ui.
#pragma once

#include <cstdio>
#include <string>
#include <string_view>

namespace ui {

inline void append_json_string(std::string& out, std::string_view text) {
    out += '"';
    for (const unsigned char c : text) {
        if (c == '"' || c == '\\') {
            out += '\\';
            out += static_cast<char>(c);
        } else if (c < 0x20) {
            char escaped[8];
            std::snprintf(escaped, sizeof escaped, "\\u%04x", c);
            out += escaped;
        } else {
            out += static_cast<char>(c);
        }
    }
    out += '"';
}

} // namespace ui
