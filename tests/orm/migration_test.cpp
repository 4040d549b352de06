#include "orm/tutorial_models.h"

#include <doctest/doctest.h>

#include <string>

using namespace tutorial;

namespace {
std::int64_t scalar(orm::Database& db, const std::string& sql) {
    auto s = db.prepare(sql);
    REQUIRE(s->step());
    return s->get_int64(0);
}

// Version 2 of PetCategory: pet_name becomes Text and gains a CHECK, which ALTER TABLE cannot do.
struct PetCategoryV2 {
    std::int64_t pet_id = 0;
    std::string pet_name;
    std::string pet_category;
    std::int64_t handler_id = 0;
    std::int64_t age = 0;
};
const orm::Model<PetCategoryV2>& pet_category_v2() {
    static const orm::Model<PetCategoryV2> model = orm::Model<PetCategoryV2>("PetCategory")
        .column("pet_id", &PetCategoryV2::pet_id, orm::Integer, orm::primary_key())
        .column("pet_name", &PetCategoryV2::pet_name, orm::Text)
        .column("pet_category", &PetCategoryV2::pet_category, orm::String(50), orm::index())
        .column("handler_id", &PetCategoryV2::handler_id, orm::Integer, orm::foreign_key("pet_handler.handler_id", orm::OnDelete::Cascade))
        .column("age", &PetCategoryV2::age, orm::Integer, orm::server_default("0"))
        .check("length(pet_name) > 0");
    return model;
}

const orm::Metadata& version_one() {
    static const orm::Metadata metadata{&orm::model_of<User>(), &orm::model_of<PetHandler>(), &orm::model_of<PetCategory>()};
    return metadata;
}

std::vector<orm::Migration> migrations() {
    return {
        {1, "the tutorial's tables", [](orm::MigrationContext& m) { m.create_tables(version_one()); }},
        {2, "users: nickname, unique usernames; a new table; pets rebuilt",
         [](orm::MigrationContext& m) {
             m.add_column("user", "nickname VARCHAR(50) DEFAULT 'none' NOT NULL");
             m.create_index("ix_user_username", "user", {"username"}, true);
             m.execute("CREATE TABLE audit (id INTEGER NOT NULL, note TEXT, PRIMARY KEY (id))");
             m.rebuild_table(pet_category_v2(), "pet_id, pet_name, pet_category, handler_id, 0");
         }},
    };
}

void populate_version_one(orm::Database& db) {
    orm::Migrator({migrations()[0]}).upgrade(db);
    orm::Session session(db);
    for (int i = 0; i < 50; ++i) session.add(User{0, "user" + std::to_string(i), "u@example.org", "x"});
    auto handler = session.add(PetHandler{0, "Ann"});
    session.commit();
    for (int i = 0; i < 20; ++i) session.add(PetCategory{0, "pet" + std::to_string(i), i % 2 ? "cat" : "dog", handler->handler_id});
    session.commit();
}
} // namespace

TEST_CASE("a populated version-1 database upgrades to version 2 with every row kept and checks clean") {
    orm::Database db(":memory:");
    populate_version_one(db);
    orm::Migrator migrator(migrations());
    CHECK(migrator.current_version(db) == 1);
    CHECK(migrator.upgrade(db) == 1);
    CHECK(migrator.current_version(db) == 2);

    CHECK(scalar(db, "SELECT count(*) FROM user WHERE nickname = 'none'") == 50);
    CHECK(scalar(db, "SELECT count(*) FROM pet_category") == 20);
    CHECK(scalar(db, "SELECT count(*) FROM pet_category WHERE pet_name = 'pet7' AND pet_category = 'cat' AND age = 0") == 1);
    CHECK(scalar(db, "SELECT count(*) FROM sqlite_master WHERE name = 'ix_pet_category_pet_category'") == 1);
    CHECK(scalar(db, "SELECT count(*) FROM sqlite_master WHERE name = 'audit'") == 1);
    CHECK(db.quick_check() == "ok");
    {
        auto fk = db.prepare("PRAGMA foreign_key_check");
        CHECK_FALSE(fk->step());
    }
    // The new constraints hold, and foreign keys are enforced again afterwards.
    CHECK_THROWS_AS(db.run("INSERT INTO user (username, user_email, user_password) VALUES (?, ?, ?)", "user1", "x@example.org", "x"), orm::ConstraintError);
    CHECK_THROWS_AS(db.run("INSERT INTO pet_category (pet_name, pet_category, handler_id) VALUES (?, ?, ?)", "", "dog", 1), orm::ConstraintError);
    CHECK_THROWS_AS(db.run("INSERT INTO pet_category (pet_name, pet_category, handler_id) VALUES (?, ?, ?)", "x", "dog", 99), orm::ConstraintError);
    // The rebuilt table's ON DELETE CASCADE works.
    db.run("DELETE FROM pet_handler");
    CHECK(scalar(db, "SELECT count(*) FROM pet_category") == 0);

    CHECK(migrator.upgrade(db) == 0); // nothing left to do
}

