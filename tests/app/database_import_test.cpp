// Import copies rows, never schema: the known tables' known columns of a file from elsewhere, each value
// checked against the rules a new row passes, written through our models into a database our migrations
// built. (The hostile files of issue 18, through the host's whole import path, are in
// tests/platform/hostile_import_test.cpp.)
#include "app/database_import.h"

#include "app/authentication_service.h"
#include "app/registration_service.h"
#include "app_test_support.h"
#include "support/schema_sql.h"

#include <doctest/doctest.h>

#include <chrono>

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

struct Imported {
    orm::Database fresh{":memory:"};
    app::PasswordHasher hasher{kCheap};
    app::ImportReport report;
    std::string error;

    Imported(orm::Database& candidate, app::ImportOptions options = {}) {
        try {
            report = app::import_database(candidate, fresh, hasher, options);
        } catch (const app::ImportError& e) {
            error = e.what();
        }
    }
    std::int64_t integer(const std::string& sql) {
        auto statement = fresh.prepare(sql);
        statement->step();
        return statement->get_int64(0);
    }
    std::string text(const std::string& sql) {
        auto statement = fresh.prepare(sql);
        return statement->step() ? statement->get_text(0) : std::string();
    }
};

std::string refusal(orm::Database& candidate) {
    return Imported(candidate).error;
}

} // namespace

TEST_CASE("a file from the tutorial's Flask app: its rows copied, its passwords hashed, into our schema") {
    orm::Database candidate(":memory:");
    make_tutorial_file(candidate);
    Imported imported(candidate);
    REQUIRE(imported.error == "");

    const app::ImportReport& report = imported.report;
    CHECK(report.users == 2);
    CHECK(report.handlers == 1);
    CHECK(report.pets == 1);
    CHECK(report.comments == 0);
    CHECK(report.from_tutorial);
    CHECK(report.passwords_rehashed == 2);
    CHECK(report.ignored.empty());
    CHECK(report.summary() == "2 users, 1 pet handler, 1 pet, 0 comments, 0 contact messages; upgraded from the "
                              "tutorial's Flask schema; 2 plaintext passwords re-hashed with Argon2id");
    app_test::AppDatabase ours;
    CHECK(schema_sql(imported.fresh) == schema_sql(ours.db));
    CHECK(imported.integer("PRAGMA user_version") == app::latest_schema_version());
    const std::string stored = imported.text("SELECT user_password FROM user WHERE username = 'peter'");
    CHECK(stored.rfind("$argon2id$", 0) == 0);
    CHECK(imported.hasher.verify("hunter22", stored)); // the person still logs in with the password they had
    CHECK(imported.text("SELECT handler_id FROM pet_category WHERE pet_name = 'Rex'") == "1");
    // The candidate was only read.
    CHECK(app::schema_migrator().current_version(candidate) == 0);
    auto plaintext = candidate.prepare("SELECT user_password FROM user WHERE username = 'peter'");
    plaintext->step();
    CHECK(plaintext->get_text(0) == "hunter22");
}

TEST_CASE("an export of this app imports with its ids, hashes and every table; an empty database too") {
    app_test::AppDatabase source;
    app::RegistrationService(source.db, source.hasher)
        .register_user({"Zo\xc3\xab", "zoe@example.org", "correct horse", "correct horse"});
    source.db.execute(
        "INSERT INTO pet_handler (handler_id, handler_name) VALUES (7, 'Ann');"
        "INSERT INTO pet_category (pet_id, pet_name, pet_category, handler_id) VALUES (9, 'Bella', 'cat', 7);"
        "INSERT INTO pet_comment (comment_id, comment_content, pet_id) VALUES (3, 'Sleeps.\nAll day.', 9);"
        "INSERT INTO pet_comment (comment_content) VALUES ('No pet');"
        "INSERT INTO contact_message (name, email, subject, message, created_at) VALUES "
        "('Ann', 'ann@example.org', '', 'Hello', '2025-01-02 03:04:05.000000')");
    // An earlier build's "Saving check" number: ours, not data, not copied.
    source.db.execute("CREATE TABLE app_counter (name VARCHAR(50) PRIMARY KEY, value INTEGER NOT NULL);"
                      "INSERT INTO app_counter (name, value) VALUES ('clicks', 3)");
    const std::string hash = source.text("SELECT user_password FROM user");
    Imported imported(source.db);
    REQUIRE(imported.error == "");
    CHECK(imported.report.summary() == "1 user, 1 pet handler, 1 pet, 2 comments, 1 contact message");
    CHECK(imported.text("SELECT user_password FROM user WHERE username = 'Zo\xc3\xab'") == hash); // kept as it is
    CHECK(imported.text("SELECT comment_content || '|' || pet_id FROM pet_comment WHERE comment_id = 3") ==
          "Sleeps.\nAll day.|9");
    CHECK(imported.integer("SELECT count(*) FROM pet_comment WHERE pet_id IS NULL") == 1);
    CHECK(imported.text("SELECT created_at FROM contact_message") == "2025-01-02 03:04:05.000000");
    CHECK(app::AuthenticationService(imported.fresh, imported.hasher).login("zoe@example.org", "correct horse").ok());

    orm::Database empty(":memory:");
    Imported nothing(empty);
    CHECK(nothing.report.summary() == "0 users, 0 pet handlers, 0 pets, 0 comments, 0 contact messages");
}

