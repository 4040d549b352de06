// The registration form: username, email, password and its confirmation, each with its message under
// it (as the person types, once a field was edited, and on submit), a busy state with a progress bar
// while the password is hashed, and "User registration successful" with the new account.
//
// The Argon2id hash (~80 ms in wasm) is computed a slice per frame (app::PendingRegistration), so the
// page keeps drawing and no frame carries the whole hash; only the insert runs in a write turn.
#pragma once

#include "app/registration_rules.h"
#include "app/registration_service.h"
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

struct RegisterViewState {
    app::RegistrationInput input;
    app::FieldErrors errors;
    bool edited[4] = {false, false, false, false}; // username, email, password, confirmation
    bool show_password = false;
    bool focus_first_field = true;
    // Past the rules: the names checked and the hash started, hashed a slice a frame, stored in a write turn.
    SteppedSubmission<app::PendingRegistration> submission;
    std::optional<app::UserAccount> registered; // the last account created here
    std::string failure;                        // an unexpected failure (database), not a field problem
    PasswordMeter meter; // under the password; username and email are its context
    std::optional<app::ShownQuery> shown; // the last submission's calls and SQL (Show the query)
    bool query_open = false;
};

enum class RegisterField { Username = 0, Email = 1, Password = 2, Confirmation = 3 };

// The person changed `field`: messages are refreshed for every field edited so far (the rules, with the
// service's password estimator; whether the name is taken is checked on submit), and the meter is due.
void note_register_field_edited(RegisterViewState& state, RegisterField field,
                                const app::RegistrationService& registration);
// Submit pressed: checks the rules on every field; if they pass, the registration is submitted (then
// advance_registration runs each frame). Returns whether it was.
bool request_registration(RegisterViewState& state, const app::RegistrationService& registration);
// The meter brought up to date (PasswordMeter::refresh); when the first verdict arrives while the
// password's message still says the estimator is loading, the messages are checked again.
void refresh_password_strength(RegisterViewState& state, const app::RegistrationService& registration,
                               const app::PasswordStrengthEstimator& strength);
// Wipes the password and its confirmation (app::secure_wipe): after a submit, and when the form is left.
void forget_passwords(RegisterViewState& state);
// Once a frame while submitted: first checks that the names are free (field errors end it) and starts the
// hash, then hashes for about `budget`; when the hash is done, asks for the write (complete_registration
// at the write turn). Returns whether it still needs frames. Never throws: a failure is `failure`.
bool advance_registration(RegisterViewState& state, app::RegistrationService& registration,
                          std::chrono::microseconds budget = std::chrono::milliseconds(8));
// Stores the hashed registration. Success: `registered` is set and the form emptied. Field problems
// (a username or email taken meanwhile): `errors`. Any exception: `failure`, with its message.
void complete_registration(RegisterViewState& state, app::RegistrationService& registration);
// Whether the form is between submit and the stored result (the fields are locked meanwhile).
inline bool registration_busy(const RegisterViewState& state) { return state.submission.busy(); }

// Returns true if it wrote to the database in this frame.
bool draw_register_view(RegisterViewState& state, app::Services& services, StorageActions& actions);

} // namespace ui
