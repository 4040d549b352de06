// One prepared SQLite statement, owned (RAII): finalized in the destructor.
//
// Values are always bound, never spliced into the SQL text. Parameter indexes start at 1 as in SQLite;
// column indexes start at 0. A Statement belongs to one Database and must not outlive it.
#pragma once

#include "orm/value.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

namespace orm {

class Statement {
public:
    // Compiles `sql`. Throws DatabaseError (naming the SQL) if it does not compile.
    Statement(sqlite3* db, std::string_view sql);
    ~Statement();
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    // --- Parameters -----------------------------------------------------------------------------
    void bind(int index, std::nullptr_t);
    void bind(int index, std::int64_t value);
    void bind(int index, int value) { bind(index, static_cast<std::int64_t>(value)); }
    void bind(int index, bool value) { bind(index, static_cast<std::int64_t>(value ? 1 : 0)); }
    void bind(int index, double value);
    void bind(int index, std::string_view text); // copied by SQLite (SQLITE_TRANSIENT)
    void bind(int index, const char* text) { bind(index, std::string_view(text)); }
    void bind(int index, const std::string& text) { bind(index, std::string_view(text)); }
    void bind(int index, const Bytes& blob);
    void bind(int index, const Value& value);
    template <class T> void bind(int index, const std::optional<T>& value) {
        if (value) bind(index, *value);
        else bind(index, nullptr);
    }
    // Binds each argument to the next parameter, starting at 1.
    template <class... Args> Statement& bind_all(const Args&... args) {
        int index = 0;
        (bind(++index, args), ...);
        return *this;
    }
    int parameter_count() const;

    // --- Tracing (Database::set_statement_trace) ------------------------------------------------
    // While on, every value bound is also kept here, so a trace can show what a statement ran with
    // (SQLite cannot hand a bound value back). Off by default: binding then copies nothing.
    void record_parameters(bool on);
    const std::vector<Value>& recorded_parameters() const { return recorded_; } // [0] is parameter 1
    // The recording statement whose step() is running on this thread, or null: how the trace callback,
    // which SQLite gives only the sqlite3_stmt, finds the recorded values.
    static const Statement* stepping();

    // --- Execution ------------------------------------------------------------------------------
    // Advances to the next row: true if a row is available, false when done.
    // Throws ConstraintError / DatabaseError; the statement is reset after an error.
    bool step();
    // Steps until done; for statements that return no rows (INSERT, UPDATE, DDL).
    void run();
    // Makes the statement runnable again; bindings are kept until clear_bindings().
    void reset();
    void clear_bindings();

    // --- Result columns (valid after step() returned true) --------------------------------------
    int column_count() const;
    std::string column_name(int column) const;
    bool is_null(int column) const;
    std::int64_t get_int64(int column) const;
    double get_double(int column) const;
    std::string get_text(int column) const;
    std::string_view get_text_view(int column) const; // valid until the next step/reset
    Bytes get_blob(int column) const;
    Value get_value(int column) const;

    const char* sql() const;
    sqlite3_stmt* handle() const { return stmt_; }

private:
    [[noreturn]] void fail(int rc) const;
    void check_bind(int rc) const;
    template <class V> void remember(int index, V&& value);

    sqlite3* db_;
    sqlite3_stmt* stmt_ = nullptr;
    bool recording_ = false;
    std::vector<Value> recorded_;
};

// Throws the typed error matching SQLite's last error on `db` (ConstraintError for SQLITE_CONSTRAINT).
[[noreturn]] void throw_sqlite_error(sqlite3* db, int rc, std::string_view sql = {});

} // namespace orm