TEST_CASE("files that are not registration databases are refused with a reason") {
    orm::Database db(":memory:");
    SUBCASE("another app's tables") {
        db.execute("CREATE TABLE invoice (id INTEGER PRIMARY KEY, total REAL); PRAGMA user_version = -1");
        CHECK(refusal(db) == "it is not a registration database (it has none of the tutorial's tables: user, "
                             "pet_handler, pet_category, pet_comment)");
    }
    SUBCASE("a user table that is not the tutorial's") {
        db.execute("CREATE TABLE user (id INTEGER PRIMARY KEY, username VARCHAR(100) NOT NULL)");
        CHECK(refusal(db) == "its user table has no user_email column, so it is not the tutorial's (id, "
                             "username, user_email, user_password)");
    }
    SUBCASE("a newer version of this app") {
        app::schema_migrator().upgrade(db);
        db.execute("PRAGMA user_version = 99");
        CHECK(refusal(db).find("newer version of this app (schema version 99") != std::string::npos);
    }
    SUBCASE("a view or a virtual table in place of a table") {
        db.execute("CREATE TABLE accounts (id, username, user_email, user_password);"
                   "CREATE VIEW user AS SELECT * FROM accounts");
        CHECK(refusal(db).find("its user is a view") == 0);
    }
    SUBCASE("a known column computed instead of stored") {
        db.execute("CREATE TABLE user (id INTEGER PRIMARY KEY, username TEXT, user_email TEXT, "
                   "user_password TEXT GENERATED ALWAYS AS ('known') STORED)");
        CHECK(refusal(db).find("its user table computes user_password from other columns") == 0);
    }
}

TEST_CASE("every imported row passes the rules a new one passes; refused rows are listed by id") {
    orm::Database db(":memory:");
    make_tutorial_file(db);
    db.execute("PRAGMA foreign_keys = OFF"); // the file may hold what our constraints would refuse
    const app::PasswordHasher other_costs({512, 1, 1});
    db.run("INSERT INTO user (id, username, user_email, user_password) VALUES (10, 'peter', 'p10@example.com', 'pw')");
    db.run("INSERT INTO user (id, username, user_email, user_password) VALUES (11, 'eleven', 'PETER@example.com', "
           "'pw')");
    db.run("INSERT INTO user (id, username, user_email, user_password) VALUES (12, 'twelve', 'not an email', 'pw')");
    db.run("INSERT INTO user (id, username, user_email, user_password) VALUES (13, 'x', 'x@example.com', 'pw')");
    db.run("INSERT INTO user (id, username, user_email, user_password) VALUES (14, ?, 'bad@example.com', 'pw')",
           std::string("bad\xff\xfe"));
    db.run("INSERT INTO user (id, username, user_email, user_password) VALUES (15, ?, 'k@example.com', ?)",
           std::string(101, 'k'), other_costs.hash("fine")); // too long a name; a hash of other costs is fine
    db.run("INSERT INTO pet_handler (handler_id, handler_name) VALUES (5, '   ')");
    db.run("INSERT INTO pet_category (pet_id, pet_name, pet_category, handler_id) VALUES (20, 'Tom', 'cat', 5)");
    db.run("INSERT INTO pet_category (pet_id, pet_name, pet_category, handler_id) VALUES (21, 'Ghost', 'cat', 99)");
    db.run("INSERT INTO pet_comment (comment_id, comment_content) VALUES (30, ?)", std::string(201, 'c'));

    Imported refused(db);
    CHECK(refused.error.find("10 values break the rules a new row must pass: user 10, username: \"peter\" is also "
                             "user 1's (ignoring case); user 11, user_email: \"PETER@example.com\" is also user 1's (ignoring case); "
                             "user 12, user_email: Enter a valid email address.; user 13, username: Username must be "
                             "at least 3 characters.; user 14, username: Username contains invalid characters.; and 5 "
                             "more") == 0);
    CHECK(refused.integer("SELECT count(*) FROM user") == 0); // no row was written

    app::ImportOptions leave_out;
    leave_out.leave_out_refused_rows = true;
    Imported good_rows(db, leave_out);
    REQUIRE(good_rows.error == "");
    std::vector<std::string> left_out;
    for (const auto& failure : good_rows.report.left_out)
        left_out.push_back(failure.describe());
    CHECK(left_out == std::vector<std::string>{
                          "user 10, username: \"peter\" is also user 1's (ignoring case)",
                          "user 11, user_email: \"PETER@example.com\" is also user 1's (ignoring case)",
                          "user 12, user_email: Enter a valid email address.",
                          "user 13, username: Username must be at least 3 characters.",
                          "user 14, username: Username contains invalid characters.",
                          "user 15, username: Username must be at most 100 characters.",
                          "pet_handler 5, handler_name: Enter the handler's name.",
                          "pet_category 20, handler_id: its pet handler 5 is refused",
                          "pet_category 21, handler_id: names pet handler 99, which the file does not have",
                          "pet_comment 30, comment_content: Comment must be at most 200 characters.",
                      });
    CHECK(good_rows.report.users == 2);
    CHECK(good_rows.report.pets == 1);
    CHECK(good_rows.report.summary().find("; left out 10 refused values") != std::string::npos);
    CHECK(good_rows.integer("PRAGMA foreign_key_check") == 0);
}

