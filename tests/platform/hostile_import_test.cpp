// Issue 18's hostile files, each made here with SQLite itself and imported the way the browser host does it
// (a private copy staged beside the data: platform::StagedImport running app::DatabaseImport, then
// DatabaseHost::replace_with). After each: the live database has exactly our schema (sqlite_master equal to
// a database our migrations built), holds the rows expected or is unchanged because the file was refused in
// a person's words, the report names what was left behind, and a registration afterwards behaves as on a
// new database (no trigger of the file fires, the password is stored as Argon2id).
#include "app/authentication_service.h"
#include "app/database_import.h"
#include "app/password_hasher.h"
#include "app/pet_service.h"
#include "app/registration_service.h"
#include "app/schema.h"
#include "orm/orm.h"
#include "platform/database_host.h"
#include "platform/staged_import.h"
#include "support/schema_sql.h"
#include "support/temp_directory.h"

#include <doctest/doctest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>

namespace {

constexpr app::Argon2Parameters kCheap{256, 1, 1};

std::string our_schema() {
    orm::Database db(":memory:");
    app::open_schema(db, app::PasswordHasher(kCheap));
    return schema_sql(db);
}

// The tutorial's tables as its Flask app creates them, with two users and a pet, plus whatever `hostile`
// adds (run with foreign keys off: a file may hold what our constraints would refuse).
std::string make_file(const test_support::TempDirectory& dir, const std::string& name, const std::string& hostile,
                      bool tutorial_tables = true) {
    const std::string path = dir.file(name);
    orm::Database db(path);
    db.execute("PRAGMA foreign_keys = OFF");
    if (tutorial_tables) {
        app::schema_migrator().upgrade(db, 1);
        db.execute("PRAGMA user_version = 0;"
                   "INSERT INTO user (username, user_email, user_password) VALUES "
                   "('flasky', 'flasky@example.com', 'plain-secret'), ('sammy', 'sammy@example.com', 'swordfish');"
                   "INSERT INTO pet_handler (handler_name) VALUES ('Flask handler');"
                   "INSERT INTO pet_category (pet_name, pet_category, handler_id) VALUES ('Rex', 'dog', 1)");
    }
    if (!hostile.empty()) db.execute(hostile);
    return path;
}

struct LiveApp {
    test_support::TempDirectory dir;
    platform::DatabaseHost host{[] {}};
    app::PasswordHasher hasher{kCheap};
    std::string summary;

    LiveApp() {
        REQUIRE(host.open(dir.file("registration.db")));
        app::open_schema(*host.database(), hasher);
        app::RegistrationService(*host.database(), hasher)
            .register_user({"resident", "resident@example.org", "resident password", "resident password"});
    }
    orm::Database& db() { return *host.database(); }
    std::int64_t integer(const std::string& sql) {
        auto statement = db().prepare(sql);
        statement->step();
        return statement->get_int64(0);
    }
    std::int64_t users() { return integer("SELECT count(*) FROM user"); }

    // As the browser host imports: the chosen file copied beside the data, staged a slice at a time, swapped in.
    // Returns "" or the refusal.
    std::string import(const std::string& file) {
        const std::string candidate = dir.file(".import-candidate.db");
        std::filesystem::copy_file(file, candidate, std::filesystem::copy_options::overwrite_existing);
        try {
            platform::StagedImport staged(
                candidate, dir.file(".import-fresh.db"), [&](orm::Database& c, orm::Database& f) {
                    return platform::import_work(std::make_unique<app::DatabaseImport>(c, f, hasher));
                });
            while (!staged.step(std::chrono::milliseconds(8))) {
            }
            summary = staged.summary();
            const std::string problem = host.replace_with(staged.take_result());
            if (!problem.empty()) return "swap: " + problem;
        } catch (const platform::ImportRefused& refused) {
            return refused.what();
        }
        app::open_schema(db(), hasher); // what the host does when it reopens the services
        return "";
    }

