// Sign-in kept across a reload: one record per signed-in browser tab, in table account_session (schema
// version 9), keyed by a digest of a random token that only that tab holds (in sessionStorage; the native
// host keeps it in memory). The token is never stored in the database, and the password never leaves the
// login form.
//
//     app::AccountSessions sessions(db);                  // clock and entropy injectable for tests
//     const std::string token = sessions.begin(user.id);  // after a successful login (writes)
//     auto account = sessions.resume(token);              // at start-up: the account, if valid and unexpired
//     sessions.end(token);                                // "Sign out"
//     sessions.end_all(user.id);                          // "Sign out everywhere": every tab of that account
//
// - A token is 32 bytes from the platform's CSPRNG (getentropy: the kernel natively, crypto.getRandomValues
//   in the browser), written as 64 hex digits; the record keeps its BLAKE2b-256 digest, so a copy of the
//   database (an export) signs nobody in.
// - A record lasts kSessionLifetime from its creation, whatever happens meanwhile; then resume() refuses it
//   and the next begin() or resume() deletes it with every other expired record (prune()).
// - A record names its account by id only: resume() also needs that account to exist, and deleting an
//   account (UserService::delete_user) deletes its records.
// - Times are wall-clock milliseconds since the Unix epoch (the only clock two page loads share).
#pragma once

#include "app/login_backoff.h"
#include "app/models.h"
#include "app/password_hasher.h"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace orm {
class Database;
class Session;
}

namespace app {

inline constexpr std::chrono::hours kSessionLifetime{12};
inline constexpr std::size_t kSessionTokenCharacters = 64; // hex digits of 32 random bytes

class AccountSessions {
  public:
    using Clock = LoginBackoff::Clock;
    // `db` must outlive this object and have the schema of open_schema() (version 9 or later).
    explicit AccountSessions(orm::Database& db, Clock clock = system_wall_clock(),
                             PasswordHasher::EntropySource entropy = PasswordHasher::system_entropy(),
                             std::chrono::milliseconds lifetime = kSessionLifetime);

    // A new record for `user_id` and its token (the only copy). Prunes expired records first. Writes (one
    // transaction). Throws SecurityError if the entropy source fails, orm::DatabaseError (nothing stored).
    std::string begin(std::int64_t user_id);
    // The account a valid, unexpired token belongs to, as it is stored now; nullopt for anything else
    // (unknown, ended, expired, malformed, the account gone). Writes only to prune expired records, and only
    // when there are some. Throws orm::DatabaseError.
    std::optional<UserAccount> resume(std::string_view token);
    // Deletes the token's record; false if there was none. Throws orm::DatabaseError.
    bool end(std::string_view token);
    // Deletes every record of `user_id` (all its tabs); returns how many. Throws orm::DatabaseError.
    int end_all(std::int64_t user_id);
    // Deletes the expired records; returns how many. Reads only when there are none. Throws orm::DatabaseError.
    int prune();
    // Records of `user_id` still valid (for tests and the account view). Throws orm::DatabaseError.
    int active_count(std::int64_t user_id);

    // The digest a record is keyed by: BLAKE2b-256 of the token, hex.
    static std::string digest(std::string_view token);

  private:
    std::int64_t now_ms() const;

    orm::Database& db_;
    Clock clock_;
    PasswordHasher::EntropySource entropy_;
    std::chrono::milliseconds lifetime_;
};

// Deletes every session record of `user_id` in `session`'s transaction (the account is being deleted); the
// caller's session.commit() makes it permanent.
void remove_sessions_of(orm::Session& session, std::int64_t user_id);

} // namespace app
