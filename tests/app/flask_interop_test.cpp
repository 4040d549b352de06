// The tutorial's own Flask-SQLAlchemy app (tests/support/flask_tutorial.py, Debian's
// python3-flask-sqlalchemy) and our app share database files in both directions, across our migrations.
// Native only: node has no Python.
#ifndef __EMSCRIPTEN__

#include "app/authentication_service.h"
#include "app/pet_service.h"
#include "app/registration_service.h"
#include "app/schema.h"
#include "app_test_support.h"
#include "support/flask_tutorial.h"
#include "support/temp_directory.h"

#include <doctest/doctest.h>

#include <string>

namespace {

const auto flask = test_support::flask_tutorial;

std::string tutorial_schema(orm::Database& db) {
    std::string schema;
    auto statement = db.prepare("SELECT name, sql FROM sqlite_master WHERE name IN ('user', 'pet_handler', "
                                "'pet_category', 'pet_comment') ORDER BY name");
    while (statement->step())
        schema += statement->get_text(0) + ": " + statement->get_text(1) + ";\n";
    return schema;
}

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

} // namespace

TEST_CASE("version 1 creates the tutorial's tables exactly as the Flask app does") {
    test_support::TempDirectory dir;
    const std::string theirs = dir.file("flask.db");
    REQUIRE(flask("create " + theirs) == "");
    orm::Database flask_db(theirs);
    orm::Database ours(":memory:");
    app::schema_migrator().upgrade(ours, 1);
    CHECK(tutorial_schema(ours) == tutorial_schema(flask_db));
    CHECK(contains(tutorial_schema(ours), "pet_comment: CREATE TABLE pet_comment"));
}

TEST_CASE("a database the tutorial's Flask app wrote opens, upgrades with every row kept, and still reads there") {
    test_support::TempDirectory dir;
    const std::string path = dir.file("tutorial.db");
    REQUIRE(flask("create " + path) == "");
    REQUIRE(flask("add-user " + path + " peter Peter@Example.org plaintext-pw") == "");
    REQUIRE(flask("add-comment " + path + " 'What a good dog'") == "");
    const app::PasswordHasher hasher(app_test::kCheap);
    {
        orm::Database db(path);
        const std::string before = tutorial_schema(db);
        CHECK(app::schema_migrator().upgrade(db, 1) == 1); // adopted without any change
        CHECK(tutorial_schema(db) == before);

        const auto status = app::open_schema(db, hasher);
        CHECK(status.previous_version == 1);
        CHECK(status.version == app::latest_schema_version());
        CHECK(status.passwords_rehashed == 1);
        auto scalar = [&](const char* sql) {
            auto s = db.prepare(sql);
            s->step();
            return s->get_text(0);
        };
        CHECK(scalar("SELECT count(*) FROM user") == "1");
        CHECK(scalar("SELECT count(*) FROM pet_handler") == "1");
        CHECK(scalar("SELECT count(*) FROM pet_category") == "1");
        CHECK(scalar("SELECT count(*) || ':' || coalesce(max(pet_id), 'null') FROM pet_comment") == "1:null");
        CHECK(scalar("PRAGMA integrity_check") == "ok");
        CHECK_FALSE(db.prepare("PRAGMA foreign_key_check")->step());
        CHECK(scalar("SELECT substr(user_password, 1, 10) FROM user") == "$argon2id$");
        CHECK(scalar("SELECT count(*) FROM account_session") == "0"); // the session records' table, gained on open

        // Our services work on the upgraded file: the old plaintext password, now hashed, logs in.
        app::AuthenticationService auth(db, hasher);
        CHECK(auth.login("peter@example.org", "plaintext-pw").ok());
        CHECK(app::AuthenticationService(db, hasher).resume_session(auth.session_token())); // a reload
        app::RegistrationService registration(db, hasher);
        CHECK(registration.register_user({"Zo\xc3\xab", "zoe@example.org", "zoe's password", "zoe's password"}).ok());
        CHECK(
            registration.register_user({"other", "PETER@example.org", "some password", "some password"}).errors.email);
        app::PetService pets(db);
        const auto handler = pets.handlers().at(0);
        CHECK(handler.handler_name == "Flask handler");
        const auto rex = pets.pets_of(handler.handler_id).at(0);
        CHECK(pets.create_pet(handler.handler_id, {"Tom", "cat"}).ok());
        CHECK(pets.add_comment(rex.pet_id, "Fetches everything.").ok());
    }

    const std::string dump = flask("dump " + path);
    CHECK(contains(dump, "\"username\": \"peter\""));
    CHECK(contains(dump, "\"username\": \"Zo\xc3\xab\""));
    CHECK(contains(dump, "{\"pet_name\": \"Rex\", \"handler\": \"Flask handler\"}"));
    CHECK(contains(dump, "{\"pet_name\": \"Tom\", \"handler\": \"Flask handler\"}"));
    const std::string comments = flask("dump-comments " + path);
    CHECK(contains(comments, "\"comment_content\": \"What a good dog\""));
    CHECK(contains(comments, "\"comment_content\": \"Fetches everything.\""));

    // The Flask app keeps writing to the upgraded file; our unique index now guards it too.
    CHECK(flask("add-user " + path + " ann ann@example.org anns-plaintext") == "");
    CHECK(contains(flask("add-user " + path + " peter someone@example.org x"), "UNIQUE constraint failed"));
    orm::Database db(path);
    CHECK(app::open_schema(db, hasher).passwords_rehashed == 1); // ann's, written by Flask after the upgrade
    CHECK(app::AuthenticationService(db, hasher).login("ann", "anns-plaintext").ok());
    CHECK(db.quick_check() == "ok");
}

TEST_CASE("a database our app created reads and writes in the Flask app") {
    test_support::TempDirectory dir;
    const std::string path = dir.file("ours.db");
    {
        app_test::AppDatabase app(path);
        app::RegistrationService(app.db, app.hasher)
            .register_user({"peter", "peter@example.org", "correct horse", "correct horse"});
        app::PetService pets(app.db);
        const auto ann = *pets.create_handler("Ann").value;
        const auto bella = *pets.create_pet(ann.handler_id, {"Bella", "cat"}).value;
        pets.add_comment(bella.pet_id, "Sleeps all day.");
    }
    CHECK(flask("create " + path) == ""); // create_all finds every table there and leaves them alone
    CHECK(flask("add-comment " + path + " 'From Flask'") == "");
    const std::string dump = flask("dump " + path);
    CHECK(contains(dump, "\"username\": \"peter\""));
    CHECK(contains(dump, "{\"pet_name\": \"Bella\", \"handler\": \"Ann\"}"));
    CHECK(contains(flask("dump-comments " + path), "Sleeps all day."));
    orm::Database db(path);
    app::PetService pets(db);
    CHECK(app::open_schema(db, app::PasswordHasher(app_test::kCheap)).previous_version == app::latest_schema_version());
    CHECK(pets.comments_for(1).size() == 1);
    CHECK(db.quick_check() == "ok");
}

#endif
