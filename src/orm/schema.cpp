#include "orm/schema.h"

#include "orm/database.h"
#include "orm/error.h"
#include "orm/transaction.h"

#include <algorithm>
#include <array>
#include <functional>
#include <map>

namespace orm {
namespace {

// SQLAlchemy 1.4's reserved words for SQLite (sqlalchemy/dialects/sqlite/base.py), which it quotes.
constexpr std::array<std::string_view, 117> kReservedWords = {
    "add", "after", "all", "alter", "analyze", "and", "as", "asc", "attach", "autoincrement", "before", "begin",
    "between", "by", "cascade", "case", "cast", "check", "collate", "column", "commit", "conflict", "constraint",
    "create", "cross", "current_date", "current_time", "current_timestamp", "database", "default", "deferrable",
    "deferred", "delete", "desc", "detach", "distinct", "drop", "each", "else", "end", "escape", "except",
    "exclusive", "exists", "explain", "false", "fail", "for", "foreign", "from", "full", "glob", "group", "having",
    "if", "ignore", "immediate", "in", "index", "indexed", "initially", "inner", "insert", "instead", "intersect",
    "into", "is", "isnull", "join", "key", "left", "like", "limit", "match", "natural", "not", "notnull", "null",
    "of", "offset", "on", "or", "order", "outer", "plan", "pragma", "primary", "query", "raise", "references",
    "reindex", "rename", "replace", "restrict", "right", "rollback", "row", "select", "set", "table", "temp",
    "temporary", "then", "to", "transaction", "trigger", "true", "union", "unique", "update", "using", "vacuum",
    "values", "view", "virtual", "when", "where"};

const char* on_delete_sql(OnDelete action) {
    switch (action) {
    case OnDelete::Cascade: return " ON DELETE CASCADE";
    case OnDelete::SetNull: return " ON DELETE SET NULL";
    case OnDelete::Restrict: return " ON DELETE RESTRICT";
    default: return "";
    }
}

bool index_exists(Database& db, std::string_view name) {
    auto statement = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = ?");
    statement->bind(1, name);
    return statement->step();
}

} // namespace

std::string ddl_identifier(std::string_view name) {
    bool plain = !name.empty() && !(name[0] >= '0' && name[0] <= '9');
    for (const char c : name) plain = plain && ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '$');
    if (plain && std::find(kReservedWords.begin(), kReservedWords.end(), name) == kReservedWords.end()) return std::string(name);
    return quote_identifier(name);
}

bool table_exists(Database& db, std::string_view table) {
    auto statement = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?");
    statement->bind(1, table);
    return statement->step();
}

Metadata::Metadata(std::initializer_list<const ModelInfo*> models) {
    for (const ModelInfo* model : models) add(*model);
}

void Metadata::add(const ModelInfo& model) {
    for (const ModelInfo* existing : models_) {
        if (existing == &model) return;
        if (existing->table() == model.table()) throw UsageError("two models map to table '" + model.table() + "'");
    }
    models_.push_back(&model);
}

std::vector<const ModelInfo*> Metadata::sorted_models() const {
    std::map<std::string, const ModelInfo*, std::less<>> by_table;
    for (const ModelInfo* m : models_) by_table[m->table()] = m;
    std::vector<const ModelInfo*> order;
    std::map<const ModelInfo*, int> mark; // 1 = visiting, 2 = done
    std::function<void(const ModelInfo*)> visit = [&](const ModelInfo* m) {
        if (mark[m] == 2) return;
        if (mark[m] == 1) throw UsageError("foreign keys form a cycle through table '" + m->table() + "'");
        mark[m] = 1;
        for (const ColumnInfo& c : m->columns()) {
            if (!c.foreign_key || c.foreign_key->table == m->table()) continue;
            const auto target = by_table.find(c.foreign_key->table);
            if (target != by_table.end()) visit(target->second);
        }
        mark[m] = 2;
        order.push_back(m);
    };
    for (const ModelInfo* m : models_) visit(m);
    return order;
}

std::string Metadata::create_table_sql(const ModelInfo& model) {
    std::string sql = "CREATE TABLE " + ddl_identifier(model.table()) + " (";
    const char* separator = "\n\t";
    for (const ColumnInfo& c : model.columns()) {
        sql += separator;
        separator = ", \n\t";
        sql += ddl_identifier(c.name) + " " + c.type.sql();
        if (!c.server_default.empty()) sql += " DEFAULT " + c.server_default;
        if (!c.nullable) sql += " NOT NULL";
    }
    std::string key;
    for (const ColumnInfo& c : model.columns())
        if (c.primary_key) key += (key.empty() ? "" : ", ") + ddl_identifier(c.name);
    if (!key.empty()) {
        sql += separator;
        sql += "PRIMARY KEY (" + key + ")";
    }
    // SQLAlchemy's order (constraints by creation order): the table's CHECKs (declared in __table_args__,
    // created before the table), then per column its UNIQUE and then its FOREIGN KEY.
    for (const std::string& check : model.checks()) {
        sql += separator;
        sql += "CHECK (" + check + ")";
    }
    for (const ColumnInfo& c : model.columns()) {
        if (c.unique) {
            sql += separator;
            sql += "UNIQUE (" + ddl_identifier(c.name) + ")";
        }
        if (c.foreign_key) {
            sql += separator;
            sql += "FOREIGN KEY(" + ddl_identifier(c.name) + ") REFERENCES " + ddl_identifier(c.foreign_key->table) + " (" +
                   ddl_identifier(c.foreign_key->column) + ")" + on_delete_sql(c.foreign_key->on_delete);
        }
    }
    sql += "\n)";
    return sql;
}

std::vector<Metadata::IndexStatement> Metadata::create_index_sql(const ModelInfo& model) {
    std::vector<IndexStatement> out;
    const std::string table = ddl_identifier(model.table());
    for (const ColumnInfo& c : model.columns()) {
        if (!c.index && !c.unique_index) continue;
        const std::string name = "ix_" + model.table() + "_" + c.name;
        out.push_back({name, std::string(c.unique_index ? "CREATE UNIQUE INDEX " : "CREATE INDEX ") + ddl_identifier(name) +
                                 " ON " + table + " (" + ddl_identifier(c.name) + ")"});
    }
    for (const IndexInfo& index : model.indexes()) {
        std::string columns;
        for (const std::string& c : index.columns) columns += (columns.empty() ? "" : ", ") + ddl_identifier(c);
        out.push_back({index.name, std::string(index.unique ? "CREATE UNIQUE INDEX " : "CREATE INDEX ") +
                                       ddl_identifier(index.name) + " ON " + table + " (" + columns + ")"});
    }
    return out;
}

void Metadata::create_all(Database& db) const {
    Transaction transaction(db);
    for (const ModelInfo* model : sorted_models()) {
        if (!table_exists(db, model->table())) db.execute(create_table_sql(*model));
        for (const IndexStatement& index : create_index_sql(*model)) {
            if (!index_exists(db, index.name)) db.execute(index.sql);
        }
    }
    transaction.commit();
}

void Metadata::drop_all(Database& db) const {
    Transaction transaction(db);
    auto order = sorted_models();
    std::reverse(order.begin(), order.end());
    for (const ModelInfo* model : order) db.execute("DROP TABLE IF EXISTS " + ddl_identifier(model->table()));
    transaction.commit();
}

} // namespace orm
