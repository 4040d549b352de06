#include "orm/database.h"
#include "orm/error.h"
#include "support/temp_directory.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using orm::Database;

TEST_CASE("a database file keeps its rows after it is closed and reopened") {
    test_support::TempDirectory dir;
    const std::string path = dir.file("records.db");
    {
        Database db(path);
        db.execute("CREATE TABLE note (id INTEGER PRIMARY KEY, body TEXT NOT NULL)");
        db.run("INSERT INTO note (body) VALUES (?)", "first");
    }
    Database db(path);
    auto statement = db.prepare("SELECT body FROM note");
    REQUIRE(statement->step());
    CHECK(statement->get_text(0) == "first");
}

TEST_CASE("opening a missing file read-only fails with a message naming the file") {
    test_support::TempDirectory dir;
    const std::string path = dir.file("missing.db");
    try {
        Database db(path, Database::Mode::ReadOnly);
        FAIL("opening must fail");
    } catch (const orm::DatabaseError& e) {
        CHECK(std::string(e.what()).find("missing.db") != std::string::npos);
    }
}

TEST_CASE("foreign keys are enforced on every connection") {
    Database db(":memory:");
    db.execute("CREATE TABLE parent (id INTEGER PRIMARY KEY);"
               "CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES parent(id))");
    CHECK_THROWS_AS(db.run("INSERT INTO child (parent_id) VALUES (?)", 42), orm::ConstraintError);
    try {
        db.run("INSERT INTO child (parent_id) VALUES (?)", 42);
    } catch (const orm::ConstraintError& e) {
        CHECK(e.is_foreign_key());
    }
}

TEST_CASE("a statement is compiled once and then reused from the cache") {
    Database db(":memory:");
    db.execute("CREATE TABLE t (v INTEGER)");
    const auto before = db.cached_statement_count();
    for (int i = 0; i < 100; ++i) db.run("INSERT INTO t (v) VALUES (?)", i);
    CHECK(db.cached_statement_count() == before + 1);
    auto count = db.prepare("SELECT count(*), sum(v) FROM t");
    REQUIRE(count->step());
    CHECK(count->get_int64(0) == 100);
    CHECK(count->get_int64(1) == 4950);
}

TEST_CASE("the same query can run inside its own row loop without trampling the outer one") {
    Database db(":memory:");
    db.execute("CREATE TABLE t (v INTEGER); INSERT INTO t VALUES (1), (2), (3)");
    const char* sql = "SELECT v FROM t ORDER BY v";
    std::vector<std::int64_t> outer_values;
    auto outer = db.prepare(sql);
    while (outer->step()) {
        outer_values.push_back(outer->get_int64(0));
        auto inner = db.prepare(sql);
        int inner_rows = 0;
        while (inner->step()) ++inner_rows;
        CHECK(inner_rows == 3);
    }
    CHECK(outer_values == std::vector<std::int64_t>{1, 2, 3});
}

TEST_CASE("the commit listener hears about each committed write, once the data is committed") {
    Database db(":memory:");
    db.execute("CREATE TABLE t (v INTEGER)");
    int commits = 0;
    bool was_in_transaction = true;
    db.set_commit_listener([&] {
        ++commits;
        was_in_transaction = db.in_transaction();
    });
    db.run("INSERT INTO t (v) VALUES (?)", 1);
    CHECK(commits == 1);
    CHECK_FALSE(was_in_transaction);
    db.execute("BEGIN; INSERT INTO t VALUES (2); INSERT INTO t VALUES (3);");
    CHECK(commits == 1); // nothing committed yet
    db.execute("COMMIT");
    CHECK(commits == 2);
    db.execute("BEGIN; INSERT INTO t VALUES (4); ROLLBACK");
    CHECK(commits == 2); // a rollback persists nothing
}

TEST_CASE("the statement listener sees every statement SQLite runs") {
    Database db(":memory:");
    db.execute("CREATE TABLE t (v INTEGER)");
    std::vector<std::string> seen;
    db.set_statement_listener([&](std::string_view sql) { seen.emplace_back(sql); });
    db.run("INSERT INTO t (v) VALUES (?)", 7);
    auto select = db.prepare("SELECT v FROM t");
    while (select->step()) {
    }
    db.set_statement_listener(nullptr);
    db.run("INSERT INTO t (v) VALUES (?)", 8);
    REQUIRE(seen.size() == 2);
    CHECK(seen[0] == "INSERT INTO t (v) VALUES (?)");
    CHECK(seen[1] == "SELECT v FROM t");
}

TEST_CASE("a statement trace shows each statement with the values bound to it, including a cached one's new ones") {
    Database db(":memory:");
    db.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, score REAL, data BLOB)");
    db.run("INSERT INTO t (name) VALUES (?)", "before"); // cached before the trace begins
    std::vector<std::pair<std::string, std::vector<orm::Value>>> seen;
    db.set_statement_trace([&](const orm::StatementTrace& trace) {
        seen.emplace_back(std::string(trace.sql), trace.parameters);
    });
    db.run("INSERT INTO t (name) VALUES (?)", "Peter");
    db.run("INSERT INTO t (name, score, data) VALUES (?, ?, ?)", nullptr, 2.5, orm::Bytes{1, 2});
    db.run("UPDATE t SET name = ? WHERE id = ?", "Hannah", std::int64_t{2});
    db.execute("DELETE FROM t WHERE id = 1");
    db.set_statement_trace(nullptr);
    db.run("INSERT INTO t (name) VALUES (?)", "unseen");

    REQUIRE(seen.size() == 4);
    CHECK(seen[0].first == "INSERT INTO t (name) VALUES (?)");
    CHECK(seen[0].second == std::vector<orm::Value>{std::string("Peter")});
    CHECK(seen[1].second == std::vector<orm::Value>{nullptr, 2.5, orm::Bytes{1, 2}});
    CHECK(seen[2].second == std::vector<orm::Value>{std::string("Hannah"), std::int64_t{2}});
    CHECK(seen[3].first == "DELETE FROM t WHERE id = 1");
    CHECK(seen[3].second.empty());
}

TEST_CASE("quick_check reports a healthy database as ok") {
    Database db(":memory:");
    CHECK(db.quick_check() == "ok");
}

TEST_CASE("a syntax error names the statement that failed") {
    Database db(":memory:");
    try {
        db.execute("CREATE TABLE ok (v INTEGER); SELEC broken");
        FAIL("must throw");
    } catch (const orm::DatabaseError& e) {
        CHECK(std::string(e.what()).find("SELEC broken") != std::string::npos);
    }
}
