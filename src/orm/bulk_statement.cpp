// query.update()/remove() (bulk.h): one UPDATE or DELETE over the rows the query matches, RETURNING
// what the session needs to keep its objects in step.
#include "orm/bulk.h"

#include "orm/query.h"

#include <algorithm>

namespace orm {
namespace {

// Whether a change of `column` of `model` can move objects between loaded relationships.
bool is_link_column(const ModelInfo& model, const ColumnInfo& column) {
    if (column.foreign_key) return true;
    for (const RelationshipInfo* r : relationships_of(model))
        if (r->kind != RelationKind::ManyToMany && r->foreign_key && r->foreign_key() == column.name &&
            (r->kind == RelationKind::ManyToOne || &r->target() == &model))
            return true;
    return false;
}

} // namespace

std::int64_t QueryCore::bulk_update(const std::vector<ColumnAssignment>& values, Synchronize sync) const {
    Session& s = session();
    const ModelInfo& model = *model_;
    if (values.empty()) throw UsageError("update(): give at least one column and its value");
    std::string set;
    std::vector<Value> params;
    std::vector<std::size_t> columns;
    bool links_change = false;
    for (const ColumnAssignment& a : values) {
        const ColumnInfo& c = model.columns()[a.column];
        if (c.primary_key)
            throw UsageError("update(): " + model.table() + "." + c.name +
                             " is the primary key, the identity of held objects; a bulk update cannot change it");
        if (std::find(columns.begin(), columns.end(), a.column) != columns.end())
            throw UsageError("update(): " + model.table() + "." + c.name + " is assigned twice");
        if (a.literal)
            if (const auto* text = std::get_if<std::string>(&a.params.front())) model.check_text(c, *text);
        set += (set.empty() ? " SET " : ", ") + quote_identifier(c.name) + " = " + a.sql;
        params.insert(params.end(), a.params.begin(), a.params.end());
        columns.push_back(a.column);
        links_change = links_change || is_link_column(model, c);
    }
    // onupdate() columns the assignments leave alone take one fresh value for every row, as in SQLAlchemy.
    for (std::size_t i = 0; i < model.columns().size() && model.any_update_default(); ++i) {
        const ColumnInfo& c = model.columns()[i];
        if (!c.update_default || std::find(columns.begin(), columns.end(), i) != columns.end()) continue;
        Value value = c.update_default->value();
        if (const auto* text = std::get_if<std::string>(&value)) model.check_text(c, *text);
        set += ", " + quote_identifier(c.name) + " = ?";
        params.push_back(std::move(value));
        columns.push_back(i);
    }
    s.autoflush();
    auto [where, where_params] = bulk_where();
    std::string sql = "UPDATE " + quote_identifier(model.table()) + set + where;
    if (sync == Synchronize::Fetch) {
        sql += " RETURNING " + quote_identifier(model.primary_key().name);
        for (std::size_t c : columns)
            sql += ", " + quote_identifier(model.columns()[c].name);
    }
    params.insert(params.end(), where_params.begin(), where_params.end());
    s.begin_bulk_write();
    auto statement = s.database().prepare(sql);
    for (std::size_t i = 0; i < params.size(); ++i)
        statement->bind(static_cast<int>(i) + 1, params[i]);
    if (sync == Synchronize::None) {
        statement->run();
        return s.database().changes();
    }
    // SQLite makes every change at the first step (an error there changes nothing), then returns the rows.
    std::int64_t rows = 0;
    while (statement->step()) {
        ++rows;
        s.bulk_updated(model, statement->get_int64(0), columns, *statement, 1);
    }
    if (rows > 0 && links_change) s.expire_relationships_involving(model);
    return rows;
}

std::int64_t QueryCore::bulk_delete(Synchronize sync) const {
    Session& s = session();
    const ModelInfo& model = *model_;
    s.autoflush();
    auto [where, params] = bulk_where();
    std::string sql = "DELETE FROM " + quote_identifier(model.table()) + where;
    if (sync == Synchronize::Fetch) sql += " RETURNING " + quote_identifier(model.primary_key().name);
    s.begin_bulk_write();
    auto statement = s.database().prepare(sql);
    for (std::size_t i = 0; i < params.size(); ++i)
        statement->bind(static_cast<int>(i) + 1, params[i]);
    if (sync == Synchronize::None) {
        statement->run();
        return s.database().changes();
    }
    std::vector<std::int64_t> deleted;
    while (statement->step())
        deleted.push_back(statement->get_int64(0));
    for (std::int64_t id : deleted)
        s.bulk_deleted(model, id);
    if (!deleted.empty()) s.expire_relationships_involving(model);
    return static_cast<std::int64_t>(deleted.size());
}

} // namespace orm
