#include "orm/migration.h"

#include "orm/database.h"
#include "orm/error.h"
#include "orm/schema.h"
#include "orm/transaction.h"

#include <cstddef>

namespace orm {

MigrationError::MigrationError(int version, const std::string& message)
    : Error("migration " + std::to_string(version) + " failed: " + message), version_(version) {}

// --- Operations -----------------------------------------------------------------------------------------

namespace {
// SQLite's rule for identifiers: equal ignoring ASCII case.
bool same_identifier(const std::string& a, const std::string& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
        if (lower(a[i]) != lower(b[i])) return false;
    }
    return true;
}
} // namespace

void MigrationContext::create_tables(const Metadata& metadata) {
    for (const ModelInfo* model : metadata.sorted_models()) {
        if (!has_table(model->table())) db_.execute(Metadata::create_table_sql(*model));
        for (const auto& index : Metadata::create_index_sql(*model)) create_index_sql(index.name, index.sql);
    }
}

void MigrationContext::add_column(const std::string& table, const std::string& column_definition) {
    const std::string name = column_definition.substr(0, column_definition.find(' '));
    if (has_column(table, name)) return;
    db_.execute("ALTER TABLE " + ddl_identifier(table) + " ADD COLUMN " + column_definition);
}

void MigrationContext::create_index(const std::string& name, const std::string& table, const std::vector<std::string>& columns, bool unique) {
    if (index_is(name, table, columns, unique)) return;
    drop_index(name);
    std::string list;
    for (const std::string& c : columns) list += (list.empty() ? "" : ", ") + ddl_identifier(c);
    db_.execute(std::string(unique ? "CREATE UNIQUE INDEX " : "CREATE INDEX ") + ddl_identifier(name) + " ON " + ddl_identifier(table) + " (" + list + ")");
}

void MigrationContext::create_index_sql(const std::string& name, const std::string& create_sql) {
    if (index_sql_is(name, create_sql)) return;
    drop_index(name);
    db_.execute(create_sql);
    // The text must be what SQLite stores, or every later run would drop and rebuild the index again.
    if (!index_sql_is(name, create_sql))
        throw UsageError("create_index_sql: SQLite stores index " + name + " as other text than \"" + create_sql +
                         "\" (leave out IF NOT EXISTS; write CREATE [UNIQUE] INDEX <name> ON … as one space-separated line)");
}

void MigrationContext::drop_index(const std::string& name) { db_.execute("DROP INDEX IF EXISTS " + ddl_identifier(name)); }

void MigrationContext::rebuild_table(const ModelInfo& model, const std::string& select_sql) {
    const std::string table = model.table();
    const std::string temporary = table + "__rebuild";
    std::string columns;
    for (const ColumnInfo& c : model.columns()) columns += (columns.empty() ? "" : ", ") + ddl_identifier(c.name);
    // The new table is created under a temporary name by editing the CREATE statement's name only.
    std::string create = Metadata::create_table_sql(model);
    const std::string prefix = "CREATE TABLE " + ddl_identifier(table) + " (";
    create = "CREATE TABLE " + ddl_identifier(temporary) + " (" + create.substr(prefix.size());
    db_.execute("DROP TABLE IF EXISTS " + ddl_identifier(temporary));
    db_.execute(create);
    db_.execute("INSERT INTO " + ddl_identifier(temporary) + " (" + columns + ") SELECT " + (select_sql.empty() ? columns : select_sql) +
                " FROM " + ddl_identifier(table));
    db_.execute("DROP TABLE " + ddl_identifier(table));
    db_.execute("ALTER TABLE " + ddl_identifier(temporary) + " RENAME TO " + ddl_identifier(table));
    for (const auto& index : Metadata::create_index_sql(model)) db_.execute(index.sql);
}

void MigrationContext::execute(const std::string& sql) { db_.execute(sql); }

bool MigrationContext::has_table(const std::string& table) { return table_exists(db_, table); }

bool MigrationContext::has_column(const std::string& table, const std::string& column) {
    auto statement = db_.prepare("SELECT 1 FROM pragma_table_info(?) WHERE name = ?");
    statement->bind_all(table, column);
    return statement->step();
}

bool MigrationContext::has_index(const std::string& name) {
    auto statement = db_.prepare("SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = ?");
    statement->bind(1, name);
    return statement->step();
}