    // A registration and a login after the import, as a person would: nothing of the file interferes.
    void check_registration_behaves() {
        const std::int64_t before = users();
        app::RegistrationService registration(db(), hasher);
        const auto registered =
            registration.register_user({"newcomer", "newcomer@example.org", "newcomer password", "newcomer password"});
        REQUIRE(registered.ok());
        CHECK(users() == before + 1);
        auto stored = db().prepare("SELECT user_password FROM user WHERE username = 'newcomer'");
        REQUIRE(stored->step());
        CHECK(hasher.verify("newcomer password", stored->get_text(0)));
        CHECK(app::AuthenticationService(db(), hasher).login("newcomer", "newcomer password").ok());
        CHECK(schema_sql(db()) == our_schema());
    }
};

void check_imported_tutorial_rows(LiveApp& app) {
    CHECK(app.users() == 2);
    CHECK(app.integer("SELECT count(*) FROM user WHERE username = 'resident'") == 0); // replaced by the file's
    CHECK(app.integer("SELECT count(*) FROM pet_category") == 1);
    CHECK(app::AuthenticationService(app.db(), app.hasher).login("flasky", "plain-secret").ok());
    CHECK(app.integer("SELECT count(*) FROM user WHERE substr(user_password, 1, 10) <> '$argon2id$'") == 0);
}

void check_unchanged(LiveApp& app) {
    CHECK(app.users() == 1);
    CHECK(app.integer("SELECT count(*) FROM user WHERE username = 'resident'") == 1);
    CHECK(schema_sql(app.db()) == our_schema());
}

} // namespace

TEST_CASE("the three trigger files of issue 18: imported without their triggers, which never fire") {
    struct File {
        const char* name;
        const char* hostile;
    };
    for (const File file : {
             File{"wipe.db", "CREATE TRIGGER wipe AFTER INSERT ON user BEGIN DELETE FROM user; END"},
             File{"known-password.db",
                  "CREATE TRIGGER known AFTER INSERT ON user BEGIN UPDATE user SET user_password = 'known' "
                  "WHERE id = new.id; END"},
             File{"copy-passwords.db",
                  "CREATE TABLE loot (value TEXT); CREATE TRIGGER steal AFTER UPDATE ON user BEGIN INSERT INTO loot "
                  "VALUES (old.user_password); END"},
         }) {
        CAPTURE(file.name);
        LiveApp app;
        REQUIRE(app.import(make_file(app.dir, file.name, file.hostile)) == "");
        check_imported_tutorial_rows(app);
        CHECK(app.summary.find("; ignored: 1 trigger") != std::string::npos);
        CHECK(schema_sql(app.db()) == our_schema());
        app.check_registration_behaves();
        CHECK(app.users() == 3);                                       // every user is still there
        app.db().run("UPDATE user SET user_password = user_password"); // an update, as a password change is
        CHECK(app.integer("SELECT count(*) FROM sqlite_master WHERE name = 'loot'") == 0);
    }
}

TEST_CASE("triggers on every table, a view per name, an expression index calling a function: none taken") {
    LiveApp app;
    // Evaluated for anything but JSON, these expressions fail ("malformed JSON"): had they come along, the next
    // registration (an Argon2id string) would be refused. The file's own passwords are JSON strings.
    std::string hostile = "UPDATE user SET user_password = json_quote(user_password);"
                          "CREATE INDEX ix_boom ON user (json_extract(user_password, '$.x'));"
                          "CREATE INDEX ix_partial ON user (id) WHERE json_extract(user_password, '$.y') > 0;"
                          "CREATE TABLE loot (value TEXT);";
    for (const char* table : {"user", "pet_handler", "pet_category", "pet_comment"})
        for (const char* event : {"INSERT", "UPDATE", "DELETE"})
            hostile += std::string("CREATE TRIGGER ") + table + "_" + event + " AFTER " + event + " ON " + table +
                       " BEGIN INSERT INTO loot VALUES ('" + table + "'); DELETE FROM user; END;";
    for (const char* table : {"user", "pet_handler", "pet_category", "pet_comment", "contact_message"})
        hostile += std::string("CREATE VIEW ") + table + "_view AS SELECT * FROM loot;";
    REQUIRE(app.import(make_file(app.dir, "everything.db", hostile)) == "");
    CHECK(app.users() == 2);
    CHECK(app::AuthenticationService(app.db(), app.hasher).login("flasky", "\"plain-secret\"").ok());
    CHECK(app.summary.find("; ignored: 12 triggers, 5 views, 2 indexes, table `loot`") != std::string::npos);
    app.check_registration_behaves();
}

TEST_CASE("views standing in for our tables, and a virtual user table, are refused in a person's words") {
    {
        LiveApp app;
        std::string hostile = "CREATE TABLE accounts (id INTEGER PRIMARY KEY, username, user_email, user_password);"
                              "INSERT INTO accounts VALUES (1, 'x', 'x@example.org', 'pw');";
        for (const char* table : {"user", "pet_handler", "pet_category", "pet_comment", "contact_message"})
            hostile += std::string("CREATE VIEW ") + table + " AS SELECT * FROM accounts;";
        CHECK(app.import(make_file(app.dir, "views.db", hostile, false)).find("its user is a view") == 0);
        check_unchanged(app);
    }
    {
        LiveApp app;
        CHECK(app.import(make_file(app.dir, "virtual.db", "CREATE VIRTUAL TABLE user USING dbstat", false))
                  .find("its user table is a virtual table") == 0);
        check_unchanged(app);
    }
}

