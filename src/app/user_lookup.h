// Finding users by what people type: the one place that knows how usernames and emails are compared,
// shared by registration and login. Internal to src/app.
#pragma once

#include "app/models.h"

#include <memory>
#include <string_view>

namespace app {

// The user whose username is exactly trim(username), or null. Uses ix_user_username.
std::shared_ptr<User> find_user_by_username(orm::Session& session, std::string_view username);
// The user whose email equals normalize_email(email) ignoring ASCII case, or null. Uses ix_user_email_lower.
std::shared_ptr<User> find_user_by_email(orm::Session& session, std::string_view email);

} // namespace app
