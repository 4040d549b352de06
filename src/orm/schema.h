// A set of models, like SQLAlchemy's MetaData: creates and drops their tables in foreign-key order.
//
// The DDL is written the way SQLAlchemy 1.4 writes it for SQLite (same types, NOT NULL placement, table
// constraints, index names ix_<table>_<column>), so a file created here is the file Flask-SQLAlchemy's
// create_all() would have created, and the other way round.
#pragma once

#include "orm/model.h"

#include <initializer_list>
#include <string>
#include <vector>

namespace orm {

class Database;

class Metadata {
public:
    Metadata() = default;
    Metadata(std::initializer_list<const ModelInfo*> models);
    void add(const ModelInfo& model);

    // Creates the tables and indexes that do not exist yet, parents before children, in one transaction.
    // Existing tables are left as they are (use migrations to change them). Idempotent.
    // Throws DatabaseError; then nothing was created.
    void create_all(Database& db) const;
    // Drops the tables of these models that exist, children before parents, in one transaction.
    void drop_all(Database& db) const;

    // The models with every foreign-key target before the model that refers to it.
    // Throws UsageError on a foreign-key cycle between tables.
    std::vector<const ModelInfo*> sorted_models() const;
    const std::vector<const ModelInfo*>& models() const { return models_; }

    static std::string create_table_sql(const ModelInfo& model);
    struct IndexStatement {
        std::string name;
        std::string sql;
    };
    static std::vector<IndexStatement> create_index_sql(const ModelInfo& model);

private:
    std::vector<const ModelInfo*> models_;
};

// The identifier as SQLAlchemy's SQLite dialect writes it in DDL: bare when it is a plain lower-case name
// and not a reserved word, double-quoted otherwise.
std::string ddl_identifier(std::string_view name);

// True if a table of this name exists in the main schema.
bool table_exists(Database& db, std::string_view table);

} // namespace orm