TEST_CASE("a failing migration keeps nothing of the upgrade") {
    orm::Database db(":memory:");
    populate_version_one(db);
    auto steps = migrations();
    steps.push_back({3, "breaks half-way", [](orm::MigrationContext& m) {
                         m.add_column("user", "extra INTEGER");
                         m.execute("INSERT INTO no_such_table VALUES (1)");
                     }});
    orm::Migrator migrator(steps);
    try {
        migrator.upgrade(db);
        FAIL("must throw");
    } catch (const orm::MigrationError& e) {
        CHECK(e.version() == 3);
        CHECK(std::string(e.what()).find("no_such_table") != std::string::npos);
    }
    CHECK(migrator.current_version(db) == 1); // version 2 was rolled back too
    CHECK(scalar(db, "SELECT count(*) FROM pragma_table_info('user') WHERE name IN ('nickname', 'extra')") == 0);
    CHECK(scalar(db, "SELECT count(*) FROM user") == 50);
    CHECK_FALSE(db.in_transaction());
    CHECK(scalar(db, "PRAGMA foreign_keys") == 1);
}

TEST_CASE("a migration that leaves a dangling foreign key is rolled back") {
    orm::Database db(":memory:");
    populate_version_one(db);
    orm::Migrator migrator({migrations()[0], {2, "orphans pets", [](orm::MigrationContext& m) { m.execute("DELETE FROM pet_handler"); }}});
    CHECK_THROWS_AS(migrator.upgrade(db), orm::MigrationError);
    CHECK(scalar(db, "SELECT count(*) FROM pet_handler") == 1);
}

TEST_CASE("version 1 adopts tables that already exist, e.g. from the tutorial's create_all") {
    orm::Database db(":memory:");
    version_one().create_all(db);
    db.run("INSERT INTO user (username, user_email, user_password) VALUES (?, ?, ?)", "peter", "p@example.org", "x");
    orm::Migrator migrator(migrations());
    CHECK(migrator.upgrade(db) == 2);
    CHECK(scalar(db, "SELECT count(*) FROM user") == 1);
}

TEST_CASE("a database newer than the program is refused, and versions must increase") {
    orm::Database db(":memory:");
    orm::Migrator(migrations()).upgrade(db);
    orm::Migrator older({migrations()[0]});
    CHECK_THROWS_AS(older.upgrade(db), orm::UsageError);
    CHECK_THROWS_AS(orm::Migrator({{2, "b", nullptr}, {1, "a", nullptr}}), orm::UsageError);
}

TEST_CASE("an index is judged by what it is: a look-alike under the same name is dropped and created as asked") {
    orm::Database db(":memory:");
    orm::Migrator({migrations()[0]}).upgrade(db);
    orm::MigrationContext m(db);
    db.execute("CREATE INDEX ix_user_username ON user (username)"); // same name, not unique
    CHECK_FALSE(m.index_is("ix_user_username", "user", {"username"}, true));
    CHECK(m.index_is("ix_user_username", "USER", {"USERNAME"}, false)); // SQLite's names ignore ASCII case

    m.create_index("ix_user_username", "user", {"username"}, true);
    CHECK(m.index_is("ix_user_username", "user", {"username"}, true));
    CHECK(scalar(db, "SELECT \"unique\" FROM pragma_index_list('user') WHERE name = 'ix_user_username'") == 1);

    // Other columns, another table, a WHERE clause: each is a different index.
    db.execute("DROP INDEX ix_user_username; CREATE UNIQUE INDEX ix_user_username ON user (username, id)");
    CHECK_FALSE(m.index_is("ix_user_username", "user", {"username"}, true));
    db.execute("DROP INDEX ix_user_username; CREATE UNIQUE INDEX ix_user_username ON pet_handler (handler_name)");
    CHECK_FALSE(m.index_is("ix_user_username", "user", {"username"}, true));
    db.execute("DROP INDEX ix_user_username; CREATE UNIQUE INDEX ix_user_username ON user (username) WHERE id > 10");
    CHECK_FALSE(m.index_is("ix_user_username", "user", {"username"}, true));
    db.execute("DROP INDEX ix_user_username; CREATE UNIQUE INDEX ix_user_username ON user (lower(username))");
    CHECK_FALSE(m.index_is("ix_user_username", "user", {"username"}, true));
    m.create_index("ix_user_username", "user", {"username"}, true);
    CHECK(m.index_is("ix_user_username", "user", {"username"}, true));
    CHECK(scalar(db, "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND tbl_name = 'pet_handler'") == 0);
}

TEST_CASE("an expression index is compared with the statement SQLite stores for it") {
    orm::Database db(":memory:");
    orm::Migrator({migrations()[0]}).upgrade(db);
    orm::MigrationContext m(db);
    const std::string ours = "CREATE UNIQUE INDEX ix_user_email_lower ON \"user\" (lower(user_email))";
    db.execute("CREATE INDEX ix_user_email_lower ON user (user_email)");
    CHECK_FALSE(m.index_sql_is("ix_user_email_lower", ours));
    m.create_index_sql("ix_user_email_lower", ours);
    CHECK(m.index_sql_is("ix_user_email_lower", ours));
    m.create_index_sql("ix_user_email_lower", ours); // in order: nothing to do
    CHECK(scalar(db, "SELECT count(*) FROM sqlite_master WHERE name = 'ix_user_email_lower'") == 1);
    // Text SQLite would store differently could never match: refused at once rather than rebuilt every time.
    CHECK_THROWS_AS(m.create_index_sql("ix_x", "CREATE INDEX IF NOT EXISTS ix_x ON user (id)"), orm::UsageError);
}
