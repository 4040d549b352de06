// Typed errors of the ORM. Every error says what failed in words a person can act on; database errors
// also carry SQLite's result codes and the SQL text that failed (never the bound values).
#pragma once

#include <stdexcept>
#include <string>

namespace orm {

// Base of every error the ORM throws.
class Error : public std::runtime_error {
public:
    explicit Error(const std::string& message) : std::runtime_error(message) {}
};

// SQLite reported a failure. `code()` is the primary result code (SQLITE_BUSY, SQLITE_CONSTRAINT…),
// `extended_code()` the extended one (SQLITE_CONSTRAINT_UNIQUE…), `sql()` the statement, if any.
class DatabaseError : public Error {
public:
    DatabaseError(int code, int extended_code, const std::string& message, std::string sql = {});
    int code() const { return code_; }
    int extended_code() const { return extended_code_; }
    const std::string& sql() const { return sql_; }

private:
    int code_;
    int extended_code_;
    std::string sql_;
};

// A UNIQUE, NOT NULL, CHECK, FOREIGN KEY or PRIMARY KEY constraint rejected a write.
// `constraint()` is SQLite's description, e.g. "UNIQUE constraint failed: user.username".
class ConstraintError : public DatabaseError {
public:
    using DatabaseError::DatabaseError;
    bool is_unique() const;
    bool is_foreign_key() const;
    // For UNIQUE/NOT NULL failures: the "table.column" SQLite names, or empty.
    std::string column() const;
};

// A value was rejected by the ORM before any SQL ran (e.g. longer than its String(n) column).
class ValueError : public Error {
public:
    ValueError(std::string table, std::string column, const std::string& message);
    const std::string& table() const { return table_; }
    const std::string& column() const { return column_; }

private:
    std::string table_;
    std::string column_;
};

// An UPDATE or DELETE of a held object matched no row: another connection (another tab's save) deleted
// or replaced it since this session loaded it (SQLAlchemy's StaleDataError). The flush wrote nothing.
class StaleDataError : public Error {
public:
    using Error::Error;
};

// The API was used in a way that cannot work (e.g. a committed transaction committed again).
class UsageError : public Error {
public:
    using Error::Error;
};

} // namespace orm
