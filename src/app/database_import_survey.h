// Internal to app::DatabaseImport: what a candidate file's schema holds, read as data (sqlite_schema and
// pragma_table_xinfo), never run. Decides which columns of which known tables are read, by name, and lists
// everything else as ignored.
//
//     const import_detail::Survey survey = import_detail::survey(candidate);   // throws ImportError
//     survey.tables[import_detail::kUsers].select_sql;   // SELECT "id", "username", … FROM "user" NOT INDEXED
#pragma once

#include "app/database_import.h"

#include <array>
#include <cstddef>
#include <string>
#include <vector>

namespace orm {
class Database;
}

namespace app::import_detail {

// The tables rows are copied from, in the order they are read and written (parents before children).
enum KnownTable : std::size_t { kUsers, kHandlers, kPets, kComments, kMessages, kKnownTableCount };

struct KnownColumn {
    const char* name;
    bool required; // a present table without it cannot be imported (optional: pet_comment.pet_id, ours)
};

struct TableSpec {
    const char* name;
    std::vector<KnownColumn> columns; // in the order the reader expects them
};

// Our tables and the columns import reads from each, the first being the primary key.
const std::array<TableSpec, kKnownTableCount>& table_specs();

struct TableSurvey {
    bool present = false;
    std::vector<bool> has_column; // per TableSpec column: present in the file
    std::string select_sql;       // reads the present known columns, in spec order; empty if !present
};

struct Survey {
    int file_version = 0;
    bool empty = false; // no tables at all: imports as an empty database
    std::array<TableSurvey, kKnownTableCount> tables;
    IgnoredSchema ignored;
};

// Reads the candidate's schema. Throws ImportError for a file that cannot be imported whatever its rows
// (see DatabaseImport's constructor); orm::DatabaseError if SQLite cannot read the schema.
Survey survey(orm::Database& candidate);

// count(*) of each present known table of the candidate, by our own table names (nothing of the file goes
// into the SQL, and there is no value to bind), NOT INDEXED as the readers are. Throws orm::DatabaseError.
FileRows count_rows(orm::Database& candidate, const Survey& survey);

} // namespace app::import_detail
