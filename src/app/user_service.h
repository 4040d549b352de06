// Users as records: look one up, change its username or email, delete it. What the record browser's
// detail panel does with a row of the user table; registering and signing in stay with
// RegistrationService and AuthenticationService.
//
//     app::UserService users(db);
//     auto edited = users.edit_user(auth.actor(), 7, {"peter", "peter@example.org"});
//     if (!edited.ok()) show(edited.errors.username, edited.errors.email, edited.errors.user,
//                            edited.errors.permission);
//     users.delete_user(auth.actor(), 7);         // errors.user if it was gone already
//
// - Only the account itself, signed in, or the administrator may edit or delete it (account_permissions.h):
//   anyone else gets errors.permission ("Sign in as Peter or as the administrator to delete this
//   account.") and nothing changes. Deleting an account also ends its session records.
// - An edit follows the registration rules (validate_username, validate_email): the username is
//   trimmed, the email stored as normalize_email() gives it, and a name or address another user has is
//   "This username is already registered." (the user's own, in another case, is not a conflict).
// - The password is neither shown nor changed here: only its owner changes it (change_password).
// - Each call is one transaction; a refused call changed nothing. Database failures throw
//   orm::DatabaseError.
#pragma once

#include "app/account_permissions.h"
#include "app/models.h"
#include "app/result.h"

#include <cstdint>
#include <optional>
#include <string>

namespace orm {
class Database;
}

namespace app {

inline constexpr const char* kUserGone = "This user no longer exists.";

struct UserEdit {
    std::string username;
    std::string email;
};

struct UserErrors {
    std::optional<std::string> username{};
    std::optional<std::string> email{};
    std::optional<std::string> user{};       // about the user itself: it is gone
    std::optional<std::string> permission{}; // the actor may not change this account (nothing was checked)
    bool ok() const { return !username && !email && !user && !permission; }
};

class UserService {
  public:
    explicit UserService(orm::Database& db); // needs the schema of open_schema()

    std::optional<UserAccount> find_user(std::int64_t id);
    Result<UserAccount, UserErrors> edit_user(const Actor& actor, std::int64_t id, const UserEdit& edit);
    UserErrors delete_user(const Actor& actor, std::int64_t id);

  private:
    orm::Database& db_;
};

} // namespace app
