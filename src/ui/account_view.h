// Logging in (username or email, and password), signing out (this tab, or every tab and reload of the
// account: "Sign out everywhere"), and changing the password of the person logged in. Who is logged in
// lives in app::AuthenticationService (its session record keeps a reload signed in); the menu bar shows it.
#pragma once

#include "app/authentication_service.h"
#include "app/shown_query.h"
#include "ui/form_widgets.h"
#include "ui/stepped_submission.h"

#include <chrono>
#include <optional>
#include <string>

namespace app {
class Services;
}

namespace ui {

struct AccountViewState {
    // Log in
    std::string identifier;
    std::string password;
    bool show_password = false;
    bool focus_first_field = true;
    // The account looked up, its password checked a slice a frame, then the answer in a write turn (a
    // login may re-hash a password and records a session).
    SteppedSubmission<app::PendingLogin> login;
    std::optional<std::string> login_error;
    std::optional<app::ShownQuery> shown_login; // the last login's calls and SQL (Show the query)
    bool query_open = false;
    // Change password
    app::PasswordChange change;
    app::PasswordChangeErrors change_errors;
    SteppedSubmission<app::PendingPasswordChange> password_change; // checked and hashed a slice a frame
    std::string change_done; // "Password changed." after a success
    PasswordMeter change_meter; // under the new password; the account's username and email are its context
    std::string failure;     // an unexpected failure (database), with its message
    // Sign out: ending session records writes, so it waits for a write turn.
    DeferredWrite sign_out;
    bool sign_out_everywhere = false;
    std::string signed_out; // "Logged out." after it, shown above the login form
};

// Log in pressed: refuses an empty identifier or password at once; otherwise the login is submitted (then
// advance_login runs each frame).
bool request_login(AccountViewState& state);
// Once a frame while submitted: starts the login (a refusal ends it with `login_error`), then checks the
// password for about `budget` (Argon2, a segment at a time); when the check is done, asks for the write
// turn complete_login runs in. Returns whether it still needs frames. Never throws.
bool advance_login(AccountViewState& state, app::AuthenticationService& auth,
                   std::chrono::microseconds budget = std::chrono::milliseconds(8));
// Gives the checked login's answer; the password field is emptied, on failure `login_error` is set.
void complete_login(AccountViewState& state, app::AuthenticationService& auth);
// Whether a login is between submit and its answer (the form is locked meanwhile).
inline bool login_busy(const AccountViewState& state) { return state.login.busy(); }
// Change password pressed: the change is submitted (then advance_password_change runs each frame).
void request_password_change(AccountViewState& state);
// Once a frame while submitted: starts the change (a refusal ends it with its messages), then checks the
// current password and hashes the new one for about `budget`; when both are done, asks for the write
// turn. Returns whether it still needs frames. Never throws.
bool advance_password_change(AccountViewState& state, app::AuthenticationService& auth,
                             std::chrono::microseconds budget = std::chrono::milliseconds(8));
// Stores the change (needs someone logged in); clears the fields on success.
void complete_password_change(AccountViewState& state, app::AuthenticationService& auth);
inline bool password_change_busy(const AccountViewState& state) {
    return state.password_change.busy();
}
// Log out (or Log out everywhere) pressed: runs at the next write turn (complete_sign_out).
void request_sign_out(AccountViewState& state, bool everywhere);
// Signs out (AuthenticationService::logout or logout_everywhere) and forgets what was typed in the
// password-change form; `signed_out` says what happened, `failure` if the records could not be deleted
// (nobody is signed in here all the same). Never throws.
void complete_sign_out(AccountViewState& state, app::AuthenticationService& auth);
// Wipes the password fields (app::secure_wipe) when the form is left, except those a login or password
// change in progress still needs.
void forget_passwords(AccountViewState& state);

// Returns true if it wrote to the database in this frame (a login may re-hash, a change writes).
bool draw_account_view(AccountViewState& state, app::Services& services, StorageActions& actions);

} // namespace ui
