// Versioned schema migrations, in the spirit of Alembic / Flask-Migrate.
//
//   orm::Migrator migrator({
//       {1, "the tutorial's tables", [](orm::MigrationContext& m) { m.create_tables(tutorial_metadata); }},
//       {2, "unique usernames", [](orm::MigrationContext& m) { m.create_index("ix_user_username", "user", {"username"}, true); }},
//       {3, "comments belong to pets", [](orm::MigrationContext& m) { m.add_column("pet_comment", "pet_id INTEGER REFERENCES pet_category (pet_id)"); }},
//   });
//   migrator.upgrade(db); // applies what is missing, all or nothing
//
// The schema version lives in PRAGMA user_version (0 for a file no migration touched, e.g. one the
// tutorial's Flask app created), which other apps ignore. Migrations run in order in ONE transaction with
// foreign-key enforcement off (SQLite's documented way to rebuild tables); before COMMIT the migrator runs
// PRAGMA foreign_key_check and integrity_check, and any problem rolls everything back.
#pragma once

#include "orm/error.h"
#include "orm/model.h"

#include <functional>
#include <string>
#include <vector>

namespace orm {

class Database;
class Metadata;

// A migration that failed, or left the database inconsistent. Nothing of the upgrade was kept.
class MigrationError : public Error {
public:
    MigrationError(int version, const std::string& message);
    int version() const { return version_; }

private:
    int version_;
};

// The operations a migration may use (Alembic's `op`). Every operation is idempotent where SQLite allows
// it to be, so a migration can adopt a database that already has part of the change (e.g. a file the
// tutorial's create_all() wrote). What already exists is judged by what it is, never by its name alone: an
// index with the name asked for but another definition (other columns, not unique, another table, a
// WHERE clause) is dropped and created as asked, so a look-alike can never stand in for a unique index.
class MigrationContext {
public:
    explicit MigrationContext(Database& db) : db_(db) {}
    Database& database() { return db_; }

    // Creates the tables of `metadata` that do not exist yet, and their indexes (create_index_sql).
    void create_tables(const Metadata& metadata);
    // ALTER TABLE … ADD COLUMN <definition>, unless the column exists. SQLite's rules apply: a NOT NULL
    // column needs a DEFAULT; a REFERENCES column must default to NULL.
    void add_column(const std::string& table, const std::string& column_definition);
    // CREATE [UNIQUE] INDEX name ON table (columns), unless index_is() says an index of that name already is
    // exactly that; an index of that name that is something else is dropped first.
    void create_index(const std::string& name, const std::string& table, const std::vector<std::string>& columns, bool unique = false);
    // The same for an index create_index cannot describe (an expression, a WHERE clause): `create_sql` is
    // the statement exactly as SQLite stores it in sqlite_master.sql ("CREATE UNIQUE INDEX ix ON \"user\"
    // (lower(user_email))": no IF NOT EXISTS). An index of that name whose stored SQL differs is dropped first.
    void create_index_sql(const std::string& name, const std::string& create_sql);
    void drop_index(const std::string& name);
    // Rebuilds `model`'s table with its current declaration (SQLite's 12-step procedure): creates the new
    // table, copies the rows with `select_sql` (an expression list in the order of the new columns,
    // reading from the old table; empty = same column names), drops the old one and renames. Indexes of
    // the model are recreated. Use it for what ALTER TABLE cannot do (change a type, add a CHECK…).
    void rebuild_table(const ModelInfo& model, const std::string& select_sql = {});
    void execute(const std::string& sql);

    bool has_table(const std::string& table);
    bool has_column(const std::string& table, const std::string& column);
    bool has_index(const std::string& name);
    // True if an index `name` exists on `table` over exactly `columns` (in order, ascending, BINARY collation,
    // no expressions), unique exactly when `unique`, without a WHERE clause (PRAGMA index_list, index_xinfo).
    bool index_is(const std::string& name, const std::string& table, const std::vector<std::string>& columns, bool unique);
    // True if an index `name` exists and sqlite_master stores exactly `create_sql` for it.
    bool index_sql_is(const std::string& name, const std::string& create_sql);

private:
    Database& db_;
};

struct Migration {
    int version;               // 1, 2, 3…: strictly increasing
    std::string description;   // named in errors
    std::function<void(MigrationContext&)> upgrade;
};

class Migrator {
public:
    // Throws UsageError if versions are not strictly increasing from 1.
    explicit Migrator(std::vector<Migration> migrations);

    // The highest version applied to `db` (0 for a database no migration has touched).
    int current_version(Database& db) const;
    int latest_version() const { return migrations_.empty() ? 0 : migrations_.back().version; }
    // Applies every migration above current_version(db), up to `target` (default: all), in one transaction.
    // Returns the number applied. Throws MigrationError (nothing kept) if one fails or checks fail.
    // Throws UsageError if the database is newer than this program knows (downgrades are refused).
    int upgrade(Database& db, int target = -1) const;

private:
    std::vector<Migration> migrations_;
};

} // namespace orm
