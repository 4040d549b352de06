// The one way the host writes text into the JSON it hands to JavaScript (test hooks, window.registry):
// a quoted string with " and \ escaped and control characters (which JSON forbids raw) as spaces.
#pragma once

#include <string>
#include <string_view>

namespace platform {

inline std::string json_string(std::string_view text) {
    std::string quoted = "\"";
    for (const char c : text) {
        if (c == '"' || c == '\\') quoted += '\\';
        quoted += static_cast<unsigned char>(c) < 0x20 ? ' ' : c;
    }
    return quoted + "\"";
}

} // namespace platform
