#include "app/authentication_service.h"
#include "app/registration_service.h"
#include "app_test_support.h"
#include "support/temp_directory.h"

#include <doctest/doctest.h>

#include <chrono>
#include <string>

using namespace std::chrono_literals;
using app_test::AppDatabase;
using app_test::FakeClock;

namespace {

struct Fixture : AppDatabase {
    FakeClock clock;
    app::AuthenticationService auth{db, hasher, {}, clock.function()};
    app::UserAccount peter;
    Fixture() {
        app::RegistrationService registration(db, hasher);
        peter = *registration.register_user({"peter", "Peter@Example.org", "correct horse", "correct horse"}).value;
    }
    std::string stored_password(std::int64_t id) {
        orm::Session session(db);
        return session.get<app::User>(id)->user_password;
    }
};

} // namespace

TEST_CASE_FIXTURE(Fixture, "log in by username or by email in any case, then log out") {
    auto by_name = auth.login(" peter ", "correct horse");
    REQUIRE(by_name.ok());
    CHECK(*by_name.user == peter);
    CHECK(auth.current_user() == peter);
    auth.logout();
    CHECK_FALSE(auth.current_user());

    auto by_email = auth.login("PETER@example.ORG", "correct horse");
    REQUIRE(by_email.ok());
    CHECK(by_email.user->id == peter.id);
    CHECK(auth.current_user() == peter);
}

TEST_CASE_FIXTURE(Fixture, "failures never say which part was wrong") {
    for (const auto& attempt : {std::pair{"peter", "wrong horse"}, std::pair{"nobody", "correct horse"},
                                std::pair{"peter@example.org", ""}, std::pair{"", "correct horse"}}) {
        const char* who = attempt.first;
        CAPTURE(who);
        const auto result = auth.login(who, attempt.second);
        CHECK_FALSE(result.ok());
        CHECK(result.error == std::optional<std::string>(app::kWrongCredentials));
        CHECK_FALSE(auth.current_user());
    }
    // An overlong password is refused without hashing megabytes.
    CHECK(auth.login("peter", std::string(1 << 20, 'x')).error == std::optional<std::string>(app::kWrongCredentials));
}

TEST_CASE_FIXTURE(Fixture, "a failed login logs out whoever was logged in") {
    REQUIRE(auth.login("peter", "correct horse").ok());
    CHECK_FALSE(auth.login("peter", "wrong horse").ok());
    CHECK_FALSE(auth.current_user());
}

TEST_CASE_FIXTURE(Fixture, "repeated failures slow down per account, doubling, and a success resets them") {
    // Three free failures, then 1 s, 2 s, 4 s…
    for (int i = 0; i < 3; ++i)
        CHECK(auth.login("peter", "wrong").retry_after == 0ms);
    CHECK(auth.login("peter", "wrong").error == std::optional<std::string>(app::kWrongCredentials)); // 4th: now a wait
    auto refused = auth.login("peter", "correct horse"); // even the right password is not checked now
    CHECK_FALSE(refused.ok());
    CHECK(refused.retry_after == 1000ms);
    CHECK(refused.error == std::optional<std::string>("Too many failed attempts. Try again in 1 second."));

    // The same account by its email shares the wait.
    CHECK(auth.login("peter@example.org", "correct horse").retry_after == 1000ms);

    clock.now += 1000ms;
    CHECK_FALSE(auth.login("peter", "wrong").ok()); // 5th failure: 2 s
    clock.now += 1500ms;
    CHECK(auth.login("peter", "correct horse").retry_after == 500ms);
    clock.now += 500ms;
    CHECK_FALSE(auth.login("peter", "wrong").ok()); // 6th: 4 s
    clock.now += 3s;
    const auto waiting = auth.login("peter", "correct horse");
    CHECK(waiting.retry_after == 1000ms);
    clock.now += 1s;
    REQUIRE(auth.login("peter", "correct horse").ok());

    // Back to three free failures.
    for (int i = 0; i < 3; ++i)
        CHECK(auth.login("peter", "wrong").retry_after == 0ms);
    CHECK(auth.login("peter", "correct horse").ok());
}

