// A person's own SQL, run only when it reads: what is refused changes nothing, what runs is cut at its
// row limit and stopped at its time budget.
#include "orm/database.h"
#include "orm/read_only_query.h"

#include <sqlite3.h>

#include <doctest/doctest.h>

#include <string>

namespace {

struct Fixture {
    orm::Database db{":memory:"};
    Fixture() {
        db.execute("CREATE TABLE user (id INTEGER PRIMARY KEY, username TEXT NOT NULL, bio TEXT)");
        for (int i = 1; i <= 30; ++i) db.run("INSERT INTO user (username) VALUES (?)", "user" + std::to_string(i));
    }
    std::int64_t count(const char* sql) {
        auto statement = db.prepare(sql);
        REQUIRE(statement->step());
        return statement->get_int64(0);
    }
    std::int64_t users() { return count("SELECT count(*) FROM user"); }
};

} // namespace

TEST_CASE_FIXTURE(Fixture, "a SELECT runs: its columns, its rows as text, NULL as no value") {
    const auto result = orm::run_read_only(db, "SELECT id, username, bio FROM user ORDER BY id LIMIT 2", {});
    CHECK(result.columns == std::vector<std::string>{"id", "username", "bio"});
    REQUIRE(result.rows.size() == 2);
    CHECK(result.rows[0][0] == "1");
    CHECK(result.rows[0][1] == "user1");
    CHECK_FALSE(result.rows[0][2].has_value());
    CHECK_FALSE(result.truncated);
    CHECK(orm::run_read_only(db, "SELECT count(*) FROM user;  -- how many\n", {}).rows.at(0).at(0) == "30");
    CHECK(orm::run_read_only(db, "WITH t AS (SELECT 1 AS x) SELECT x FROM t", {}).rows.size() == 1);
    CHECK(orm::run_read_only(db, "PRAGMA table_info(user)", {}).rows.size() == 3);
    CHECK_FALSE(orm::run_read_only(db, "EXPLAIN QUERY PLAN SELECT * FROM user WHERE id = 3", {}).rows.empty());
}

TEST_CASE_FIXTURE(Fixture, "what could change anything is refused, and nothing changes") {
    for (const char* sql :
         {"DELETE FROM user", "UPDATE user SET username = 'x'", "INSERT INTO user (username) VALUES ('x')",
          "DROP TABLE user", "CREATE TABLE t (x)", "BEGIN", "ATTACH ':memory:' AS other", "PRAGMA user_version = 5",
          "PRAGMA journal_mode = DELETE", "VACUUM", "SELECT 1; DELETE FROM user", "  -- nothing\n", "",
          "CREATE TRIGGER t AFTER INSERT ON user BEGIN DELETE FROM user; END"}) {
        CAPTURE(sql);
        CHECK_THROWS_AS(orm::run_read_only(db, sql, {}), orm::ReadOnlyRefused);
    }
    CHECK(users() == 30);
    CHECK(count("PRAGMA user_version") == 0);
    CHECK(count("SELECT count(*) FROM sqlite_schema") == 1);
    CHECK_THROWS_AS(orm::run_read_only(db, "SELECT * FROM no_such_table", {}), orm::DatabaseError);
}

TEST_CASE_FIXTURE(Fixture, "at most row_limit rows are kept; a query past its time budget is stopped") {
    const auto cut = orm::run_read_only(db, "SELECT id FROM user", {.row_limit = 10});
    CHECK(cut.rows.size() == 10);
    CHECK(cut.truncated);

    const char* forever = "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n) SELECT count(*) FROM n";
    try {
        orm::run_read_only(db, forever, {.row_limit = 10, .time_budget = std::chrono::milliseconds(50)});
        FAIL("the endless query returned");
    } catch (const orm::DatabaseError& error) {
        CHECK(error.code() == SQLITE_INTERRUPT);
    }
    // The connection is left as it was: no handler interrupts the next statement.
    CHECK(users() == 30);
}
