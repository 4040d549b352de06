// Import readies a file from elsewhere before it replaces anyone's data: the tutorial's Flask files are
// recognised, upgraded and their plaintext passwords re-hashed; anything else is refused with a reason.
#include "app/database_import.h"

#include "app_test_support.h"

#include <doctest/doctest.h>

namespace {

using app_test::kCheap;

// A file as the tutorial's Flask app leaves it: migration 1 is its create_all() byte for byte, and
// Flask never sets user_version.
void make_tutorial_file(orm::Database& db) {
    app::schema_migrator().upgrade(db, 1);
    db.execute("PRAGMA user_version = 0");
    db.execute("INSERT INTO user (username, user_email, user_password) VALUES "
               "('peter', 'peter@example.com', 'hunter22'), ('sammy', 'sammy@example.com', 'swordfish')");
    db.execute("INSERT INTO pet_handler (handler_name) VALUES ('Flask handler')");
    db.execute("INSERT INTO pet_category (pet_name, pet_category, handler_id) VALUES ('Rex', 'dog', 1)");
}

std::string imported_error(orm::Database& db) {
    app::PasswordHasher hasher(kCheap);
    try {
        app::prepare_import(db, hasher);
    } catch (const app::ImportError& e) {
        return e.what();
    }
    return "";
}

} // namespace

TEST_CASE("a file from the tutorial's Flask app is upgraded, its passwords re-hashed, and counted") {
    orm::Database db(":memory:");
    make_tutorial_file(db);
    app::PasswordHasher hasher(kCheap);

    const app::ImportReport report = app::prepare_import(db, hasher);

    CHECK(report.users == 2);
    CHECK(report.handlers == 1);
    CHECK(report.pets == 1);
    CHECK(report.comments == 0);
    CHECK(report.schema.previous_version == 0);
    CHECK(report.schema.version == app::latest_schema_version());
    CHECK(report.schema.passwords_rehashed == 2);
    CHECK(report.summary() == "2 users, 1 pet handler, 1 pet, 0 comments, 0 contact messages; upgraded from the "
                              "tutorial's Flask schema; 2 plaintext passwords re-hashed with Argon2id");
    auto statement = db.prepare("SELECT user_password FROM user WHERE username = 'peter'");
    REQUIRE(statement->step());
    const std::string stored = statement->get_text(0);
    CHECK(stored.rfind("$argon2id$", 0) == 0);
    CHECK(hasher.verify("hunter22", stored)); // the person still logs in with the password they had
}

TEST_CASE("an export of this app imports as it is; an empty database is accepted") {
    app_test::AppDatabase source;
    source.db.execute("INSERT INTO pet_handler (handler_name) VALUES ('Ann')");
    app::PasswordHasher hasher(kCheap);
    const app::ImportReport report = app::prepare_import(source.db, hasher);
    CHECK(report.handlers == 1);
    CHECK(report.schema.previous_version == app::latest_schema_version());
    CHECK(report.summary() == "0 users, 1 pet handler, 0 pets, 0 comments, 0 contact messages");

    orm::Database empty(":memory:");
    CHECK(app::prepare_import(empty, hasher).summary() == "0 users, 0 pet handlers, 0 pets, 0 comments, 0 contact messages");
}

TEST_CASE("files that are not registration databases are refused with a reason") {
    SUBCASE("another app's tables") {
        orm::Database db(":memory:");
        db.execute("CREATE TABLE invoice (id INTEGER PRIMARY KEY, total REAL)");
        CHECK(imported_error(db) == "it is not a registration database (it has none of the tutorial's tables: user, "
                                    "pet_handler, pet_category, pet_comment)");
    }
    SUBCASE("a user table that is not the tutorial's") {
        orm::Database db(":memory:");
        db.execute("CREATE TABLE user (id INTEGER PRIMARY KEY, username VARCHAR(100) NOT NULL)");
        CHECK(imported_error(db) == "its user table has no user_email column, so it is not the tutorial's (id, "
                                    "username, user_email, user_password)");
    }
    SUBCASE("a newer version of this app") {
        app_test::AppDatabase newer;
        newer.db.execute("PRAGMA user_version = 99");
        CHECK(imported_error(newer.db).find("newer version of this app (schema version 99") != std::string::npos);
    }
    SUBCASE("two users with one username") {
        orm::Database db(":memory:");
        make_tutorial_file(db);
        db.execute("INSERT INTO user (username, user_email, user_password) VALUES ('peter', 'p2@example.com', 'x')");
        const std::string error = imported_error(db);
        CHECK(error.find("it cannot be upgraded") == 0);
        CHECK(error.find("share the username \"peter\"") != std::string::npos);
        CHECK(error.find("hunter22") == std::string::npos);
    }
}