TEST_CASE_FIXTURE(Fixture,
                  "the wait is capped, failures are forgotten after an hour, and other accounts are not affected") {
    for (int i = 0; i < 40; ++i) {
        auth.login("peter", "wrong");
        clock.now += 20min; // always past the wait (and within the hour): every attempt is a real failure
    }
    CHECK(auth.login("peter", "wrong").retry_after == 0ms);
    const auto capped = auth.login("peter", "correct horse");
    CHECK(capped.retry_after == std::chrono::milliseconds(15min));

    app::RegistrationService(db, hasher).register_user({"ann", "ann@example.org", "ann's password", "ann's password"});
    CHECK(auth.login("ann", "ann's password").ok()); // peter's failures are peter's

    clock.now += 2h; // forgotten
    CHECK(auth.login("peter", "correct horse").ok());
}

TEST_CASE_FIXTURE(Fixture, "unknown names are slowed down exactly like real accounts") {
    for (int i = 0; i < 4; ++i)
        CHECK_FALSE(auth.login("nobody", "guess").ok());
    const auto refused = auth.login("nobody", "guess");
    CHECK(refused.retry_after == 1000ms);
    CHECK(refused.error == std::optional<std::string>("Too many failed attempts. Try again in 1 second."));
}

TEST_CASE("LoginBackoff keeps its table bounded under a flood of names") {
    FakeClock clock;
    AppDatabase app;
    app::LoginBackoff backoff(app.db, {.free_failures = 0, .max_tracked_keys = 100}, clock.function());
    for (int i = 0; i < 1000; ++i)
        backoff.record_failure("name" + std::to_string(i));
    CHECK(backoff.failures("name999") == 1);
    CHECK(backoff.wait_before_attempt("name999") == 1000ms);
    int tracked = 0;
    for (int i = 0; i < 1000; ++i)
        tracked += backoff.failures("name" + std::to_string(i));
    CHECK(tracked <= 100);
    CHECK(app.count("login_backoff") <= 100);
}

TEST_CASE_FIXTURE(Fixture, "a legacy plaintext password logs in once and is replaced by an Argon2id hash") {
    db.run("INSERT INTO user (username, user_email, user_password) VALUES ('legacy', 'legacy@example.org', "
           "'tutorial-pw')");
    CHECK_FALSE(auth.login("legacy", "tutorial-p").ok());
    CHECK_FALSE(auth.login("legacy", "tutorial-pw!").ok());
    CHECK(stored_password(2) == "tutorial-pw");
    REQUIRE(auth.login("legacy", "tutorial-pw").ok());
    const std::string stored = stored_password(2);
    CHECK(app::PasswordHasher::looks_like_phc(stored));
    CHECK(hasher.verify("tutorial-pw", stored));
    CHECK(auth.login("legacy", "tutorial-pw").ok());
    CHECK(stored_password(2) == stored); // no second re-hash
}

TEST_CASE_FIXTURE(Fixture, "a hash made with other costs is re-hashed at the next successful login") {
    const std::string before = stored_password(peter.id);
    const app::PasswordHasher stronger({512, 2, 1});
    app::AuthenticationService upgraded(db, stronger);
    CHECK_FALSE(upgraded.login("peter", "wrong horse").ok());
    CHECK(stored_password(peter.id) == before); // a failure changes nothing
    REQUIRE(upgraded.login("peter", "correct horse").ok());
    const std::string after = stored_password(peter.id);
    CHECK(after.rfind("$argon2id$v=19$m=512,t=2,p=1$", 0) == 0);
    CHECK_FALSE(stronger.needs_rehash(after));
    CHECK(auth.login("peter", "correct horse").ok()); // the cheap hasher still verifies it…
    CHECK(stored_password(peter.id).rfind("$argon2id$v=19$m=256,t=1,p=1$", 0) == 0); // …and moves it to its own costs
}

