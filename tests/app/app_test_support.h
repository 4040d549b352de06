// What the app suites share: a database with the app's schema, a cheap hasher, small SQL probes.
#pragma once

#include "app/account_permissions.h"
#include "app/password_hasher.h"
#include "app/registration_service.h"
#include "app/schema.h"

#include "orm/orm.h"

#include <doctest/doctest.h>

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

    // Registers `username` (email <lowercased name>@example.org) through RegistrationService.
    app::UserAccount register_account(const std::string& username, const std::string& password = "correct horse") {
        std::string email;
        for (const char c : username)
            email += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
        auto result = app::RegistrationService(db, hasher).register_user({username, email + "@example.org", password, password});
        REQUIRE(result.ok());
        return *result.value;
    }

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

// An account stored directly (no Argon2 run), as the actor a service call needs: who reads the contact
// messages, who edits an account. Its password is a placeholder no login matches.
inline app::Actor add_actor(orm::Database& db, const std::string& username) {
    db.run("INSERT INTO user (username, user_email, user_password) VALUES (?, ?, 'not a login')", username,
           username + "@example.org");
    auto statement = db.prepare("SELECT id FROM user WHERE username = ?");
    statement->bind(1, username);
    statement->step();
    return app::Actor::account(statement->get_int64(0));
}

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
