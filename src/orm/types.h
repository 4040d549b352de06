// Column types, in SQLAlchemy's vocabulary, and how each C++ member type crosses into SQLite.
//
//   C++ member               column type        stored as (SQLite)
//   std::int64_t, int        Integer            INTEGER
//   bool                     Boolean            INTEGER 0/1        (declared BOOLEAN, as SQLAlchemy does)
//   double                   Float              REAL
//   std::string              String(n), Text    TEXT               (String(n) is enforced in code points)
//   orm::Bytes               Blob               BLOB
//   orm::Timestamp           DateTime           TEXT "YYYY-MM-DD HH:MM:SS.ffffff" (SQLAlchemy's format)
//   std::optional<any above> the same, nullable
#pragma once

#include "orm/statement.h"
#include "orm/value.h"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>

namespace orm {

// A point in time, UTC, to the microsecond (SQLAlchemy's DateTime resolution on SQLite).
using Timestamp = std::chrono::sys_time<std::chrono::microseconds>;

// "2024-05-01 09:30:00.000000", as SQLAlchemy writes DATETIME columns on SQLite.
std::string format_datetime(Timestamp value);
// Parses SQLAlchemy's format (fraction optional, 'T' accepted). Throws ValueError if malformed.
Timestamp parse_datetime(std::string_view text);
Timestamp now();

enum class TypeKind { Integer, String, Text, Boolean, Float, DateTime, Blob };

struct ColumnType {
    TypeKind kind;
    int length = 0; // String(n): the limit in code points; 0 = unlimited
    std::string sql() const; // the DDL type name: INTEGER, VARCHAR(100), TEXT, BOOLEAN, FLOAT, DATETIME, BLOB
};

inline constexpr ColumnType Integer{TypeKind::Integer};
inline constexpr ColumnType Text{TypeKind::Text};
inline constexpr ColumnType Boolean{TypeKind::Boolean};
inline constexpr ColumnType Float{TypeKind::Float};
inline constexpr ColumnType DateTime{TypeKind::DateTime};
inline constexpr ColumnType Blob{TypeKind::Blob};
constexpr ColumnType String(int length = 0) { return ColumnType{TypeKind::String, length}; }

// --- Member type traits: binding, loading, fingerprinting --------------------------------------------
// Each supported member type M provides: the column types it may map to, bind(), load(), and a 64-bit
// fingerprint the session compares at flush time to find changed columns without copying values.

template <class M> struct MemberTraits; // only the specialisations below exist: other types do not compile

std::uint64_t fingerprint_bytes(std::string_view bytes);

template <> struct MemberTraits<std::int64_t> {
    static constexpr bool nullable = false;
    static bool accepts(TypeKind k) { return k == TypeKind::Integer; }
    static void bind(Statement& s, int i, std::int64_t v) { s.bind(i, v); }
    static void load(const Statement& s, int i, std::int64_t& v) { v = s.get_int64(i); }
    static std::uint64_t fingerprint(std::int64_t v) { return static_cast<std::uint64_t>(v); }
    static Value to_value(std::int64_t v) { return v; }
};

template <> struct MemberTraits<int> {
    static constexpr bool nullable = false;
    static bool accepts(TypeKind k) { return k == TypeKind::Integer; }
    static void bind(Statement& s, int i, int v) { s.bind(i, static_cast<std::int64_t>(v)); }
    static void load(const Statement& s, int i, int& v) { v = static_cast<int>(s.get_int64(i)); }
    static std::uint64_t fingerprint(int v) { return static_cast<std::uint64_t>(static_cast<std::int64_t>(v)); }
    static Value to_value(int v) { return static_cast<std::int64_t>(v); }
};

template <> struct MemberTraits<bool> {
    static constexpr bool nullable = false;
    static bool accepts(TypeKind k) { return k == TypeKind::Boolean; }
    static void bind(Statement& s, int i, bool v) { s.bind(i, static_cast<std::int64_t>(v)); }
    static void load(const Statement& s, int i, bool& v) { v = s.get_int64(i) != 0; }
    static std::uint64_t fingerprint(bool v) { return v ? 1 : 0; }
    static Value to_value(bool v) { return static_cast<std::int64_t>(v); }
};

template <> struct MemberTraits<double> {
    static constexpr bool nullable = false;
    static bool accepts(TypeKind k) { return k == TypeKind::Float; }
    static void bind(Statement& s, int i, double v) { s.bind(i, v); }
    static void load(const Statement& s, int i, double& v) { v = s.get_double(i); }
    static std::uint64_t fingerprint(double v) {
        std::uint64_t bits;
        static_assert(sizeof bits == sizeof v);
        __builtin_memcpy(&bits, &v, sizeof bits);
        return bits;
    }
    static Value to_value(double v) { return v; }
};

template <> struct MemberTraits<std::string> {
    static constexpr bool nullable = false;
    static bool accepts(TypeKind k) { return k == TypeKind::String || k == TypeKind::Text; }
    static void bind(Statement& s, int i, const std::string& v) { s.bind(i, std::string_view(v)); }
    static void load(const Statement& s, int i, std::string& v) { v.assign(s.get_text_view(i)); }
    static std::uint64_t fingerprint(const std::string& v) { return fingerprint_bytes(v); }
    static Value to_value(const std::string& v) { return v; }
    static const std::string* text(const std::string& v) { return &v; }
};

template <> struct MemberTraits<Bytes> {
    static constexpr bool nullable = false;
    static bool accepts(TypeKind k) { return k == TypeKind::Blob; }
    static void bind(Statement& s, int i, const Bytes& v) { s.bind(i, v); }
    static void load(const Statement& s, int i, Bytes& v) { v = s.get_blob(i); }
    static std::uint64_t fingerprint(const Bytes& v) {
        return fingerprint_bytes(std::string_view(reinterpret_cast<const char*>(v.data()), v.size()));
    }
    static Value to_value(const Bytes& v) { return v; }
};

template <> struct MemberTraits<Timestamp> {
    static constexpr bool nullable = false;
    static bool accepts(TypeKind k) { return k == TypeKind::DateTime; }
    static void bind(Statement& s, int i, Timestamp v) { s.bind(i, format_datetime(v)); }
    static void load(const Statement& s, int i, Timestamp& v) { v = parse_datetime(s.get_text_view(i)); }
    static std::uint64_t fingerprint(Timestamp v) { return static_cast<std::uint64_t>(v.time_since_epoch().count()); }
    static Value to_value(Timestamp v) { return format_datetime(v); }
};

template <class M> struct MemberTraits<std::optional<M>> {
    using Inner = MemberTraits<M>;
    static constexpr bool nullable = true;
    static bool accepts(TypeKind k) { return Inner::accepts(k); }
    static void bind(Statement& s, int i, const std::optional<M>& v) {
        if (v) Inner::bind(s, i, *v);
        else s.bind(i, nullptr);
    }
    static void load(const Statement& s, int i, std::optional<M>& v) {
        if (s.is_null(i)) {
            v.reset();
        } else {
            if (!v) v.emplace();
            Inner::load(s, i, *v);
        }
    }
    static std::uint64_t fingerprint(const std::optional<M>& v) {
        return v ? Inner::fingerprint(*v) * 0x9E3779B97F4A7C15ull + 1 : 0x5555555555555555ull;
    }
    static Value to_value(const std::optional<M>& v) { return v ? Inner::to_value(*v) : Value(nullptr); }
    static const std::string* text(const std::optional<M>& v) {
        if constexpr (std::is_same_v<M, std::string>) return v ? &*v : nullptr;
        else return nullptr;
    }
};

// Whether a value of type V may be compared with / assigned to a column whose member type is M.
template <class M, class V> struct ComparableWith {
    static constexpr bool value = std::is_convertible_v<V, M> && !(std::is_same_v<std::decay_t<V>, bool> && !std::is_same_v<M, bool>);
};
template <class M, class V> struct ComparableWith<std::optional<M>, V> : ComparableWith<M, V> {};

} // namespace orm
