// A query a person typed (an "Execute SQL" tab, as in DB Browser for SQLite), run only if it cannot change
// anything: one statement, which SQLite itself says is read-only (sqlite3_stmt_readonly) and which returns
// rows, so BEGIN, ATTACH, DETACH and setting PRAGMAs are refused too. Stopped after a row limit and a
// time budget (a progress handler interrupts it), so a runaway join cannot freeze the page.
//
//     orm::ReadOnlyResult result = orm::run_read_only(db, "SELECT count(*) FROM user", {.row_limit = 1000});
//     result.columns;      // {"count(*)"}
//     result.rows[0][0];   // "2"  (std::nullopt for NULL)
//     orm::run_read_only(db, "DELETE FROM user", {});   // throws orm::ReadOnlyRefused, nothing deleted
//
// The text is compiled once, never cached, and nothing of it is bound: it is the person's own SQL over
// their own database; the checks above are what keeps it read-only.
#pragma once

#include "orm/error.h"

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace orm {

class Database;

// The text was not one read-only statement that returns rows. The message says which rule it broke.
class ReadOnlyRefused : public Error {
  public:
    using Error::Error;
};

struct ReadOnlyLimits {
    std::size_t row_limit = 1000;                 // rows kept; more make `truncated` true
    std::chrono::milliseconds time_budget{2000};  // then the statement is interrupted (DatabaseError)
};

struct ReadOnlyResult {
    std::vector<std::string> columns;
    std::vector<std::vector<std::optional<std::string>>> rows; // each value as text; NULL as nullopt
    bool truncated = false; // the statement had more rows than row_limit
};

// Throws ReadOnlyRefused as said above, DatabaseError for SQL that does not compile or fails as it runs
// (an interrupt past the time budget included: code() SQLITE_INTERRUPT).
ReadOnlyResult run_read_only(Database& db, std::string_view sql, const ReadOnlyLimits& limits);

} // namespace orm
