#include "app/authentication_service.h"
#include "app/contact_service.h"
#include "app/pet_service.h"
#include "app/registration_service.h"
#include "app/user_service.h"
#include "app_test_support.h"

#include <doctest/doctest.h>

using app_test::AppDatabase;

namespace {

struct Fixture : AppDatabase {
    app::RegistrationService registration{db, hasher};
    app::UserService users{db};
    app::UserAccount add(const std::string& name, const std::string& email) {
        auto result = registration.register_user({name, email, "correct horse", "correct horse"});
        REQUIRE(result.ok());
        return *result.value;
    }
    // The account itself acting (the authorisation rule itself: account_authorisation_test.cpp).
    static app::Actor as(const app::UserAccount& account) { return app::Actor::account(account.id); }
};

} // namespace

TEST_CASE_FIXTURE(Fixture, "editing a user stores the name trimmed and the email normalised, password untouched") {
    const auto peter = add("peter", "peter@example.org");
    const std::string hash_before = text("SELECT user_password FROM user WHERE id = " + std::to_string(peter.id));
    auto edited = users.edit_user(as(peter), peter.id, {"  Pete ", " Pete@Example.ORG "});
    REQUIRE(edited.ok());
    CHECK(edited.value->username == "Pete");
    CHECK(edited.value->email == "pete@example.org");
    CHECK(users.find_user(peter.id) == *edited.value);
    CHECK(text("SELECT user_password FROM user WHERE id = " + std::to_string(peter.id)) == hash_before);
    app::AuthenticationService auth(db, hasher);
    CHECK(auth.login("Pete", "correct horse").ok()); // the new name signs in with the old password
}

TEST_CASE_FIXTURE(Fixture, "an edit follows the registration rules and changes nothing when refused") {
    const auto peter = add("peter", "peter@example.org");
    add("ann", "ann@example.org");
    auto bad = users.edit_user(as(peter), peter.id, {"p", "not an address"});
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.errors.username == "Username must be at least 3 characters.");
    CHECK(bad.errors.email.has_value());
    auto taken = users.edit_user(as(peter), peter.id, {"ann", "ANN@example.org"});
    REQUIRE_FALSE(taken.ok());
    CHECK(taken.errors.username == app::kUsernameTaken);
    CHECK(taken.errors.email == app::kEmailTaken);
    CHECK(users.find_user(peter.id)->username == "peter");
    CHECK(users.find_user(peter.id)->email == "peter@example.org");
}

TEST_CASE_FIXTURE(Fixture, "a user's own name and address are no conflict with themselves") {
    const auto peter = add("peter", "peter@example.org");
    auto same = users.edit_user(as(peter), peter.id, {"peter", "PETER@example.org"});
    REQUIRE(same.ok());
    CHECK(same.value->email == "peter@example.org");
}

TEST_CASE_FIXTURE(Fixture, "deleting a user removes exactly that row; a vanished user is reported, not thrown") {
    const auto peter = add("peter", "peter@example.org");
    const auto ann = add("ann", "ann@example.org");
    CHECK(users.delete_user(as(peter), peter.id).ok());
    CHECK(count("user") == 1);
    CHECK_FALSE(users.find_user(peter.id));
    CHECK(users.find_user(ann.id));
    CHECK(users.delete_user(as(ann), peter.id).user == app::kUserGone);
    CHECK(users.edit_user(as(ann), peter.id, {"peter", "peter@example.org"}).errors.user == app::kUserGone);
    // The name is free again.
    CHECK(registration.register_user({"peter", "peter@example.org", "correct horse", "correct horse"}).ok());
}

TEST_CASE_FIXTURE(Fixture, "comments and contact messages can be deleted one at a time") {
    app::PetService pets(db);
    const auto ann = pets.create_handler("Ann");
    const auto rex = pets.create_pet(ann.value->handler_id, {"Rex", "dog"});
    const auto first = pets.add_comment(rex.value->pet_id, "Good boy.");
    pets.add_comment(rex.value->pet_id, "Loves walks.");
    CHECK(pets.delete_comment(first.value->comment_id).ok());
    REQUIRE(pets.comments_for(rex.value->pet_id).size() == 1);
    CHECK(pets.comments_for(rex.value->pet_id)[0].comment_content == "Loves walks.");
    CHECK(pets.delete_comment(first.value->comment_id).comment == app::kCommentGone);

    app::ContactService contact(db);
    const app::Actor reader = as(add("reader", "reader@example.org"));
    const auto sent = contact.submit({"Ann", "ann@example.org", "", "Do you take parrots?"});
    contact.submit({"Bob", "bob@example.org", "", "Hello"});
    CHECK(contact.delete_message(reader, sent.value->id));
    CHECK(contact.count() == 1);
    CHECK_FALSE(contact.delete_message(reader, sent.value->id));
}
