// Login, logout and password change for the one person using this browser tab.
//
//     app::AuthenticationService auth(db, hasher);
//     auto login = auth.login("peter@example.org", password);  // by username or email
//     if (!login.ok()) show(*login.error);                     // never says which part was wrong
//     auth.current_user();                                     // the logged-in account, if any
//     auth.change_password({current, new_password, confirmation});
//     keep(auth.session_token());                              // the tab keeps it (sessionStorage)
//     auth.resume_session(kept_token);                         // after a reload: signed in again if valid
//     auth.logout();                                           // ends this tab's session record
//     auth.logout_everywhere();                                // ends every session record of the account
//
// - The identifier is tried as a username (exact, trimmed) first, then as an email (any ASCII case).
// - Every failure reads "Wrong username/email or password." and costs one Argon2id run, also for an
//   unknown account (a hash with the hasher's costs, thrown away), so neither the message nor the time
//   tells whether the account exists.
// - Repeated failures slow down per account (LoginBackoff, kept in the database: every tab and every reload
//   sees the wait): attempts while the account waits are refused without checking the password, with "Too
//   many failed attempts. Try again in N seconds."; unknown identifiers get the same treatment, keyed by
//   (a digest of) what was typed. Recording a failure writes, so finish_login and finish_password_change
//   run where writes are allowed (a write turn in the browser).
// - A successful login also starts a session record (AccountSessions, account_session.h) whose token this
//   service holds (session_token()) for the host to keep in the tab; logout() and logout_everywhere() end
//   records, so they write too.
// - A successful login re-hashes the password when the stored hash has other costs than the hasher's, or
//   is a legacy plaintext value (compared in constant time, then replaced at once).
// - login() and change_password() also come in steps (start_…, step the Argon2 work, finish_…), so a
//   browser tab keeps drawing frames while a password is checked and hashed.
#pragma once

#include "app/account_permissions.h"
#include "app/account_session.h"
#include "app/login_backoff.h"
#include "app/models.h"
#include "app/password_hash_job.h"
#include "app/password_strength.h"
#include "app/result.h"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace orm {
class Database;
}

namespace app {

inline constexpr const char* kWrongCredentials = "Wrong username/email or password.";

struct LoginResult {
    std::optional<UserAccount> user;          // set on success
    std::optional<std::string> error{};       // set on failure
    std::chrono::milliseconds retry_after{0}; // > 0 when refused because of earlier failures
    bool ok() const { return user.has_value(); }
};

struct PasswordChange {
    std::string current_password;
    std::string new_password;
    std::string confirmation;
};

struct PasswordChangeErrors {
    std::optional<std::string> current_password{};
    std::optional<std::string> new_password{};
    std::optional<std::string> confirmation{};
    bool ok() const { return !current_password && !new_password && !confirmation; }
};

// A login whose password check runs a slice at a time (start_login, then check.step() each frame, then
// finish_login), so a browser tab keeps drawing during the Argon2 work. Holds no password.
struct PendingLogin {
    std::string key;                       // what the backoff counts failures against
    std::optional<std::int64_t> user_id;   // the account the identifier named, if any
    std::string checked;                   // its stored password value the check runs against
    std::optional<PasswordHashJob> check;  // the Argon2 work: a verification, or the same work as a decoy
    bool decoy = false;                    // no account (or an implausible password): never a match
    bool done() const { return !check || check->done(); }
};

// What start_login answers, in the one shape of every stepped start (start_registration's too): the
// pending login (step value->check until done, then finish_login), or the refusal at once (`errors`:
// the account waits, no Argon2 work).
using LoginStart = Result<PendingLogin, LoginResult>;

// A password change whose two Argon2 computations (checking the current password, hashing the new one)
// run a slice at a time: start_password_change, then step() each frame until done, then
// finish_password_change. Holds no password.
struct PendingPasswordChange {
    std::string key;                             // the account's backoff key
    std::int64_t user_id = 0;
    std::string checked;                         // the stored value the current password is checked against
    PasswordChangeErrors rules;                  // the new password's rule problems, found at the start
    std::optional<PasswordHashJob> check;        // the current password's verification, if Argon2 is needed
    std::optional<PasswordHashJob> new_hash;     // the new password's hash, if the rules passed
    bool plausible = false;                      // a current password was typed (and is not overlong)
    bool done() const { return (!check || check->done()) && (!new_hash || new_hash->done()); }
    // Works on the check first, then the new hash, for about `budget`. Returns done().
    bool step(std::chrono::microseconds budget);
};

// The pending change, or its refusal at once (`errors`: the account waits, or is gone).
using PasswordChangeStart = Result<PendingPasswordChange, PasswordChangeErrors>;

class AuthenticationService {
  public:
    // `db`, `hasher` and `strength` must outlive the service. Needs the schema of open_schema().
    // `strength` judges a new password (password changes follow the registration rules).
    AuthenticationService(orm::Database& db, const PasswordHasher& hasher, BackoffPolicy backoff = {},
                          LoginBackoff::Clock clock = system_wall_clock(),
                          const PasswordStrengthEstimator& strength = no_strength_estimate());

