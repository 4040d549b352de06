// How easy a new password is to guess, as a real estimator judges it (zxcvbn 4.4.2, Dropbox's, the one
// the browser host runs), and the rule the app applies to its verdict: a password zxcvbn scores below
// kMinimumPasswordScore is refused with zxcvbn's own reason ("This is a top-10 common password").
//
//     const app::PasswordStrengthEstimator& strength = host_estimator;      // or app::no_strength_estimate()
//     if (auto problem = app::password_strength_problem(strength, password, {username, email}))
//         show(*problem);                          // "Too easy to guess: this is a top-10 common password."
//
// The app holds no estimator of its own: zxcvbn is JavaScript, and only a C implementation could be
// compiled in (Debian's zxcvbn-c source package is not on the mirror this project builds from). So the
// estimator is handed in by the host, like the password hasher; where there is none (the native test
// host, or a browser that could not load it), only the length rules of registration_rules.h apply.
// Usernames and emails are given to the estimator as context, so "peter-peter" for Peter scores low.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace app {

// zxcvbn's score: 0 too guessable (< 10^3 guesses), 1 very guessable (< 10^6), 2 somewhat guessable
// (< 10^8: protected against throttled online guessing, which login backoff and Argon2id give us),
// 3 safely unguessable (< 10^10), 4 very unguessable.
inline constexpr int kMinimumPasswordScore = 2;
inline constexpr int kBestPasswordScore = 4;

struct PasswordStrength {
    int score = 0;                        // 0..4
    std::string warning;                  // zxcvbn's feedback.warning, "" when it has none
    std::vector<std::string> suggestions; // zxcvbn's feedback.suggestions, best first
};

class PasswordStrengthEstimator {
  public:
    enum class Availability {
        Ready,      // estimate() answers
        Loading,    // the estimator is on its way (the browser is fetching it): ask again shortly
        Unavailable // none here: only the length rules apply
    };

    virtual ~PasswordStrengthEstimator() = default;
    virtual Availability availability() const = 0;
    // Only while Ready. `context`: what the person's own record says (username, email), which a guesser
    // tries first. Never throws; never keeps the password.
    virtual PasswordStrength estimate(std::string_view password, const std::vector<std::string>& context) const = 0;
};

// The refusal while the estimator is still loading.
inline constexpr const char* kPasswordCheckLoading =
    "Checking how easy this password is to guess: try again in a moment.";

// The estimator of a host that has none: always Unavailable.
const PasswordStrengthEstimator& no_strength_estimate();

// What a guesser knows of the person, for estimate()'s context: the username and the email as given, and
// the email's part before the "@" ("peterdury" of "peterdury@gmail.com"), which is often the password's
// root too. Text that is not valid (a NUL, invalid UTF-8: its own field's message) is left out.
std::vector<std::string> password_context(std::string_view username, std::string_view email);

// The refusal for `password`, or nothing when the estimator accepts it or there is none. While the
// estimator is still loading the answer is a refusal too ("Checking … try again in a moment"), so a
// password is never accepted unchecked by a host that does have one.
std::optional<std::string> password_strength_problem(const PasswordStrengthEstimator& estimator,
                                                     std::string_view password,
                                                     const std::vector<std::string>& context);

// zxcvbn's name for a score: "Too guessable", "Very guessable", "Somewhat guessable", "Safely
// unguessable", "Very unguessable" (a meter's label).
const char* describe_password_score(int score);

} // namespace app
