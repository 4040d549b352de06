// Import that trusts nothing: the rows of a database file from elsewhere (an export of this app, any
// version, or a file the tutorial's Flask app wrote) copied into a fresh database our own migrations built.
// Nothing of the file's schema comes along: not its triggers, views, indexes, extra tables or columns, table
// options or defaults. Only the known tables' known columns are read, by name, each value checked for its
// type and then against the rules a new row passes (lengths, valid UTF-8, email shape, uniqueness, foreign
// keys that resolve); each password must be an Argon2id PHC string our verifier accepts (salt and costs
// within our bounds), or plaintext, which is hashed with Argon2id before it is stored.
//
//     orm::Database candidate(path, orm::Database::Mode::ReadOnly);   // the host opens it, read-only
//     orm::Database fresh(new_path);                                   // empty
//     app::DatabaseImport import(candidate, fresh, hasher);            // surveys the schema; may refuse
//     while (!import.step(8ms)) draw_progress(import.progress());      // a slice per frame
//     import.report().summary();  // "2 users, …; ignored: 2 triggers, table `loot`, column `user.nickname`"
//
// A row that breaks a rule refuses the whole import by default (ImportError listing the rows, by id); with
// ImportOptions::leave_out_refused_rows the good rows are imported and the report counts what was left out
// (a pet whose handler was refused is left out with it, so foreign keys always resolve).
#pragma once

#include "app/password_hash_job.h"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace orm {
class Database;
}

namespace app {

class PasswordHasher;

// Why a file cannot be imported, in words a person can act on (never a password or hash; values quoted
// as excerpts of at most 40 characters).
class ImportError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

// One row that breaks a rule: "user 4, user_password: …". `id` is the row's id, or 0 when it has no usable
// id (then `row` is its position in the table, from 1).
struct RowFailure {
    std::string table;
    std::int64_t id = 0;
    std::int64_t row = 0;
    std::string column; // "" when about the whole row
    std::string problem;
    std::string describe() const; // "user 4, user_password: <problem>"
};

struct ImportOptions {
    bool leave_out_refused_rows = false;
    std::size_t max_plaintext_passwords = 10000; // each costs one Argon2id run (~0.1 s in a browser)
    std::int64_t max_rows_per_table = 2000000;
};

// What the file held that was never taken.
struct IgnoredSchema {
    int triggers = 0;
    int views = 0;
    int indexes = 0;                  // other than ours (ours are built by our migrations, whatever the file has)
    std::vector<std::string> tables;  // tables this app does not know (virtual ones too)
    std::vector<std::string> columns; // "user.nickname": columns of known tables this app does not know
    bool empty() const { return triggers + views + indexes == 0 && tables.empty() && columns.empty(); }
    // "2 triggers, 1 view, table `loot`, column `user.nickname`" (long lists cut: "10,000 tables (`t1`, …)")
    std::string describe() const;
};

struct ImportReport {
    int file_version = 0;       // PRAGMA user_version the file claimed: information, not trust
    bool from_tutorial = false; // no version of ours: the tutorial's Flask schema
    std::int64_t users = 0;
    std::int64_t handlers = 0;
    std::int64_t pets = 0;
    std::int64_t comments = 0;
    std::int64_t messages = 0;
    int passwords_rehashed = 0; // plaintext passwords hashed with Argon2id
    IgnoredSchema ignored;
    std::vector<RowFailure> left_out; // only with leave_out_refused_rows

    // "3 users, 1 pet handler, 2 pets, 1 comment, 0 contact messages; upgraded from the tutorial's Flask
    // schema; 3 plaintext passwords re-hashed with Argon2id; ignored: 2 triggers, table `loot`"
    std::string summary() const;
};

// The rows the file holds in each table this app imports, counted when the file is surveyed (before a row is
// read): what a person is asked to confirm replacing their data with. A table the file lacks counts 0.
// Rows that break a rule are counted too; the report says what was imported in the end.
struct FileRows {
    std::int64_t users = 0, handlers = 0, pets = 0, comments = 0, messages = 0;
};

class DatabaseImport {
  public:
    // Turns SQLite's defences on for `candidate` (orm::enable_defenses) and reads its schema, as data: which
    // known tables and columns it has, and what it holds besides. Builds our schema in `fresh`, which must be
    // empty (no tables). Both must outlive the import. Throws ImportError when the file cannot be imported at
    // all: no user table (another app's file), a known table without one of its columns (or with it computed,
    // a generated column), a known table that is a view or a virtual table, a file of a newer version of this
    // app; orm::DatabaseError if SQLite fails (the host says so in a person's words).
    DatabaseImport(orm::Database& candidate, orm::Database& fresh, const PasswordHasher& hasher,
                   ImportOptions options = {});
    ~DatabaseImport();
    DatabaseImport(const DatabaseImport&) = delete;
    DatabaseImport& operator=(const DatabaseImport&) = delete;

    // Works for about `budget` (at least one row or one Argon2 segment, so a zero budget still advances):
    // reads and checks rows, hashes plaintext passwords, writes rows into `fresh` (in transactions of its
    // own), and at the end checks `fresh` (foreign keys, our schema exactly). Returns done(). Throws
    // ImportError for rows that break the rules (listed by id, at most five named in the message, all in
    // failures()), too many plaintext passwords or rows; orm::DatabaseError, app::SecurityError. After a
    // throw the import is dead; `fresh` holds part of the rows and is to be thrown away. Destroying the
    // import before done() cancels it: `candidate` was never written, `fresh` is to be thrown away.
    bool step(std::chrono::microseconds budget);
    bool done() const;
    // 0 to 1, for a progress bar; the Argon2 work dominates when there are plaintext passwords.
    double progress() const;
    // The file's rows per table (see FileRows), known from construction on.
    const FileRows& file_rows() const;
    // What was imported (complete once done()).
    const ImportReport& report() const;
    // Every row that broke a rule, in table order (users, handlers, pets, comments, messages), then by id.
    const std::vector<RowFailure>& failures() const;

  private:
    struct State;
    std::unique_ptr<State> state_;
};

// DatabaseImport stepped to the end at once: for native hosts and tests. Throws as DatabaseImport does.
ImportReport import_database(orm::Database& candidate, orm::Database& fresh, const PasswordHasher& hasher,
                             ImportOptions options = {});

} // namespace app
