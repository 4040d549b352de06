#include "app/login_backoff.h"

#include <algorithm>
#include <vector>

namespace app {

using std::chrono::milliseconds;

std::function<std::chrono::steady_clock::time_point()> system_steady_clock() {
    return [] { return std::chrono::steady_clock::now(); };
}

LoginBackoff::LoginBackoff(Policy policy, Clock clock) : policy_(policy), clock_(std::move(clock)) {}

milliseconds LoginBackoff::wait_before_attempt(const std::string& key) const {
    const auto found = states_.find(key);
    if (found == states_.end()) return milliseconds{0};
    const auto now = clock_();
    if (now - found->second.last_failure >= policy_.forget_after || now >= found->second.next_attempt)
        return milliseconds{0};
    // Rounded up, so a caller that waits exactly this long is let in.
    return std::chrono::ceil<milliseconds>(found->second.next_attempt - now);
}

void LoginBackoff::record_failure(const std::string& key) {
    const auto now = clock_();
    if (states_.size() >= policy_.max_tracked_keys && !states_.contains(key)) drop_stale(now);
    State& state = states_[key];
    if (state.failures > 0 && now - state.last_failure >= policy_.forget_after) state = State{};
    ++state.failures;
    state.last_failure = now;
    const int over = state.failures - policy_.free_failures;
    if (over <= 0) {
        state.next_attempt = now;
        return;
    }
    // first_delay × 2^(over − 1), without overflowing the shift for a persistent attacker.
    milliseconds delay = policy_.first_delay;
    for (int i = 1; i < over && delay < policy_.max_delay; ++i)
        delay *= 2;
    state.next_attempt = now + std::min(delay, policy_.max_delay);
}

void LoginBackoff::record_success(const std::string& key) {
    states_.erase(key);
}

int LoginBackoff::failures(const std::string& key) const {
    const auto found = states_.find(key);
    return found == states_.end() ? 0 : found->second.failures;
}

void LoginBackoff::drop_stale(std::chrono::steady_clock::time_point now) {
    // Keys not locked right now lose at most their few free failures.
    std::erase_if(states_, [&](const auto& entry) { return now >= entry.second.next_attempt; });
    // Still full (a flood of distinct names, all locked right now): forget the oldest half rather than
    // grow without bound. Their owners get their free attempts back; nobody is locked out wrongly.
    if (states_.size() >= policy_.max_tracked_keys) {
        std::vector<std::pair<std::chrono::steady_clock::time_point, std::string>> by_age;
        by_age.reserve(states_.size());
        for (const auto& [key, state] : states_)
            by_age.emplace_back(state.last_failure, key);
        std::sort(by_age.begin(), by_age.end());
        for (std::size_t i = 0; i < by_age.size() / 2; ++i)
            states_.erase(by_age[i].second);
    }
}

} // namespace app
