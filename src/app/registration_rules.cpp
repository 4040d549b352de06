#include "app/registration_rules.h"

#include "app/text_rules.h"
#include "orm/utf8.h"

namespace app {

namespace {

// Byte length of the Unicode White_Space character that starts at `text[position]`, or 0. Matching whole
// UTF-8 sequences (not single bytes) is what keeps trimming from cutting a character in half.
std::size_t white_space_length_at(std::string_view text, std::size_t position) {
    const std::string_view rest = text.substr(position);
    if (rest.empty()) return 0;
    const auto byte = [&](std::size_t i) { return i < rest.size() ? static_cast<unsigned char>(rest[i]) : 0u; };
    const unsigned first = byte(0);
    if (first == ' ' || (first >= '\t' && first <= '\r')) return 1;
    if (first == 0xC2 && (byte(1) == 0x85 || byte(1) == 0xA0)) return 2; // U+0085, U+00A0
    if (first == 0xE1 && byte(1) == 0x9A && byte(2) == 0x80) return 3;   // U+1680
    if (first == 0xE2 && byte(1) == 0x80) {
        const unsigned third = byte(2);
        if ((third >= 0x80 && third <= 0x8A) || third == 0xA8 || third == 0xA9 || third == 0xAF)
            return 3; // U+2000–200A, 2028, 2029, 202F
    }
    if (first == 0xE2 && byte(1) == 0x81 && byte(2) == 0x9F) return 3; // U+205F
    if (first == 0xE3 && byte(1) == 0x80 && byte(2) == 0x80) return 3; // U+3000
    return 0;
}

bool contains_white_space(std::string_view text) {
    for (std::size_t i = 0; i < text.size(); ++i)
        if (white_space_length_at(text, i) != 0) return true;
    return false;
}

// C0 controls, DEL and C1 controls (U+0080–U+009F, encoded C2 80–C2 9F). Expects valid UTF-8, where a
// 0xC2 byte always starts a character.
bool contains_control_character(std::string_view text) {
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto byte = static_cast<unsigned char>(text[i]);
        if (byte < 0x20 || byte == 0x7F) return true;
        if (byte == 0xC2 && i + 1 < text.size()) {
            const auto next = static_cast<unsigned char>(text[i + 1]);
            if (next >= 0x80 && next <= 0x9F) return true;
        }
    }
    return false;
}

std::optional<std::string> check_username(std::string_view raw) {
    // Before trimming: a NUL is refused wherever it is, never cut off or trimmed away.
    if (const auto problem = find_text_problem(raw)) return describe_text_problem("Username", *problem);
    const std::string username = trim(raw);
    if (username.empty()) return "Enter a username.";
    const auto characters = orm::utf8::count_code_points(username);
    if (!characters) return "Username contains invalid characters.";
    if (contains_control_character(username))
        return "Username cannot contain line breaks, tabs or other control characters.";
    if (*characters < kUsernameMinCharacters)
        return "Username must be at least " + std::to_string(kUsernameMinCharacters) + " characters.";
    if (*characters > kUsernameMaxCharacters)
        return "Username must be at most " + std::to_string(kUsernameMaxCharacters) + " characters.";
    return std::nullopt;
}

// A sensible form, not RFC 5322: one '@', something before it, a dotted domain after it, nothing
// invisible. Whether the address exists only a confirmation mail could tell.
bool is_plausible_email(std::string_view email) {
    if (contains_white_space(email) || contains_control_character(email)) return false;
    const std::size_t at = email.find('@');
    if (at == std::string_view::npos || email.find('@', at + 1) != std::string_view::npos) return false;
    const std::string_view local = email.substr(0, at);
    const std::string_view domain = email.substr(at + 1);
    return !local.empty() && domain.find('.') != std::string_view::npos && domain.front() != '.' &&
           domain.back() != '.' && domain.find("..") == std::string_view::npos;
}

std::optional<std::string> check_email(std::string_view raw) {
    // Invalid UTF-8 is an address that is not valid, as before; a NUL is said as such.
    if (find_text_problem(raw) == TextProblem::NulCharacter)
        return describe_text_problem("Email address", TextProblem::NulCharacter);
    const std::string email = trim(raw);
    if (email.empty()) return "Enter your email address.";
    const auto characters = orm::utf8::count_code_points(email);
    if (!characters) return "Enter a valid email address.";
    if (*characters > kEmailMaxCharacters)
        return "Email address must be at most " + std::to_string(kEmailMaxCharacters) + " characters.";
    if (!is_plausible_email(email)) return "Enter a valid email address.";
    return std::nullopt;
}

std::optional<std::string> check_password(const RegistrationInput& input, const PasswordStrengthEstimator& strength) {
    const std::string& password = input.password;
    if (password.empty()) return "Enter a password.";
    // Checked before decoding, so an enormous paste costs no more than this comparison.
    if (password.size() > kPasswordMaxBytes)
        return "Password must be at most " + std::to_string(kPasswordMaxBytes) + " bytes long.";
    // A NUL would end the password for anything that reads it as a C string: "nulpw\0secret" must never
    // be stored as (or match) the hash of "nulpw".
    if (const auto problem = find_text_problem(password)) return describe_text_problem("Password", *problem);
    const auto characters = orm::utf8::count_code_points(password);
    if (*characters < kPasswordMinCharacters)
        return "Password must be at least " + std::to_string(kPasswordMinCharacters) + " characters.";
    const std::string username = trim(input.username);
    if (password == username) return "Password must not be the same as your username.";
    return password_strength_problem(strength, password, password_context(username, normalize_email(input.email)));
}

} // namespace

FieldErrors validate_registration(const RegistrationInput& input, const PasswordStrengthEstimator& strength) {
    FieldErrors errors;
    errors.username = check_username(input.username);
    errors.email = check_email(input.email);
    errors.password = check_password(input, strength);
    if (input.confirmation != input.password) errors.confirmation = "Passwords do not match.";
    return errors;
}

std::optional<std::string> validate_username(std::string_view username) {
    return check_username(username);
}

std::optional<std::string> validate_email(std::string_view email) {
    return check_email(email);
}

std::string trim(std::string_view text) {
    std::size_t begin = 0;
    while (const std::size_t length = white_space_length_at(text, begin))
        begin += length;
    std::size_t end = text.size();
    // A White_Space character is 1 to 3 bytes long; a match must start exactly `length` bytes from the end.
    for (bool trimmed = true; trimmed && end > begin;) {
        trimmed = false;
        for (std::size_t length = 1; length <= 3 && length <= end - begin; ++length) {
            if (white_space_length_at(text.substr(0, end), end - length) == length) {
                end -= length;
                trimmed = true;
                break;
            }
        }
    }
    return std::string(text.substr(begin, end - begin));
}

std::string normalize_email(std::string_view email) {
    std::string normalized = trim(email);
    for (char& c : normalized)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return normalized;
}

} // namespace app