TEST_CASE("a password value that is no Argon2id hash of ours, and duplicates under our own version, are refused") {
    {
        LiveApp app;
        const std::string refusal = app.import(
            make_file(app.dir, "not-a-hash.db",
                      "INSERT INTO user (id, username, user_email, user_password) VALUES (3, 'eve', 'eve@example.com', "
                      "'$argon2id$not-a-hash')"));
        CHECK(refusal.find("user 3, user_password: looks like a password hash, but not an Argon2id one") !=
              std::string::npos);
        check_unchanged(app);
    }
    {
        // A file claiming our latest version, without our unique indexes, with duplicate names and emails.
        LiveApp app;
        const std::string path = app.dir.file("claims-ours.db");
        {
            orm::Database db(path);
            app::schema_migrator().upgrade(db);
            db.execute(
                "DROP INDEX ix_user_username; DROP INDEX ix_user_email_lower; DROP INDEX ix_user_username_lower;"
                "INSERT INTO user (username, user_email, user_password) VALUES ('peter', 'a@example.org', 'one'),"
                "('Peter', 'b@example.org', 'two'), ('paul', 'A@EXAMPLE.org', 'three')");
        }
        const std::string refusal = app.import(path);
        CHECK(refusal == "2 values break the rules a new row must pass: user 2, username: \"Peter\" is also user 1's "
                         "(ignoring case); "
                         "user 3, user_email: \"A@EXAMPLE.org\" is also user 1's (ignoring case)");
        check_unchanged(app);
    }
}

TEST_CASE("another app's database, whatever version it claims, is refused and changes nothing") {
    LiveApp app;
    const std::string refusal =
        app.import(make_file(app.dir, "other-app.db",
                             "CREATE TABLE invoice (id INTEGER PRIMARY KEY, total REAL); "
                             "INSERT INTO invoice (total) VALUES (9.5); PRAGMA user_version = -1",
                             false));
    CHECK(refusal == "it is not a registration database (it has none of the tutorial's tables: user, pet_handler, "
                     "pet_category, pet_comment)");
    check_unchanged(app);
}

TEST_CASE("odd table options and column definitions stay in the file: only the values come") {
    LiveApp app;
    const std::string path = app.dir.file("odd-user.db");
    {
        orm::Database db(path);
        db.execute("CREATE TABLE user (id INTEGER NOT NULL PRIMARY KEY, username VARCHAR(100) NOT NULL, "
                   "user_email VARCHAR(100) NOT NULL, user_password VARCHAR(150) NOT NULL, "
                   "shout TEXT GENERATED ALWAYS AS (upper(username)) STORED, "
                   "required_extra TEXT NOT NULL, "
                   "blob_default BLOB DEFAULT (randomblob(8000000))) WITHOUT ROWID;"
                   "INSERT INTO user (id, username, user_email, user_password, required_extra, blob_default) VALUES "
                   "(1, 'flasky', 'flasky@example.com', 'plain-secret', 'x', NULL),"
                   "(2, 'sammy', 'sammy@example.com', 'swordfish', 'y', NULL);"
                   "CREATE TABLE pet_handler (handler_id INTEGER PRIMARY KEY, handler_name TEXT) STRICT;"
                   "INSERT INTO pet_handler VALUES (1, 'Flask handler');"
                   "CREATE TABLE pet_category (pet_id INTEGER PRIMARY KEY AUTOINCREMENT, pet_name, pet_category, "
                   "handler_id);"
                   "INSERT INTO pet_category (pet_name, pet_category, handler_id) VALUES ('Rex', 'dog', 1);"
                   "UPDATE sqlite_sequence SET seq = 9223372036854775807");
    }
    REQUIRE(app.import(path) == "");
    check_imported_tutorial_rows(app);
    CHECK(app.summary.find("; ignored: 3 columns (`user.shout`, `user.required_extra`, `user.blob_default`)") !=
          std::string::npos);
    app.check_registration_behaves();
    app::PetService pets(app.db());
    CHECK(pets.create_pet(1, {"Tom", "cat"}).ok());                  // no sequence at INT64 max came along
    CHECK(std::filesystem::file_size(app.host.path()) < 200 * 1024); // no 8 MB default either
}

