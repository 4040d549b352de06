#include "app/user_service.h"

#include "app/account_session.h"
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

Result<UserAccount, UserErrors> UserService::edit_user(const Actor& actor, std::int64_t id, const UserEdit& edit) {
    using R = Result<UserAccount, UserErrors>;
    orm::Session session(db_);
    orm::Transaction transaction(db_); // the permission, the uniqueness checks and the update see the same data
    auto user = session.get<User>(id);
    if (!user) return R::failure({.user = kUserGone});
    if (auto refusal = refuse_account_change(session, actor, *user, AccountChange::Edit))
        return R::failure({.permission = std::move(refusal)});
    UserErrors errors{.username = validate_username(edit.username), .email = validate_email(edit.email)};
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

UserErrors UserService::delete_user(const Actor& actor, std::int64_t id) {
    orm::Session session(db_);
    orm::Transaction transaction(db_);
    auto user = session.get<User>(id);
    if (!user) return {.user = kUserGone};
    if (auto refusal = refuse_account_change(session, actor, *user, AccountChange::Delete))
        return {.permission = std::move(refusal)};
    remove_sessions_of(session, id);
    session.remove(user);
    session.commit();
    transaction.commit();
    return {};
}

} // namespace app
