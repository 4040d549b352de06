// Finding users by what people type: the one place that knows how usernames and emails are compared,
// shared by registration and login. Internal to src/app.
#pragma once

#include "app/models.h"

#include <memory>
#include <string_view>

namespace app {

// True for a username with a character beyond printable ASCII: ix_user_username_unicode's WHERE, as a query
// writes it (SQLite uses a partial index only for a query that repeats its condition).
inline constexpr const char* kNonAsciiUsernameSql = "\"user\".\"username\" GLOB '*[^ -~]*'";

// The user whose username is the same name as trim(username) (fold_username: "peter" finds "Peter"), or
// null. A name of ASCII characters is found through ix_user_username_lower; names with other characters
// are compared in C++, over the rows of ix_user_username_unicode (only names with a non-ASCII character).
std::shared_ptr<User> find_user_by_username(orm::Session& session, std::string_view username);
// The user whose email equals normalize_email(email) ignoring ASCII case, or null. Uses ix_user_email_lower.
std::shared_ptr<User> find_user_by_email(orm::Session& session, std::string_view email);

} // namespace app
