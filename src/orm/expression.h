// Filter, ordering and column expressions for typed queries, built from member pointers:
//
//   using orm::col;
//   session.query<User>().filter(col(&User::username) == "peter" || col(&User::id) > 3)
//                        .order_by(orm::desc(&User::id));
//   col(&User::bio) == std::nullopt                        // "user"."bio" IS NULL
//   col(&User::bio) == maybe_bio                           // IS ? : NULL when the optional is empty
//   col(&User::username).startswith("50%_off")             // LIKE ? ESCAPE '\' with % and _ escaped
//   col(&Address::user_id) == col(&User::id)               // column against column (a join's ON)
//   col(&User::addresses).any(col(&Address::email).endswith("@example.org"))   // EXISTS (SELECT 1 …)
//   col(&Address::user).has(col(&User::name) == "sandy")
//   orm::func::count(), orm::func::count(&Pet::pet_id), sum, min, max, avg, lower, upper, length, coalesce
//
// Types decide what compiles: a comparison only when the value fits the member's type (col(&User::id) ==
// "x" does not), == std::nullopt only for a std::optional member, startswith/like only for text. Each
// expression also carries, in its type, the models whose columns it names (Models<User, Address>), so a
// query rejects at compile time a filter on a model it does not join (see query.h). Type-erased forms
// (Expr, OrderTerm) keep that list at run time and are checked when the query runs.
//
// Every value becomes a bound parameter; only column and table names (from the models) reach the SQL.
//
// One header of over 400 lines on purpose: the operators of one expression family (columns, literals,
// functions, ordering) that each build the others.
#pragma once

#include "orm/model.h"

#include <initializer_list>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

namespace orm {

// --- The models an expression names, at compile time -----------------------------------------------
template <class... Ms> struct Models {};

namespace detail {
template <class T, class Set> struct Has;
template <class T, class... Ms> struct Has<T, Models<Ms...>> : std::bool_constant<(std::is_same_v<T, Ms> || ...)> {};
template <class A, class B> struct Union;
template <class A> struct Union<A, Models<>> { using type = A; };
template <class... As, class B, class... Bs>
struct Union<Models<As...>, Models<B, Bs...>>
    : Union<std::conditional_t<Has<B, Models<As...>>::value, Models<As...>, Models<As..., B>>, Models<Bs...>> {};
template <class Set, class Of> struct Within;
template <class... Ss, class Of> struct Within<Models<Ss...>, Of> : std::bool_constant<(Has<Ss, Of>::value && ...)> {};
template <class... Sets> struct Concat;
template <> struct Concat<> { using type = Models<>; };
template <class... As> struct Concat<Models<As...>> { using type = Models<As...>; };
template <class... As, class... Bs, class... Rest>
struct Concat<Models<As...>, Models<Bs...>, Rest...> : Concat<Models<As..., Bs...>, Rest...> {};
template <class Set, class T> struct Without;
template <class... Ss, class T>
struct Without<Models<Ss...>, T> : Concat<std::conditional_t<std::is_same_v<Ss, T>, Models<>, Models<Ss>>...> {};

template <class V> struct IsOptional : std::false_type {};
template <class V> struct IsOptional<std::optional<V>> : std::true_type {};
template <class V> struct Unwrap { using type = V; };
template <class V> struct Unwrap<std::optional<V>> { using type = V; };
} // namespace detail

template <class T, class Set> inline constexpr bool model_in = detail::Has<T, Set>::value;
template <class Set, class Of> inline constexpr bool models_within = detail::Within<Set, Of>::value;
template <class A, class B> using models_union = typename detail::Union<A, B>::type;
template <class Set, class T> using models_without = typename detail::Without<Set, T>::type;
template <class V> inline constexpr bool is_optional = detail::IsOptional<V>::value;
template <class V> using unwrap_optional = typename detail::Unwrap<V>::type;

// --- Type-erased expressions -------------------------------------------------------------------------
// A condition: SQL text, the values bound to its '?'s in order, and the models whose columns it names.
// Expr("lower(\"user\".\"user_email\") = ?", {email}) is hand-written SQL (SQLAlchemy's text()): it names
// no model, so no query refuses it; keep values out of its text.
class Expr {
  public:
    Expr(std::string sql, std::vector<Value> params) : sql_(std::move(sql)), params_(std::move(params)) {}
    Expr(std::string sql, std::vector<Value> params, std::vector<const ModelInfo*> models)
        : sql_(std::move(sql)), params_(std::move(params)), models_(std::move(models)) {}
    const std::string& sql() const { return sql_; }
    const std::vector<Value>& params() const { return params_; }
    const std::vector<const ModelInfo*>& models() const { return models_; }

