#include "orm/database.h"
#include "orm/error.h"
#include "orm/transaction.h"

#include <doctest/doctest.h>

#include <stdexcept>

using orm::Database;
using orm::Transaction;

namespace {
std::int64_t count_rows(Database& db) {
    auto count = db.prepare("SELECT count(*) FROM t");
    count->step();
    return count->get_int64(0);
}
} // namespace

TEST_CASE("a transaction left without commit is rolled back") {
    Database db(":memory:");
    db.execute("CREATE TABLE t (v INTEGER)");
    try {
        Transaction transaction(db);
        db.run("INSERT INTO t VALUES (?)", 1);
        throw std::runtime_error("failure half-way");
    } catch (const std::runtime_error&) {
    }
    CHECK(count_rows(db) == 0);
    CHECK_FALSE(db.in_transaction());
}

TEST_CASE("a committed transaction keeps its work and notifies once") {
    Database db(":memory:");
    db.execute("CREATE TABLE t (v INTEGER)");
    int commits = 0;
    db.set_commit_listener([&] { ++commits; });
    Transaction transaction(db);
    for (int i = 0; i < 10; ++i) db.run("INSERT INTO t VALUES (?)", i);
    CHECK(commits == 0);
    transaction.commit();
    CHECK(commits == 1);
    CHECK(count_rows(db) == 10);
    CHECK_THROWS_AS(transaction.commit(), orm::UsageError);
}

TEST_CASE("an inner transaction rolls back only its own work") {
    Database db(":memory:");
    db.execute("CREATE TABLE t (v INTEGER)");
    Transaction outer(db);
    db.run("INSERT INTO t VALUES (?)", 1);
    {
        Transaction inner(db);
        db.run("INSERT INTO t VALUES (?)", 2);
        // leaves scope without commit
    }
    CHECK(count_rows(db) == 1);
    {
        Transaction inner(db);
        db.run("INSERT INTO t VALUES (?)", 3);
        inner.commit();
    }
    CHECK(db.in_transaction());
    outer.commit();
    CHECK(count_rows(db) == 2);
}

TEST_CASE("committing an outer transaction while an inner one is open is refused") {
    Database db(":memory:");
    db.execute("CREATE TABLE t (v INTEGER)");
    Transaction outer(db);
    Transaction inner(db);
    CHECK_THROWS_AS(outer.commit(), orm::UsageError);
    inner.commit();
    outer.commit();
}
