// Sign-in kept across a reload: the session record (app::AccountSessions) and how AuthenticationService
// uses it. A "reload" here is a new AuthenticationService on the same database given the kept token.
#include "app/account_session.h"
#include "app/authentication_service.h"
#include "app/registration_service.h"
#include "app/user_service.h"
#include "app_test_support.h"

#include <doctest/doctest.h>

#include <chrono>
#include <string>

using app_test::AppDatabase;
using app_test::FakeClock;
using namespace std::chrono_literals;

namespace {

// Two accounts; `auth` is one browser tab's AuthenticationService, on a clock the test moves.
struct Fixture : AppDatabase {
    app::UserAccount peter = register_account("Peter");
    app::UserAccount ann = register_account("ann", "battery staple");
    FakeClock clock;
    app::AuthenticationService auth{db, hasher, {}, clock.function()};
    // A reload of the page: new services on the same database, the token kept by the tab.
    app::AuthenticationService reload() { return app::AuthenticationService(db, hasher, {}, clock.function()); }
};

int failing_entropy(void*, std::size_t) {
    return -1;
}

} // namespace

TEST_CASE_FIXTURE(Fixture, "a login creates a session record keyed by the token's digest, never the token") {
    REQUIRE(auth.login("Peter", "correct horse").ok());
    const std::string token = auth.session_token();
    CHECK(token.size() == app::kSessionTokenCharacters);
    CHECK(count("account_session") == 1);
    CHECK(text("SELECT token_digest FROM account_session") == app::AccountSessions::digest(token));
    CHECK(text("SELECT token_digest FROM account_session") != token);
    CHECK(integer("SELECT user_id FROM account_session") == peter.id);
    CHECK(integer("SELECT expires_ms - created_ms FROM account_session") ==
          std::chrono::duration_cast<std::chrono::milliseconds>(app::kSessionLifetime).count());
    // A second login (another tab) gets another token.
    auto other_tab = reload();
    REQUIRE(other_tab.login("peter@example.org", "correct horse").ok());
    CHECK(other_tab.session_token() != token);
    CHECK(count("account_session") == 2);
    // A failed login creates none.
    auto third = reload();
    CHECK_FALSE(third.login("ann", "wrong").ok());
    CHECK(third.session_token().empty());
    CHECK(count("account_session") == 2);
}

TEST_CASE_FIXTURE(Fixture, "a reload with the kept token resumes the session; anything else signs nobody in") {
    REQUIRE(auth.login("Peter", "correct horse").ok());
    const std::string token = auth.session_token();
    auto reloaded = reload();
    CHECK(reloaded.resume_session(token));
    CHECK(reloaded.current_user() == peter);
    CHECK(reloaded.session_token() == token);

    for (const std::string& wrong : {std::string(), std::string("peter"), std::string(64, 'g'),
                                     app::AccountSessions::digest(token), // the stored value is no token
                                     std::string(64, '0')}) {
        auto stranger = reload();
        CHECK_FALSE(stranger.resume_session(wrong));
        CHECK_FALSE(stranger.current_user());
        CHECK(stranger.session_token().empty());
    }
}

TEST_CASE_FIXTURE(Fixture, "a session expires after its lifetime, and expired records are pruned") {
    REQUIRE(auth.login("Peter", "correct horse").ok());
    const std::string token = auth.session_token();
    clock.now += app::kSessionLifetime - 1s;
    CHECK(reload().resume_session(token));
    clock.now += 1s;
    auto late = reload();
    CHECK_FALSE(late.resume_session(token));
    CHECK_FALSE(late.current_user());
    CHECK(count("account_session") == 0); // resume pruned it

    // Expired records of others go at the next login too.
    REQUIRE(auth.login("Peter", "correct horse").ok());
    clock.now += app::kSessionLifetime;
    auto ann_tab = reload();
    REQUIRE(ann_tab.login("ann", "battery staple").ok());
    CHECK(count("account_session") == 1);
    CHECK(integer("SELECT user_id FROM account_session") == ann.id);
}

TEST_CASE_FIXTURE(Fixture, "pruning finds nothing to delete without writing") {
    REQUIRE(auth.login("Peter", "correct horse").ok());
    int writes = 0;
    db.set_statement_listener([&](std::string_view sql) { writes += sql.rfind("DELETE", 0) == 0; });
    app::AccountSessions sessions(db, clock.function());
    CHECK(sessions.prune() == 0);
    CHECK(reload().resume_session(auth.session_token()));
    db.set_statement_listener(nullptr);
    CHECK(writes == 0);
}

TEST_CASE_FIXTURE(Fixture, "log out ends this tab's record: the token no longer resumes") {
    REQUIRE(auth.login("Peter", "correct horse").ok());
    const std::string token = auth.session_token();
    auto other_tab = reload();
    REQUIRE(other_tab.login("Peter", "correct horse").ok());
    auth.logout();
    CHECK_FALSE(auth.current_user());
    CHECK(auth.session_token().empty());
    CHECK_FALSE(reload().resume_session(token));
    CHECK(reload().resume_session(other_tab.session_token())); // the other tab stays signed in
    CHECK(count("account_session") == 1);
}

TEST_CASE_FIXTURE(Fixture, "log out everywhere ends every record of the account, and only those") {
    REQUIRE(auth.login("Peter", "correct horse").ok());
    auto second_tab = reload();
    REQUIRE(second_tab.login("Peter", "correct horse").ok());
    auto ann_tab = reload();
    REQUIRE(ann_tab.login("ann", "battery staple").ok());
    const std::string second_token = second_tab.session_token();

    CHECK(auth.logout_everywhere() == 2);
    CHECK_FALSE(auth.current_user());
    CHECK(auth.session_token().empty());
    // The second tab finds itself signed out at its next check (when it catches up with this change, the
    // browser host resumes its token on the reopened database).
    auto second_catching_up = reload();
    CHECK_FALSE(second_catching_up.resume_session(second_token));
    CHECK(reload().resume_session(ann_tab.session_token()));
    CHECK(app::AccountSessions(db, clock.function()).active_count(peter.id) == 0);
    CHECK_THROWS_AS(auth.logout_everywhere(), std::logic_error); // nobody signed in
}

TEST_CASE_FIXTURE(Fixture, "deleting an account ends its sessions; a reused id does not inherit them") {
    REQUIRE(auth.login("ann", "battery staple").ok());
    const std::string token = auth.session_token();
    app::UserService users(db);
    REQUIRE(users.delete_user(auth.actor(), ann.id).ok());
    CHECK(count("account_session") == 0);
    // SQLite gives the next account the freed highest id: it must not be signed in by ann's token.
    const auto next = register_account("zoe");
    CHECK(next.id == ann.id);
    CHECK_FALSE(reload().resume_session(token));
}

TEST_CASE_FIXTURE(Fixture, "an edited account's session continues under its new name") {
    REQUIRE(auth.login("Peter", "correct horse").ok());
    const std::string token = auth.session_token();
    app::UserService users(db);
    const auto edited = users.edit_user(auth.actor(), peter.id, {"Pete", "peter@example.org"});
    REQUIRE(edited.ok());
    CHECK(auth.resume(*edited.value));
    CHECK(auth.session_token() == token);
    auto reloaded = reload();
    REQUIRE(reloaded.resume_session(token));
    CHECK(reloaded.current_user()->username == "Pete");
}

TEST_CASE_FIXTURE(Fixture, "without a secure random source no session starts") {
    app::AccountSessions sessions(db, clock.function(), &failing_entropy);
    CHECK_THROWS_AS(sessions.begin(peter.id), app::SecurityError);
    CHECK(count("account_session") == 0);
}