    friend Expr operator&&(const Expr& a, const Expr& b) { return combine(a, " AND ", b); }
    friend Expr operator||(const Expr& a, const Expr& b) { return combine(a, " OR ", b); }
    friend Expr operator!(const Expr& a) { return Expr("NOT (" + a.sql_ + ")", a.params_, a.models_); }

  protected:
    static Expr combine(const Expr& a, const char* op, const Expr& b);

  private:
    std::string sql_;
    std::vector<Value> params_;
    std::vector<const ModelInfo*> models_;
};

// A condition that names the models of `Set` (Models<…>): what filter(), having() and join ON take.
template <class Set> class Condition : public Expr {
  public:
    using models = Set;
    explicit Condition(Expr expr) : Expr(std::move(expr)) {}
};
template <class A, class B> Condition<models_union<A, B>> operator&&(const Condition<A>& a, const Condition<B>& b) {
    return Condition<models_union<A, B>>(static_cast<const Expr&>(a) && static_cast<const Expr&>(b));
}
template <class A, class B> Condition<models_union<A, B>> operator||(const Condition<A>& a, const Condition<B>& b) {
    return Condition<models_union<A, B>>(static_cast<const Expr&>(a) || static_cast<const Expr&>(b));
}
template <class A> Condition<A> operator!(const Condition<A>& a) {
    return Condition<A>(!static_cast<const Expr&>(a));
}

// One ORDER BY / GROUP BY term: `"user"."id" DESC`, its bound values, the models it names.
struct OrderTerm {
    std::string sql;
    std::vector<const ModelInfo*> models = {};
    std::vector<Value> params = {};
};
template <class Set> struct Ordering : OrderTerm { using models = Set; };

// '%', '_' and '\' escaped for a LIKE pattern with ESCAPE '\'.
std::string escape_like(std::string_view text);
// "user"."username": a column as queries name it.
std::string qualified_column(const ModelInfo& model, const ColumnInfo& column);

// --- Typed column expressions ------------------------------------------------------------------------
// A value computed by SQL: a column, a function of columns, an aggregate. V is the C++ type it reads as
// (std::optional when it may be NULL), Set the models it names. NotNull: never NULL whatever an outer
// join brings in (count); columns(...) of an outer-joined model otherwise read as std::optional.
template <class V, class Set, bool NotNull = false> class ColumnExpr {
  public:
    using value_type = V;
    using models = Set;
    static constexpr bool not_null = NotNull;

    ColumnExpr(std::string sql, std::vector<Value> params, std::vector<const ModelInfo*> named_models)
        : sql_(std::move(sql)), params_(std::move(params)), models_(std::move(named_models)) {}
    const std::string& sql() const { return sql_; }
    const std::vector<Value>& params() const { return params_; }
    const std::vector<const ModelInfo*>& model_list() const { return models_; }

    // SQL LIKE (ignores ASCII case in SQLite); '%' and '_' are wildcards, '\' escapes them.
    Condition<Set> like(std::string_view pattern) const requires std::is_same_v<unwrap_optional<V>, std::string> {
        return condition(" LIKE ? ESCAPE '\\'", {std::string(pattern)});
    }
    // LIKE after lower() on both sides: ignores case for every script SQLite lower-cases (ASCII without ICU).
    Condition<Set> ilike(std::string_view pattern) const requires std::is_same_v<unwrap_optional<V>, std::string> {
        return Condition<Set>(
            Expr("lower(" + sql_ + ") LIKE lower(?) ESCAPE '\\'", with({std::string(pattern)}), models_));
    }
    // Prefix, suffix, substring: the text is matched literally ('%', '_' and '\' in it are escaped, as
    // SQLAlchemy's autoescape=True does). Like LIKE, they ignore ASCII case; the i… forms any case.
    Condition<Set> startswith(std::string_view text) const requires std::is_same_v<unwrap_optional<V>, std::string> {
        return like(escape_like(text) + "%");
    }
    Condition<Set> endswith(std::string_view text) const requires std::is_same_v<unwrap_optional<V>, std::string> {
        return like("%" + escape_like(text));
    }
    Condition<Set> contains(std::string_view text) const requires std::is_same_v<unwrap_optional<V>, std::string> {
        return like("%" + escape_like(text) + "%");
    }
    Condition<Set> istartswith(std::string_view text) const requires std::is_same_v<unwrap_optional<V>, std::string> {
        return ilike(escape_like(text) + "%");
    }
    Condition<Set> iendswith(std::string_view text) const requires std::is_same_v<unwrap_optional<V>, std::string> {
        return ilike("%" + escape_like(text));
    }
    Condition<Set> icontains(std::string_view text) const requires std::is_same_v<unwrap_optional<V>, std::string> {
        return ilike("%" + escape_like(text) + "%");
    }

    template <class W>
    requires ComparableWith<V, W>::value Condition<Set> in(const std::vector<W>& values)
    const {
        if (values.empty()) return Condition<Set>(Expr("0", {}, models_)); // x IN () is false for every row
        std::string sql = sql_ + " IN (";
        std::vector<Value> params = params_;
        params.reserve(params.size() + values.size());
        for (std::size_t i = 0; i < values.size(); ++i) {
            sql += i == 0 ? "?" : ", ?";
            params.push_back(to_value(values[i]));
        }
        return Condition<Set>(Expr(sql + ")", std::move(params), models_));
    }
    template <class W>
    requires ComparableWith<V, W>::value Condition<Set> in(std::initializer_list<W> values)
    const { return in(std::vector<W>(values)); }
    Condition<Set> is_null() const { return condition(" IS NULL", {}); }
    Condition<Set> is_not_null() const { return condition(" IS NOT NULL", {}); }
    template <class W>
    requires ComparableWith<V, W>::value Condition<Set> between(const W& low, const W& high)
    const { return condition(" BETWEEN ? AND ?", {to_value(low), to_value(high)}); }
    Ordering<Set> asc() const { return {{sql_ + " ASC", models_, params_}}; }
    Ordering<Set> desc() const { return {{sql_ + " DESC", models_, params_}}; }

    // The value as the column's type binds it (an int compared with a DateTime column: not offered).
    template <class W> static Value to_value(const W& w) { return MemberTraits<V>::to_value(static_cast<V>(w)); }
    // `<this> <op_and_more>`, binding this expression's values, then `more`.
    Condition<Set> condition(const std::string& op_and_more, std::vector<Value> more) const {
        return Condition<Set>(Expr(sql_ + op_and_more, with(std::move(more)), models_));
    }
    std::vector<Value> with(std::vector<Value> more) const {
        if (params_.empty()) return more;
        std::vector<Value> all = params_;
        all.insert(all.end(), more.begin(), more.end());
        return all;
    }

  private:
    std::string sql_;
    std::vector<Value> params_;
    std::vector<const ModelInfo*> models_;
};

// A mapped column: col(&User::username).
// An orm::Defaulted<M> member reads as M.
template <class T, class M> class Col : public ColumnExpr<column_value_t<M>, Models<T>> {
  public:
    explicit Col(M T::*member)
        : ColumnExpr<column_value_t<M>, Models<T>>(qualified_column(model_of<T>(), model_of<T>().column_for(member)), {},
                                   {&model_info_of<T>()}) {}
};

// A relationship in a condition: col(&User::addresses).any(…), col(&Address::user).has(…). EXISTS
// subqueries over the related table, correlated through the relationship's keys. A model related to itself
// would need a table alias, which this ORM does not offer: that does not compile.
Expr related_exists(const ModelInfo& source, std::size_t member_offset, const Expr* condition);

template <class T, class U, bool Many> class Related {
  public:
    static_assert(!std::is_same_v<T, U>,
                  "any()/has() on a relationship of a model to itself needs a table alias, which is not offered");
    explicit Related(std::size_t member_offset) : offset_(member_offset) {}
    // Some related row exists (and matches `condition`, which may name U and the outer query's models).
    Condition<Models<T>> any() const requires Many {
        return Condition<Models<T>>(related_exists(model_of<T>(), offset_, nullptr));
    }
    template <class Set>
    requires Many Condition<models_union<Models<T>, models_without<Set, U>>> any(const Condition<Set>& condition)
    const {
        return Condition<models_union<Models<T>, models_without<Set, U>>>(
            related_exists(model_of<T>(), offset_, &condition));
    }
    Condition<Models<T>> has() const requires(!Many) {
        return Condition<Models<T>>(related_exists(model_of<T>(), offset_, nullptr));
    }
    template <class Set>
    requires(!Many) Condition<models_union<Models<T>, models_without<Set, U>>> has(const Condition<Set>& condition)
    const {
        return Condition<models_union<Models<T>, models_without<Set, U>>>(
            related_exists(model_of<T>(), offset_, &condition));
    }

  private:
    std::size_t offset_;
};

template <class T, class M>
requires requires {
    MemberTraits<M>::nullable;
}
Col<T, M> col(M T::*member) {
    return Col<T, M>(member);
}
template <class T, class U> Related<T, U, true> col(Collection<U> T::*member) {
    return Related<T, U, true>(member_offset(member));
}
template <class T, class U> Related<T, U, false> col(Reference<U> T::*member) {
    return Related<T, U, false>(member_offset(member));
}
template <class T, class M> Ordering<Models<T>> asc(M T::*member) {
    return col(member).asc();
}
template <class T, class M> Ordering<Models<T>> desc(M T::*member) {
    return col(member).desc();
}
template <class V, class S, bool N> Ordering<S> asc(const ColumnExpr<V, S, N>& e) {
    return e.asc();
}
template <class V, class S, bool N> Ordering<S> desc(const ColumnExpr<V, S, N>& e) {
    return e.desc();
}

// --- The models a term names, for constraints ------------------------------------------------------
// models_of<Term>: Models<…> for a member pointer, a column expression, a Condition or an Ordering;
// Models<> for the type-erased Expr and OrderTerm (whose models are checked when the query runs).
namespace detail {
template <class X, class M> Models<X> models_named(M X::*const*);
template <class V, class S, bool N> S models_named(const ColumnExpr<V, S, N>*);
template <class S> S models_named(const Condition<S>*);
template <class S> S models_named(const Ordering<S>*);
Models<> models_named(const Expr*);
Models<> models_named(const OrderTerm*);
} // namespace detail
template <class Term> using models_of = decltype(detail::models_named(static_cast<const Term*>(nullptr)));

// --- Comparisons ---------------------------------------------------------------------------------------
#define ORM_COMPARISON(op, sql_op)                                                                                     \
    template <class V, class S, bool N, class W>                                                                       \
    requires ComparableWith<V, W>::value Condition<S>                                                                  \
    operator op(const ColumnExpr<V, S, N>& e, const W& value) {                                                        \
        return e.condition(" " sql_op " ?", {ColumnExpr<V, S, N>::to_value(value)});                                   \
    }                                                                                                                  \
    template <class V, class S, bool N, class W, class R, bool P>                                                      \
    requires ComparableWith<unwrap_optional<V>, unwrap_optional<W>>::value Condition<models_union<S, R>>               \
    operator op(const ColumnExpr<V, S, N>& a, const ColumnExpr<W, R, P>& b) {                                          \
        return Condition<models_union<S, R>>(compare_columns(a.sql(), a.params(), a.model_list(), " " sql_op " ",      \
                                                             b.sql(), b.params(), b.model_list()));                    \
    }
ORM_COMPARISON(==, "=")
ORM_COMPARISON(!=, "!=")
ORM_COMPARISON(<, "<")
ORM_COMPARISON(<=, "<=")
ORM_COMPARISON(>, ">")
ORM_COMPARISON(>=, ">=")
#undef ORM_COMPARISON

Expr compare_columns(const std::string& a, const std::vector<Value>& a_params,
                     const std::vector<const ModelInfo*>& a_models, const char* op, const std::string& b,
                     const std::vector<Value>& b_params, const std::vector<const ModelInfo*>& b_models);

// NULL-aware comparisons, for nullable columns only: == std::nullopt is IS NULL; == an optional is
// SQLite's IS, which is true for two NULLs (so an empty optional matches NULL, a set one its value).
template <class V, class S, bool N>
requires is_optional<V> Condition<S>
operator==(const ColumnExpr<V, S, N>& e, std::nullopt_t) {
    return e.is_null();
}
template <class V, class S, bool N>
requires is_optional<V> Condition<S>
operator!=(const ColumnExpr<V, S, N>& e, std::nullopt_t) {
    return e.is_not_null();
}
template <class V, class S, bool N, class W>
requires ComparableWith<V, W>::value Condition<S>
operator==(const ColumnExpr<V, S, N>& e, const std::optional<W>& value) {
    return e.condition(" IS ?", {value ? ColumnExpr<V, S, N>::to_value(*value) : Value(nullptr)});
}
template <class V, class S, bool N, class W>
requires ComparableWith<V, W>::value Condition<S>
operator!=(const ColumnExpr<V, S, N>& e, const std::optional<W>& value) {
    return e.condition(" IS NOT ?", {value ? ColumnExpr<V, S, N>::to_value(*value) : Value(nullptr)});
}

// --- SQL functions and aggregates (SQLAlchemy's func.*) ------------------------------------------------
// Each takes a member pointer or a column expression. Aggregates go in columns(…), having(…), order_by;
// sum/min/max/avg are NULL over no rows, so they read as std::optional (func::coalesce gives a fallback).
namespace func {
namespace detail {
template <class E> struct AsExpr {
    using type = E;
    static const E& of(const E& e) { return e; }
};
template <class T, class M> struct AsExpr<M T::*> {
    using type = Col<T, M>;
    static Col<T, M> of(M T::*member) { return Col<T, M>(member); }
};
template <class E> using expr_t = typename AsExpr<E>::type;
template <class V, class E, bool NotNull = false>
ColumnExpr<V, typename expr_t<E>::models, NotNull> call(const char* name, const E& argument, const char* prefix = "") {
    const auto& e = AsExpr<E>::of(argument);
    return {std::string(name) + "(" + prefix + e.sql() + ")", e.params(), e.model_list()};
}
template <class E> using value_of = typename expr_t<E>::value_type;
template <class E>
using numeric_result = std::conditional_t<std::is_floating_point_v<unwrap_optional<value_of<E>>>, double, std::int64_t>;
template <class E>
inline constexpr bool numeric =
    std::is_arithmetic_v<unwrap_optional<value_of<E>>> && !std::is_same_v<unwrap_optional<value_of<E>>, bool>;
} // namespace detail

// count(*): the rows of the query (of each group with group_by).
inline ColumnExpr<std::int64_t, Models<>, true> count() {
    return {"count(*)", {}, {}};
}
// count(x): the rows where x is not NULL. With a LEFT OUTER JOIN, count(&Pet::pet_id) is 0 for a parent without pets.
template <class E> ColumnExpr<std::int64_t, typename detail::expr_t<E>::models, true> count(const E& e) {
    return detail::call<std::int64_t, E, true>("count", e);
}
template <class E> ColumnExpr<std::int64_t, typename detail::expr_t<E>::models, true> count_distinct(const E& e) {
    return detail::call<std::int64_t, E, true>("count", e, "DISTINCT ");
}
template <class E>
requires detail::numeric<E>
auto sum(const E& e) {
    return detail::call<std::optional<detail::numeric_result<E>>>("sum", e);
}
template <class E>
requires detail::numeric<E>
auto avg(const E& e) {
    return detail::call<std::optional<double>>("avg", e);
}
template <class E> auto min(const E& e) {
    return detail::call<std::optional<unwrap_optional<detail::value_of<E>>>>("min", e);
}
template <class E> auto max(const E& e) {
    return detail::call<std::optional<unwrap_optional<detail::value_of<E>>>>("max", e);
}
template <class E>
requires std::is_same_v<unwrap_optional<detail::value_of<E>>, std::string>
auto lower(const E& e) {
    return detail::call<detail::value_of<E>>("lower", e);
}
template <class E>
requires std::is_same_v<unwrap_optional<detail::value_of<E>>, std::string>
auto upper(const E& e) {
    return detail::call<detail::value_of<E>>("upper", e);
}
// Characters (not bytes) of a text value.
template <class E>
requires std::is_same_v<unwrap_optional<detail::value_of<E>>, std::string>
auto length(const E& e) {
    using R = std::conditional_t<is_optional<detail::value_of<E>>, std::optional<std::int64_t>, std::int64_t>;
    return detail::call<R>("length", e);
}
// The value, or `fallback` where it is NULL: coalesce(func::sum(&Pet::weight), 0.0) reads as double.
template <class E, class W>
requires ComparableWith<unwrap_optional<detail::value_of<E>>, W>::value ColumnExpr <
    unwrap_optional<detail::value_of<E>>,
typename detail::expr_t<E>::models, true > coalesce(const E& argument, const W& fallback) {
    const auto& e = detail::AsExpr<E>::of(argument);
    using R = unwrap_optional<detail::value_of<E>>;
    return {"coalesce(" + e.sql() + ", ?)", e.with({MemberTraits<R>::to_value(static_cast<R>(fallback))}),
            e.model_list()};
}
} // namespace func

} // namespace orm
