#include "orm/read_only_query.h"

#include "orm/database.h"
#include "orm/statement.h"

#include <sqlite3.h>

#include <memory>

namespace orm {

namespace {

bool only_space_and_comments(std::string_view text) {
    // What follows the first statement: sqlite3_complete() of "" is false, of ";" true, so a tail of
    // spaces, semicolons and comments compiles to no statement at all.
    for (;;) {
        const auto start = text.find_first_not_of(" \t\r\n;");
        if (start == std::string_view::npos) return true;
        text.remove_prefix(start);
        if (text.rfind("--", 0) == 0) {
            const auto end = text.find('\n');
            if (end == std::string_view::npos) return true;
            text.remove_prefix(end + 1);
        } else if (text.rfind("/*", 0) == 0) {
            const auto end = text.find("*/", 2);
            if (end == std::string_view::npos) return true;
            text.remove_prefix(end + 2);
        } else {
            return false;
        }
    }
}

struct Finalize {
    void operator()(sqlite3_stmt* statement) const { sqlite3_finalize(statement); }
};

// Interrupts the statement once the deadline has passed; checked every few thousand VM steps.
int past_deadline(void* deadline) {
    return std::chrono::steady_clock::now() > *static_cast<std::chrono::steady_clock::time_point*>(deadline) ? 1 : 0;
}

} // namespace

ReadOnlyResult run_read_only(Database& db, std::string_view sql, const ReadOnlyLimits& limits) {
    sqlite3* connection = db.handle();
    sqlite3_stmt* raw = nullptr;
    const char* tail = nullptr;
    const int rc = sqlite3_prepare_v2(connection, sql.data(), static_cast<int>(sql.size()), &raw, &tail);
    std::unique_ptr<sqlite3_stmt, Finalize> statement(raw);
    if (rc != SQLITE_OK) throw_sqlite_error(connection, rc, sql);
    if (!statement) throw ReadOnlyRefused("There is no statement to run: type a SELECT.");
    if (!only_space_and_comments(std::string_view(tail, static_cast<std::size_t>(sql.data() + sql.size() - tail))))
        throw ReadOnlyRefused("One statement at a time: remove what follows the first ';'.");
    if (!sqlite3_stmt_readonly(raw) || sqlite3_column_count(raw) == 0)
        throw ReadOnlyRefused("Only statements that read are run here (SELECT, WITH … SELECT, EXPLAIN, a PRAGMA "
                              "that reports); nothing was changed.");

    ReadOnlyResult result;
    const int columns = sqlite3_column_count(raw);
    for (int c = 0; c < columns; ++c) result.columns.emplace_back(sqlite3_column_name(raw, c));
    auto deadline = std::chrono::steady_clock::now() + limits.time_budget;
    sqlite3_progress_handler(connection, 4000, past_deadline, &deadline);
    struct RemoveHandler {
        sqlite3* connection;
        ~RemoveHandler() { sqlite3_progress_handler(connection, 0, nullptr, nullptr); }
    } remove_handler{connection};
    for (;;) {
        const int step = sqlite3_step(raw);
        if (step == SQLITE_DONE) break;
        if (step != SQLITE_ROW) throw_sqlite_error(connection, step, sql);
        if (result.rows.size() == limits.row_limit) {
            result.truncated = true;
            break;
        }
        auto& row = result.rows.emplace_back();
        row.reserve(static_cast<std::size_t>(columns));
        for (int c = 0; c < columns; ++c) {
            if (sqlite3_column_type(raw, c) == SQLITE_NULL) {
                row.emplace_back(std::nullopt);
            } else if (sqlite3_column_type(raw, c) == SQLITE_BLOB) {
                row.emplace_back("(" + std::to_string(sqlite3_column_bytes(raw, c)) + " bytes)");
            } else {
                const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(raw, c));
                row.emplace_back(std::string(text, static_cast<std::size_t>(sqlite3_column_bytes(raw, c))));
            }
        }
    }
    return result;
}

} // namespace orm
