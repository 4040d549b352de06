// The values that cross between C++ and SQLite: SQLite's five storage classes.
#pragma once

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

namespace orm {

using Bytes = std::vector<std::uint8_t>;

// NULL, INTEGER, REAL, TEXT, BLOB, in SQLite's order.
using Value = std::variant<std::nullptr_t, std::int64_t, double, std::string, Bytes>;

inline bool is_null(const Value& v) { return std::holds_alternative<std::nullptr_t>(v); }

} // namespace orm
