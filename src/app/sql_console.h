// The Records tab's read-only SQL console, as DB Browser for SQLite's Execute SQL: the person's own
// SELECT over their own database, answered as a table of text, never allowed to change anything (see
// orm::run_read_only for the rules), cut at kSqlConsoleRowLimit rows and stopped after two seconds.
//
//     app::SqlConsole console(db);
//     app::SqlAnswer answer = console.run("SELECT count(*) FROM user");
//     answer.rows[0][0];      // "2"
//     answer.summary;         // "1 row in 0.3 ms."
//     console.run("DELETE FROM user").problem;   // "Only statements that read are run here …"
//
// Password hashes stay hidden here too: a value that is an Argon2id PHC string is shown as
// "Argon2id (hash hidden)", whatever the query called its column. What a query computes from a hash
// (substr, upper) is not recognised: the console is the person's own view of their own file.
// Contact messages follow the app's rule (account_permissions.h): a statement that reads contact_message
// runs only while an account is signed in; otherwise `problem` is "Sign in to read the contact messages."
#pragma once

#include "app/account_permissions.h"

#include <functional>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace orm {
class Database;
}

namespace app {

inline constexpr std::size_t kSqlConsoleRowLimit = 1000;
inline constexpr std::size_t kSqlConsoleMaxCharacters = 20000; // longer text is refused, not cut

struct SqlAnswer {
    std::vector<std::string> columns;
    std::vector<std::vector<std::optional<std::string>>> rows; // NULL as nullopt
    std::string summary; // "3 rows in 1.2 ms.", "The first 1,000 rows (there are more) in 40 ms."
    std::string problem; // why nothing ran, or why it stopped; empty when it answered
};

class SqlConsole {
  public:
    // `who` is asked at every run (the signed-in account changes).
    explicit SqlConsole(orm::Database& db, std::function<Actor()> who = Actor::nobody);
    // Never throws: a refusal, an SQL error or a stop past the time budget is in `problem`.
    SqlAnswer run(std::string_view sql);

  private:
    orm::Database& db_;
    std::function<Actor()> who_;
};

} // namespace app
