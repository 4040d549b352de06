#include "app/account_permissions.h"

#include "orm/orm.h"

namespace app {

namespace {

// The actor's account as stored now: an id whose account is gone is nobody.
bool exists(orm::Session& session, const Actor& actor) {
    return actor.user_id && session.get<User>(*actor.user_id) != nullptr;
}

} // namespace

std::optional<std::int64_t> administrator_id(orm::Session& session) {
    const auto first = session.query<User>().order_by(orm::col(&User::id).asc()).limit(1).first();
    return first ? std::optional<std::int64_t>(first->id) : std::nullopt;
}

std::optional<std::string> refuse_account_change(orm::Session& session, const Actor& actor, const User& target,
                                                 AccountChange change) {
    if (exists(session, actor) && (*actor.user_id == target.id || administrator_id(session) == actor.user_id))
        return std::nullopt;
    return "Sign in as " + target.username + " or as the administrator to " +
           (change == AccountChange::Delete ? "delete" : "edit") + " this account.";
}

std::optional<std::string> refuse_message_reading(orm::Session& session, const Actor& actor) {
    if (exists(session, actor)) return std::nullopt;
    return std::string(kSignInToReadMessages);
}

void require_message_reading(orm::Session& session, const Actor& actor) {
    if (auto refusal = refuse_message_reading(session, actor)) throw PermissionError(*refusal);
}

} // namespace app
