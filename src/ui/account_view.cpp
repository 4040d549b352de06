#include "ui/account_view.h"

#include "app/secure_wipe.h"
#include "app/tutorial_calls.h"
#include "ui/accessibility_tree.h"
#include "app/services.h"
#include "ui/query_panel.h"

#include <exception>
#include <stdexcept>

namespace ui {

namespace {

void wipe(app::PasswordChange& change) {
    app::secure_wipe(change.current_password);
    app::secure_wipe(change.new_password);
    app::secure_wipe(change.confirmation);
}

} // namespace

bool request_login(AccountViewState& state) {
    state.failure.clear();
    state.login_error.reset();
    if (app::trim(state.identifier).empty() || state.password.empty()) {
        state.login_error = "Enter your username or email and your password.";
        return false;
    }
    state.login.submit();
    return true;
}

bool advance_login(AccountViewState& state, app::AuthenticationService& auth, std::chrono::microseconds budget) {
    try {
        return state.login.advance(
            [&]() -> std::optional<app::PendingLogin> {
                app::LoginStart start = auth.start_login(state.identifier, state.password); // the account looked up
                if (start.ok()) return std::move(*start.value);
                app::secure_wipe(state.password);
                state.login_error = start.errors.error.value_or(app::kWrongCredentials);
                return std::nullopt;
            },
            [&](app::PendingLogin& pending) { return pending.done() || pending.check->step(budget); });
    } catch (const std::exception& error) {
        state.failure = std::string("Login failed: ") + error.what();
        return false;
    }
}

void complete_login(AccountViewState& state, app::AuthenticationService& auth) {
    try {
        state.login.finish([&](app::PendingLogin& pending) {
            const app::LoginResult result = auth.finish_login(pending, state.password);
            app::secure_wipe(state.password); // finish_login was its last use (a re-hash)
            if (result.ok()) {
                state.login_error.reset();
                state.change_done.clear();
            } else {
                state.login_error = result.error.value_or(app::kWrongCredentials);
            }
        });
    } catch (const std::exception& error) {
        state.failure = std::string("Login failed: ") + error.what();
    }
}

void request_password_change(AccountViewState& state) {
    state.change_done.clear();
    state.failure.clear();
    state.password_change.submit();
}

bool advance_password_change(AccountViewState& state, app::AuthenticationService& auth,
                             std::chrono::microseconds budget) {
    try {
        return state.password_change.advance(
            [&]() -> std::optional<app::PendingPasswordChange> {
                if (!auth.current_user()) throw std::runtime_error("log in first");
                app::PasswordChangeStart start = auth.start_password_change(state.change);
                if (start.ok()) return std::move(*start.value);
                state.change_errors = start.errors;
                return std::nullopt;
            },
            [&](app::PendingPasswordChange& pending) { return pending.step(budget); });
    } catch (const std::exception& error) {
        state.failure = std::string("The password was not changed: ") + error.what();
        return false;
    }
}

void complete_password_change(AccountViewState& state, app::AuthenticationService& auth) {
    try {
        state.password_change.finish([&](app::PendingPasswordChange& pending) {
            if (!auth.current_user()) {
                state.failure = "Log in first.";
                return;
            }
            state.change_errors = auth.finish_password_change(pending, state.change.current_password);
            // Submitted: the passwords go, whatever the answer (the messages say what to type again).
            wipe(state.change);
            if (state.change_errors.ok()) state.change_done = "Password changed.";
        });
    } catch (const std::exception& error) {
        state.failure = std::string("The password was not changed: ") + error.what();
    }
}

void forget_passwords(AccountViewState& state) {
    if (state.login.needs_input()) return; // the login's last step still needs the password
    app::secure_wipe(state.password);
    if (state.password_change.needs_input()) return;
    wipe(state.change);
}

void request_sign_out(AccountViewState& state, bool everywhere) {
    state.sign_out_everywhere = everywhere;
    state.failure.clear();
    state.sign_out.request();
}

void complete_sign_out(AccountViewState& state, app::AuthenticationService& auth) {
    try {
        if (state.sign_out_everywhere && auth.current_user()) {
            const int ended = auth.logout_everywhere();
            state.signed_out = "Logged out everywhere: " + std::to_string(ended) +
                               (ended == 1 ? " session" : " sessions") + " ended.";
        } else {
            auth.logout();
            state.signed_out = "Logged out.";
        }
    } catch (const std::exception& error) {
        state.signed_out = "Logged out in this tab.";
        state.failure = std::string("The session record could not be deleted: ") + error.what();
    }
    wipe(state.change);
    app::secure_wipe(state.password);
    state.change_errors = {};
    state.change_done.clear();
    state.focus_first_field = true;
}

namespace {

bool draw_login_form(AccountViewState& state, StorageActions& actions, app::AuthenticationService& auth,
                     app::QueryRecorder& queries, float width) {
    if (!state.signed_out.empty()) success_message(state.signed_out);
    heading("Log in");
    const bool busy = login_busy(state);
    if (busy) ImGui::BeginDisabled();
    if (state.focus_first_field) {
        ImGui::SetKeyboardFocusHere();
        state.focus_first_field = false;
    }
    AccessibilityTree::begin_form("login");
    bool submit = form_field("Username or email", "##login-identifier", state.identifier, std::nullopt,
                             std::max(app::kUsernameMaxCharacters, app::kEmailMaxCharacters), 0, width, "username");
    submit |= form_field("Password", "##login-password", state.password, std::nullopt, app::kPasswordMaxBytes,
                         state.show_password ? 0 : ImGuiInputTextFlags_Password, width, "current-password");
    ImGui::Checkbox("Show password##login", &state.show_password);
    if (busy) ImGui::EndDisabled();
    ImGui::Spacing();
    if (action_button("Log in", busy, "Checking\xe2\x80\xa6")) submit = true;
    AccessibilityTree::mark_submit();
    AccessibilityTree::end_form();
    if (submit && !busy && request_login(state)) state.shown_login = app::tutorial::log_in(state.identifier);
    if (state.login_error) error_message(*state.login_error);
    if (state.login.submitted && state.shown_login) {
        auto recording = queries.record(*state.shown_login);
        advance_login(state, auth);
    }
    if (!state.login.write.take(actions)) return false;
    {
        std::optional<app::QueryRecorder::Recording> recording;
        if (state.shown_login) recording.emplace(queries.record(*state.shown_login));
        complete_login(state, auth);
    }
    if (auth.current_user()) {
        state.signed_out.clear();
        AccessibilityTree::credentials_accepted("login");
    }
    return true;
}

bool draw_signed_in(AccountViewState& state, StorageActions& actions, app::AuthenticationService& auth,
                    const app::PasswordStrengthEstimator& strength, float width) {
    const app::UserAccount& user = *auth.current_user();
    heading("Signed in");
    ImGui::Text("%s", user.username.c_str());
    ImGui::TextDisabled("%s \xc2\xb7 account #%lld", user.email.c_str(), static_cast<long long>(user.id));
    ImGui::Spacing();
    const bool signing_out = state.sign_out.pending;
    ImGui::BeginDisabled(signing_out);
    if (ImGui::Button("Log out")) request_sign_out(state, false);
    ImGui::SameLine();
    if (ImGui::Button("Log out everywhere")) request_sign_out(state, true);
    ImGui::EndDisabled();
    const std::string lasts = "You stay signed in in this tab, across reloads, until you log out, close the tab or " +
                              std::to_string(app::kSessionLifetime.count()) +
                              " hours pass. \"Log out everywhere\" also signs out your other tabs.";
    hint(lasts.c_str());
    if (state.sign_out.take(actions)) {
        complete_sign_out(state, auth);
        return true;
    }

    heading("Change password");
    const bool busy = password_change_busy(state);
    if (busy) ImGui::BeginDisabled();
    const ImGuiInputTextFlags secret = state.show_password ? 0 : ImGuiInputTextFlags_Password;
    bool submit =
        form_field("Current password", "##change-current", state.change.current_password,
                   state.change_errors.current_password, app::kPasswordMaxBytes, secret, width, "current-password");
    submit |= form_field("New password", "##change-new", state.change.new_password, state.change_errors.new_password,
                         app::kPasswordMaxBytes, secret, width, "new-password");
    if (ImGui::IsItemEdited()) state.change_meter.changed();
    state.change_meter.refresh(strength, state.change.new_password, app::password_context(user.username, user.email));
    state.change_meter.draw(width);
    submit |= form_field("Confirm new password", "##change-confirmation", state.change.confirmation,
                         state.change_errors.confirmation, app::kPasswordMaxBytes, secret, width, "new-password");
    ImGui::Checkbox("Show passwords##change", &state.show_password);
    if (busy) ImGui::EndDisabled();
    ImGui::Spacing();
    if (action_button("Change password", busy, "Changing\xe2\x80\xa6")) submit = true;
    if (submit && !busy) request_password_change(state);
    if (!state.change_done.empty()) success_message(state.change_done);
    advance_password_change(state, auth);
    if (!state.password_change.write.take(actions)) return false;
    complete_password_change(state, auth);
    return true;
}

} // namespace

bool draw_account_view(AccountViewState& state, app::Services& services, StorageActions& actions) {
    const float width = ImGui::GetFontSize() * 24.0f;
    app::AuthenticationService& auth = services.authentication;
    const bool wrote = auth.current_user() ? draw_signed_in(state, actions, auth, services.password_strength, width)
                                           : draw_login_form(state, actions, auth, services.queries, width);
    if (!state.failure.empty()) error_message(state.failure);
    ImGui::Spacing();
    draw_query_panel("login", state.shown_login ? &*state.shown_login : nullptr, state.query_open);
    return wrote;
}

} // namespace ui
