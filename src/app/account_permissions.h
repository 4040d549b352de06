// Who may do what: the one place the app's authorisation rule lives. The services ask it; the UI only
// passes who is signed in (AuthenticationService::actor()) and shows the refusal.
//
//     const app::Actor who = auth.actor();                   // nobody, or the signed-in account's id
//     if (auto refusal = app::refuse_account_change(session, who, target, app::AccountChange::Delete))
//         return refusal;                                  // "Sign in as Peter or as the administrator to …"
//
// The rule:
// - An account is edited or deleted by itself (that account signed in), or by the administrator.
// - The administrator is the first registered account: the user with the lowest id. There is no role
//   column (the tutorial's table has none, and its Flask app must keep reading the file); if that account
//   is deleted, the next oldest becomes the administrator.
// - Contact messages are read (listed, browsed, exported) and deleted by any signed-in account; anyone may
//   write one (the contact form).
// - An actor whose account no longer exists (deleted in another tab) counts as nobody.
#pragma once

#include "app/models.h"

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>

namespace orm {
class Session;
}

namespace app {

// The account on whose behalf a service call runs: the signed-in one, or nobody.
struct Actor {
    std::optional<std::int64_t> user_id;
    static Actor nobody() { return {}; }
    static Actor account(std::int64_t id) { return {id}; }
    bool signed_in() const { return user_id.has_value(); }
};

// Refused: what a read that needs a signed-in account throws (ContactService, RecordQueryService).
class PermissionError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

inline constexpr const char* kSignInToReadMessages = "Sign in to read the contact messages.";

enum class AccountChange { Edit, Delete };

// The id of the administrator (the lowest user id), or nullopt when there are no users. Reads.
std::optional<std::int64_t> administrator_id(orm::Session& session);
// Whether `actor` may change account `target`: nullopt if so, otherwise the refusal, naming the account
// ("Sign in as Peter or as the administrator to delete this account."). Reads. Throws orm::DatabaseError.
std::optional<std::string> refuse_account_change(orm::Session& session, const Actor& actor, const User& target,
                                                 AccountChange change);
// Whether `actor` may read contact messages: nullopt if so, otherwise kSignInToReadMessages. Reads.
std::optional<std::string> refuse_message_reading(orm::Session& session, const Actor& actor);
// refuse_message_reading as an exception: throws PermissionError with the refusal.
void require_message_reading(orm::Session& session, const Actor& actor);

} // namespace app
