#include "app/authentication_service.h"
#include "app/demo_data.h"
#include "app/pet_service.h"
#include "app_test_support.h"

#include <doctest/doctest.h>

#include <string>

using app_test::AppDatabase;

TEST_CASE("the tutorial's samples are added once, and their accounts log in") {
    AppDatabase app;
    const auto added = app::add_tutorial_samples(app.db, app.hasher);
    CHECK(added.users == 2);
    CHECK(added.handlers == 1);
    CHECK(added.pets == 2);
    CHECK(added.comments == 1);
    const auto again = app::add_tutorial_samples(app.db, app.hasher);
    CHECK(again.users + again.handlers + again.pets + again.comments == 0);
    CHECK(app.count("user") == 2);
    CHECK(app.count("pet_category") == 2);

    app::AuthenticationService auth(app.db, app.hasher);
    CHECK(auth.login("Demo User", std::string(app::kDemoPassword)).ok());
    CHECK(auth.login("peter@example.com", std::string(app::kDemoPassword)).ok());

    app::PetService pets(app.db);
    const auto handlers = pets.handlers();
    REQUIRE(handlers.size() == 1);
    CHECK(handlers[0].handler_name == "Hannah");
    const auto hannahs = pets.pets_of(handlers[0].handler_id);
    REQUIRE(hannahs.size() == 2);
    CHECK(hannahs[0].pet_name == "Rex");
    CHECK(hannahs[1].pet_name == "Whiskers");
    const auto comments = pets.comments_for(hannahs[0].pet_id);
    REQUIRE(comments.size() == 1);
    CHECK(comments[0].comment_content == "Rex loves long walks.");
}

TEST_CASE("samples skip a user whose name or email is already taken") {
    AppDatabase app;
    app.db.run("INSERT INTO user (username, user_email, user_password) VALUES ('someone', 'PETER@example.com', 'x')");
    CHECK(app::add_tutorial_samples(app.db, app.hasher).users == 1); // only Demo User
    CHECK(app.count("user") == 2);
}

TEST_CASE("synthetic users: numbered on, one transaction, one shared hash") {
    AppDatabase app;
    app::add_tutorial_samples(app.db, app.hasher);
    std::vector<std::string> statements;
    app.db.set_statement_listener([&](std::string_view sql) {
        if (sql.rfind("BEGIN", 0) == 0 || sql.rfind("COMMIT", 0) == 0) statements.emplace_back(sql);
    });
    CHECK(app::add_synthetic_users(app.db, app.hasher, 12000) == 12000);
    app.db.set_statement_listener(nullptr);
    CHECK(statements == std::vector<std::string>{"BEGIN IMMEDIATE", "COMMIT"});
    CHECK(app.count("user") == 12002);
    CHECK(app.integer("SELECT count(DISTINCT user_password) FROM user WHERE username LIKE 'user%'") == 1);
    CHECK(app.text("SELECT username FROM user WHERE id = 3") == "user000003");
    CHECK(app.text("SELECT user_email FROM user WHERE id = 12002") == "user012002@example.test");
    app::AuthenticationService auth(app.db, app.hasher);
    CHECK(auth.login("user012002@example.test", std::string(app::kDemoPassword)).ok());

    CHECK(app::add_synthetic_users(app.db, app.hasher, 10) == 10);
    CHECK(app.text("SELECT max(username) FROM user WHERE username LIKE 'user%'") == "user012012");
    CHECK(app::add_synthetic_users(app.db, app.hasher, 0) == 0);
}

TEST_CASE("a synthetic batch that collides adds nothing at all") {
    AppDatabase app;
    app.db.run(
        "INSERT INTO user (username, user_email, user_password) VALUES ('user006000', 'taken@example.org', 'x')");
    CHECK_THROWS_AS(app::add_synthetic_users(app.db, app.hasher, 7000), orm::ConstraintError);
    CHECK(app.count("user") == 1);
    CHECK_FALSE(app.db.in_transaction());
}

TEST_CASE("synthetic pets: handlers with their pets") {
    AppDatabase app;
    CHECK(app::add_synthetic_pets(app.db, 30, 7) == 210);
    CHECK(app.count("pet_handler") == 30);
    CHECK(app.count("pet_category") == 210);
    CHECK(app.integer("SELECT count(*) FROM pet_category WHERE handler_id = (SELECT handler_id FROM pet_handler WHERE "
                      "handler_name = 'Handler 0030')") == 7);
    CHECK(app.integer("SELECT count(*) FROM pragma_foreign_key_check") == 0);
}
