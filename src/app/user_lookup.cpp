#include "app/user_lookup.h"

#include "app/registration_rules.h"

namespace app {

std::shared_ptr<User> find_user_by_username(orm::Session& session, std::string_view username) {
    return session.query<User>().filter_by(&User::username, trim(username)).first();
}

std::shared_ptr<User> find_user_by_email(orm::Session& session, std::string_view email) {
    // The ORM has no SQL functions on columns yet (func.lower in SQLAlchemy); the text must match the
    // expression of ix_user_email_lower for SQLite to use that index. The value is bound.
    return session.query<User>()
        .filter(orm::Expr("lower(\"user\".\"user_email\") = ?", {orm::Value(normalize_email(email))}))
        .first();
}

} // namespace app
