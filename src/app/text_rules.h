// The rule every short text field of the app follows (names, categories, comments, contact messages):
// trimmed first, then a length in Unicode code points and no control characters. One message at most.
//
//     const app::TextRule kHandlerName{"Name", "Enter a name.", 1, 150};
//     errors.handler_name = app::check_text(trimmed, kHandlerName);
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace app {

struct TextRule {
    std::string_view label;         // starts each message: "Name must be at most 150 characters."
    std::string_view empty_message; // for an empty value when min_characters > 0: "Enter a name."
    std::size_t min_characters = 1; // 0: the field is optional
    std::size_t max_characters = 0;
    bool multiline = false; // line breaks and tabs allowed (message bodies); other controls never
};

// The message for `value` (already trimmed) breaking `rule`, or nothing if it is fine. Invalid UTF-8 is
// refused. Never throws.
std::optional<std::string> check_text(std::string_view value, const TextRule& rule);

} // namespace app
