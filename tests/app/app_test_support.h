// What the app suites share: a database with the app's schema, a cheap hasher, small SQL probes.
#pragma once

#include "app/password_hasher.h"
#include "app/schema.h"

#include "orm/orm.h"

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace app_test {

// Cheap Argon2id costs keep the suites fast under ASan and in wasm; tests about the real costs say so.
inline constexpr app::Argon2Parameters kCheap{256, 1, 1};

// A database (in memory unless a path is given) brought to the latest schema.
struct AppDatabase {
    orm::Database db;
    app::PasswordHasher hasher{kCheap};
    explicit AppDatabase(const std::string& path = ":memory:") : db(path) { app::open_schema(db, hasher); }

    std::int64_t count(const std::string& table) {
        return integer("SELECT count(*) FROM " + orm::quote_identifier(table));
    }
    std::int64_t integer(const std::string& sql) {
        auto statement = db.prepare(sql);
        statement->step();
        return statement->get_int64(0);
    }
    std::string text(const std::string& sql) {
        auto statement = db.prepare(sql);
        return statement->step() && !statement->is_null(0) ? statement->get_text(0) : std::string();
    }
    // Every row of the first column.
    std::vector<std::string> texts(const std::string& sql) {
        std::vector<std::string> out;
        auto statement = db.prepare(sql);
        while (statement->step())
            out.push_back(statement->is_null(0) ? "NULL" : statement->get_text(0));
        return out;
    }
};

// The detail column of EXPLAIN QUERY PLAN for `sql`, a step a line ("SEARCH user USING INDEX …").
inline std::vector<std::string> query_plan(orm::Database& db, const std::string& sql) {
    std::vector<std::string> plan;
    auto statement = db.prepare("EXPLAIN QUERY PLAN " + sql);
    while (statement->step())
        plan.push_back(statement->get_text(3));
    return plan;
}

// A wall clock the test moves by hand.
struct FakeClock {
    std::chrono::system_clock::time_point now{std::chrono::hours(1000)};
    auto function() {
        return [this] { return now; };
    }
};

} // namespace app_test
