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

// The message for `value` (already trimmed) breaking `rule`, or nothing if it is fine. A NUL character
// and invalid UTF-8 are refused first, with describe_text_problem()'s message. Never throws.
std::optional<std::string> check_text(std::string_view value, const TextRule& rule);

// What no text field may hold, whatever its rule, because some layer would lose it silently: a NUL
// character (a C string ends there, so "abc\0def" would be stored or compared as "abc"), and bytes that
// are not UTF-8 (what a lone UTF-16 surrogate from JavaScript becomes; SQLite and the UI would mangle it).
enum class TextProblem { NulCharacter, InvalidUtf8 };

// The first problem in `bytes`, or nothing. Never throws.
std::optional<TextProblem> find_text_problem(std::string_view bytes);

// The field's message for `problem`: "Username must not contain a NUL character.", "Username contains
// invalid characters.". `label` starts the sentence.
std::string describe_text_problem(std::string_view label, TextProblem problem);

} // namespace app
