// The read-only SQL console over the app's own database: the tutorial's queries answer, writes are
// refused in words with the data unchanged, password hashes never show.
#include "app/demo_data.h"
#include "app/record_query_service.h"
#include "app/sql_console.h"
#include "app_test_support.h"

#include <doctest/doctest.h>

#include <string>

TEST_CASE("SELECT count(*) FROM user answers; DELETE FROM user is refused and deletes nothing") {
    app_test::AppDatabase app;
    app::add_tutorial_samples(app.db, app.hasher);
    app::SqlConsole console(app.db);
    const app::SqlAnswer count = console.run("SELECT count(*) FROM user");
    CHECK(count.problem.empty());
    CHECK(count.columns == std::vector<std::string>{"count(*)"});
    REQUIRE(count.rows.size() == 1);
    CHECK(count.rows[0][0] == "2");
    CHECK(count.summary.rfind("1 row in ", 0) == 0);

    const app::SqlAnswer refused = console.run("DELETE FROM user");
    CHECK(refused.problem.rfind("Only statements that read are run here", 0) == 0);
    CHECK(refused.rows.empty());
    CHECK(console.run("SELECT count(*) FROM user").rows.at(0).at(0) == "2");
    CHECK(console.run("SELECT * FROM nothing_here").problem.rfind("SQLite: ", 0) == 0);
    CHECK(console.run(std::string(app::kSqlConsoleMaxCharacters + 1, ' ')).problem ==
          "The statement is longer than 20,000 characters.");
}

TEST_CASE("the console shows no password hash, whatever the column is called, and cuts long answers") {
    app_test::AppDatabase app;
    app::add_synthetic_users(app.db, app.hasher, 1200);
    app::SqlConsole console(app.db);
    const app::SqlAnswer answer = console.run("SELECT username, user_password AS p FROM user");
    REQUIRE(answer.rows.size() == app::kSqlConsoleRowLimit);
    CHECK(answer.summary.rfind("The first 1,000 rows (there are more) in ", 0) == 0);
    CHECK(answer.rows[0][1] == "Argon2id (hash hidden)");
    for (const auto& row : answer.rows)
        CHECK(row[1]->find("$argon2id$") == std::string::npos);
    const app::SqlAnswer stopped = console.run(
        "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n) SELECT count(*) FROM n");
    CHECK(stopped.problem == "Stopped after 2 seconds: the query took too long. Add a LIMIT or a WHERE.");
}
