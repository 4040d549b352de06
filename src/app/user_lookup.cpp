#include "app/user_lookup.h"

#include "app/registration_rules.h"

namespace app {

std::shared_ptr<User> find_user_by_username(orm::Session& session, std::string_view username) {
    return session.query<User>().filter_by(&User::username, trim(username)).first();
}

std::shared_ptr<User> find_user_by_email(orm::Session& session, std::string_view email) {
    // lower("user"."user_email") is the expression of ix_user_email_lower, so SQLite uses that index.
    return session.query<User>().filter(orm::func::lower(&User::user_email) == normalize_email(email)).first();
}

} // namespace app
