#include "app/models.h"
#include "app/password_hasher.h"
#include "app/schema.h"
#include "app_test_support.h"
#include "support/temp_directory.h"
#include "support/schema_sql.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

using app_test::AppDatabase;
using app_test::kCheap;
using app_test::query_plan;

namespace {

// The column list SQLite reports: name, declared type, NOT NULL, primary key.
std::string table_info(orm::Database& db, const std::string& table) {
    std::string out;
    auto statement = db.prepare("SELECT name, type, \"notnull\", pk FROM pragma_table_info(?) ORDER BY name");
    statement->bind(1, table);
    while (statement->step())
        out += statement->get_text(0) + " " + statement->get_text(1) + (statement->get_int64(2) ? " NOT NULL" : "") +
               (statement->get_int64(3) ? " PK" : "") + "\n";
    return out;
}

// The same list from a model declaration.
std::string model_info(const orm::ModelInfo& model) {
    std::vector<std::string> lines;
    for (const auto& c : model.columns())
        lines.push_back(c.name + " " + c.type.sql() + (c.nullable ? "" : " NOT NULL") + (c.primary_key ? " PK" : "") +
                        "\n");
    std::sort(lines.begin(), lines.end());
    std::string out;
    for (const auto& l : lines)
        out += l;
    return out;
}

} // namespace

TEST_CASE("a new database is brought to the latest version, and opening it again changes nothing") {
    AppDatabase app;
    CHECK(app::schema_migrator().current_version(app.db) == app::latest_schema_version());
    CHECK(app::latest_schema_version() == 10);
    const std::string schema = schema_sql(app.db);
    const auto status = app::open_schema(app.db, app.hasher);
    CHECK(status.previous_version == app::latest_schema_version());
    CHECK(status.version == app::latest_schema_version());
    CHECK(status.passwords_rehashed == 0);
    CHECK(schema_sql(app.db) == schema);
}

TEST_CASE("the models in app/models.h describe exactly the tables the migrations build") {
    AppDatabase app;
    CHECK(table_info(app.db, "user") == model_info(orm::model_of<app::User>()));
    CHECK(table_info(app.db, "pet_handler") == model_info(orm::model_of<app::PetHandler>()));
    CHECK(table_info(app.db, "pet_category") == model_info(orm::model_of<app::PetCategory>()));
    CHECK(table_info(app.db, "pet_comment") == model_info(orm::model_of<app::PetComment>()));
    CHECK(table_info(app.db, "contact_message") == model_info(orm::model_of<app::ContactMessage>()));
    CHECK(table_info(app.db, "login_backoff") == model_info(orm::model_of<app::LoginBackoffRecord>()));
    CHECK(table_info(app.db, "account_session") == model_info(orm::model_of<app::AccountSessionRecord>()));
    // pet_comment.pet_id really is a foreign key to pet_category.
    CHECK(app.text("SELECT \"table\" || '.' || \"to\" FROM pragma_foreign_key_list('pet_comment')") ==
          "pet_category.pet_id");
}

TEST_CASE("version 1 is the tutorial's schema as the ORM (and so SQLAlchemy) writes it") {
    orm::Database db(":memory:");
    app::schema_migrator().upgrade(db, 1);
    auto statement = db.prepare("SELECT name FROM sqlite_master ORDER BY name");
    std::vector<std::string> names;
    while (statement->step())
        names.push_back(statement->get_text(0));
    CHECK(names == std::vector<std::string>{"pet_category", "pet_comment", "pet_handler", "user"});
    auto pet_comment = db.prepare("SELECT sql FROM sqlite_master WHERE name = 'pet_comment'");
    pet_comment->step();
    CHECK(pet_comment->get_text(0) ==
          "CREATE TABLE pet_comment (\n\tcomment_id INTEGER NOT NULL, \n\tcomment_content VARCHAR(200) NOT NULL, "
          "\n\tPRIMARY KEY (comment_id)\n)");
}

