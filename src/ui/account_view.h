// Logging in (username or email, and password), logging out, and changing the password of the person
// logged in. Who is logged in lives in app::AuthenticationService; the menu bar shows it.
#pragma once

#include "app/authentication_service.h"
#include "ui/form_widgets.h"

#include <optional>
#include <string>

namespace ui {

class AppServices;

struct AccountViewState {
    // Log in
    std::string identifier;
    std::string password;
    bool show_password = false;
    bool focus_first_field = true;
    DeferredWrite login; // a login may re-hash a password, so it waits for a write turn
    std::optional<std::string> login_error;
    // Change password
    app::PasswordChange change;
    app::PasswordChangeErrors change_errors;
    DeferredWrite change_write;
    std::string change_done; // "Password changed." after a success
    std::string failure;     // an unexpected failure (database), with its message
};

// Log in pressed: refuses an empty identifier or password at once; otherwise the login becomes pending.
bool request_login(AccountViewState& state);
// Runs the pending login; on success the password field is emptied, on failure `login_error` is set.
void complete_login(AccountViewState& state, app::AuthenticationService& auth);
// Runs the pending password change (needs someone logged in); clears the fields on success.
void complete_password_change(AccountViewState& state, app::AuthenticationService& auth);
// Logs out and forgets what was typed in the password-change form.
void log_out(AccountViewState& state, app::AuthenticationService& auth);

// Returns true if it wrote to the database in this frame (a login may re-hash, a change writes).
bool draw_account_view(AccountViewState& state, AppServices& services, StorageActions& actions);

} // namespace ui
