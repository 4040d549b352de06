#include "orm/migration.h"

#include "orm/database.h"
#include "orm/error.h"
#include "orm/schema.h"
#include "orm/transaction.h"

namespace orm {

MigrationError::MigrationError(int version, const std::string& message)
    : Error("migration " + std::to_string(version) + " failed: " + message), version_(version) {}

// --- Operations -----------------------------------------------------------------------------------------

void MigrationContext::create_tables(const Metadata& metadata) {
    for (const ModelInfo* model : metadata.sorted_models()) {
        if (!has_table(model->table())) db_.execute(Metadata::create_table_sql(*model));
        for (const auto& index : Metadata::create_index_sql(*model))
            if (!has_index(index.name)) db_.execute(index.sql);
    }
}

void MigrationContext::add_column(const std::string& table, const std::string& column_definition) {
    const std::string name = column_definition.substr(0, column_definition.find(' '));
    if (has_column(table, name)) return;
    db_.execute("ALTER TABLE " + ddl_identifier(table) + " ADD COLUMN " + column_definition);
}

void MigrationContext::create_index(const std::string& name, const std::string& table, const std::vector<std::string>& columns, bool unique) {
    if (has_index(name)) return;
    std::string list;
    for (const std::string& c : columns) list += (list.empty() ? "" : ", ") + ddl_identifier(c);
    db_.execute(std::string(unique ? "CREATE UNIQUE INDEX " : "CREATE INDEX ") + ddl_identifier(name) + " ON " + ddl_identifier(table) + " (" + list + ")");
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
