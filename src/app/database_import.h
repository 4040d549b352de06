// Makes a database file from elsewhere ready to become the app's data: an export of this app (any
// version), or a file the tutorial's Flask app wrote. Runs on the importer's private copy, before anything
// of the current data is touched, so a file that is refused (or fails half-way) changes nothing.
//
//     orm::Database candidate("/data/.import-candidate.db");   // a private copy of the chosen file
//     app::ImportReport report = app::prepare_import(candidate, hasher);
//     report.summary();   // "3 users, 1 pet handler, 2 pets, 1 comment, 0 contact messages; …"
#pragma once

#include "app/schema.h"

#include <cstdint>
#include <stdexcept>
#include <string>

namespace orm {
class Database;
}

namespace app {

class PasswordHasher;

// Why a file cannot be imported, in words a person can act on (never a password or hash).
class ImportError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

struct ImportReport {
    SchemaStatus schema; // previous_version 0 with rows: the tutorial's Flask schema
    std::int64_t users = 0;
    std::int64_t handlers = 0;
    std::int64_t pets = 0;
    std::int64_t comments = 0;
    std::int64_t messages = 0;

    // "3 users, 1 pet handler, 2 pets, 1 comment, 0 contact messages; upgraded from the tutorial's
    // Flask schema; 3 plaintext passwords re-hashed with Argon2id"
    std::string summary() const;
};

// Recognises the file (the tutorial's `user` table with its columns, or this app's schema at any
// version up to the latest; an empty database is accepted too), upgrades it to the latest schema and
// re-hashes legacy plaintext passwords (app::open_schema), then counts what it holds. Tables the app does
// not know are kept untouched. Throws ImportError: a file from a newer version of this app, one with
// other tables but not the tutorial's, a `user` table without the tutorial's columns, duplicate
// usernames or emails (the message names them). The candidate may be modified even when it is refused.
ImportReport prepare_import(orm::Database& candidate, const PasswordHasher& hasher);

} // namespace app