TEST_CASE("a password is an Argon2id hash our verifier runs, or plaintext to hash; nothing else is taken") {
    struct Case {
        const char* stored;
        const char* problem; // "" if it imports
    };
    const std::string huge_costs =
        "$argon2id$v=19$m=4194304,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$" + std::string(43, 'A'); // 4 GiB: beyond our bounds
    for (const Case c : {
             Case{"$argon2id$not-a-hash", "looks like a password hash, but not an Argon2id one"},
             Case{huge_costs.c_str(), "looks like a password hash, but not an Argon2id one"},
             Case{"$argon2i$v=19$m=512,t=1,p=1$c29tZXNhbHQ$aGFzaGhhc2g", "looks like a password hash"},
             Case{"$2b$12$abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQ", "looks like a password hash"},
             Case{"pbkdf2:sha256:600000$salt$hash", "looks like a password hash"},
             Case{"", "is empty: nobody could log in with it"},
             Case{"$ecret with a dollar", ""},
         }) {
        const char* stored = c.stored;
        CAPTURE(stored);
        orm::Database db(":memory:");
        app::schema_migrator().upgrade(db, 1);
        db.run("INSERT INTO user (id, username, user_email, user_password) VALUES (4, 'peter', 'p@example.org', ?)",
               std::string(c.stored));
        Imported imported(db);
        if (std::string(c.problem).empty()) {
            CHECK(imported.error == "");
            CHECK(imported.hasher.verify(c.stored, imported.text("SELECT user_password FROM user")));
        } else {
            CHECK(imported.error.find("user 4, user_password: " + std::string(c.problem)) != std::string::npos);
            const bool quoted = !std::string(c.stored).empty() && imported.error.find(c.stored) != std::string::npos;
            CHECK_FALSE(quoted); // a password value is never quoted
        }
    }
}

TEST_CASE("values of another type than the column's are refused, whatever the declared types say") {
    orm::Database db(":memory:");
    db.execute("CREATE TABLE user (user_password BLOB, user_email ANY, username INTEGER, id NUMERIC, nickname TEXT)");
    db.run("INSERT INTO user VALUES ('pw1', 'a@example.org', 'ann', 1, 'A')"); // columns in another order: fine
    db.run("INSERT INTO user VALUES ('pw2', 'b@example.org', 12345, 2, 'B')"); // INTEGER affinity: a number
    db.run("INSERT INTO user VALUES (?, 'c@example.org', 'cat', 3, 'C')", orm::Bytes{1, 2, 3});
    db.run("INSERT INTO user VALUES ('pw4', 'd@example.org', 'dan', 'four', 'D')");
    db.run("INSERT INTO user VALUES ('pw5', NULL, 'eve', 5, 'E')");
    app::ImportOptions leave_out;
    leave_out.leave_out_refused_rows = true;
    Imported imported(db, leave_out);
    REQUIRE(imported.error == "");
    std::string left_out;
    for (const auto& failure : imported.report.left_out)
        left_out += failure.describe() + "\n";
    CHECK(left_out == "user row #4, id: is text, not a whole number\n" // the table's 4th row
                      "user 2, username: is a whole number, not text\n"
                      "user 3, user_password: is binary data (a blob), not text\n"
                      "user 5, user_email: is empty (NULL), not text\n");
    CHECK(imported.text("SELECT username FROM user") == "ann");
    CHECK(imported.report.ignored.describe() == "column `user.nickname`");
}

