#include "app/user_service.h"

#include "app/registration_rules.h"
#include "app/registration_service.h"
#include "app/user_lookup.h"

#include "orm/orm.h"

namespace app {

UserService::UserService(orm::Database& db) : db_(db) {}

std::optional<UserAccount> UserService::find_user(std::int64_t id) {
    orm::Session session(db_);
    auto user = session.get<User>(id);
    return user ? std::optional<UserAccount>(account_of(*user)) : std::nullopt;
}

Result<UserAccount, UserErrors> UserService::edit_user(std::int64_t id, const UserEdit& edit) {
    using R = Result<UserAccount, UserErrors>;
    UserErrors errors{.username = validate_username(edit.username), .email = validate_email(edit.email)};
    orm::Session session(db_);
    orm::Transaction transaction(db_); // the uniqueness checks and the update see the same data
    auto user = session.get<User>(id);
    if (!user) return R::failure({.user = kUserGone});
    if (!errors.username) {
        const auto holder = find_user_by_username(session, edit.username);
        if (holder && holder->id != id) errors.username = kUsernameTaken;
    }
    if (!errors.email) {
        const auto holder = find_user_by_email(session, edit.email);
        if (holder && holder->id != id) errors.email = kEmailTaken;
    }
    if (!errors.ok()) return R::failure(std::move(errors));
    user->username = trim(edit.username);
    user->user_email = normalize_email(edit.email);
    session.commit();
    transaction.commit();
    return R::success(account_of(*user));
}

UserErrors UserService::delete_user(std::int64_t id) {
    orm::Session session(db_);
    auto user = session.get<User>(id);
    if (!user) return {.user = kUserGone};
    session.remove(user);
    session.commit();
    return {};
}

} // namespace app
