// Column defaults (SQLAlchemy's Column(default=…, onupdate=…, server_default=…)) and the member type
// that can say "left unset": orm::Defaulted<M>.
//
//   struct Post {
//       std::int64_t id = 0;
//       std::string title;
//       orm::Defaulted<orm::Timestamp> created_at;   // unset unless assigned: the database's DEFAULT applies
//       orm::Defaulted<int> votes;                   // unset: default_(0) applies at insert
//       orm::Timestamp updated_at{};                 // a plain member: always written
//   };
//   model.column("created_at", &Post::created_at, orm::DateTime, orm::server_default("CURRENT_TIMESTAMP"))
//        .column("votes", &Post::votes, orm::Integer, orm::default_(0))
//        .column("updated_at", &Post::updated_at, orm::DateTime, orm::onupdate(orm::now));
//
// - Unset is a state of the member, not a value: Defaulted<M>{} is unset, any assignment sets it (to any
//   value, std::nullopt included for a Defaulted<std::optional<…>>), and loading from the database sets it.
//   Reading an unset member's value() throws UsageError.
// - At INSERT an unset member takes its default_() (a value, or a function called once per row, at the
//   flush); one still unset is left out of the INSERT, so the column's server_default (or NULL) applies,
//   and the stored value is read back in the same statement (RETURNING): after the flush the object holds
//   what the row holds. Without a default of either kind the database decides (NULL, or a NOT NULL
//   ConstraintError).
// - At UPDATE (of any column of the row) onupdate() sets the member unless it was changed since it was last
//   loaded or written: a value assigned by hand wins, as in SQLAlchemy. query.update() applies it too. An
//   unset member is never written by an UPDATE (the row keeps its value).
// - default_() on a plain member does not compile: a plain member is always written, so its default would
//   never apply. server_default() on a plain member only adds the DDL's DEFAULT.
// The DDL is the same whether a member is plain or Defaulted (nullable follows the inner type).
#pragma once

#include "orm/error.h"
#include "orm/types.h"

#include <functional>
#include <optional>
#include <type_traits>
#include <utility>