TEST_CASE_FIXTURE(Fixture, "change password: current one required, new one follows the rules") {
    CHECK_THROWS_AS(auth.change_password({"correct horse", "new password", "new password"}), std::logic_error);
    REQUIRE(auth.login("peter", "correct horse").ok());

    auto wrong = auth.change_password({"wrong horse", "new password", "new password"});
    CHECK(wrong.current_password == std::optional<std::string>("Wrong password."));
    CHECK_FALSE(wrong.new_password);

    auto empty = auth.change_password({"", "", "x"});
    CHECK(empty.current_password == std::optional<std::string>("Enter your current password."));
    CHECK(empty.new_password == std::optional<std::string>("Enter a password."));
    CHECK(empty.confirmation == std::optional<std::string>("Passwords do not match."));

    auto rules = auth.change_password({"correct horse", "peter", "peter"});
    CHECK_FALSE(rules.current_password);
    CHECK(rules.new_password == std::optional<std::string>("Password must be at least 8 characters."));
    CHECK(auth.change_password({"correct horse", "peterpeter", "peterpete"}).confirmation ==
          std::optional<std::string>("Passwords do not match."));

    CHECK(auth.change_password({"correct horse", "battery staple", "battery staple"}).ok());
    auth.logout();
    CHECK_FALSE(auth.login("peter", "correct horse").ok());
    CHECK(auth.login("peter", "battery staple").ok());
}

TEST_CASE_FIXTURE(Fixture, "wrong current passwords count towards the same backoff as logins") {
    REQUIRE(auth.login("peter", "correct horse").ok());
    for (int i = 0; i < 4; ++i)
        CHECK(auth.change_password({"wrong", "battery staple", "battery staple"}).current_password);
    const auto refused = auth.change_password({"correct horse", "battery staple", "battery staple"});
    CHECK(refused.current_password == std::optional<std::string>("Too many failed attempts. Try again in 1 second."));
    clock.now += 1s;
    CHECK(auth.change_password({"correct horse", "battery staple", "battery staple"}).ok());
}

TEST_CASE_FIXTURE(Fixture, "a session resumes on a reopened database only for the same account") {
    REQUIRE(auth.login("peter", "correct horse").ok());
    // The tab's services are rebuilt on the reopened database (another tab saved): still signed in.
    app::AuthenticationService rebuilt(db, hasher);
    CHECK(rebuilt.resume(*auth.current_user()));
    CHECK(rebuilt.current_user() == peter);

    // The data was replaced (an import) and id 1 is now somebody else: nobody is signed in.
    db.run("UPDATE user SET username = ?, user_email = ? WHERE id = ?", std::string("mallory"),
           std::string("mallory@example.org"), peter.id);
    app::AuthenticationService after_import(db, hasher);
    CHECK_FALSE(after_import.resume(peter));
    CHECK_FALSE(after_import.current_user());
    db.run("DELETE FROM user WHERE id = ?", peter.id);
    CHECK_FALSE(after_import.resume(peter));
}

TEST_CASE_FIXTURE(Fixture, "a login in steps: Argon2 a segment per step, the same answers as login()") {
    auto start = auth.start_login("peter", "correct horse");
    REQUIRE(start.ok());
    CHECK_THROWS_AS(auth.finish_login(*start.value, "correct horse"), std::logic_error); // not checked yet
    int steps = 1;
    while (!start.value->check->step(std::chrono::microseconds(0))) ++steps;
    CHECK(steps == static_cast<int>(app_test::kCheap.iterations * 4 * app_test::kCheap.parallelism));
    CHECK(auth.finish_login(*start.value, "correct horse").ok());
    CHECK(auth.current_user());

    // A wrong password, and an unknown name, cost the same steps and fail alike.
    for (const char* identifier : {"peter", "nobody"}) {
        CAPTURE(identifier);
        auto wrong = auth.start_login(identifier, "wrong horse");
        REQUIRE(wrong.value);
        CHECK_FALSE(auth.current_user()); // starting a login logs out
        int wrong_steps = 1;
        while (!wrong.value->check->step(std::chrono::microseconds(0))) ++wrong_steps;
        CHECK(wrong_steps == steps);
        CHECK(auth.finish_login(*wrong.value, "wrong horse").error == std::optional<std::string>(app::kWrongCredentials));
    }

    // The password changed between the start and the finish (another tab): the old one no longer signs in.
    auto raced = auth.start_login("peter", "correct horse");
    REQUIRE(auth.login("peter", "correct horse").ok());
    REQUIRE(auth.change_password({"correct horse", "battery staple", "battery staple"}).ok());
    while (!raced.value->check->step(std::chrono::microseconds(0))) {
    }
    CHECK_FALSE(auth.finish_login(*raced.value, "correct horse").ok());
}

TEST_CASE_FIXTURE(Fixture, "a login in steps is refused at its start while the account waits") {
    for (int i = 0; i < 4; ++i) auth.login("peter", "wrong horse"); // three are free, the fourth makes it wait
    const auto start = auth.start_login("peter", "correct horse");
    REQUIRE_FALSE(start.ok());
    CHECK(start.errors.retry_after.count() > 0);
}

