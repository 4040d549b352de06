#include "app/sql_console.h"

#include "app/password_hasher.h"

#include "orm/read_only_query.h"

#include <sqlite3.h>

#include <chrono>
#include <cstdio>

namespace app {

namespace {

std::string grouped(std::size_t n) {
    std::string digits = std::to_string(n);
    for (std::size_t at = digits.size(); at > 3; at -= 3) digits.insert(at - 3, ",");
    return digits;
}

std::string duration_text(std::chrono::steady_clock::duration elapsed) {
    char text[32];
    std::snprintf(text, sizeof text, "%.1f ms", std::chrono::duration<double, std::milli>(elapsed).count());
    return text;
}

} // namespace

SqlConsole::SqlConsole(orm::Database& db) : db_(db) {}

SqlAnswer SqlConsole::run(std::string_view sql) {
    SqlAnswer answer;
    if (sql.size() > kSqlConsoleMaxCharacters) {
        answer.problem = "The statement is longer than " + grouped(kSqlConsoleMaxCharacters) + " characters.";
        return answer;
    }
    const auto started = std::chrono::steady_clock::now();
    try {
        orm::ReadOnlyResult result = orm::run_read_only(db_, sql, {kSqlConsoleRowLimit, std::chrono::milliseconds(2000)});
        for (auto& row : result.rows)
            for (auto& value : row)
                if (value && PasswordHasher::looks_like_phc(*value)) value = "Argon2id (hash hidden)";
        answer.columns = std::move(result.columns);
        answer.rows = std::move(result.rows);
        const std::string took = duration_text(std::chrono::steady_clock::now() - started);
        if (result.truncated)
            answer.summary = "The first " + grouped(answer.rows.size()) + " rows (there are more) in " + took + ".";
        else
            answer.summary = grouped(answer.rows.size()) + (answer.rows.size() == 1 ? " row in " : " rows in ") + took + ".";
    } catch (const orm::ReadOnlyRefused& refused) {
        answer.problem = refused.what();
    } catch (const orm::DatabaseError& error) {
        answer.problem = error.code() == SQLITE_INTERRUPT
                             ? std::string("Stopped after 2 seconds: the query took too long. Add a LIMIT or a WHERE.")
                             : std::string("SQLite: ") + error.what();
    }
    return answer;
}

} // namespace app