TEST_CASE("legacy plaintext passwords are re-hashed when a tutorial database is opened") {
    orm::Database db(":memory:");
    app::schema_migrator().upgrade(db, 1); // what the tutorial's app leaves behind, with its rows:
    db.run("INSERT INTO user (username, user_email, user_password) VALUES (?, ?, ?)", "peter", "peter@example.org",
           "hunter2!");
    db.run("INSERT INTO user (username, user_email, user_password) VALUES (?, ?, ?)", "ann", "ann@example.org", "");
    const app::PasswordHasher hasher(kCheap);
    const std::string already = hasher.hash("already hashed");
    db.run("INSERT INTO user (username, user_email, user_password) VALUES (?, ?, ?)", "zoe", "zoe@example.org",
           already);

    const auto status = app::open_schema(db, hasher);
    CHECK(status.previous_version == 1);
    CHECK(status.passwords_rehashed == 2);
    orm::Session session(db);
    auto peter = session.query<app::User>().filter_by(&app::User::username, "peter").one();
    CHECK(app::PasswordHasher::looks_like_phc(peter->user_password));
    CHECK(hasher.verify("hunter2!", peter->user_password));
    CHECK(hasher.verify("", session.query<app::User>().filter_by(&app::User::username, "ann").one()->user_password));
    CHECK(session.query<app::User>().filter_by(&app::User::username, "zoe").one()->user_password ==
          already); // untouched
    CHECK(app::open_schema(db, hasher).passwords_rehashed == 0);
}

TEST_CASE("finding legacy passwords reads the (empty) partial index, not the user table") {
    AppDatabase app;
    std::vector<std::string> statements;
    app.db.set_statement_listener([&](std::string_view sql) { statements.emplace_back(sql); });
    app::rehash_legacy_passwords(app.db, app.hasher);
    app.db.set_statement_listener(nullptr);
    REQUIRE_FALSE(statements.empty());
    const auto plan = query_plan(app.db, statements.front());
    REQUIRE(plan.size() == 1);
    CHECK(plan[0].find("USING INDEX ix_user_legacy_password") != std::string::npos);
}

TEST_CASE("a tutorial database with duplicate usernames or emails is refused, named, and left unchanged") {
    struct Duplicate {
        const char* name;
        const char* email;
        const char* expected;
    };
    for (const Duplicate duplicate :
         {Duplicate{"peter", "other@example.org", "users 1, 2 share the username \"peter\""},
          Duplicate{"pete", "PETER@example.org",
                    "users 1, 2 share the email address (ignoring case) \"peter@example.org\""}}) {
        const char* expected = duplicate.expected;
        CAPTURE(expected);
        orm::Database db(":memory:");
        app::schema_migrator().upgrade(db, 1);
        db.run("INSERT INTO user (username, user_email, user_password) VALUES ('peter', 'peter@example.org', "
               "'secret-one')");
        db.run("INSERT INTO user (username, user_email, user_password) VALUES (?, ?, 'secret-two')", duplicate.name,
               duplicate.email);
        const std::string before = schema_sql(db);
        try {
            app::open_schema(db, app::PasswordHasher(kCheap));
            FAIL("must throw");
        } catch (const orm::MigrationError& e) {
            CHECK(e.version() == 2);
            const std::string message = e.what();
            CHECK(message.find(expected) != std::string::npos);
            CHECK(message.find("secret") == std::string::npos);
        }
        CHECK(app::schema_migrator().current_version(db) == 1);
        CHECK(schema_sql(db) == before);
    }
}

TEST_CASE("a database from a newer version of the app is refused, not modified") {
    orm::Database db(":memory:");
    app::schema_migrator().upgrade(db);
    db.execute("PRAGMA user_version = 99");
    CHECK_THROWS_AS(app::open_schema(db, app::PasswordHasher(kCheap)), orm::UsageError);
}

TEST_CASE("sorting and filtering queries of the record browser are backed by indexes") {
    AppDatabase app;
    for (const char* sql : {"SELECT id FROM user ORDER BY username DESC, id DESC LIMIT 50",
                            "SELECT id FROM user ORDER BY lower(\"user\".\"user_email\") ASC, id ASC LIMIT 50",
                            "SELECT pet_id FROM pet_category ORDER BY pet_category, pet_id LIMIT 50",
                            "SELECT pet_id FROM pet_category ORDER BY handler_id DESC, pet_id DESC LIMIT 50",
                            "SELECT id FROM contact_message ORDER BY created_at DESC, id DESC LIMIT 50"}) {
        CAPTURE(sql);
        for (const auto& step : query_plan(app.db, sql))
            CHECK(step.find("TEMP B-TREE") == std::string::npos);
    }
    // Login by email uses the expression index.
    const auto plan = query_plan(app.db, "SELECT id FROM \"user\" WHERE lower(\"user\".\"user_email\") = ?");
    REQUIRE(plan.size() == 1);
    CHECK(plan[0].find("ix_user_email_lower") != std::string::npos);
}

