#include "orm/connection_defenses.h"

#include "orm/database.h"
#include "orm/error.h"

#include <sqlite3.h>

namespace orm {

namespace {

// Sets (value 0 or 1) or reads (value -1) one of sqlite3_db_config's on/off options; returns the state after.
bool configure(Database& db, int option, int value, const char* what) {
    int state = -1;
    const int rc = sqlite3_db_config(db.handle(), option, value, &state);
    if (rc != SQLITE_OK)
        throw DatabaseError(rc, rc,
                            std::string("SQLite refused to ") + (value < 0 ? "report " : "set ") + what + ": " +
                                sqlite3_errstr(rc));
    return state != 0;
}

} // namespace

void enable_defenses(Database& db) {
    configure(db, SQLITE_DBCONFIG_DEFENSIVE, 1, "defensive mode");
    configure(db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, "trusted_schema");
    configure(db, SQLITE_DBCONFIG_ENABLE_TRIGGER, 0, "triggers");
    configure(db, SQLITE_DBCONFIG_ENABLE_VIEW, 0, "views");
}

ConnectionDefenses defenses_of(Database& db) {
    return {
        configure(db, SQLITE_DBCONFIG_DEFENSIVE, -1, "defensive mode"),
        !configure(db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, -1, "trusted_schema"),
        !configure(db, SQLITE_DBCONFIG_ENABLE_TRIGGER, -1, "triggers"),
        !configure(db, SQLITE_DBCONFIG_ENABLE_VIEW, -1, "views"),
    };
}

} // namespace orm