TEST_CASE("the report names what was never taken: triggers, views, indexes, tables, columns") {
    orm::Database db(":memory:");
    make_tutorial_file(db);
    db.execute("ALTER TABLE user ADD COLUMN nickname TEXT; CREATE TABLE loot (value TEXT);"
               "CREATE TRIGGER a AFTER INSERT ON user BEGIN DELETE FROM user; END;"
               "CREATE TRIGGER b AFTER UPDATE ON user BEGIN INSERT INTO loot VALUES (old.user_password); END;"
               "CREATE VIEW v AS SELECT * FROM user; CREATE INDEX ix_other ON user (nickname);"
               "CREATE INDEX ix_user_username ON user (username)"); // a look-alike of ours: replaced, not reported
    Imported imported(db);
    REQUIRE(imported.error == "");
    CHECK(imported.report.ignored.describe() == "2 triggers, 1 view, 1 index, table `loot`, column `user.nickname`");
    CHECK(imported.report.summary().find("; ignored: 2 triggers, 1 view, 1 index, table `loot`, column "
                                         "`user.nickname`") != std::string::npos);
    app_test::AppDatabase ours;
    CHECK(schema_sql(imported.fresh) == schema_sql(ours.db));
}

TEST_CASE("an import runs in steps with a progress that only grows; destroyed half-way it changed nothing") {
    orm::Database db(":memory:");
    make_tutorial_file(db);
    for (int i = 0; i < 200; ++i)
        db.run("INSERT INTO user (username, user_email, user_password) VALUES (?, ?, ?)", "user" + std::to_string(i),
               "u" + std::to_string(i) + "@example.org",
               i % 20 == 0 ? "plaintext" : app::PasswordHasher(kCheap).hash("x"));
    const std::string before = schema_sql(db);
    app::PasswordHasher hasher(kCheap);
    {
        orm::Database fresh(":memory:");
        app::DatabaseImport import(db, fresh, hasher);
        double progress = import.progress();
        int steps = 0;
        while (!import.step(std::chrono::microseconds(0))) {
            CHECK(import.progress() >= progress);
            progress = import.progress();
            ++steps;
        }
        CHECK(steps > 10);
        CHECK(import.progress() == 1.0);
        CHECK(import.report().users == 202);
        CHECK(import.report().passwords_rehashed == 12);
    }
    {
        orm::Database fresh(":memory:");
        auto import = std::make_unique<app::DatabaseImport>(db, fresh, hasher);
        for (int i = 0; i < 5; ++i)
            import->step(std::chrono::microseconds(0));
        CHECK_FALSE(import->done());
        import.reset(); // Cancel
    }
    CHECK(schema_sql(db) == before);
    auto plaintext = db.prepare("SELECT count(*) FROM user WHERE user_password = 'plaintext'");
    plaintext->step();
    CHECK(plaintext->get_int64(0) == 10);
}

TEST_CASE("bounds: too many plaintext passwords or rows are refused before any hashing") {
    orm::Database db(":memory:");
    make_tutorial_file(db);
    app::ImportOptions bounded;
    bounded.max_plaintext_passwords = 1;
    CHECK(Imported(db, bounded).error ==
          "it holds 2 plaintext passwords; each is hashed with Argon2id on import (about a tenth of a second each), "
          "and at most 1 can be hashed in one import");
    bounded = {};
    bounded.max_rows_per_table = 1;
    CHECK(Imported(db, bounded).error == "its user table holds more than 1 row, more than one import takes");
}

TEST_CASE("the file's rows are counted before any is read, for the question \"replace your data with these?\"") {
    orm::Database candidate(":memory:");
    make_tutorial_file(candidate);
    candidate.execute("INSERT INTO user (username, user_email, user_password) VALUES ('x', 'not an email', 'p')");
    orm::Database fresh(":memory:");
    app::PasswordHasher hasher{kCheap};
    app::DatabaseImport import(candidate, fresh, hasher);
    const app::FileRows& rows = import.file_rows();
    CHECK(rows.users == 3); // every row of the file, the one the rules will refuse too
    CHECK(rows.handlers == 1);
    CHECK(rows.pets == 1);
    CHECK(rows.comments == 0); // the tutorial's file has no such table
    CHECK(rows.messages == 0);
    CHECK(import.progress() == 0.0); // counted, not read

    orm::Database empty(":memory:");
    orm::Database fresh_too(":memory:");
    CHECK(app::DatabaseImport(empty, fresh_too, hasher).file_rows().users == 0);
}
