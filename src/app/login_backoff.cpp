#include "app/login_backoff.h"

#include "app/models.h"

#include "orm/orm.h"

#include <blake2/blake2.h>

#include <algorithm>
#include <array>

namespace app {

using std::chrono::milliseconds;

namespace {

std::int64_t milliseconds_since_epoch(std::chrono::system_clock::time_point when) {
    return std::chrono::duration_cast<milliseconds>(when.time_since_epoch()).count();
}

std::shared_ptr<LoginBackoffRecord> find(orm::Session& session, const std::string& key) {
    return session.query<LoginBackoffRecord>().filter_by(&LoginBackoffRecord::account_key, key).first();
}

} // namespace

std::function<std::chrono::system_clock::time_point()> system_wall_clock() {
    return [] { return std::chrono::system_clock::now(); };
}

LoginBackoff::LoginBackoff(orm::Database& db, Policy policy, Clock clock)
    : db_(db), policy_(policy), clock_(std::move(clock)) {}

std::string LoginBackoff::account_key(std::int64_t user_id) {
    return "user:" + std::to_string(user_id);
}

std::string LoginBackoff::name_key(std::string_view typed) {
    std::array<unsigned char, 16> digest{};
    blake2b(digest.data(), digest.size(), typed.data(), typed.size(), nullptr, 0);
    static constexpr char kHex[] = "0123456789abcdef";
    std::string key = "name:";
    for (const unsigned char byte : digest) {
        key += kHex[byte >> 4];
        key += kHex[byte & 0xF];
    }
    return key;
}

milliseconds LoginBackoff::wait_before_attempt(const std::string& key) const {
    orm::Session session(db_);
    const auto record = find(session, key);
    if (!record) return milliseconds{0};
    // A clock set back (or another tab's clock ahead of this one) counts as no time passed since the last
    // failure: the wait is never longer than the one that failure set, and never longer than max_delay.
    const std::int64_t now = std::max(milliseconds_since_epoch(clock_()), record->last_failure_ms);
    if (now - record->last_failure_ms >= policy_.forget_after.count() || now >= record->next_attempt_ms)
        return milliseconds{0};
    return std::min(milliseconds{record->next_attempt_ms - now}, policy_.max_delay);
}

void LoginBackoff::record_failure(const std::string& key) {
    std::int64_t now = milliseconds_since_epoch(clock_());
    orm::Session session(db_);
    auto record = find(session, key);
    if (!record) {
        make_room(now);
        record = session.add(LoginBackoffRecord{0, key, 0, now, now});
    }
    now = std::max(now, record->last_failure_ms); // as in wait_before_attempt: time never runs backwards here
    if (record->failures > 0 && now - record->last_failure_ms >= policy_.forget_after.count()) record->failures = 0;
    ++record->failures;
    record->last_failure_ms = now;
    const std::int64_t over = record->failures - policy_.free_failures;
    // first_delay × 2^(over − 1), without overflowing the shift for a persistent attacker.
    milliseconds delay{0};
    if (over > 0) {
        delay = policy_.first_delay;
        for (std::int64_t i = 1; i < over && delay < policy_.max_delay; ++i)
            delay *= 2;
    }
    record->next_attempt_ms = now + std::min(delay, policy_.max_delay).count();
    session.commit();
}

void LoginBackoff::record_success(const std::string& key) {
    // Only when there is something to clear: a write commits, and in the browser every commit is saved.
    orm::Session session(db_);
    if (const auto record = find(session, key)) {
        session.remove(record);
        session.commit();
    }
}

int LoginBackoff::failures(const std::string& key) const {
    orm::Session session(db_);
    const auto record = find(session, key);
    return record ? static_cast<int>(record->failures) : 0;
}

// Before a new key is added to a full table: keys not locked right now lose at most their few free
// failures, and failures past forget_after no longer count anyway. Still full (a flood of distinct names,
// all locked right now): the oldest half is forgotten rather than the table growing without bound. Their
// owners get their free attempts back; nobody is locked out wrongly.
void LoginBackoff::make_room(std::int64_t now_ms) {
    db_.run("DELETE FROM login_backoff WHERE last_failure_ms <= ?", now_ms - policy_.forget_after.count());
    const auto count = [&] {
        auto statement = db_.prepare("SELECT count(*) FROM login_backoff");
        statement->step();
        return static_cast<std::size_t>(statement->get_int64(0));
    };
    if (count() < policy_.max_tracked_keys) return;
    db_.run("DELETE FROM login_backoff WHERE next_attempt_ms <= ?", now_ms);
    if (const std::size_t tracked = count(); tracked >= policy_.max_tracked_keys)
        db_.run("DELETE FROM login_backoff WHERE id IN (SELECT id FROM login_backoff ORDER BY last_failure_ms, id "
                "LIMIT ?)",
                static_cast<std::int64_t>(tracked / 2));
}

} // namespace app
