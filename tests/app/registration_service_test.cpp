#include "app/registration_service.h"
#include "app_test_support.h"
#include "support/temp_directory.h"

#include <doctest/doctest.h>

#include <string>

using app::RegistrationInput;
using app_test::AppDatabase;

namespace {

RegistrationInput input(std::string username, std::string email, std::string password = "correct horse") {
    return {std::move(username), std::move(email), password, password};
}

} // namespace

TEST_CASE("a valid registration stores the user with an Argon2id hash, trimmed and normalised") {
    AppDatabase app;
    app::RegistrationService registration(app.db, app.hasher);
    const auto result = registration.register_user(input("  peter ", " Peter@Example.ORG "));
    REQUIRE(result.ok());
    CHECK(result.errors.ok());
    CHECK(result.value->id == 1);
    CHECK(result.value->username == "peter");
    CHECK(result.value->email == "peter@example.org");

    orm::Session session(app.db);
    auto stored = session.get<app::User>(1);
    REQUIRE(stored);
    CHECK(stored->username == "peter");
    CHECK(stored->user_email == "peter@example.org");
    CHECK(stored->user_password.rfind("$argon2id$v=19$m=256,t=1,p=1$", 0) == 0);
    CHECK(app.hasher.verify("correct horse", stored->user_password));
    CHECK(stored->user_password.find("correct horse") == std::string::npos);
}

TEST_CASE("usernames in any script are accepted") {
    AppDatabase app;
    app::RegistrationService registration(app.db, app.hasher);
    CHECK(registration.register_user(input("Zo\xc3\xab", "zoe@example.org")).ok());
    CHECK(registration
              .register_user(input("Stra\xc3\x9f"
                                   "e",
                                   "strasse@example.org"))
              .ok());
    CHECK(registration.register_user(input("\xe4\xb8\xad\xe6\x96\x87\xe5\x90\x8d", "zhong@example.org")).ok());
    CHECK(app.count("user") == 3);
}

TEST_CASE("every validation message reaches the caller, field by field, and nothing is stored") {
    AppDatabase app;
    app::RegistrationService registration(app.db, app.hasher);
    struct Case {
        RegistrationInput in;
        const char* username;
        const char* email;
        const char* password;
        const char* confirmation;
    };
    const Case cases[] = {
        {{"", "", "", ""}, "Enter a username.", "Enter your email address.", "Enter a password.", nullptr},
        {{"ab", "no-at-sign", "short", "short"},
         "Username must be at least 3 characters.",
         "Enter a valid email address.",
         "Password must be at least 8 characters.",
         nullptr},
        {{std::string(101, 'x'), std::string(95, 'a') + "@b.org", "password1", "password2"},
         "Username must be at most 100 characters.",
         "Email address must be at most 100 characters.",
         nullptr,
         "Passwords do not match."},
        {{"tab\there", "a@b.org", "password1", "password1"},
         "Username cannot contain line breaks, tabs or other control characters.",
         nullptr,
         nullptr,
         nullptr},
        {{"bad\xff", "bad\xff@example.org",
          "pw\xff\xfe"
          "abcdefgh",
          "pw\xff\xfe"
          "abcdefgh"},
         "Username contains invalid characters.",
         "Enter a valid email address.",
         "Password contains invalid characters.",
         nullptr},
        {{"samename", "same@example.org", "samename", "samename"},
         nullptr,
         nullptr,
         "Password must not be the same as your username.",
         nullptr},
        {{"longpass", "long@example.org", std::string(1025, 'p'), std::string(1025, 'p')},
         nullptr,
         nullptr,
         "Password must be at most 1024 bytes long.",
         nullptr},
    };
    for (const Case& c : cases) {
        CAPTURE(c.in.username);
        const auto result = registration.register_user(c.in);
        CHECK_FALSE(result.ok());
        CHECK(result.errors.username.value_or("") == (c.username ? c.username : ""));
        CHECK(result.errors.email.value_or("") == (c.email ? c.email : ""));
        CHECK(result.errors.password.value_or("") == (c.password ? c.password : ""));
        CHECK(result.errors.confirmation.value_or("") == (c.confirmation ? c.confirmation : ""));
    }
    CHECK(app.count("user") == 0);
}

