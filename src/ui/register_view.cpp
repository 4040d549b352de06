#include "ui/register_view.h"

#include "app/secure_wipe.h"
#include "app/tutorial_calls.h"
#include "ui/accessibility_tree.h"
#include "app/services.h"
#include "ui/query_panel.h"

#include <exception>

namespace ui {
namespace {

std::optional<std::string>& error_of(app::FieldErrors& errors, RegisterField field) {
    switch (field) {
    case RegisterField::Username: return errors.username;
    case RegisterField::Email: return errors.email;
    case RegisterField::Password: return errors.password;
    default: return errors.confirmation;
    }
}

// Messages for every field edited so far (the confirmation is judged once typed; an empty one while
// typing the password is not an error).
void recheck_edited_fields(RegisterViewState& state, const app::RegistrationService& registration) {
    app::FieldErrors checked = registration.check(state.input);
    for (int i = 0; i < 4; ++i) {
        const auto each = static_cast<RegisterField>(i);
        if (state.edited[i]) error_of(state.errors, each) = error_of(checked, each);
    }
}

} // namespace

void note_register_field_edited(RegisterViewState& state, RegisterField field,
                                const app::RegistrationService& registration) {
    state.edited[static_cast<int>(field)] = true;
    state.registered.reset();
    state.meter.changed();
    recheck_edited_fields(state, registration);
}

void forget_passwords(RegisterViewState& state) {
    app::secure_wipe(state.input.password);
    app::secure_wipe(state.input.confirmation);
}

void refresh_password_strength(RegisterViewState& state, const app::RegistrationService& registration,
                               const app::PasswordStrengthEstimator& strength) {
    const bool answered = state.meter.refresh(
        strength, state.input.password,
        app::password_context(app::trim(state.input.username), app::normalize_email(state.input.email)));
    if (answered && state.errors.password == app::kPasswordCheckLoading) recheck_edited_fields(state, registration);
}

bool request_registration(RegisterViewState& state, const app::RegistrationService& registration) {
    for (bool& edited : state.edited) edited = true;
    state.failure.clear();
    state.registered.reset();
    state.errors = registration.check(state.input);
    if (!state.errors.ok()) return false;
    state.submission.submit();
    return true;
}

bool advance_registration(RegisterViewState& state, app::RegistrationService& registration,
                          std::chrono::microseconds budget) {
    try {
        return state.submission.advance(
            [&]() -> std::optional<app::PendingRegistration> {
                auto started = registration.start_registration(state.input); // the names free, Argon2 set up
                if (!started.ok()) {
                    state.errors = started.errors;
                    return std::nullopt;
                }
                // The password is in Argon2's state now: the form's copies go (a failure asks for it again).
                app::secure_wipe(state.input.password);
                app::secure_wipe(state.input.confirmation);
                return std::move(*started.value);
            },
            [&](app::PendingRegistration& pending) { return pending.password_hash.step(budget); });
    } catch (const std::exception& error) {
        state.failure = std::string("Registration failed: ") + error.what();
        return false;
    }
}

void complete_registration(RegisterViewState& state, app::RegistrationService& registration) {
    try {
        state.submission.finish([&](app::PendingRegistration& pending) {
            auto result = registration.finish_registration(pending);
            if (!result.ok()) {
                state.errors = result.errors;
                return;
            }
            state.registered = *result.value;
            forget_passwords(state);
            state.input = {};
            state.errors = {};
            for (bool& edited : state.edited) edited = false;
            state.focus_first_field = true;
        });
    } catch (const std::exception& error) {
        state.failure = std::string("Registration failed: ") + error.what();
    }
}

bool draw_register_view(RegisterViewState& state, app::Services& services, StorageActions& actions) {
    const float width = ImGui::GetFontSize() * 24.0f;
    heading("Create an account");
    hint("Usernames are 3 to 100 characters; passwords at least 8 and not easy to guess. Passwords are stored "
         "as Argon2id hashes.");
    ImGui::Spacing();

    const bool busy = registration_busy(state);
    if (busy) ImGui::BeginDisabled();
    bool submit = false;
    if (state.focus_first_field) {
        ImGui::SetKeyboardFocusHere();
        state.focus_first_field = false;
    }
    AccessibilityTree::begin_form("register");
    submit |= form_field("Username", "##register-username", state.input.username, state.errors.username,
                         app::kUsernameMaxCharacters, 0, width, "username");
    if (ImGui::IsItemEdited()) note_register_field_edited(state, RegisterField::Username, services.registration);
    submit |= form_field("Email", "##register-email", state.input.email, state.errors.email, app::kEmailMaxCharacters,
                         0, width, "email");
    if (ImGui::IsItemEdited()) note_register_field_edited(state, RegisterField::Email, services.registration);
    const ImGuiInputTextFlags secret = state.show_password ? 0 : ImGuiInputTextFlags_Password;
    submit |= form_field("Password", "##register-password", state.input.password, state.errors.password,
                         app::kPasswordMaxBytes, secret, width, "new-password");
    if (ImGui::IsItemEdited()) note_register_field_edited(state, RegisterField::Password, services.registration);
    refresh_password_strength(state, services.registration, services.password_strength);
    state.meter.draw(width);
    submit |= form_field("Confirm password", "##register-confirmation", state.input.confirmation,
                         state.errors.confirmation, app::kPasswordMaxBytes, secret, width, "new-password");
    if (ImGui::IsItemEdited()) note_register_field_edited(state, RegisterField::Confirmation, services.registration);
    ImGui::Checkbox("Show password##register", &state.show_password);
    if (busy) ImGui::EndDisabled();

    ImGui::Spacing();
    if (action_button("Register##submit", busy, "Registering\xe2\x80\xa6")) submit = true;
    AccessibilityTree::mark_submit();
    AccessibilityTree::end_form();
    if (submit && !busy && request_registration(state, services.registration))
        state.shown = app::tutorial::register_user(state.input.username, state.input.email);
    if (busy) {
        ImGui::SameLine();
        const auto& pending = state.submission.pending;
        const float progress = pending ? static_cast<float>(pending->password_hash.progress()) : 0.0f;
        ImGui::AlignTextToFramePadding();
        ImGui::TextDisabled(state.submission.write.pending ? "Saving\xe2\x80\xa6" : "Hashing the password\xe2\x80\xa6");
        ImGui::SameLine();
        ImGui::ProgressBar(state.submission.write.pending ? 1.0f : progress, ImVec2(ImGui::GetFontSize() * 8.0f, 0.0f), "");
    }

    if (!state.failure.empty()) error_message(state.failure);
    if (state.registered) {
        ImGui::Spacing();
        success_message("User registration successful");
        ImGui::Text("Account #%lld: %s <%s>", static_cast<long long>(state.registered->id),
                    state.registered->username.c_str(), state.registered->email.c_str());
    }

    if (state.submission.submitted && state.shown) {
        auto recording = services.queries.record(*state.shown);
        advance_registration(state, services.registration);
    }
    const bool wrote = state.submission.write.take(actions);
    if (wrote) {
        std::optional<app::QueryRecorder::Recording> recording;
        if (state.shown) recording.emplace(services.queries.record(*state.shown));
        complete_registration(state, services.registration);
        if (state.registered) AccessibilityTree::credentials_accepted("register");
    }
    ImGui::Spacing();
    draw_query_panel("register", state.shown ? &*state.shown : nullptr, state.query_open);
    return wrote;
}

} // namespace ui
