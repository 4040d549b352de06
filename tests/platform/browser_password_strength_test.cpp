// zxcvbn's verdicts, as the browser host runs them (web/host_library_password_strength.js), under node
// with node_modules' zxcvbn 4.4.2: the common passwords NIST SP 800-63B asks to refuse are refused with
// zxcvbn's reason, a strong one is accepted, the person's own name counts against a password, and the
// registration and password-change services apply the rule. Only in the wasm suite: zxcvbn is JavaScript.
#include "app/app_test_support.h"
#include "app/authentication_service.h"
#include "app/demo_data.h"
#include "app/registration_service.h"
#include "platform/browser_password_strength.h"

#include <doctest/doctest.h>

#include <string>

namespace {

using Availability = app::PasswordStrengthEstimator::Availability;

std::optional<std::string> problem(const std::string& password, const std::vector<std::string>& context = {}) {
    static const platform::BrowserPasswordStrength strength;
    return app::password_strength_problem(strength, password, context);
}

} // namespace

TEST_CASE("zxcvbn is there at once under node, and scores as its authors publish") {
    const platform::BrowserPasswordStrength strength;
    REQUIRE(strength.availability() == Availability::Ready);
    const app::PasswordStrength common = strength.estimate("password", {});
    CHECK(common.score == 0);
    CHECK(common.warning == "This is a top-10 common password");
    REQUIRE_FALSE(common.suggestions.empty());
    CHECK(common.suggestions.front() == "Add another word or two. Uncommon words are better.");
    CHECK(strength.estimate("correct horse battery staple", {}).score == app::kBestPasswordScore);
    CHECK(strength.estimate("correct horse battery staple", {}).warning.empty());
}

TEST_CASE("common, repeated and keyboard-row passwords are refused with zxcvbn's reason") {
    CHECK(problem("password") == "Too easy to guess: this is a top-10 common password.");
    CHECK(problem("12345678") == "Too easy to guess: this is a top-10 common password.");
    CHECK(problem("aaaaaaaa") == "Too easy to guess: repeats like \"aaa\" are easy to guess.");
    CHECK(problem("qwertyuiop") == "Too easy to guess: this is a top-100 common password.");
    CHECK(problem("password123") == "Too easy to guess: this is a very common password.");
    // Substitutions fool nobody.
    CHECK(problem("pa55word").has_value());
}

TEST_CASE("a passphrase and the demo password are accepted") {
    CHECK_FALSE(problem("correct horse battery staple"));
    CHECK_FALSE(problem("peter-pan-sunday"));
    CHECK_FALSE(problem(std::string(app::kDemoPassword))); // the demo accounts' password, shown in the UI
}

TEST_CASE("the person's own username and email count against the password") {
    CHECK_FALSE(problem("peterdury1987"));
    CHECK(problem("peterdury1987", app::password_context("Peter", "peterdury@gmail.com")) ==
          "Too easy to guess: add another word or two. Uncommon words are better.");
    app_test::AppDatabase app;
    const platform::BrowserPasswordStrength strength;
    const auto refused = app::RegistrationService(app.db, app.hasher, strength)
                             .register_user({"Peter", "peterdury@gmail.com", "peterdury1987", "peterdury1987"});
    CHECK(refused.errors.password == "Too easy to guess: add another word or two. Uncommon words are better.");
}

TEST_CASE("a very long password is judged by its first 100 characters, quickly") {
    const std::string long_one = "correct horse battery staple " + std::string(900, 'x');
    CHECK_FALSE(problem(long_one));
}

TEST_CASE("registration refuses a guessable password and stores nothing; a strong one registers") {
    app_test::AppDatabase app;
    const platform::BrowserPasswordStrength strength;
    app::RegistrationService registration(app.db, app.hasher, strength);
    const auto weak = registration.register_user({"Peter", "peterdury@gmail.com", "password", "password"});
    REQUIRE_FALSE(weak.ok());
    CHECK(weak.errors.password == "Too easy to guess: this is a top-10 common password.");
    CHECK_FALSE(weak.errors.username);
    CHECK(app.count("user") == 0);

    const auto strong = registration.register_user({"Peter", "peterdury@gmail.com", "peter-pan-sunday", "peter-pan-sunday"});
    REQUIRE(strong.ok());
    CHECK(app.count("user") == 1);
}

TEST_CASE("a password change follows the same rule") {
    app_test::AppDatabase app;
    const platform::BrowserPasswordStrength strength;
    app::RegistrationService(app.db, app.hasher, strength)
        .register_user({"Peter", "peterdury@gmail.com", "peter-pan-sunday", "peter-pan-sunday"});
    app::AuthenticationService authentication(app.db, app.hasher, {}, app::system_wall_clock(), strength);
    REQUIRE(authentication.login("Peter", "peter-pan-sunday").ok());
    const app::PasswordChangeErrors refused =
        authentication.change_password({"peter-pan-sunday", "12345678", "12345678"});
    CHECK(refused.new_password == "Too easy to guess: this is a top-10 common password.");
    CHECK(authentication.login("Peter", "peter-pan-sunday").ok()); // unchanged
}
