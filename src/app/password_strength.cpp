#include "app/password_strength.h"

#include "app/text_rules.h"

#include <cctype>

namespace app {

namespace {

class NoEstimator final : public PasswordStrengthEstimator {
  public:
    Availability availability() const override { return Availability::Unavailable; }
    PasswordStrength estimate(std::string_view, const std::vector<std::string>&) const override { return {}; }
};

// zxcvbn's sentences start with a capital; after "Too easy to guess: " they continue a sentence.
std::string continuing(std::string sentence) {
    if (!sentence.empty() && std::isupper(static_cast<unsigned char>(sentence[0])))
        sentence[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(sentence[0])));
    if (!sentence.empty() && sentence.back() != '.') sentence += '.';
    return sentence;
}

} // namespace

std::vector<std::string> password_context(std::string_view username, std::string_view email) {
    std::vector<std::string> context;
    // Text its own field refuses (a NUL, invalid UTF-8) is that field's message, not the estimator's.
    const auto add = [&](std::string_view text) {
        if (!text.empty() && !find_text_problem(text)) context.emplace_back(text);
    };
    add(username);
    add(email);
    const std::size_t at = email.find('@');
    if (at != std::string_view::npos && at > 0) add(email.substr(0, at));
    return context;
}

const PasswordStrengthEstimator& no_strength_estimate() {
    static const NoEstimator none;
    return none;
}

std::optional<std::string> password_strength_problem(const PasswordStrengthEstimator& estimator,
                                                     std::string_view password,
                                                     const std::vector<std::string>& context) {
    switch (estimator.availability()) {
    case PasswordStrengthEstimator::Availability::Unavailable: return std::nullopt;
    case PasswordStrengthEstimator::Availability::Loading: return kPasswordCheckLoading;
    case PasswordStrengthEstimator::Availability::Ready: break;
    }
    const PasswordStrength strength = estimator.estimate(password, context);
    if (strength.score >= kMinimumPasswordScore) return std::nullopt;
    std::string reason = !strength.warning.empty()       ? strength.warning
                         : !strength.suggestions.empty() ? strength.suggestions.front()
                                                         : "Add another word or two.";
    return "Too easy to guess: " + continuing(std::move(reason));
}

const char* describe_password_score(int score) {
    switch (score) {
    case 0: return "Too guessable";
    case 1: return "Very guessable";
    case 2: return "Somewhat guessable";
    case 3: return "Safely unguessable";
    default: return score > 3 ? "Very unguessable" : "Too guessable";
    }
}

} // namespace app
