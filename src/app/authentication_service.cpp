#include "app/authentication_service.h"

#include "app/password_hasher.h"
#include "app/registration_rules.h"
#include "app/text_rules.h"
#include "app/user_lookup.h"

#include "orm/orm.h"

#include <algorithm>
#include <stdexcept>

namespace app {

namespace {

// Compares every byte of the longer string whatever the contents, so the time says nothing about where
// the first difference is.
bool constant_time_equals(std::string_view a, std::string_view b) {
    unsigned difference = a.size() == b.size() ? 0u : 1u;
    const std::size_t length = std::max(a.size(), b.size());
    for (std::size_t i = 0; i < length; ++i) {
        const auto x = i < a.size() ? static_cast<unsigned char>(a[i]) : 0u;
        const auto y = i < b.size() ? static_cast<unsigned char>(b[i]) : 0u;
        difference |= x ^ y;
    }
    return difference == 0;
}

std::string backoff_key(const User* user, std::string_view identifier) {
    return user ? LoginBackoff::account_key(user->id) : LoginBackoff::name_key(normalize_email(identifier));
}

} // namespace

AuthenticationService::AuthenticationService(orm::Database& db, const PasswordHasher& hasher, BackoffPolicy backoff,
                                             LoginBackoff::Clock clock, const PasswordStrengthEstimator& strength)
    : db_(db), hasher_(hasher), strength_(strength), backoff_(db, backoff, clock), sessions_(db, clock) {}

LoginResult AuthenticationService::login(std::string_view identifier, std::string_view password) {
    LoginStart start = start_login(identifier, password);
    if (!start.ok()) return start.errors;
    while (!start.value->done()) start.value->check->step(std::chrono::hours(1));
    return finish_login(*start.value, password);
}

LoginStart AuthenticationService::start_login(std::string_view identifier, std::string_view password) {
    current_.reset();
    if (!token_.empty()) abandoned_token_ = std::move(token_); // no write here: finish_login ends it
    token_.clear();
    orm::Session session(db_);
    auto user = find_user_by_username(session, identifier);
    if (!user) user = find_user_by_email(session, identifier);

    PendingLogin pending;
    pending.key = backoff_key(user.get(), identifier);
    if (const auto wait = backoff_.wait_before_attempt(pending.key); wait.count() > 0)
        return LoginStart::failure(LoginResult{std::nullopt, wait_message(wait), wait});

    // An overlong password, or one with a NUL or invalid UTF-8, is refused before any work, as
    // registration would never have stored it ("nulpw\0secret" never matches a hash of "nulpw").
    const bool plausible = !password.empty() && password.size() <= kPasswordMaxBytes && !find_text_problem(password);
    if (user && plausible) {
        pending.user_id = user->id;
        pending.checked = user->user_password;
        // A legacy plaintext value needs no job (finish_login compares it); nor does a string verify()
        // would refuse to run, which never matches.
        if (PasswordHasher::looks_like_phc(user->user_password))
            pending.check = PasswordHashJob::verification(user->user_password, password);
    } else {
        // No account: the same Argon2 work as a verification with this hasher's costs, so the time says
        // nothing about whether the account exists. Never a match.
        pending.decoy = true;
        pending.check.emplace(hasher_, password.substr(0, kPasswordMaxBytes));
    }
    return LoginStart::success(std::move(pending));
}

LoginResult AuthenticationService::finish_login(const PendingLogin& pending, std::string_view password) {
    if (!pending.done()) throw std::logic_error("finish_login() before the password check is done");
    current_.reset();
    token_.clear();
    if (!abandoned_token_.empty()) {
        sessions_.end(abandoned_token_);
        abandoned_token_.clear();
    }
    orm::Session session(db_);
    std::shared_ptr<User> user = pending.user_id ? session.get<User>(*pending.user_id) : nullptr;
    bool matches = false;
    // Changed meanwhile (another tab set a new password): the check ran against the old one.
    if (user && !pending.decoy && user->user_password == pending.checked) {
        if (pending.check) matches = pending.check->matches();
        else if (!PasswordHasher::looks_like_phc(user->user_password))
            matches = constant_time_equals(password, user->user_password);
    }
    const std::string& key = pending.key;
    if (!matches) {
        backoff_.record_failure(key);
        return LoginResult{std::nullopt, std::string(kWrongCredentials), {}};
    }
    backoff_.record_success(key);
    if (hasher_.needs_rehash(user->user_password)) {
        user->user_password = hasher_.hash(password);
        session.commit();
    }
    token_ = sessions_.begin(user->id);
    current_ = account_of(*user);
    return LoginResult{current_, std::nullopt, {}};
}

void AuthenticationService::logout() {
    current_.reset();
    const std::string token = std::move(token_);
    token_.clear();
    if (!token.empty()) sessions_.end(token);
}

int AuthenticationService::logout_everywhere() {
    if (!current_) throw std::logic_error("logout_everywhere() needs a signed-in user");
    const std::int64_t id = current_->id;
    current_.reset();
    token_.clear();
    return sessions_.end_all(id);
}

bool AuthenticationService::resume_session(std::string_view token) {
    current_.reset();
    token_.clear();
    current_ = sessions_.resume(token);
    if (current_) token_ = std::string(token);
    return current_.has_value();
}

bool AuthenticationService::resume(const UserAccount& account) {
    current_.reset();
    orm::Session session(db_);
    const auto user = session.get<User>(account.id);
    if (!user || user->username != account.username || user->user_email != account.email) {
        token_.clear();
        return false;
    }
    current_ = account_of(*user);
    return true;
}

bool PendingPasswordChange::step(std::chrono::microseconds budget) {
    if (check && !check->done()) check->step(budget);
    else if (new_hash && !new_hash->done()) new_hash->step(budget);
    return done();
}

PasswordChangeErrors AuthenticationService::change_password(const PasswordChange& change) {
    PasswordChangeStart start = start_password_change(change);
    if (!start.ok()) return start.errors;
    while (!start.value->step(std::chrono::hours(1))) {
    }
    return finish_password_change(*start.value, change.current_password);
}

PasswordChangeStart AuthenticationService::start_password_change(const PasswordChange& change) {
    if (!current_) throw std::logic_error("change_password() needs a logged-in user");
    orm::Session session(db_);
    auto user = session.get<User>(current_->id);
    if (!user) {
        // Deleted while logged in (e.g. from the records view): nothing to change, and nobody to be.
        current_.reset();
        token_.clear();
        return PasswordChangeStart::failure({.current_password = "This account no longer exists."});
    }
    PendingPasswordChange pending;
    pending.key = backoff_key(user.get(), {});
    if (const auto wait = backoff_.wait_before_attempt(pending.key); wait.count() > 0) {
        return PasswordChangeStart::failure({.current_password = wait_message(wait)});
    }
    pending.user_id = user->id;
    pending.checked = user->user_password;
    // The registration rules for the password and its confirmation; the username is the stored one.
    const FieldErrors rules =
        validate_registration({user->username, user->user_email, change.new_password, change.confirmation}, strength_);
    pending.rules.new_password = rules.password;
    pending.rules.confirmation = rules.confirmation;
    pending.plausible = !change.current_password.empty() && change.current_password.size() <= kPasswordMaxBytes;
    if (pending.plausible && PasswordHasher::looks_like_phc(user->user_password))
        pending.check = PasswordHashJob::verification(user->user_password, change.current_password);
    if (pending.rules.ok()) pending.new_hash.emplace(hasher_, change.new_password);
    return PasswordChangeStart::success(std::move(pending));
}

PasswordChangeErrors AuthenticationService::finish_password_change(const PendingPasswordChange& pending,
                                                                   std::string_view current_password) {
    if (!pending.done()) throw std::logic_error("finish_password_change() before its steps are done");
    PasswordChangeErrors errors = pending.rules;
    orm::Session session(db_);
    auto user = session.get<User>(pending.user_id);
    if (!user) {
        current_.reset();
        errors.current_password = "This account no longer exists.";
        return errors;
    }
    bool matches = false;
    // Changed meanwhile (another tab): the check ran against the old value.
    if (pending.plausible && user->user_password == pending.checked) {
        if (pending.check) matches = pending.check->matches();
        else if (!PasswordHasher::looks_like_phc(user->user_password))
            matches = constant_time_equals(current_password, user->user_password);
    }
    if (!matches) {
        backoff_.record_failure(pending.key);
        errors.current_password = current_password.empty() ? "Enter your current password." : "Wrong password.";
    } else {
        backoff_.record_success(pending.key);
    }
    if (!errors.ok()) return errors;

    user->user_password = pending.new_hash->phc();
    session.commit();
    return errors;
}

std::string AuthenticationService::wait_message(std::chrono::milliseconds wait) {
    const auto seconds = (wait.count() + 999) / 1000;
    return "Too many failed attempts. Try again in " + std::to_string(seconds) +
           (seconds == 1 ? " second." : " seconds.");
}

} // namespace app
