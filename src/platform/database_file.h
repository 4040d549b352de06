// Checks and moves of a database file that is not open: what import verifies before it replaces anything,
// and what "start fresh" does with a damaged file (keeps it, under another name, never deletes it).
#pragma once

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
// otherwise why not: not an SQLite database (header), truncated (shorter than its header says), damaged
// (PRAGMA quick_check), or refused by the schema check. Opens the file read-only; never changes it.
std::string check_database_file(const std::string& path, const SchemaCheck& schema_check = {});

// Readies a verified candidate (the importer's private copy, so it may be changed) to replace the data:
// `prepare` opens nothing itself; it gets the file opened read-write and returns a summary of what the file
// holds, or throws (any std::exception) to refuse it with the exception's message as the reason.
using FilePreparation = std::function<std::string(orm::Database& candidate)>;
struct PreparedFile {
    std::string problem; // "" if accepted
    std::string summary; // what `prepare` returned
};
PreparedFile prepare_database_file(const std::string& path, const FilePreparation& prepare);

// The file's bytes. Throws std::runtime_error naming the file if it cannot be read.
std::vector<unsigned char> read_file(const std::string& path);

// Where a damaged database is kept aside: "/data/registration.db" at 2025-01-02 03:04:05 UTC becomes
// "/data/registration-damaged-20250102-030405.db", with "-2", "-3"… appended if that name is taken.
std::string damaged_copy_path(const std::string& path, std::time_t when);

} // namespace platform
