// SQLite's defences for a connection to a file whose schema objects may have been written by someone else
// (a file chosen for import, or a database another program also writes):
//
//     orm::Database candidate(path, orm::Database::Mode::ReadOnly);
//     orm::enable_defenses(candidate); // before the first statement reads anything
//     orm::defenses_of(candidate);     // {defensive, !trusted_schema, !triggers, !views}: all true now
//
// What each one stops (https://www.sqlite.org/security.html, "Untrusted database files"):
// - defensive mode (SQLITE_DBCONFIG_DEFENSIVE): no PRAGMA writable_schema, no journal_mode=OFF, no writes to
//   shadow tables or sqlite_dbpage, so no statement can corrupt the file on purpose;
// - trusted_schema off (SQLITE_DBCONFIG_TRUSTED_SCHEMA): a function or virtual table named in the schema (a
//   view, a trigger, a CHECK, a DEFAULT, a generated column, an index expression) runs only if SQLite marks
//   it innocuous; anything else is "unsafe use of …";
// - triggers off (SQLITE_DBCONFIG_ENABLE_TRIGGER): no trigger stored in the file fires, whatever it does;
// - views off (SQLITE_DBCONFIG_ENABLE_VIEW): no view stored in the file can be read ("access to view …
//   prohibited"), so a view cannot stand in for a table.
// Foreign-key actions are not triggers and keep working. TEMP triggers and views (which only this
// connection could create) are still allowed, by SQLite's design.
#pragma once

namespace orm {

class Database;

struct ConnectionDefenses {
    bool defensive = false;
    bool untrusted_schema = false; // trusted_schema is off
    bool no_triggers = false;
    bool no_views = false;
    bool all() const { return defensive && untrusted_schema && no_triggers && no_views; }
};

// Turns all four on for `db`. Idempotent. Throws DatabaseError if SQLite refuses a setting (then some
// may be on, none is turned off).
void enable_defenses(Database& db);
// What is on now. Throws DatabaseError if SQLite cannot say.
ConnectionDefenses defenses_of(Database& db);

} // namespace orm