TEST_CASE("user columns in another order and with other types: read by name, each value checked") {
    LiveApp app;
    const std::string real_ids = make_file(app.dir, "real-ids.db",
                                           "CREATE TABLE user (id REAL, username, user_email, user_password);"
                                           "INSERT INTO user VALUES (1, 'ann', 'ann@example.org', 'pw-one')",
                                           false);
    CHECK(app.import(real_ids) ==
          "1 value breaks the rules a new row must pass: user row #1, id: is a real number, not a whole number");
    const std::string path = make_file(app.dir, "reordered.db",
                                       "CREATE TABLE user (user_password BLOB, nickname TEXT, user_email NUMERIC, "
                                       "username INTEGER, id INTEGER);"
                                       "INSERT INTO user VALUES ('pw-one', 'A', 'ann@example.org', 'ann', 1);"
                                       "INSERT INTO user VALUES ('pw-two', 'B', 'bob@example.org', 12345, 2)",
                                       false);
    CHECK(app.import(path) == "1 value breaks the rules a new row must pass: user 2, username: is a whole number, "
                              "not text");
    check_unchanged(app);
    {
        orm::Database db(path);
        db.execute("UPDATE user SET username = 'bob' WHERE id = 2");
    }
    REQUIRE(app.import(path) == "");
    CHECK(app.users() == 2);
    CHECK(app.summary.find("ignored: column `user.nickname`") != std::string::npos);
    app.check_registration_behaves();
}

TEST_CASE("a 10,000-table file is refused before SQLite parses it; 500 extra tables are named and left behind") {
    const auto tables = [](int count) {
        std::string sql = "BEGIN;";
        for (int i = 0; i < count; ++i)
            sql += "CREATE TABLE t" + std::to_string(i) + " (x);";
        return sql + "COMMIT";
    };
    {
        LiveApp app;
        const std::string path = make_file(app.dir, "ten-thousand.db", tables(10000));
        const auto started = std::chrono::steady_clock::now();
        CHECK(app.import(path) == "it declares more than 1,000 tables, indexes, views and triggers (10,004), where a "
                                  "registration database has about twenty; reading them all would stall this page, so "
                                  "it is not imported");
        const auto took = std::chrono::steady_clock::now() - started;
        MESSAGE("10,000-table file refused in ", std::chrono::duration_cast<std::chrono::milliseconds>(took).count(),
                " ms");
        check_unchanged(app);
    }
    {
        LiveApp app;
        REQUIRE(app.import(make_file(app.dir, "five-hundred.db", tables(500))) == "");
        check_imported_tutorial_rows(app);
        CHECK(app.summary.find("; ignored: 500 tables (`t0`, `t1`, `t2` and 497 more)") != std::string::npos);
        app.check_registration_behaves();
    }
}

TEST_CASE("files SQLite cannot open as they are: write-ahead log converted; UTF-16 and other page sizes read") {
    {
        LiveApp app;
        const std::string path = make_file(app.dir, "wal.db", "PRAGMA journal_mode = WAL");
        REQUIRE(app.import(path) == "");
        check_imported_tutorial_rows(app);
        CHECK(app.summary.find("saved in write-ahead-log mode") != std::string::npos);
        app.check_registration_behaves();
    }
    for (const char* setup : {"PRAGMA encoding = 'UTF-16le'", "PRAGMA encoding = 'UTF-16be'", "PRAGMA page_size = 512",
                              "PRAGMA page_size = 65536"}) {
        CAPTURE(setup);
        LiveApp app;
        const std::string path = app.dir.file("other-format.db");
        {
            orm::Database db(path);
            db.execute(setup); // before the first write, on the same connection, or SQLite forgets it
            app::schema_migrator().upgrade(db, 1);
            db.run("INSERT INTO user (username, user_email, user_password) VALUES (?, 'zoe@example.org', 'pw-zoe')",
                   std::string("Zo\xc3\xab \xce\xa9"));
        }
        REQUIRE(app.import(path) == "");
        CHECK(app.integer("SELECT count(*) FROM user WHERE username = 'Zo\xc3\xab \xce\xa9'") == 1);
        CHECK(app.integer("PRAGMA page_size") == 4096); // ours
        app.check_registration_behaves();
    }
}

TEST_CASE("a value bigger than any field, and a file that is not a database, are refused in a person's words") {
    {
        LiveApp app;
        const std::string path = make_file(app.dir, "huge.db", "");
        {
            orm::Database db(path);
            db.run("UPDATE user SET username = ? WHERE id = 2", std::string(2 << 20, 'h'));
        }
        CHECK(app.import(path) == "it holds a value of more than 1 MB, far more than any field of this app holds");
        check_unchanged(app);
    }
    {
        LiveApp app;
        const std::string path = app.dir.file("notes.db");
        std::ofstream(path) << "id,username\n1,peter\n";
        CHECK(app.import(path) == "this is not an SQLite database");
        check_unchanged(app);
    }
}
