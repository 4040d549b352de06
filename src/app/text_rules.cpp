#include "app/text_rules.h"

#include "orm/utf8.h"

namespace app {

namespace {

// C0 controls, DEL and C1 controls (U+0080–U+009F, encoded C2 80–C2 9F), except the line breaks and tab
// a multi-line field allows. Expects valid UTF-8, where a 0xC2 byte always starts a character.
bool contains_forbidden_control(std::string_view text, bool multiline) {
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto byte = static_cast<unsigned char>(text[i]);
        if (multiline && (byte == '\n' || byte == '\r' || byte == '\t')) continue;
        if (byte < 0x20 || byte == 0x7F) return true;
        if (byte == 0xC2 && i + 1 < text.size()) {
            const auto next = static_cast<unsigned char>(text[i + 1]);
            if (next >= 0x80 && next <= 0x9F) return true;
        }
    }
    return false;
}

} // namespace

std::optional<TextProblem> find_text_problem(std::string_view bytes) {
    if (bytes.find('\0') != std::string_view::npos) return TextProblem::NulCharacter;
    if (!orm::utf8::count_code_points(bytes)) return TextProblem::InvalidUtf8;
    return std::nullopt;
}

std::string describe_text_problem(std::string_view label, TextProblem problem) {
    const std::string start(label);
    return problem == TextProblem::NulCharacter ? start + " must not contain a NUL character."
                                                : start + " contains invalid characters.";
}

std::optional<std::string> check_text(std::string_view value, const TextRule& rule) {
    const std::string label(rule.label);
    if (const auto problem = find_text_problem(value)) return describe_text_problem(rule.label, *problem);
    if (value.empty()) {
        if (rule.min_characters == 0) return std::nullopt;
        return std::string(rule.empty_message);
    }
    const auto characters = orm::utf8::count_code_points(value);
    if (!characters) return describe_text_problem(rule.label, TextProblem::InvalidUtf8);
    if (contains_forbidden_control(value, rule.multiline))
        return rule.multiline ? label + " cannot contain control characters."
                              : label + " cannot contain line breaks, tabs or other control characters.";
    if (*characters < rule.min_characters)
        return label + " must be at least " + std::to_string(rule.min_characters) + " characters.";
    if (*characters > rule.max_characters)
        return label + " must be at most " + std::to_string(rule.max_characters) + " characters.";
    return std::nullopt;
}

} // namespace app
