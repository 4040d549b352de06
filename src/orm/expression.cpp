#include "orm/expression.h"

#include "orm/error.h"

#include <algorithm>

namespace orm {
namespace {

std::vector<const ModelInfo*> merged(std::vector<const ModelInfo*> a, const std::vector<const ModelInfo*>& b) {
    for (const ModelInfo* m : b)
        if (std::find(a.begin(), a.end(), m) == a.end()) a.push_back(m);
    return a;
}

std::vector<Value> concatenated(std::vector<Value> a, const std::vector<Value>& b) {
    a.insert(a.end(), b.begin(), b.end());
    return a;
}

std::string column_of(const ModelInfo& model, const std::string& column) {
    return quote_identifier(model.table()) + "." + quote_identifier(column);
}

} // namespace

Expr Expr::combine(const Expr& a, const char* op, const Expr& b) {
    return Expr("(" + a.sql_ + ")" + op + "(" + b.sql_ + ")", concatenated(a.params_, b.params_),
                merged(a.models_, b.models_));
}

Expr compare_columns(const std::string& a, const std::vector<Value>& a_params,
                     const std::vector<const ModelInfo*>& a_models, const char* op, const std::string& b,
                     const std::vector<Value>& b_params, const std::vector<const ModelInfo*>& b_models) {
    return Expr(a + op + b, concatenated(a_params, b_params), merged(a_models, b_models));
}

std::string escape_like(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        if (c == '\\' || c == '%' || c == '_') out += '\\';
        out += c;
    }
    return out;
}

std::string qualified_column(const ModelInfo& model, const ColumnInfo& column) {
    return column_of(model, column.name);
}

// EXISTS (SELECT 1 FROM <target> WHERE <target's key> = <source's key> [AND (condition)]); many-to-many goes
// through the association table. The condition's models other than the target are the outer query's.
Expr related_exists(const ModelInfo& source, std::size_t member_offset, const Expr* condition) {
    const RelationshipInfo* r = find_relationship(source, member_offset);
    if (!r) throw UsageError("any()/has(): the member is not a relationship of " + source.table());
    const ModelInfo& target = r->target();
    std::string sql = "EXISTS (SELECT 1 FROM " + quote_identifier(target.table());
    switch (r->kind) {
    case RelationKind::OneToMany:
    case RelationKind::OneToOneParent:
        sql += " WHERE " + column_of(target, r->foreign_key()) + " = " + column_of(source, source.primary_key().name);
        break;
    case RelationKind::ManyToOne:
        sql += " WHERE " + column_of(target, target.primary_key().name) + " = " + column_of(source, r->foreign_key());
        break;
    case RelationKind::ManyToMany: {
        const std::string secondary = quote_identifier(r->secondary);
        sql += ", " + secondary + " WHERE " + secondary + "." + quote_identifier(r->secondary_source) + " = " +
               column_of(source, source.primary_key().name) + " AND " + secondary + "." +
               quote_identifier(r->secondary_target) + " = " + column_of(target, target.primary_key().name);
        break;
    }
    }
    std::vector<Value> params;
    std::vector<const ModelInfo*> models{&source};
    if (condition) {
        sql += " AND (" + condition->sql() + ")";
        params = condition->params();
        for (const ModelInfo* m : condition->models())
            if (m != &target && std::find(models.begin(), models.end(), m) == models.end()) models.push_back(m);
    }
    return Expr(sql + ")", std::move(params), std::move(models));
}

} // namespace orm