bool MigrationContext::index_is(const std::string& name, const std::string& table, const std::vector<std::string>& columns, bool unique) {
    {
        // SQLite compares table and column names without regard to ASCII case; so does this.
        auto listed = db_.prepare("SELECT il.\"unique\", il.partial FROM sqlite_master AS m, pragma_index_list(m.tbl_name) AS il "
                                  "WHERE m.type = 'index' AND m.name = ?1 AND lower(m.tbl_name) = lower(?2) AND il.name = ?1");
        listed->bind_all(name, table);
        if (!listed->step() || (listed->get_int64(0) != 0) != unique || listed->get_int64(1) != 0) return false;
    }
    auto keys = db_.prepare("SELECT cid, name, \"desc\", coll FROM pragma_index_xinfo(?) WHERE key = 1 ORDER BY seqno");
    keys->bind(1, name);
    std::size_t i = 0;
    for (; keys->step(); ++i) {
        if (i >= columns.size() || keys->get_int64(0) < 0 || keys->get_int64(2) != 0 || keys->get_text(3) != "BINARY")
            return false;
        if (!same_identifier(keys->get_text(1), columns[i])) return false;
    }
    return i == columns.size();
}

bool MigrationContext::index_sql_is(const std::string& name, const std::string& create_sql) {
    auto statement = db_.prepare("SELECT sql IS ? FROM sqlite_master WHERE type = 'index' AND name = ?");
    statement->bind_all(create_sql, name);
    return statement->step() && statement->get_int64(0) != 0;
}

// --- Migrator -------------------------------------------------------------------------------------------

namespace {
// Turns enforcement off for the upgrade (it cannot change inside a transaction) and back on after.
class ForeignKeysOff {
public:
    explicit ForeignKeysOff(Database& db) : db_(db) { db_.execute("PRAGMA foreign_keys = OFF"); }
    ~ForeignKeysOff() {
        try {
            db_.execute("PRAGMA foreign_keys = ON");
        } catch (...) {
        }
    }

private:
    Database& db_;
};
} // namespace

Migrator::Migrator(std::vector<Migration> migrations) : migrations_(std::move(migrations)) {
    int previous = 0;
    for (const Migration& m : migrations_) {
        if (m.version <= previous) throw UsageError("migration versions must increase strictly from 1; " + std::to_string(m.version) + " follows " + std::to_string(previous));
        previous = m.version;
    }
}

int Migrator::current_version(Database& db) const {
    auto statement = db.prepare("PRAGMA user_version");
    statement->step();
    return static_cast<int>(statement->get_int64(0));
}

int Migrator::upgrade(Database& db, int target) const {
    if (target < 0) target = latest_version();
    const int current = current_version(db);
    if (current > latest_version())
        throw UsageError("the database is at schema version " + std::to_string(current) + ", newer than this program's " + std::to_string(latest_version()));
    std::vector<const Migration*> todo;
    for (const Migration& m : migrations_)
        if (m.version > current && m.version <= target) todo.push_back(&m);
    if (todo.empty()) return 0;

    if (db.in_transaction()) throw UsageError("upgrade() must not run inside a transaction");
    ForeignKeysOff foreign_keys_off(db);
    Transaction transaction(db);
    MigrationContext context(db);
    for (const Migration* m : todo) {
        try {
            m->upgrade(context);
        } catch (const std::exception& e) {
            throw MigrationError(m->version, "(" + m->description + ") " + e.what());
        }
        // user_version lives in the file header and is part of the transaction: rolled back with it.
        db.execute("PRAGMA user_version = " + std::to_string(m->version)); // an int we own, not input
    }
    {
        auto check = db.prepare("PRAGMA foreign_key_check");
        if (check->step())
            throw MigrationError(todo.back()->version, "a row of table " + check->get_text(0) + " refers to a missing " + check->get_text(2) + " row");
    }
    const std::string integrity = [&] {
        auto check = db.prepare("PRAGMA integrity_check");
        check->step();
        return check->get_text(0);
    }();
    if (integrity != "ok") throw MigrationError(todo.back()->version, "integrity_check: " + integrity);
    transaction.commit();
    return static_cast<int>(todo.size());
}

} // namespace orm
