// Per-account backoff for failed logins: the first `free_failures` mistakes cost nothing; after that each
// failure makes the next attempt wait, twice as long each time (1 s, 2 s, 4 s … up to 15 minutes by
// default). A success clears the account's record; so does an hour without failures. Kept in memory.
//
//     app::LoginBackoff backoff({}, clock);   // clock: the injectable "now"
//     if (auto wait = backoff.wait_before_attempt(key); wait > 0ms) refuse("Try again in …");
//     … verify … ok ? backoff.record_success(key) : backoff.record_failure(key);
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <string>
#include <unordered_map>

namespace app {

struct BackoffPolicy {
    int free_failures = 3;
    std::chrono::milliseconds first_delay{1000};
    std::chrono::milliseconds max_delay{15 * 60 * 1000};
    std::chrono::milliseconds forget_after{60 * 60 * 1000}; // failures this old no longer count
    std::size_t max_tracked_keys = 10000;                   // memory bound (keys not locked are dropped first)
};

// std::chrono::steady_clock::now as a LoginBackoff::Clock: the default (tests pass a fake one).
std::function<std::chrono::steady_clock::time_point()> system_steady_clock();

class LoginBackoff {
  public:
    using Clock = std::function<std::chrono::steady_clock::time_point()>;
    using Policy = BackoffPolicy;

    explicit LoginBackoff(Policy policy = {}, Clock clock = system_steady_clock());

    // How long `key` must still wait before an attempt is considered; zero when it may try now.
    std::chrono::milliseconds wait_before_attempt(const std::string& key) const;
    void record_failure(const std::string& key);
    void record_success(const std::string& key);
    int failures(const std::string& key) const;

  private:
    struct State {
        int failures = 0;
        std::chrono::steady_clock::time_point last_failure{};
        std::chrono::steady_clock::time_point next_attempt{};
    };
    void drop_stale(std::chrono::steady_clock::time_point now);

    Policy policy_;
    Clock clock_;
    std::unordered_map<std::string, State> states_;
};

} // namespace app
