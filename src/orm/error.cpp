#include "orm/error.h"

#include <sqlite3.h>

namespace orm {

DatabaseError::DatabaseError(int code, int extended_code, const std::string& message, std::string sql)
    : Error(message), code_(code), extended_code_(extended_code), sql_(std::move(sql)) {}

bool ConstraintError::is_unique() const {
    return extended_code() == SQLITE_CONSTRAINT_UNIQUE || extended_code() == SQLITE_CONSTRAINT_PRIMARYKEY;
}

bool ConstraintError::is_foreign_key() const { return extended_code() == SQLITE_CONSTRAINT_FOREIGNKEY; }

std::string ConstraintError::column() const {
    // SQLite words these as "UNIQUE constraint failed: user.username" (several columns joined by ", ").
    const std::string message = what();
    const auto colon = message.find("failed: ");
    if (colon == std::string::npos) return {};
    return message.substr(colon + 8);
}

ValueError::ValueError(std::string table, std::string column, const std::string& message)
    : Error(message), table_(std::move(table)), column_(std::move(column)) {}

} // namespace orm