TEST_CASE("a taken username or email is a field error; usernames and emails ignore case") {
    AppDatabase app;
    app::RegistrationService registration(app.db, app.hasher);
    REQUIRE(registration.register_user(input("peter", "peter@example.org")).ok());

    auto same_name = registration.register_user(input(" peter\xc2\xa0", "other@example.org")); // trimmed: "peter"
    CHECK(same_name.errors.username == std::optional<std::string>(app::kUsernameTaken));
    CHECK_FALSE(same_name.errors.email);

    auto same_email = registration.register_user(input("pete", "PeTeR@EXAMPLE.org"));
    CHECK_FALSE(same_email.errors.username);
    CHECK(same_email.errors.email == std::optional<std::string>(app::kEmailTaken));

    auto both = registration.register_user(input("peter", "Peter@example.org"));
    CHECK(both.errors.username == std::optional<std::string>(app::kUsernameTaken));
    CHECK(both.errors.email == std::optional<std::string>(app::kEmailTaken));

    // Usernames are one name whatever their case (username_folding_test has the Unicode cases).
    auto other_case = registration.register_user(input("Peter", "big.peter@example.org"));
    CHECK(other_case.errors.username == std::optional<std::string>(app::kUsernameTaken));
    CHECK(registration.username_taken("  PETER "));
    CHECK_FALSE(registration.username_taken("Petra"));
    CHECK(app.count("user") == 1);
}

TEST_CASE("a registration that races another one is caught by the unique index as a field error") {
    test_support::TempDirectory dir;
    const std::string path = dir.file("race.db");
    AppDatabase app(path);
    app::RegistrationService registration(app.db, app.hasher);

    // Between the service's checks and its INSERT, another connection registers the same name/email.
    struct Race {
        const char* username;
        const char* email;
        bool username_taken;
    };
    for (const Race race : {Race{"peter", "someone@example.org", true}, Race{"someone", "PETER@example.org", false}}) {
        CAPTURE(race.username);
        orm::Database other(path);
        bool raced = false;
        app.db.set_statement_listener([&](std::string_view sql) {
            if (raced || sql != "BEGIN IMMEDIATE") return; // our INSERT's transaction is about to start
            raced = true;
            other.run("INSERT INTO user (username, user_email, user_password) VALUES (?, ?, 'x')", race.username,
                      race.email);
        });
        const auto result = registration.register_user(input("peter", "peter@example.org"));
        app.db.set_statement_listener(nullptr);
        CHECK(raced);
        REQUIRE_FALSE(result.ok());
        if (race.username_taken) {
            CHECK(result.errors.username == std::optional<std::string>(app::kUsernameTaken));
        } else {
            CHECK(result.errors.email == std::optional<std::string>(app::kEmailTaken));
        }
        CHECK(app.count("user") == 1); // only the racer's row
        CHECK_FALSE(app.db.in_transaction());
        app.db.run("DELETE FROM user");
    }
}

TEST_CASE("a registration in two steps stores nothing until finished; a name taken meanwhile is a field error") {
    AppDatabase app;
    app::RegistrationService registration(app.db, app.hasher);
    auto started = registration.start_registration(input("  peter ", "Peter@Example.org", "correct horse"));
    REQUIRE(started.ok());
    app::PendingRegistration pending = std::move(*started.value);
    CHECK(pending.username == "peter");
    CHECK(pending.email == "peter@example.org");
    CHECK(app.count("user") == 0);
    CHECK_THROWS_AS(registration.finish_registration(pending), std::logic_error); // not hashed yet

    // Another tab registers the same name while this one hashes.
    REQUIRE(registration.register_user(input("peter", "other@example.org")).ok());
    while (!pending.password_hash.step(std::chrono::microseconds(0))) {
    }
    auto finished = registration.finish_registration(pending);
    REQUIRE_FALSE(finished.ok());
    CHECK(finished.errors.username == app::kUsernameTaken);
    CHECK(app.count("user") == 1);

    auto second = registration.start_registration(input("ann", "ann@example.org", "correct horse"));
    REQUIRE(second.ok());
    while (!second.value->password_hash.step(std::chrono::microseconds(0))) {
    }
    auto stored = registration.finish_registration(*second.value);
    REQUIRE(stored.ok());
    CHECK(app.hasher.verify("correct horse", app.text("SELECT user_password FROM user WHERE username = 'ann'")));
    // Refused input never starts a hash.
    CHECK(registration.start_registration(input("ann", "new@example.org")).errors.username == app::kUsernameTaken);
    CHECK(registration.start_registration(input("bo", "bo@example.org")).errors.username.has_value());
}
