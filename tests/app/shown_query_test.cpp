#include "app/authentication_service.h"
#include "app/record_query_service.h"
#include "app/shown_query.h"
#include "app/tutorial_calls.h"
#include "app_test_support.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <string>

using app_test::AppDatabase;

namespace {

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

} // namespace

TEST_CASE("a login's shown query is the tutorial's filter_by, this ORM's call and the SQL with the bound name") {
    AppDatabase app;
    app.register_account("Peter");
    app::AuthenticationService auth(app.db, app.hasher);
    app::QueryRecorder recorder(app.db);
    app::ShownQuery shown = app::tutorial::log_in(" Peter ");
    {
        auto recording = recorder.record(shown);
        REQUIRE(auth.login("Peter", "correct horse").ok());
    }
    CHECK(has(shown.python, "User.query.filter_by(username='Peter').first()"));
    CHECK(has(shown.cpp, "session.query<User>().filter(func::lower(&User::username) == \"peter\").first()"));
    REQUIRE(!shown.statements.empty());
    const app::ShownStatement& lookup = shown.statements.front();
    CHECK(has(lookup.sql, "lower(\"user\".\"username\") = ?"));
    CHECK(lookup.parameters.rfind("('peter'", 0) == 0);
    for (const auto& statement : shown.statements) {
        INFO(statement.sql, " ", statement.parameters);
        CHECK(!has(statement.parameters, "$argon2"));
        CHECK(!has(statement.parameters, "correct horse"));
    }
    // The signed-in tab's session record: its token digest is hidden too, its user and times are not.
    const auto session = std::find_if(shown.statements.begin(), shown.statements.end(), [](const auto& s) {
        return s.sql.rfind("INSERT INTO \"account_session\"", 0) == 0;
    });
    REQUIRE(session != shown.statements.end());
    CHECK(session->parameters.rfind("(<hidden>, 1, ", 0) == 0);
}

TEST_CASE("a registration's shown INSERT hides the password hash; the name and email are shown") {
    AppDatabase app;
    app::RegistrationService registration(app.db, app.hasher);
    app::QueryRecorder recorder(app.db);
    app::ShownQuery shown = app::tutorial::register_user("Peter", "peterdury@gmail.com");
    {
        auto recording = recorder.record(shown);
        REQUIRE(registration.register_user({"Peter", "peterdury@gmail.com", "correct horse", "correct horse"}).ok());
    }
    CHECK(has(shown.python, "db.session.add(user)\ndb.session.commit()"));
    const auto insert = std::find_if(shown.statements.begin(), shown.statements.end(),
                                     [](const auto& s) { return s.sql.rfind("INSERT INTO \"user\"", 0) == 0; });
    REQUIRE(insert != shown.statements.end());
    CHECK(insert->parameters == "('Peter', 'peterdury@gmail.com', <hidden>)");
}

TEST_CASE("a password column's value is hidden by its place in the SQL, even when it is not a hash") {
    const std::vector<std::string_view> secret{"user_password"};
    CHECK(app::secret_parameters("INSERT INTO \"user\" (\"username\", \"user_password\") VALUES (?, ?), (?, ?)", secret) ==
          std::vector<bool>{false, true, false, true});
    CHECK(app::secret_parameters("UPDATE \"user\" SET \"user_password\" = ? WHERE \"id\" = ?", secret) ==
          std::vector<bool>{true, false});
    CHECK(app::secret_parameters("SELECT 1 FROM user WHERE note = 'user_password = ?' AND id == ?", secret) ==
          std::vector<bool>{false});

    AppDatabase app;
    app::QueryRecorder recorder(app.db);
    app::ShownQuery shown;
    {
        auto recording = recorder.record(shown);
        app.db.run("UPDATE \"user\" SET \"user_password\" = ? WHERE \"id\" = ?", "legacy plaintext", 7);
        app.db.run("SELECT ?", "$argon2id$v=19$m=256,t=1,p=1$c2FsdHNhbHQ$aGFzaGhhc2g"); // a hash by its look
    }
    REQUIRE(shown.statements.size() == 2);
    CHECK(shown.statements[0].parameters == "(<hidden>, 7)");
    CHECK(shown.statements[1].parameters == "(<hidden>,)");
}

TEST_CASE("a record page's shown query follows its filters and order, and its SQL is the page's") {
    AppDatabase app;
    app.register_account("Peter");
    app.register_account("PeterStrong");
    app::RecordQueryService records(app.db);
    const app::RecordRequest request{.table = app::RecordTable::Users,
                                     .sort_column = "username",
                                     .direction = app::SortDirection::Descending,
                                     .filter = "Pe",
                                     .offset = 0,
                                     .limit = 50,
                                     .column_filters = {{"id", ">1"}}};
    app::ShownQuery shown = app::RecordQueryService::shown_query(request);
    app::QueryRecorder recorder(app.db);
    {
        auto recording = recorder.record(shown);
        CHECK(records.fetch(request).rows.size() == 1);
    }
    CHECK(shown.python == "query = User.query \\\n"
                          "    .filter(or_(User.username.contains('Pe'), User.user_email.contains('Pe'))) \\\n"
                          "    .filter(User.id > 1)\n"
                          "total = query.count()\n"
                          "rows = query.order_by(User.username.desc(), User.id.desc()).offset(0).limit(50).all()");
    CHECK(has(shown.cpp, ".filter(col(&User::username).contains(\"Pe\") || col(&User::user_email).contains(\"Pe\"))"));
    REQUIRE(shown.statements.size() == 3); // has anything changed since the last count, the count, the page
    CHECK(has(shown.statements[0].sql, "total_changes()"));
    CHECK(shown.statements[1].sql.rfind("SELECT count(*) FROM \"user\" WHERE", 0) == 0);
    CHECK(shown.statements[1].parameters == "('%Pe%', '%Pe%', 1)");
    CHECK(has(shown.statements[2].sql, "ORDER BY \"user\".\"username\" DESC, \"user\".\"id\" DESC LIMIT ? OFFSET ?"));
    CHECK(shown.statements[2].parameters == "('%Pe%', '%Pe%', 1, 50, 0)");
}

TEST_CASE("one recording at a time: a nested one records nothing and leaves the outer one recording") {
    AppDatabase app;
    app::QueryRecorder recorder(app.db);
    app::ShownQuery outer, inner;
    {
        auto recording = recorder.record(outer);
        { auto nested = recorder.record(inner); }
        app.db.run("SELECT ?", 1);
    }
    app.db.run("SELECT ?", 2);
    CHECK(inner.statements.empty());
    REQUIRE(outer.statements.size() == 1);
    CHECK(outer.statements[0].parameters == "(1,)");
}
