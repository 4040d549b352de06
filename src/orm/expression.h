// Filter and ordering expressions for typed queries, built from member pointers:
//
//   using orm::col;
//   session.query<User>().filter(col(&User::username) == "peter" || col(&User::id) > 3)
//                        .order_by(orm::desc(&User::id));
//
// A comparison only compiles when the value fits the member's type (col(&User::id) == "x" does not).
// Every value becomes a bound parameter; only column names (from the model) reach the SQL text.
#pragma once

#include "orm/model.h"

#include <initializer_list>
#include <string>
#include <vector>

namespace orm {

class Expr {
public:
    Expr(std::string sql, std::vector<Value> params) : sql_(std::move(sql)), params_(std::move(params)) {}
    const std::string& sql() const { return sql_; }
    const std::vector<Value>& params() const { return params_; }

    friend Expr operator&&(const Expr& a, const Expr& b) { return combine(a, " AND ", b); }
    friend Expr operator||(const Expr& a, const Expr& b) { return combine(a, " OR ", b); }
    friend Expr operator!(const Expr& a) { return Expr("NOT (" + a.sql_ + ")", a.params_); }

private:
    static Expr combine(const Expr& a, const char* op, const Expr& b);
    std::string sql_;
    std::vector<Value> params_;
};

struct OrderTerm {
    std::string sql; // "user"."id" DESC
};

template <class T, class M> class Col {
public:
    explicit Col(M T::*member) : name_(qualified(model_of<T>(), model_of<T>().column_for(member))) {}
    const std::string& sql() const { return name_; }

    // SQL LIKE (case-insensitive for ASCII in SQLite); '%' and '_' are wildcards, '\' escapes them.
    Expr like(std::string_view pattern) const requires std::is_same_v<M, std::string> || std::is_same_v<M, std::optional<std::string>> {
        return Expr(name_ + " LIKE ? ESCAPE '\\'", {std::string(pattern)});
    }
    // Case-insensitive LIKE for every script SQLite knows to lower-case (ASCII without ICU).
    Expr ilike(std::string_view pattern) const requires std::is_same_v<M, std::string> || std::is_same_v<M, std::optional<std::string>> {
        return Expr("lower(" + name_ + ") LIKE lower(?) ESCAPE '\\'", {std::string(pattern)});
    }
    template <class V> requires ComparableWith<M, V>::value Expr in(const std::vector<V>& values) const {
        if (values.empty()) return Expr("0", {}); // x IN () is false for every row
        std::string sql = name_ + " IN (";
        std::vector<Value> params;
        params.reserve(values.size());
        for (const V& v : values) {
            sql += params.empty() ? "?" : ", ?";
            params.push_back(to_value(v));
        }
        return Expr(sql + ")", std::move(params));
    }
    template <class V> requires ComparableWith<M, V>::value Expr in(std::initializer_list<V> values) const {
        return in(std::vector<V>(values));
    }
    Expr is_null() const { return Expr(name_ + " IS NULL", {}); }
    Expr is_not_null() const { return Expr(name_ + " IS NOT NULL", {}); }
    template <class V> requires ComparableWith<M, V>::value Expr between(const V& low, const V& high) const {
        return Expr(name_ + " BETWEEN ? AND ?", {to_value(low), to_value(high)});
    }
    OrderTerm asc() const { return {name_ + " ASC"}; }
    OrderTerm desc() const { return {name_ + " DESC"}; }

    template <class V> static Value to_value(const V& v) { return MemberTraits<M>::to_value(static_cast<M>(v)); }
    Expr compare(const char* op, Value v) const { return Expr(name_ + " " + op + " ?", {std::move(v)}); }

private:
    static std::string qualified(const ModelInfo& model, const ColumnInfo& column) {
        return quote_identifier(model.table()) + "." + quote_identifier(column.name);
    }
    std::string name_;
};

template <class T, class M> Col<T, M> col(M T::*member) { return Col<T, M>(member); }
template <class T, class M> OrderTerm asc(M T::*member) { return col(member).asc(); }
template <class T, class M> OrderTerm desc(M T::*member) { return col(member).desc(); }

#define ORM_COMPARISON(op, sql_op)                                                                                     \
    template <class T, class M, class V> requires ComparableWith<M, V>::value                                          \
    Expr operator op(const Col<T, M>& column, const V& value) {                                                        \
        return column.compare(sql_op, Col<T, M>::to_value(value));                                                     \
    }
ORM_COMPARISON(==, "=")
ORM_COMPARISON(!=, "!=")
ORM_COMPARISON(<, "<")
ORM_COMPARISON(<=, "<=")
ORM_COMPARISON(>, ">")
ORM_COMPARISON(>=, ">=")
#undef ORM_COMPARISON

} // namespace orm
