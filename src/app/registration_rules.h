// What a registration form must satisfy, checked without touching the database: each field gets at most
// one message, a short sentence the person can act on. Uniqueness of username and email is the
// registration service's job (it needs the database).
//
//     const app::FieldErrors errors = app::validate_registration({username, email, password, confirmation}, estimator);
//     if (!errors.ok()) { show errors.username, errors.email, … next to their fields; }
//     else store trim(username), normalize_email(email), hasher.hash(password)
//
// A password must also not be too easy to guess, as the host's estimator judges it (password_strength.h);
// with app::no_strength_estimate() only its length and the username rule are checked.
//
// Lengths are in Unicode code points, as Python counts them ("é", "ß" and "中" are one character each).
// Usernames and emails are trimmed before they are checked; passwords never are. No message ever
// contains what was typed.
#pragma once

#include "app/password_strength.h"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace app {

inline constexpr std::size_t kUsernameMinCharacters = 3;
inline constexpr std::size_t kUsernameMaxCharacters = 100;
inline constexpr std::size_t kEmailMaxCharacters = 100;
inline constexpr std::size_t kPasswordMinCharacters = 8;
inline constexpr std::size_t kPasswordMaxBytes = 1024; // bounds the work one registration costs

struct RegistrationInput {
    std::string username;
    std::string email;
    std::string password;
    std::string confirmation;
};

// One optional message per field; a field without a message is valid.
struct FieldErrors {
    std::optional<std::string> username;
    std::optional<std::string> email;
    std::optional<std::string> password;
    std::optional<std::string> confirmation;
    bool ok() const { return !username && !email && !password && !confirmation; }
};

// Checks every field and reports each problem it finds (not only the first). `strength` judges how easy
// the password is to guess; it must outlive the call. Never throws.
FieldErrors validate_registration(const RegistrationInput& input, const PasswordStrengthEstimator& strength);

// The username rule alone (trimmed first), for forms that change an existing account's name.
std::optional<std::string> validate_username(std::string_view username);

// The email rule alone (trimmed first), for other forms that ask for an address (the contact form):
// the message validate_registration would give for this email, or nothing if it is acceptable.
std::optional<std::string> validate_email(std::string_view email);

// `text` without leading and trailing white space: ASCII's (space, \t, \n, \v, \f, \r) and Unicode's other
// White_Space characters (e.g. U+00A0 no-break space, U+3000 ideographic space). Only whole characters
// are removed, so valid UTF-8 stays valid; invalid bytes are kept as they are.
std::string trim(std::string_view text);

// The form an email is stored and compared in: trimmed, ASCII letters lowercased (other bytes unchanged,
// so UTF-8 stays intact). "  Peter@Example.COM " → "peter@example.com".
std::string normalize_email(std::string_view email);

} // namespace app
