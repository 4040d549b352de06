// Per-account backoff for failed logins: the first `free_failures` mistakes cost nothing; after that each
// failure makes the next attempt wait, twice as long each time (1 s, 2 s, 4 s … up to 15 minutes by
// default). A success clears the account's record; so does an hour without failures.
//
// Kept in the database (table login_backoff, schema version 7), beside the accounts it protects: every tab
// and every reload of the page sees the same wait, so reloading, or trying in a second tab, resets nothing.
// Times are wall-clock milliseconds (the only clock two page loads share); a clock set back can stretch a
// wait to at most max_delay, never beyond.
//
//     app::LoginBackoff backoff(db, {}, clock);   // clock: the injectable "now"
//     const std::string key = app::LoginBackoff::account_key(user.id);   // or name_key(typed) if unknown
//     if (auto wait = backoff.wait_before_attempt(key); wait > 0ms) refuse("Try again in …");
//     … verify … ok ? backoff.record_success(key) : backoff.record_failure(key);   // these two write
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace orm {
class Database;
}

namespace app {

struct BackoffPolicy {
    int free_failures = 3;
    std::chrono::milliseconds first_delay{1000};
    std::chrono::milliseconds max_delay{15 * 60 * 1000};
    std::chrono::milliseconds forget_after{60 * 60 * 1000}; // failures this old no longer count
    std::size_t max_tracked_keys = 10000;                   // table bound (keys not locked are dropped first)
};

// std::chrono::system_clock::now as a LoginBackoff::Clock: the default (tests pass a fake one).
std::function<std::chrono::system_clock::time_point()> system_wall_clock();

class LoginBackoff {
  public:
    using Clock = std::function<std::chrono::system_clock::time_point()>;
    using Policy = BackoffPolicy;

    // `db` must outlive the backoff and have the schema of open_schema() (version 7 or later).
    explicit LoginBackoff(orm::Database& db, Policy policy = {}, Clock clock = system_wall_clock());

    // The key of an existing account: "user:<id>".
    static std::string account_key(std::int64_t user_id);
    // The key of a name no account has (what was typed, normalised by the caller): "name:" and a BLAKE2b
    // digest of it, so that a password typed into the name field by mistake is never stored as typed.
    static std::string name_key(std::string_view typed);

    // How long `key` must still wait before an attempt is considered; zero when it may try now. Reads only.
    // Throws orm::DatabaseError.
    std::chrono::milliseconds wait_before_attempt(const std::string& key) const;
    // These write (each its own transaction), so a browser tab calls them in a write turn. Throw
    // orm::DatabaseError; then nothing changed.
    void record_failure(const std::string& key);
    void record_success(const std::string& key);
    int failures(const std::string& key) const;

  private:
    void make_room(std::int64_t now_ms);

    orm::Database& db_;
    Policy policy_;
    Clock clock_;
};

} // namespace app
