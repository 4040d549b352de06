#include "platform/browser_password_strength.h"

#include <algorithm>
#include <array>

// Implemented in web/host_library_password_strength.js.
extern "C" {
int seed_password_strength_availability();
int seed_password_strength_estimate(const char* password, int password_length, const char* context,
                                    int context_length, char* feedback, int capacity, int* feedback_length);
}

namespace platform {

BrowserPasswordStrength::Availability BrowserPasswordStrength::availability() const {
    switch (seed_password_strength_availability()) {
    case 0: return Availability::Ready;
    case 1: return Availability::Loading;
    default: return Availability::Unavailable;
    }
}

app::PasswordStrength BrowserPasswordStrength::estimate(std::string_view password,
                                                        const std::vector<std::string>& context) const {
    std::string lines;
    for (const std::string& each : context) {
        if (each.find('\n') != std::string::npos) continue; // one input a line; the app's own text has none
        lines += each;
        lines += '\n';
    }
    std::array<char, 2048> feedback{};
    int feedback_length = 0;
    const int score = seed_password_strength_estimate(password.data(), static_cast<int>(password.size()),
                                                      lines.data(), static_cast<int>(lines.size()), feedback.data(),
                                                      static_cast<int>(feedback.size()), &feedback_length);
    app::PasswordStrength strength;
    if (score < 0) {
        strength.warning = "The password check failed";
        return strength;
    }
    strength.score = score;
    const std::string_view text(feedback.data(), static_cast<std::size_t>(feedback_length > 0 ? feedback_length : 0));
    std::size_t start = 0;
    for (bool first = true; start <= text.size(); first = false) {
        const std::size_t end = std::min(text.find('\n', start), text.size());
        const std::string_view line = text.substr(start, end - start);
        if (first) strength.warning = std::string(line);
        else if (!line.empty()) strength.suggestions.emplace_back(line);
        start = end + 1;
    }
    return strength;
}

} // namespace platform
