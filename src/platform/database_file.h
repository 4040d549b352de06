// Checks and moves of a database file that is not open: what import verifies before it reads anything (the
// rows themselves are copied by platform::StagedImport), and what "start fresh" does with a damaged file
// (keeps it, under another name, never deletes it).
#pragma once

#include <cstdint>
#include <ctime>
#include <functional>
#include <string>
#include <vector>

namespace orm {
class Database;
}

namespace platform {

// Judges an opened, intact candidate database (e.g. "has the tutorial's tables, or can be migrated").
// Returns "" to accept it, or the reason to refuse it in words a person can act on. The app's services
// provide the real check; until then any intact SQLite database is accepted.
using SchemaCheck = std::function<std::string(orm::Database& candidate)>;

// Returns "" if the file at `path` is an intact SQLite database that `schema_check` (if any) accepts,
// otherwise why not: not an SQLite database (header), truncated (shorter than its header says), of a file
// format newer than SQLite's, in write-ahead-log mode, damaged (PRAGMA quick_check), or refused by the
// schema check. Opens the file read-only with SQLite's defences on (orm::enable_defenses); never changes it.
std::string check_database_file(const std::string& path, const SchemaCheck& schema_check = {});

// What the header of the file at `path` says, checked as check_database_file() does before opening it.
struct HeaderCheck {
    std::string problem;          // "" if SQLite can read the file as it is (after the conversion below)
    bool write_ahead_log = false; // the file was saved in WAL mode
    // Entries of sqlite_schema (tables, indexes, views, triggers), counted from the file's pages without
    // SQLite, up to kSchemaCountLimit + 1; -1 if the pages do not form a table b-tree (SQLite will say more).
    std::int64_t schema_entries = -1;
};
inline constexpr std::int64_t kSchemaCountLimit = 100000;
// For a private copy that is about to be read (an import candidate): checks the header and converts what
// SQLite could otherwise not open from one file. A file saved in write-ahead-log mode is switched to the
// rollback journal in place (header bytes 18-19): what reached the file itself is read; changes still in a
// separate "-wal" file never come with a single file anyway. Other page sizes and UTF-16 text need nothing:
// SQLite reads them, and import copies the rows into a database of our own. Never throws.
HeaderCheck convert_header_for_reading(const std::string& path);

// The file's bytes. Throws std::runtime_error naming the file if it cannot be read.
std::vector<unsigned char> read_file(const std::string& path);

// Where a damaged database is kept aside: "/data/registration.db" at 2025-01-02 03:04:05 UTC becomes
// "/data/registration-damaged-20250102-030405.db", with "-2", "-3"… appended if that name is taken.
std::string damaged_copy_path(const std::string& path, std::time_t when);

} // namespace platform