    // Logs in by username or email. On success the account becomes current_user(); any attempt, failed or
    // not, first logs out whoever was logged in. Throws orm::DatabaseError if the database fails (then
    // nobody is logged in), app::SecurityError if a re-hash finds no secure random source.
    LoginResult login(std::string_view identifier, std::string_view password);
    // login() in steps (see PendingLogin): start_login logs out whoever was logged in, looks the account up
    // and sets the Argon2 work up; finish_login, once that is done, gives login()'s answer for the same
    // password. Throws as login() does; finish_login std::logic_error if the check is not done.
    LoginStart start_login(std::string_view identifier, std::string_view password);
    LoginResult finish_login(const PendingLogin& pending, std::string_view password);
    // Forgets the current user and ends this tab's session record (writes). Throws orm::DatabaseError if
    // the record cannot be deleted: then nobody is signed in here all the same, and the token is forgotten
    // (the record expires by itself).
    void logout();
    // Forgets the current user and ends every session record of that account: other tabs and reloads
    // signed in as it find themselves signed out at their next resume_session(). Returns how many records
    // ended (this tab's included). Writes. Throws std::logic_error if nobody is signed in,
    // orm::DatabaseError (then still signed out here).
    int logout_everywhere();
    // Signs in with a token an earlier session_token() gave (kept by the tab across a reload, or across a
    // reopened database): the account becomes current_user() if the token's record is valid and unexpired
    // and its account exists; otherwise nobody is signed in and the token is forgotten. Returns whether it
    // did. Prunes expired records (AccountSessions::resume). Throws orm::DatabaseError.
    bool resume_session(std::string_view token);
    // This tab's session token while someone is signed in; empty otherwise.
    const std::string& session_token() const { return token_; }
    // Who the services act for: the signed-in account, or nobody.
    Actor actor() const { return current_ ? Actor::account(current_->id) : Actor::nobody(); }
    // Refreshes the signed-in account after it was edited (a new username): `account` becomes
    // current_user() again, as it is stored now, if a user with its id, username and email still exists;
    // otherwise nobody is signed in (and the token is forgotten). Returns whether it did. The session
    // record stays. Throws orm::DatabaseError.
    bool resume(const UserAccount& account);
    const std::optional<UserAccount>& current_user() const { return current_; }

    // Changes the current user's password: the current one must verify (failures count towards the
    // backoff), the new one must follow the registration rules and match its confirmation. Returns the
    // problems per field; empty on success. Throws std::logic_error if nobody is logged in,
    // orm::DatabaseError on database failure (the password is then unchanged).
    PasswordChangeErrors change_password(const PasswordChange& change);
    // change_password() in steps (see PendingPasswordChange); finish_password_change needs the same current
    // password again (a legacy plaintext value is compared then). Throws as change_password() does, and
    // std::logic_error from finish before the steps are done.
    PasswordChangeStart start_password_change(const PasswordChange& change);
    PasswordChangeErrors finish_password_change(const PendingPasswordChange& pending, std::string_view current_password);

  private:
    static std::string wait_message(std::chrono::milliseconds wait);

    orm::Database& db_;
    const PasswordHasher& hasher_;
    const PasswordStrengthEstimator& strength_;
    LoginBackoff backoff_;
    AccountSessions sessions_;
    std::optional<UserAccount> current_;
    std::string token_;           // this tab's session token while signed in
    std::string abandoned_token_; // a session a new login replaces: finish_login ends its record
};

} // namespace app
