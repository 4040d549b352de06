// The whole schema of a database as one comparable text: every sqlite_master entry (type, name, SQL),
// in a fixed order. Tests compare it with a fresh database's to prove nothing foreign came along.
//
//   CHECK(schema_sql(imported) == schema_sql(fresh));
#pragma once

#include "orm/database.h"

#include <string>

inline std::string schema_sql(orm::Database& db) {
    std::string schema;
    auto statement =
        db.prepare("SELECT type || ' ' || name || ': ' || coalesce(sql, '') FROM sqlite_master ORDER BY type, name");
    while (statement->step())
        schema += statement->get_text(0) + ";\n";
    return schema;
}
