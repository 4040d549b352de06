#include "orm/database.h"
#include "orm/error.h"

#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <optional>
#include <string>

using orm::Database;

TEST_CASE("every SQLite storage class round-trips through bound parameters") {
    Database db(":memory:");
    db.execute("CREATE TABLE v (i INTEGER, r REAL, t TEXT, b BLOB, n INTEGER)");
    const std::int64_t big = std::numeric_limits<std::int64_t>::max();
    const orm::Bytes blob{0x00, 0xff, 0x10};
    db.run("INSERT INTO v VALUES (?, ?, ?, ?, ?)", big, 2.5, std::string("caf\xc3\xa9 \xe4\xb8\xad"), blob,
           std::optional<int>{});
    auto row = db.prepare("SELECT i, r, t, b, n FROM v");
    REQUIRE(row->step());
    CHECK(row->get_int64(0) == big);
    CHECK(row->get_double(1) == doctest::Approx(2.5));
    CHECK(row->get_text(2) == "caf\xc3\xa9 \xe4\xb8\xad");
    CHECK(row->get_blob(3) == blob);
    CHECK(row->is_null(4));
    CHECK(orm::is_null(row->get_value(4)));
}

TEST_CASE("a value containing SQL is stored as text, never executed") {
    Database db(":memory:");
    db.execute("CREATE TABLE user (name TEXT)");
    const std::string hostile = "x'); DROP TABLE user; --";
    db.run("INSERT INTO user (name) VALUES (?)", hostile);
    auto row = db.prepare("SELECT name FROM user");
    REQUIRE(row->step());
    CHECK(row->get_text(0) == hostile);
}

TEST_CASE("an empty blob stays an empty blob, not NULL") {
    Database db(":memory:");
    db.execute("CREATE TABLE v (b BLOB)");
    db.run("INSERT INTO v VALUES (?)", orm::Bytes{});
    auto row = db.prepare("SELECT typeof(b), length(b) FROM v");
    REQUIRE(row->step());
    CHECK(row->get_text(0) == "blob");
    CHECK(row->get_int64(1) == 0);
}

TEST_CASE("text with an embedded NUL keeps its full length") {
    Database db(":memory:");
    db.execute("CREATE TABLE v (t TEXT)");
    const std::string text("a\0b", 3);
    db.run("INSERT INTO v VALUES (?)", text);
    auto row = db.prepare("SELECT t FROM v");
    REQUIRE(row->step());
    CHECK(row->get_text(0) == text);
}

TEST_CASE("a UNIQUE violation is a ConstraintError naming the column") {
    Database db(":memory:");
    db.execute("CREATE TABLE user (username TEXT UNIQUE)");
    db.run("INSERT INTO user VALUES (?)", "peter");
    try {
        db.run("INSERT INTO user VALUES (?)", "peter");
        FAIL("must throw");
    } catch (const orm::ConstraintError& e) {
        CHECK(e.is_unique());
        CHECK(e.column() == "user.username");
    }
    // The failed statement is reset and usable again.
    db.run("INSERT INTO user VALUES (?)", "paul");
    auto count = db.prepare("SELECT count(*) FROM user");
    REQUIRE(count->step());
    CHECK(count->get_int64(0) == 2);
}

TEST_CASE("binding past the last parameter is an error, not silence") {
    Database db(":memory:");
    db.execute("CREATE TABLE v (i INTEGER)");
    auto insert = db.prepare("INSERT INTO v VALUES (?)");
    CHECK_THROWS_AS(insert->bind(2, 1), orm::DatabaseError);
}
