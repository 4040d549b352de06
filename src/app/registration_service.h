// Registration: a form's username, email, password and confirmation → a stored user, or one message per
// field. The tutorial's "register" route, done properly.
//
//     app::RegistrationService registration(db, hasher);
//     auto result = registration.register_user({"peter", "Peter@Example.org", "correct horse", "correct horse"});
//     if (result.ok()) log_in_as(*result.value); else show(result.errors.username, result.errors.email, …);
//
// Stored: the username trimmed, the email as normalize_email() gives it, the password as an Argon2id PHC
// string. Usernames are compared exactly after trimming ("Peter" and "peter" are two users; no Unicode
// normalisation either); emails case-insensitively for ASCII letters. A taken username or email is the
// field error "This username is already registered." / "This email address is already registered.",
// whether the service's own check finds it or the unique index catches a registration that raced it.
// The password is never logged, returned or put in an error.
//
// A form that must keep drawing while the password is hashed (the browser has one thread) registers in
// two steps, with the hash computed a slice at a time in between:
//
//     auto started = registration.start_registration(input);    // rules and taken names, no hashing
//     if (!started.ok()) show(started.errors…);
//     PendingRegistration pending = std::move(*started.value);
//     while (!pending.password_hash.step(8ms)) draw_a_frame();   // progress(): 0..1
//     auto result = registration.finish_registration(pending);   // inserts; a name taken meanwhile is an error
#pragma once

#include "app/models.h"
#include "app/password_hash_job.h"
#include "app/password_strength.h"
#include "app/registration_rules.h"
#include "app/result.h"

namespace orm {
class Database;
}

namespace app {

inline constexpr const char* kUsernameTaken = "This username is already registered.";
inline constexpr const char* kEmailTaken = "This email address is already registered.";

// A registration whose input passed every check, waiting for its password hash. Holds no password.
struct PendingRegistration {
    std::string username; // trimmed
    std::string email;    // normalised
    PasswordHashJob password_hash;
};

class RegistrationService {
  public:
    // All three must outlive the service. Needs the schema of open_schema(). `strength` judges how easy a
    // new password is to guess (the browser host hands in zxcvbn; the default has no estimator).
    RegistrationService(orm::Database& db, const PasswordHasher& hasher,
                        const PasswordStrengthEstimator& strength = no_strength_estimate());

    // The field rules alone (validate_registration with this service's estimator), for a form that
    // checks while the person types; nothing is looked up.
    FieldErrors check(const RegistrationInput& input) const;

    // Validates every field (validate_registration), checks that username and email are free, hashes the
    // password (one Argon2id run, outside any transaction) and inserts the user. Field problems come back
    // as errors, with nothing stored. Throws orm::DatabaseError for database failures other than a taken
    // username/email, app::SecurityError if no salt can be made; nothing is stored then either.
    Result<UserAccount, FieldErrors> register_user(const RegistrationInput& input);

    // register_user's checks (rules, username and email free), then the hash started but not computed.
    // Throws app::SecurityError if no salt can be made or the hash memory cannot be allocated,
    // orm::DatabaseError if the database fails.
    Result<PendingRegistration, FieldErrors> start_registration(const RegistrationInput& input);
    // Inserts the user once `pending.password_hash` is done (std::logic_error before). A username or email
    // taken since start_registration is its field error, as in register_user.
    Result<UserAccount, FieldErrors> finish_registration(const PendingRegistration& pending);

    // Whether a username (trimmed, exact) or an email (normalised, any ASCII case) is already taken.
    bool username_taken(std::string_view username);
    bool email_taken(std::string_view email);

  private:
    orm::Database& db_;
    const PasswordHasher& hasher_;
    const PasswordStrengthEstimator& strength_;
};

} // namespace app