namespace {

// What SQLite says about an index: unique flag, partial flag and its key columns ("" for an expression).
std::string index_facts(orm::Database& db, const std::string& table, const std::string& index) {
    std::string facts;
    auto listed = db.prepare("SELECT \"unique\", partial FROM pragma_index_list(?) WHERE name = ?");
    listed->bind_all(table, index);
    if (!listed->step()) return "missing";
    facts = std::string(listed->get_int64(0) ? "unique" : "not unique") + (listed->get_int64(1) ? " partial" : "");
    auto keys =
        db.prepare("SELECT coalesce(name, '<expression>') FROM pragma_index_xinfo(?) WHERE key = 1 ORDER BY seqno");
    keys->bind(1, index);
    while (keys->step())
        facts += " " + keys->get_text(0);
    return facts;
}

// The tutorial's tables with look-alike indexes under our names: not unique, or over another column.
void make_look_alike_file(orm::Database& db, int claimed_version) {
    app::schema_migrator().upgrade(db, claimed_version == 1 ? 1 : claimed_version);
    db.execute("DROP INDEX IF EXISTS ix_user_username; DROP INDEX IF EXISTS ix_user_email_lower;"
               "DROP INDEX IF EXISTS ix_user_legacy_password; DROP INDEX IF EXISTS ix_user_username_lower;"
               "CREATE INDEX ix_user_username ON user (username);"
               "CREATE INDEX ix_user_username_lower ON user (username);"
               "CREATE INDEX ix_user_email_lower ON user (user_email);"
               "CREATE UNIQUE INDEX ix_user_legacy_password ON user (user_password)");
    if (claimed_version == 1) db.execute("PRAGMA user_version = 0");
}

} // namespace

TEST_CASE("look-alike indexes under our names are replaced by ours, so duplicates are refused afterwards") {
    for (const int claimed : {1, app::latest_schema_version()}) {
        CAPTURE(claimed);
        orm::Database db(":memory:");
        make_look_alike_file(db, claimed);
        db.run("INSERT INTO user (username, user_email, user_password) VALUES ('peter', 'peter@example.org', 'pw')");
        REQUIRE(index_facts(db, "user", "ix_user_username") == "not unique username");

        app::open_schema(db, app::PasswordHasher(kCheap));

        CHECK(index_facts(db, "user", "ix_user_username") == "unique username");
        CHECK(index_facts(db, "user", "ix_user_email_lower") == "unique <expression>");
        CHECK(index_facts(db, "user", "ix_user_username_lower") == "unique <expression>");
        CHECK(index_facts(db, "user", "ix_user_legacy_password") == "not unique partial id");
        CHECK_THROWS_AS(
            db.run("INSERT INTO user (username, user_email, user_password) VALUES ('peter', 'p2@example.org', "
                   "'x')"),
            orm::ConstraintError);
        CHECK_THROWS_AS(
            db.run("INSERT INTO user (username, user_email, user_password) VALUES ('ann', 'PETER@example.org', "
                   "'x')"),
            orm::ConstraintError);
        // Our schema exactly: the same sqlite_master as a database our migrations built.
        AppDatabase fresh;
        CHECK(schema_sql(db) == schema_sql(fresh.db));
    }
}

TEST_CASE("a file claiming our version without our unique indexes, over duplicates, is refused by name") {
    orm::Database db(":memory:");
    make_look_alike_file(db, app::latest_schema_version());
    db.run("INSERT INTO user (username, user_email, user_password) VALUES ('peter', 'a@example.org', 'one')");
    db.run("INSERT INTO user (username, user_email, user_password) VALUES ('peter', 'b@example.org', 'two')");
    try {
        app::open_schema(db, app::PasswordHasher(kCheap));
        FAIL("must throw");
    } catch (const orm::MigrationError& e) {
        CHECK(std::string(e.what()).find("users 1, 2 share the username \"peter\"") != std::string::npos);
    }
    CHECK(index_facts(db, "user", "ix_user_username") == "not unique username"); // nothing changed
}

