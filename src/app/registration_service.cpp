#include "app/registration_service.h"

#include "app/password_hasher.h"
#include "app/user_lookup.h"

#include "orm/orm.h"

namespace app {

namespace {

// Which field a unique index refused: SQLite names the column for a plain index ("user.username") and
// the index for an expression index ("index 'ix_user_email_lower'").
FieldErrors errors_for_unique_violation(const orm::ConstraintError& error) {
    FieldErrors errors;
    const std::string column = error.column();
    if (column == "user.username" || column.find("ix_user_username") != std::string::npos)
        errors.username = kUsernameTaken;
    else if (column == "user.user_email" || column.find("ix_user_email_lower") != std::string::npos)
        errors.email = kEmailTaken;
    return errors;
}

} // namespace

RegistrationService::RegistrationService(orm::Database& db, const PasswordHasher& hasher,
                                         const PasswordStrengthEstimator& strength)
    : db_(db), hasher_(hasher), strength_(strength) {}

FieldErrors RegistrationService::check(const RegistrationInput& input) const {
    return validate_registration(input, strength_);
}

bool RegistrationService::username_taken(std::string_view username) {
    orm::Session session(db_);
    return find_user_by_username(session, username) != nullptr;
}

bool RegistrationService::email_taken(std::string_view email) {
    orm::Session session(db_);
    return find_user_by_email(session, email) != nullptr;
}

Result<UserAccount, FieldErrors> RegistrationService::register_user(const RegistrationInput& input) {
    auto started = start_registration(input);
    if (!started.ok()) return Result<UserAccount, FieldErrors>::failure(std::move(started.errors));
    while (!started.value->password_hash.step(std::chrono::hours(1))) {
    }
    return finish_registration(*started.value);
}

Result<PendingRegistration, FieldErrors> RegistrationService::start_registration(const RegistrationInput& input) {
    using R = Result<PendingRegistration, FieldErrors>;
    FieldErrors errors = check(input);
    orm::Session session(db_);
    if (!errors.username && find_user_by_username(session, input.username)) errors.username = kUsernameTaken;
    if (!errors.email && find_user_by_email(session, input.email)) errors.email = kEmailTaken;
    if (!errors.ok()) return R::failure(std::move(errors));
    return R::success({trim(input.username), normalize_email(input.email), PasswordHashJob(hasher_, input.password)});
}

Result<UserAccount, FieldErrors> RegistrationService::finish_registration(const PendingRegistration& pending) {
    using R = Result<UserAccount, FieldErrors>;
    // Hashing takes tens of milliseconds, spread over frames; no transaction is open meanwhile, so another
    // registration (another tab) can take the name in between. The unique indexes catch that below.
    orm::Session session(db_);
    auto user = session.add(User{0, pending.username, pending.email, pending.password_hash.phc()});
    try {
        session.commit();
    } catch (const orm::ConstraintError& error) {
        if (!error.is_unique()) throw;
        FieldErrors raced = errors_for_unique_violation(error);
        if (raced.ok()) throw; // some other unique constraint: not a field the person can fix
        return R::failure(std::move(raced));
    }
    return R::success(account_of(*user));
}

} // namespace app
