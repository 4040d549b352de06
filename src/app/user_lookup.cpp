#include "app/user_lookup.h"

#include "app/registration_rules.h"
#include "app/username_folding.h"

namespace app {

std::shared_ptr<User> find_user_by_username(orm::Session& session, std::string_view username) {
    const std::string key = fold_username(trim(username));
    // An ASCII key is an ASCII name's lower(): the expression of ix_user_username_lower.
    if (is_ascii(key))
        if (auto user = session.query<User>().filter(orm::func::lower(&User::username) == key).first()) return user;
    // Every other name that folds to `key` holds a character beyond ASCII ("Straße" for "strasse"). The
    // condition is ix_user_username_unicode's WHERE, so SQLite reads only those rows.
    for (auto& user : session.query<User>().filter(orm::Expr(kNonAsciiUsernameSql, {})).order_by(&User::id).all())
        if (fold_username(user->username) == key) return user;
    return nullptr;
}

std::shared_ptr<User> find_user_by_email(orm::Session& session, std::string_view email) {
    // lower("user"."user_email") is the expression of ix_user_email_lower, so SQLite uses that index.
    return session.query<User>().filter(orm::func::lower(&User::user_email) == normalize_email(email)).first();
}

} // namespace app
