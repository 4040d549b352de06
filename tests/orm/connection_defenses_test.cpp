#include "orm/orm.h"

#include <doctest/doctest.h>

#include <string>

namespace {
std::int64_t scalar(orm::Database& db, const std::string& sql) {
    auto s = db.prepare(sql);
    REQUIRE(s->step());
    return s->get_int64(0);
}
} // namespace

TEST_CASE("with defences on, a file's triggers never fire and its views cannot be read") {
    orm::Database db(":memory:");
    db.execute(
        "CREATE TABLE user (id INTEGER PRIMARY KEY, name TEXT); CREATE TABLE loot (value TEXT);"
        "CREATE TRIGGER wipe AFTER INSERT ON user BEGIN DELETE FROM user; INSERT INTO loot VALUES (new.name); END;"
        "CREATE VIEW everyone AS SELECT * FROM user");
    CHECK_FALSE(orm::defenses_of(db).all());

    orm::enable_defenses(db);
    const orm::ConnectionDefenses on = orm::defenses_of(db);
    CHECK(on.defensive);
    CHECK(on.untrusted_schema);
    CHECK(on.no_triggers);
    CHECK(on.no_views);
    db.run("INSERT INTO user (name) VALUES ('ann')");
    db.run("INSERT INTO user (name) VALUES ('bob')");
    CHECK(scalar(db, "SELECT count(*) FROM user") == 2);
    CHECK(scalar(db, "SELECT count(*) FROM loot") == 0);
    CHECK_THROWS_AS(db.prepare("SELECT * FROM everyone"), orm::DatabaseError);
    // Defensive mode: the schema cannot be edited behind SQLite's back.
    CHECK_THROWS_AS(db.execute("PRAGMA writable_schema = ON; DELETE FROM sqlite_master WHERE name = 'wipe'"),
                    orm::DatabaseError);
    orm::enable_defenses(db); // idempotent
    CHECK(orm::defenses_of(db).all());
}

TEST_CASE("with the schema untrusted, only innocuous functions run from it; foreign-key actions still work") {
    orm::Database db(":memory:");
    orm::enable_defenses(db);
    // lower() and substr() are innocuous: the indexes our app declares keep working.
    db.execute(
        "CREATE TABLE parent (id INTEGER PRIMARY KEY, email TEXT);"
        "CREATE UNIQUE INDEX ix_email ON parent (lower(email));"
        "CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES parent (id) ON DELETE CASCADE)");
    db.run("INSERT INTO parent (id, email) VALUES (1, 'A@example.org')");
    CHECK_THROWS_AS(db.run("INSERT INTO parent (id, email) VALUES (2, 'a@EXAMPLE.org')"), orm::ConstraintError);
    db.run("INSERT INTO child (parent_id) VALUES (1)");
    db.run("DELETE FROM parent");
    CHECK(scalar(db, "SELECT count(*) FROM child") == 0);
}