namespace orm {

template <class M> class Defaulted {
  public:
    using value_type = M;
    Defaulted() = default; // unset
    template <class V>
    requires(!std::is_same_v<std::decay_t<V>, Defaulted> && std::is_convertible_v<V&&, M>) Defaulted(V&& value)
        : value_(std::in_place, std::forward<V>(value)) {} // in place: std::nullopt sets a Defaulted<std::optional<…>>

    bool is_set() const { return value_.has_value(); }
    // Throws UsageError if unset (the default applies at the next flush).
    const M& value() const {
        if (!value_) throw_unset();
        return *value_;
    }
    M& value() {
        if (!value_) throw_unset();
        return *value_;
    }
    const M& operator*() const { return value(); }
    const M* operator->() const { return &value(); }
    M value_or(M fallback) const { return value_ ? *value_ : std::move(fallback); }
    // Back to unset: the next INSERT applies the default again (an UPDATE leaves the column alone).
    void reset() { value_.reset(); }

    friend bool operator==(const Defaulted& a, const Defaulted& b) { return a.value_ == b.value_; }
    template <class V>
    requires std::is_convertible_v<const V&, M>
    friend bool operator==(const Defaulted& a, const V& b) { return a.value_ && *a.value_ == static_cast<M>(b); }

  private:
    [[noreturn]] static void throw_unset() {
        throw UsageError("the member is unset: its column default applies when the object is inserted");
    }
    std::optional<M> value_;
};

template <class M> inline constexpr bool is_defaulted = false;
template <class M> inline constexpr bool is_defaulted<Defaulted<M>> = true;

// The C++ type a column's values have: M for a member of type M or Defaulted<M>.
template <class M> struct ColumnValue { using type = M; };
template <class M> struct ColumnValue<Defaulted<M>> { using type = M; };
template <class M> using column_value_t = typename ColumnValue<M>::type;

template <class M> struct MemberTraits<Defaulted<M>> {
    using Inner = MemberTraits<M>;
    static constexpr bool nullable = Inner::nullable;
    static bool accepts(TypeKind k) { return Inner::accepts(k); }
    // An unset member is never bound (the session leaves its column out); NULL is the safe fallback.
    static void bind(Statement& s, int i, const Defaulted<M>& v) {
        if (v.is_set())
            Inner::bind(s, i, *v);
        else
            s.bind(i, nullptr);
    }
    static void load(const Statement& s, int i, Defaulted<M>& v) {
        M value{};
        Inner::load(s, i, value);
        v = std::move(value);
    }
    static std::uint64_t fingerprint(const Defaulted<M>& v) {
        return v.is_set() ? Inner::fingerprint(*v) * 0xD6E8FEB86659FD93ull + 3 : 0x3333333333333333ull;
    }
    static Value to_value(const Defaulted<M>& v) { return v.is_set() ? Inner::to_value(*v) : Value(nullptr); }
    static const std::string* text(const Defaulted<M>& v) {
        if constexpr (requires(const M& m) { Inner::text(m); })
            return v.is_set() ? Inner::text(*v) : nullptr;
        else
            return nullptr;
    }
};

template <class M, class V> struct ComparableWith<Defaulted<M>, V> : ComparableWith<M, V> {};

// A default_() or onupdate() of one column, type-erased: set the member to a fresh value, or give that
// value as SQL sees it (for query.update()).
struct ColumnDefault {
    std::function<void(void* object)> assign;
    std::function<Value()> value;
};

namespace detail {
template <class V, class F> V produce_default(const F& make) {
    if constexpr (std::is_invocable_v<const F&>)
        return static_cast<V>(make());
    else
        return static_cast<V>(make);
}
template <class V, class F> constexpr bool fits_default() {
    if constexpr (std::is_invocable_v<const F&>)
        return std::is_convertible_v<std::invoke_result_t<const F&>, V>;
    else
        return std::is_convertible_v<const F&, V>;
}
template <class V, class F> inline constexpr bool default_fits = fits_default<V, F>();
template <class T, class M, class F> ColumnDefault make_column_default(M T::*member, F make) {
    using V = column_value_t<M>;
    return {[member, make](void* object) { static_cast<T*>(object)->*member = produce_default<V>(make); },
            [make] { return MemberTraits<V>::to_value(produce_default<V>(make)); }};
}
} // namespace detail

template <class F> struct InsertDefaultOption {
    F make;
    template <class T, class M, class Info> void apply_to(Info& info, M T::*member) const {
        static_assert(is_defaulted<M>, "orm::default_() needs an orm::Defaulted<…> member: a plain member is always "
                                       "written, so its default would never apply");
        static_assert(detail::default_fits<column_value_t<M>, F>,
                      "orm::default_(): the value does not fit the member's type");
        info.insert_default = detail::make_column_default(member, make);
    }
};
template <class F> struct UpdateDefaultOption {
    F make;
    template <class T, class M, class Info> void apply_to(Info& info, M T::*member) const {
        static_assert(detail::default_fits<column_value_t<M>, F>,
                      "orm::onupdate(): the value does not fit the member's type");
        info.update_default = detail::make_column_default(member, make);
    }
};

// SQLAlchemy's default=: a value, or a function of no arguments called for each row inserted.
template <class F> InsertDefaultOption<std::decay_t<F>> default_(F&& value_or_function) {
    return {std::forward<F>(value_or_function)};
}
// SQLAlchemy's onupdate=: a value, or a function called for each UPDATE that does not set the member itself.
template <class F> UpdateDefaultOption<std::decay_t<F>> onupdate(F&& value_or_function) {
    return {std::forward<F>(value_or_function)};
}

} // namespace orm
