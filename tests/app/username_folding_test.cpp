// Usernames are one name whatever their case (issue 22): "Peter" and "peter" cannot both register, in this
// app or through the tutorial's Flask app writing the same file, and an earlier version's database that
// holds both keeps both accounts under distinct names.
#include "app/authentication_service.h"
#include "app/registration_service.h"
#include "app/schema.h"
#include "app/username_folding.h"
#include "app_test_support.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using app_test::AppDatabase;
using app_test::kCheap;
using app_test::query_plan;

namespace {

app::RegistrationInput input(const std::string& username, const std::string& email) {
    return {username, email, "correct horse", "correct horse"};
}

} // namespace

TEST_CASE("names that differ only in case, width or composition fold to one") {
    CHECK(app::fold_username("Peter") == "peter");
    CHECK(app::fold_username("PETER") == app::fold_username("peter"));
    CHECK(app::fold_username("Stra\xc3\x9f"
                             "e") == app::fold_username("STRASSE"));                                      // Straße
    CHECK(app::fold_username("\xef\xbc\xb0\xef\xbc\xa5\xef\xbc\xb4\xef\xbc\xa5\xef\xbc\xb2") == "peter"); // ＰＥＴＥＲ
    CHECK(app::fold_username("Zoe\xcc\x88") == app::fold_username("ZO\xc3\x8b")); // Zoë decomposed, ZOË
    CHECK(app::fold_username("\xce\xa3\xce\xbf\xcf\x86\xce\xaf\xce\xb1") ==       // Σοφία, σοφία
          app::fold_username("\xcf\x83\xce\xbf\xcf\x86\xce\xaf\xce\xb1"));
    CHECK(app::fold_username("peter") != app::fold_username("petra"));
    CHECK(app::fold_username("bad\xff") == "bad\xff"); // invalid UTF-8 never fails: ASCII-lowered bytes
    CHECK(app::is_ascii("Peter"));
    CHECK_FALSE(app::is_ascii("Stra\xc3\x9f"
                              "e"));
}

TEST_CASE("a username in another case is taken: registering, renaming, and the database itself refuse it") {
    AppDatabase app;
    app::RegistrationService registration(app.db, app.hasher);
    REQUIRE(registration.register_user(input("Peter", "peter@example.org")).ok());
    REQUIRE(registration
                .register_user(input("Stra\xc3\x9f"
                                     "e",
                                     "strasse@example.org"))
                .ok());

    for (const char* same : {"peter", "PETER", " pEtEr ",
                             "\xef\xbd\x90\xef\xbd\x85\xef\xbd\x94\xef\xbd\x85\xef\xbd\x92", "STRASSE", "strasse"}) {
        CAPTURE(same);
        const auto refused = registration.register_user(input(same, "other@example.org"));
        REQUIRE_FALSE(refused.ok());
        CHECK(refused.errors.username == std::optional<std::string>(app::kUsernameTaken));
        CHECK(registration.username_taken(same));
    }
    CHECK(registration.register_user(input("Petra", "petra@example.org")).ok());
    CHECK(app.count("user") == 3);

    // What the tutorial's Flask app (or any writer of the file) would do: the unique index refuses it too.
    CHECK_THROWS_AS(app.db.run("INSERT INTO user (username, user_email, user_password) VALUES ('PETER', "
                               "'x@example.org', 'x')"),
                    orm::ConstraintError);
}

TEST_CASE("logging in takes the username in any case") {
    AppDatabase app;
    app::RegistrationService(app.db, app.hasher)
        .register_user(input("Stra\xc3\x9f"
                             "e",
                             "s@example.org"));
    app::AuthenticationService auth(app.db, app.hasher);
    const auto result = auth.login("STRASSE", "correct horse");
    REQUIRE(result.ok());
    CHECK(result.user->username == "Stra\xc3\x9f"
                                   "e"); // stored as registered
}

TEST_CASE("finding a username reads indexes, not the user table") {
    AppDatabase app;
    std::vector<std::string> statements;
    app.db.set_statement_listener([&](std::string_view sql) { statements.emplace_back(sql); });
    app::RegistrationService(app.db, app.hasher).username_taken("Peter");
    app.db.set_statement_listener(nullptr);
    REQUIRE(statements.size() == 2);
    const auto ascii = query_plan(app.db, statements[0]);
    const auto others = query_plan(app.db, statements[1]);
    REQUIRE(ascii.size() >= 1);
    REQUIRE(others.size() >= 1);
    CHECK(ascii[0].find("USING INDEX ix_user_username_lower") != std::string::npos);
    CHECK(others[0].find("USING INDEX ix_user_username_unicode") != std::string::npos);
}

TEST_CASE("an earlier version's database holding one name in two cases keeps both accounts, renamed") {
    orm::Database db(":memory:");
    app::schema_migrator().upgrade(db, 7);
    const app::PasswordHasher hasher(kCheap);
    const std::string hash = hasher.hash("correct horse");
    for (const char* name : {"Peter", "peter", "Ann", "PETER", "peter#2"})
        db.run("INSERT INTO user (username, user_email, user_password) VALUES (?, ?, ?)", std::string(name),
               std::string(name) + "@example.org" + std::to_string(db.last_insert_rowid()), hash);
    const std::string long_name = std::string(99, 'z') + "Z";
    db.run("INSERT INTO user (username, user_email, user_password) VALUES (?, 'z1@example.org', ?)",
           std::string(100, 'z'), hash);
    db.run("INSERT INTO user (username, user_email, user_password) VALUES (?, 'z2@example.org', ?)", long_name, hash);

    const auto status = app::open_schema(db, hasher);
    std::vector<std::string> renames;
    for (const auto& rename : status.usernames_renamed)
        renames.push_back(std::to_string(rename.id) + ": " + rename.from + " -> " + rename.to);
    // "peter#2" was a name of its own already: user 2 becomes "peter#2#".
    CHECK(renames == std::vector<std::string>{"2: peter -> peter#2#", "4: PETER -> PETER#4",
                                              "7: " + long_name + " -> " + std::string(98, 'z') + "#7"});
    auto names = db.prepare("SELECT username FROM user ORDER BY id");
    std::vector<std::string> stored;
    while (names->step())
        stored.push_back(names->get_text(0));
    CHECK(stored == std::vector<std::string>{"Peter", "peter#2#", "Ann", "PETER#4", "peter#2", std::string(100, 'z'),
                                             std::string(98, 'z') + "#7"});
    // Each keeps its password; the renamed one signs in under the new name.
    app::AuthenticationService auth(db, hasher);
    CHECK(auth.login("PETER#4", "correct horse").ok());
    CHECK(app::open_schema(db, hasher).usernames_renamed.empty()); // done once
}

TEST_CASE("a file at this version holding one name in two cases is refused by name") {
    AppDatabase app;
    app.db.execute("DROP INDEX ix_user_username_lower");
    app.db.run("INSERT INTO user (username, user_email, user_password) VALUES ('peter', 'a@example.org', 'x')");
    app.db.run("INSERT INTO user (username, user_email, user_password) VALUES ('Peter', 'b@example.org', 'x')");
    try {
        app::open_schema(app.db, app.hasher);
        FAIL("must throw");
    } catch (const orm::MigrationError& e) {
        CHECK(std::string(e.what()).find("users 1, 2 share the username (ignoring case) \"peter\"") !=
              std::string::npos);
    }
}
