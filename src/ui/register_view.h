// The registration form: username, email, password and its confirmation, each with its message under
// it (as the person types, once a field was edited, and on submit), a busy state while the password is
// hashed, and "User registration successful" with the new account.
#pragma once

#include "app/registration_rules.h"
#include "app/registration_service.h"
#include "ui/form_widgets.h"

#include <optional>
#include <string>

namespace ui {

class AppServices;

struct RegisterViewState {
    app::RegistrationInput input;
    app::FieldErrors errors;
    bool edited[4] = {false, false, false, false}; // username, email, password, confirmation
    bool show_password = false;
    bool focus_first_field = true;
    DeferredWrite write;
    std::optional<app::UserAccount> registered; // the last account created here
    std::string failure;                        // an unexpected failure (database), not a field problem
};

enum class RegisterField { Username = 0, Email = 1, Password = 2, Confirmation = 3 };

// The person changed `field`: messages are refreshed for every field edited so far (rules only; whether
// the name is taken is checked on submit).
void note_register_field_edited(RegisterViewState& state, RegisterField field);
// Submit pressed: checks the rules on every field; if they pass, the registration becomes pending (the
// caller runs complete_registration when the write turn comes). Returns whether it became pending.
bool request_registration(RegisterViewState& state);
// Registers the pending input. Success: `registered` is set and the form emptied. Field problems
// (including a taken username or email): `errors`. Any exception: `failure`, with its message.
void complete_registration(RegisterViewState& state, app::RegistrationService& registration);

// Returns true if it wrote to the database in this frame.
bool draw_register_view(RegisterViewState& state, AppServices& services, StorageActions& actions);

} // namespace ui
