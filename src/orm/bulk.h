// Query-level UPDATE and DELETE (SQLAlchemy's query.update({...}) / query.delete()): one statement for
// every row the query's conditions match, with the objects the session holds kept in step.
//
//   session.query<User>().filter(col(&User::name).startswith("s"))
//       .update({{&User::fullname, std::nullopt}, {&User::visits, col(&User::visits) + 1}});  // → rows matched
//   session.query<Address>().filter(col(&Address::email_address).endswith("@spam.example")).remove();
//
// Synchronize (SQLAlchemy's synchronize_session):
// - Fetch (the default): the statement returns the primary key of each row it changed, and for UPDATE the
//   columns' new values (SQLite's RETURNING, so no extra SELECT). A held object of a changed row takes those
//   values as its loaded state (not "modified"); a held object of a deleted row leaves the session as
//   session.remove() + flush would leave it (rollback() brings it back). SQLAlchemy's "evaluate" (the WHERE
//   run in Python over the held objects) is not offered: the conditions are SQL, and RETURNING gives the
//   same objects exactly, in the same statement.
// - None (synchronize_session=False): nothing is synchronised; held objects keep their values until they
//   are expired (commit() expires them) or refreshed.
// The session autoflushes first (as the query would) and begins its transaction: commit() writes the
// change, rollback() undoes it and restores the objects. Loaded relationships that a deleted row or a
// changed foreign key may have changed are expired (loaded again on next access). As in SQLAlchemy, the
// statement bypasses the unit of work: no cascades in C++ (the database's ON DELETE applies), no String(n)
// check of values computed in SQL. Columns with an onupdate() that no assignment names take its value.
// Throws UsageError for an assignment to the primary key, ValueError for a String(n) value that is too
// long, ConstraintError/DatabaseError from SQLite (then nothing was changed or synchronised).
#pragma once

#include "orm/expression.h"

#include <string>
#include <type_traits>
#include <vector>

namespace orm {

enum class Synchronize { Fetch, None };

// One "column = value" of an UPDATE, type-erased: the column's index in its model, SQL for the value.
struct ColumnAssignment {
    std::size_t column;
    std::string sql;
    std::vector<Value> params;
    bool literal = false; // a C++ value (checked like a member before any SQL runs), not SQL
};

// {&User::name, "sandy"} or {&User::visits, col(&User::visits) + 1}: a column of T and its new value,
// a C++ value that fits the member's type or a column expression over T's columns.
template <class T> class Assignment {
  public:
    template <class M, class V>
    requires std::is_convertible_v<const V&, M> &&
        (!std::is_same_v<std::decay_t<V>, bool> || std::is_same_v<M, bool>)Assignment(M T::*member, const V& value)
        : assignment_{index_of(member), "?", {MemberTraits<M>::to_value(static_cast<M>(value))}, true} {}
    template <class M, class V, class S, bool N>
    requires models_within<S, Models<T>> && ComparableWith<unwrap_optional<M>, unwrap_optional<V>>::value &&
        (is_optional<M> || !is_optional<V> || N) Assignment(M T::*member, const ColumnExpr<V, S, N>& value)
        : assignment_{index_of(member), value.sql(), value.params()} {}
    const ColumnAssignment& erased() const { return assignment_; }

  private:
    template <class M> static std::size_t index_of(M T::*member) {
        const auto& columns = model_of<T>().columns();
        return static_cast<std::size_t>(&model_of<T>().column_for(member) - columns.data());
    }
    ColumnAssignment assignment_;
};

// --- Arithmetic on numeric columns, for update values: col(&Pet::age) + 1 ------------------------------
#define ORM_ARITHMETIC(op, sql_op)                                                                                     \
    template <class V, class S, bool N, class W>                                                                       \
    requires func::detail::numeric<ColumnExpr<V, S, N>> &&                                                             \
        ComparableWith<unwrap_optional<V>, W>::value ColumnExpr<V, S, N>                                               \
    operator op(const ColumnExpr<V, S, N>& e, const W& value) {                                                        \
        return {"(" + e.sql() + " " sql_op " ?)",                                                                      \
                e.with({MemberTraits<unwrap_optional<V>>::to_value(static_cast<unwrap_optional<V>>(value))}),          \
                e.model_list()};                                                                                       \
    }
ORM_ARITHMETIC(+, "+")
ORM_ARITHMETIC(-, "-")
ORM_ARITHMETIC(*, "*")
#undef ORM_ARITHMETIC

} // namespace orm
