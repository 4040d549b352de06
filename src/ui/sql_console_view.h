// The Records tab's "SQL" tab: a read-only console over the database (app::SqlConsole), as DB Browser
// for SQLite's Execute SQL: type a SELECT, Run, read the answer in a virtualised table (NULL dimmed),
// or why it did not run. Nothing typed here can change the data.
#pragma once

#include "app/sql_console.h"

#include <string>

namespace app {
class Services;
}

namespace ui {

struct SqlConsoleState {
    std::string text = "SELECT count(*) FROM user";
    app::SqlAnswer answer;
    bool answered = false; // Run was pressed at least once
};

// Runs the state's text through the console (a read: it needs no write turn).
void run_sql(SqlConsoleState& state, app::Services& services);

void draw_sql_console(SqlConsoleState& state, app::Services& services);

} // namespace ui
