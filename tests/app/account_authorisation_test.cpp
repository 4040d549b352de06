// Who may do what (app/account_permissions.h), enforced by the services whatever the UI shows: an
// account is edited or deleted by itself or by the administrator (the first registered account, the
// lowest id); contact messages are read and deleted by a signed-in account.
#include "app/account_permissions.h"
#include "app/authentication_service.h"
#include "app/contact_service.h"
#include "app/record_query_service.h"
#include "app/registration_service.h"
#include "app/sql_console.h"
#include "app/user_service.h"
#include "app_test_support.h"

#include <doctest/doctest.h>

#include <string>

using app_test::AppDatabase;

namespace {

struct Fixture : AppDatabase {
    app::UserAccount admin = register_account("admin"); // the first registered account
    app::UserAccount peter = register_account("Peter");
    app::UserAccount ann = register_account("ann");
    app::UserService users{db};
    static app::Actor as(const app::UserAccount& account) { return app::Actor::account(account.id); }
    std::string username(std::int64_t id) { return users.find_user(id) ? users.find_user(id)->username : ""; }
};

} // namespace

TEST_CASE_FIXTURE(Fixture, "the administrator is the first registered account, then the next oldest") {
    orm::Session session(db);
    CHECK(app::administrator_id(session) == admin.id);
    REQUIRE(users.delete_user(as(admin), admin.id).ok());
    CHECK(app::administrator_id(session) == peter.id);
}

TEST_CASE_FIXTURE(Fixture, "an account may edit and delete itself") {
    CHECK(users.edit_user(as(peter), peter.id, {"Pete", "peter@example.org"}).ok());
    CHECK(username(peter.id) == "Pete");
    CHECK(users.delete_user(as(peter), peter.id).ok());
    CHECK_FALSE(users.find_user(peter.id));
}

TEST_CASE_FIXTURE(Fixture, "another account may neither edit nor delete it, and nothing changes") {
    const auto edit = users.edit_user(as(ann), peter.id, {"Pete", "pete@example.org"});
    REQUIRE_FALSE(edit.ok());
    CHECK(edit.errors.permission == std::optional<std::string>("Sign in as Peter or as the administrator to edit this account."));
    CHECK_FALSE(edit.errors.username); // refused before the input is judged: nothing learnt about other names
    const auto removal = users.delete_user(as(ann), peter.id);
    CHECK_FALSE(removal.ok());
    CHECK(removal.permission ==
          std::optional<std::string>("Sign in as Peter or as the administrator to delete this account."));
    CHECK(username(peter.id) == "Peter");
    CHECK(users.find_user(peter.id)->email == "peter@example.org");
}

TEST_CASE_FIXTURE(Fixture, "the administrator may edit and delete any account") {
    CHECK(users.edit_user(as(admin), peter.id, {"Pete", "peter@example.org"}).ok());
    CHECK(username(peter.id) == "Pete");
    CHECK(users.delete_user(as(admin), ann.id).ok());
    CHECK(count("user") == 2);
}

TEST_CASE_FIXTURE(Fixture, "a signed-out person may neither edit nor delete any account") {
    CHECK(users.delete_user(app::Actor::nobody(), peter.id).permission ==
          std::optional<std::string>("Sign in as Peter or as the administrator to delete this account."));
    CHECK(users.edit_user(app::Actor::nobody(), admin.id, {"x-admin", "admin@example.org"}).errors.permission);
    CHECK(count("user") == 3);
    CHECK(username(admin.id) == "admin");
}

TEST_CASE_FIXTURE(Fixture, "an actor whose account was deleted (in another tab) counts as nobody") {
    REQUIRE(users.delete_user(as(ann), ann.id).ok());
    CHECK(users.delete_user(as(ann), peter.id).permission);
    // Nor does a deleted administrator's id keep the role: admin is gone, Peter is the administrator now.
    REQUIRE(users.delete_user(as(admin), admin.id).ok());
    register_account("zoe");
    CHECK(users.delete_user(as(admin), peter.id).permission);
    CHECK(users.find_user(peter.id));
}

TEST_CASE_FIXTURE(Fixture, "the signed-in account is the actor AuthenticationService gives the services") {
    app::AuthenticationService auth(db, hasher);
    CHECK_FALSE(auth.actor().signed_in());
    CHECK(users.delete_user(auth.actor(), peter.id).permission);
    REQUIRE(auth.login("Peter", "correct horse").ok());
    CHECK(auth.actor().user_id == peter.id);
    CHECK(users.delete_user(auth.actor(), ann.id).permission);
    CHECK(users.delete_user(auth.actor(), peter.id).ok());
}

TEST_CASE_FIXTURE(Fixture, "contact messages: anyone may write one, only a signed-in account reads or deletes them") {
    app::ContactService contact(db);
    const auto sent = contact.submit({"Visitor", "visitor@example.org", "", "Do you take parrots?"});
    REQUIRE(sent.ok()); // signed out: writing is open to all
    CHECK(contact.count() == 1);
    CHECK_THROWS_WITH_AS(contact.newest_first(app::Actor::nobody()), app::kSignInToReadMessages, app::PermissionError);
    CHECK_THROWS_AS(contact.delete_message(app::Actor::nobody(), sent.value->id), app::PermissionError);
    CHECK(contact.count() == 1);
    CHECK(contact.newest_first(as(ann)).size() == 1);

    // The record browser and the CSV export read through RecordQueryService: the same rule.
    app::Actor who = app::Actor::nobody();
    app::RecordQueryService records(db, [&] { return who; });
    app::RecordRequest request;
    request.table = app::RecordTable::ContactMessages;
    CHECK_THROWS_AS(records.fetch(request), app::PermissionError);
    CHECK_THROWS_AS(records.for_each_row(request, [](const app::RecordRow&) {}), app::PermissionError);
    app::RecordRequest users_request;
    CHECK(records.fetch(users_request).total == 3); // other tables stay open
    who = as(peter);
    CHECK(records.fetch(request).rows.size() == 1);

    CHECK(contact.delete_message(as(ann), sent.value->id));
    CHECK(contact.count() == 0);
}

TEST_CASE_FIXTURE(Fixture, "the SQL tab reads contact messages only for a signed-in account; other tables for anyone") {
    app::ContactService(db).submit({"Visitor", "visitor@example.org", "", "Do you take parrots?"});
    app::Actor who = app::Actor::nobody();
    app::SqlConsole console(db, [&] { return who; });
    CHECK(console.run("SELECT count(*) FROM contact_message").problem == app::kSignInToReadMessages);
    CHECK(console.run("SELECT m FROM (SELECT message AS m FROM Contact_Message)").problem == app::kSignInToReadMessages);
    CHECK(console.run("SELECT count(*) FROM user").rows.at(0).at(0) == "3");
    who = as(ann);
    const auto answer = console.run("SELECT message FROM contact_message");
    CHECK(answer.problem.empty());
    CHECK(answer.rows.at(0).at(0) == "Do you take parrots?");
    who = app::Actor::nobody(); // the same statement again, signed out: refused again
    CHECK(console.run("SELECT message FROM contact_message").problem == app::kSignInToReadMessages);
}