TEST_CASE("a refusal quotes at most a short excerpt of a value: a 1 MB duplicate username gives a short message") {
    orm::Database db(":memory:");
    app::schema_migrator().upgrade(db, 1);
    const std::string huge(1 << 20, 'n');
    for (int i = 0; i < 8; ++i)
        db.run("INSERT INTO user (username, user_email, user_password) VALUES (?, ?, 'secret')", huge,
               "u" + std::to_string(i) + "@example.org");
    try {
        app::open_schema(db, app::PasswordHasher(kCheap));
        FAIL("must throw");
    } catch (const orm::MigrationError& e) {
        const std::string message = e.what();
        CAPTURE(message);
        CHECK(message.size() <= 200);
        CHECK(message.find("users 1, 2, 3, 4, 5 and 3 more share the username \"" + std::string(40, 'n') +
                           "\xe2\x80\xa6\"") != std::string::npos);
    }
}

TEST_CASE("the live database runs with SQLite's defences: a trigger or view planted in the file never runs") {
    test_support::TempDirectory dir;
    const std::string path = dir.file("live.db");
    { AppDatabase setup(path); }
    {
        // Another program writes into the file: a trigger that empties the users, a view over them.
        orm::Database other(path);
        other.execute(
            "CREATE TABLE loot (value TEXT);"
            "CREATE TRIGGER wipe AFTER INSERT ON user BEGIN DELETE FROM user; END;"
            "CREATE TRIGGER steal AFTER UPDATE ON user BEGIN INSERT INTO loot VALUES (old.user_password); END;"
            "CREATE VIEW everyone AS SELECT * FROM user");
    }
    AppDatabase app(path);
    CHECK(orm::defenses_of(app.db).all());
    app.db.run("INSERT INTO user (username, user_email, user_password) VALUES ('ann', 'ann@example.org', 'pw')");
    app.db.run("INSERT INTO user (username, user_email, user_password) VALUES ('bob', 'bob@example.org', 'pw')");
    app.db.run("UPDATE user SET user_password = 'changed'");
    CHECK(app.count("user") == 2);
    CHECK(app.count("loot") == 0);
    CHECK_THROWS_AS(app.count("everyone"), orm::DatabaseError);
    CHECK_THROWS_AS(
        app.db.execute("PRAGMA writable_schema = ON; UPDATE sqlite_master SET sql = '' WHERE name = 'user'"),
        orm::DatabaseError);
}

TEST_CASE("migration 9 adds the session records beside a version-8 file's tables, changing none of them") {
    orm::Database db(":memory:");
    app::schema_migrator().upgrade(db, 8);
    const std::string before = schema_sql(db);
    const app::PasswordHasher hasher(app_test::kCheap);
    const auto status = app::open_schema(db, hasher);
    CHECK(status.previous_version == 8);
    CHECK(status.version == app::latest_schema_version());
    // Every entry of version 8 is still there as it was; the new ones are account_session's.
    auto entries_except_sessions = [&db] {
        std::string schema;
        auto statement = db.prepare("SELECT type || ' ' || name || ': ' || coalesce(sql, '') FROM sqlite_master "
                                    "WHERE tbl_name <> 'account_session' ORDER BY type, name");
        while (statement->step())
            schema += statement->get_text(0) + ";\n";
        return schema;
    };
    CHECK(entries_except_sessions() == before);
    CHECK(schema_sql(db).find("CREATE TABLE account_session") != std::string::npos);
    // The token's digest is unique and indexed; the account's sessions are found by an index.
    AppDatabase probe;
    CHECK(probe.text("SELECT group_concat(name || ':' || \"unique\", ' ') FROM pragma_index_list('account_session')") ==
          "ix_account_session_user_id:0 ix_account_session_token_digest:1");
}

TEST_CASE("migration 10 drops the counter table earlier builds kept, and only it") {
    orm::Database db(":memory:");
    app::schema_migrator().upgrade(db, 9);
    const std::string before = schema_sql(db);
    // As the walking skeleton's CounterService created and wrote it.
    db.execute("CREATE TABLE IF NOT EXISTS app_counter (name VARCHAR(50) PRIMARY KEY, value INTEGER NOT NULL)");
    db.execute("INSERT INTO app_counter (name, value) VALUES ('clicks', 3)");
    const app::PasswordHasher hasher(app_test::kCheap);
    const auto status = app::open_schema(db, hasher);
    CHECK(status.previous_version == 9);
    CHECK(status.version == 10);
    CHECK(schema_sql(db) == before);

    // A version-9 file that never had the table (one that was never clicked) upgrades as well.
    orm::Database untouched(":memory:");
    app::schema_migrator().upgrade(untouched, 9);
    CHECK(app::open_schema(untouched, hasher).version == 10);
    CHECK(schema_sql(untouched) == before);
}
