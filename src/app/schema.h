// The app's database schema, built and changed only by versioned migrations (orm::Migrator):
//
//   1  the tutorial's tables exactly as its Flask app creates them (user, pet_handler, pet_category,
//      pet_comment); idempotent, so a file that app wrote adopts version 1 without any change
//   2  unique usernames, and emails unique whatever their ASCII case (index on lower(user_email))
//   3  pet_comment.pet_id: comments belong to pets (nullable, so the tutorial's comments stay valid)
//   4  contact_message, the tutorial's exercise
//   5  indexes the record browser sorts and filters by
//   6  a partial index that finds legacy plaintext passwords without reading the table
//   7  login_backoff: failed-login backoff kept with the accounts (app::LoginBackoff)
//   8  usernames are one name whatever their case (app::fold_username)
//   9  account_session: a signed-in browser tab's record, so a reload keeps it signed in (app::AccountSessions)
//
// Everything we add is invisible to the tutorial's Flask app: after an upgrade the file still opens
// and reads there (its models simply do not know pet_id, contact_message, login_backoff,
// account_session or the indexes).
// Indexes are judged by what they are, not by their names (orm::MigrationContext::create_index): after
// every upgrade open_schema() checks each index of the latest version and rebuilds any that is missing or
// is a look-alike (a file may claim our version without our unique indexes).
//
//     orm::Database db("registration.db");
//     app::open_schema(db, hasher); // upgrade to the latest version, then re-hash legacy passwords
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace orm {
class Database;
class Migrator;
} // namespace orm

namespace app {

class PasswordHasher;

// The app's migrations, in order.
const orm::Migrator& schema_migrator();
int latest_schema_version();

// An account renamed by migration 8 because its username was another's in other case ("peter" beside an
// earlier "Peter" becomes "peter#7").
struct UsernameRename {
    std::int64_t id = 0;
    std::string from;
    std::string to;
};

struct SchemaStatus {
    int previous_version = 0;   // 0: an empty file, or one the tutorial's Flask app created
    int version = 0;            // latest_schema_version() after a successful open
    int passwords_rehashed = 0; // legacy plaintext passwords replaced by Argon2id hashes
    std::vector<UsernameRename> usernames_renamed; // by migration 8 in this open, lowest id first
};

// Turns on SQLite's defences for the connection (orm::enable_defenses: defensive mode, trusted_schema off,
// no trigger fires and no view is read, whatever the file holds), brings `db` to the latest schema version
// (all migrations in one transaction), checks every index of that version and rebuilds the missing or
// wrong ones (another transaction, only if needed), then replaces every stored password that is not an
// Argon2id PHC string (the tutorial's app kept them as typed) by hasher.hash(of that value), in a third
// transaction; each such password costs one Argon2id run.
// Throws orm::MigrationError if a migration or an index rebuild fails: then that step changed nothing. That
// includes a file where two users share a username, or an email in different case (the message names at
// most five ids and an excerpt of at most 40 characters of the value; never a password). Usernames that
// are one name ignoring case (fold_username) in a file of an earlier version are not refused but renamed
// (status.usernames_renamed says which); a file already at version 8 holding them is refused.
// Throws orm::UsageError for a file from a newer version of this app (never modified).
SchemaStatus open_schema(orm::Database& db, const PasswordHasher& hasher);

// Re-hashes legacy plaintext passwords (any value that is not an Argon2id PHC string starting with
// "$argon2id$"), in one transaction; returns how many. Needs schema version 6 for its index.
// Throws orm::DatabaseError (nothing changed) or app::SecurityError (no secure random source).
int rehash_legacy_passwords(orm::Database& db, const PasswordHasher& hasher);

} // namespace app