TEST_CASE_FIXTURE(Fixture, "a password change in steps: check, then hash, then store; a wrong current one stores nothing") {
    REQUIRE(auth.login("peter", "correct horse").ok());
    const std::string before = stored_password(peter.id);
    auto wrong = auth.start_password_change({"wrong horse", "battery staple", "battery staple"});
    REQUIRE(wrong.value);
    CHECK_THROWS_AS(auth.finish_password_change(*wrong.value, "wrong horse"), std::logic_error);
    while (!wrong.value->step(std::chrono::microseconds(0))) {
    }
    CHECK(auth.finish_password_change(*wrong.value, "wrong horse").current_password ==
          std::optional<std::string>("Wrong password."));
    CHECK(stored_password(peter.id) == before);

    auto right = auth.start_password_change({"correct horse", "battery staple", "battery staple"});
    REQUIRE(right.value);
    int steps = 1;
    while (!right.value->step(std::chrono::microseconds(0))) ++steps;
    CHECK(steps == 2 * static_cast<int>(app_test::kCheap.iterations * 4)); // the check, then the new hash
    CHECK(auth.finish_password_change(*right.value, "correct horse").ok());
    CHECK(hasher.verify("battery staple", stored_password(peter.id)));
    // New-password rule problems come at the start, without hashing anything new.
    auto weak = auth.start_password_change({"battery staple", "short", "short"});
    REQUIRE(weak.value);
    CHECK_FALSE(weak.value->new_hash);
    CHECK(weak.value->rules.new_password.has_value());
}

TEST_CASE("the backoff is kept in the database: a reopen (a reload) or a second service (a tab) sees the same wait") {
    test_support::TempDirectory dir;
    const std::string path = dir.file("backoff.db");
    FakeClock clock;
    {
        AppDatabase app(path);
        app::RegistrationService(app.db, app.hasher)
            .register_user({"peter", "peter@example.org", "correct horse", "correct horse"});
        app::AuthenticationService auth(app.db, app.hasher, {}, clock.function());
        for (int i = 0; i < 4; ++i)
            CHECK_FALSE(auth.login("peter", "wrong").ok());
        for (int i = 0; i < 4; ++i)
            CHECK_FALSE(auth.login("nobody", "guess").ok());
        // A second tab on the same data.
        app::AuthenticationService other_tab(app.db, app.hasher, {}, clock.function());
        CHECK(other_tab.login("peter", "correct horse").retry_after == 1000ms);
    }
    AppDatabase reopened(path);
    app::AuthenticationService auth(reopened.db, reopened.hasher, {}, clock.function());
    const auto refused = auth.login("peter@example.org", "correct horse");
    CHECK(refused.retry_after == 1000ms);
    CHECK(refused.error == std::optional<std::string>("Too many failed attempts. Try again in 1 second."));
    CHECK(auth.login("nobody", "guess").retry_after == 1000ms); // unknown names too: no tell-tale difference
    // What was typed for an unknown name is not stored as typed.
    CHECK(reopened.integer("SELECT count(*) FROM login_backoff WHERE account_key LIKE '%nobody%'") == 0);
    clock.now += 1s;
    CHECK(auth.login("peter", "correct horse").ok());
    CHECK(reopened.integer("SELECT count(*) FROM login_backoff WHERE account_key = 'user:1'") == 0);
}

TEST_CASE("a clock set back never stretches a wait beyond the one the last failure set") {
    FakeClock clock;
    AppDatabase app;
    app::LoginBackoff backoff(app.db, {.free_failures = 0}, clock.function());
    backoff.record_failure("user:1");
    CHECK(backoff.wait_before_attempt("user:1") == 1000ms);
    clock.now -= std::chrono::hours(24 * 365);
    CHECK(backoff.wait_before_attempt("user:1") == 1000ms);
}

TEST_CASE_FIXTURE(Fixture, "a password with a NUL never logs in, not even as the part before the NUL") {
    // Had the NUL cut the password, both of these would be "correct horse".
    CHECK_FALSE(auth.login("peter", std::string("correct horse\0tail", 18)).ok());
    CHECK_FALSE(auth.current_user());
    CHECK(auth.login("peter", "correct horse").ok());
}
