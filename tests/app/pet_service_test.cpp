#include "app/pet_service.h"
#include "app_test_support.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using app_test::AppDatabase;

namespace {

struct Fixture : AppDatabase {
    app::PetService pets{db};
    std::vector<std::string> names(const std::vector<app::PetCategory>& list) {
        std::vector<std::string> out;
        for (const auto& p : list)
            out.push_back(p.pet_name);
        return out;
    }
};

} // namespace

TEST_CASE_FIXTURE(Fixture, "handlers: create, rename, list by name") {
    auto ann = pets.create_handler("  Ann ");
    REQUIRE(ann.ok());
    CHECK(ann.value->handler_name == "Ann");
    auto bob = pets.create_handler("Bob");
    REQUIRE(bob.ok());
    auto renamed = pets.rename_handler(bob.value->handler_id, "Aaron");
    REQUIRE(renamed.ok());
    CHECK(renamed.value->handler_name == "Aaron");
    CHECK(pets.find_handler(bob.value->handler_id)->handler_name == "Aaron");
    const auto all = pets.handlers();
    REQUIRE(all.size() == 2);
    CHECK(all[0].handler_name == "Aaron");
    CHECK(all[1].handler_name == "Ann");
    CHECK_FALSE(pets.find_handler(99));
}

TEST_CASE_FIXTURE(Fixture, "handler validation and missing handlers") {
    CHECK(pets.create_handler("   ").errors.handler_name == std::optional<std::string>("Enter the handler's name."));
    CHECK(pets.create_handler(std::string(151, 'h')).errors.handler_name ==
          std::optional<std::string>("Name must be at most 150 characters."));
    CHECK(pets.create_handler(std::string(150, 'h')).ok());
    CHECK(pets.create_handler("two\nlines").errors.handler_name ==
          std::optional<std::string>("Name cannot contain line breaks, tabs or other control characters."));
    CHECK(pets.create_handler("bad \xc3").errors.handler_name ==
          std::optional<std::string>("Name contains invalid characters."));
    CHECK(pets.rename_handler(99, "Zed").errors.handler == std::optional<std::string>(app::kHandlerGone));
    CHECK(pets.rename_handler(1, "").errors.handler_name == std::optional<std::string>("Enter the handler's name."));
    CHECK(pets.delete_handler(99).handler == std::optional<std::string>(app::kHandlerGone));
    CHECK(count("pet_handler") == 1);
}

TEST_CASE_FIXTURE(Fixture, "pets: create under a handler, edit, move, and navigate both ways") {
    const auto ann = *pets.create_handler("Ann").value;
    const auto bob = *pets.create_handler("Bob").value;
    auto rex = pets.create_pet(ann.handler_id, {" Rex ", " dog "});
    REQUIRE(rex.ok());
    CHECK(rex.value->pet_name == "Rex");
    CHECK(rex.value->pet_category == "dog");
    CHECK(rex.value->handler_id == ann.handler_id);
    REQUIRE(pets.create_pet(ann.handler_id, {"Bella", "cat"}).ok());
    CHECK(names(pets.pets_of(ann.handler_id)) == std::vector<std::string>{"Bella", "Rex"});
    CHECK(pets.pets_of(bob.handler_id).empty());
    CHECK(pets.handler_of(*rex.value)->handler_name == "Ann");

    auto edited = pets.edit_pet(rex.value->pet_id, {"Rex II", "wolfhound"});
    REQUIRE(edited.ok());
    CHECK(pets.find_pet(rex.value->pet_id)->pet_category == "wolfhound");

    auto moved = pets.move_pet(rex.value->pet_id, bob.handler_id);
    REQUIRE(moved.ok());
    CHECK(moved.value->handler_id == bob.handler_id);
    CHECK(names(pets.pets_of(ann.handler_id)) == std::vector<std::string>{"Bella"});
    CHECK(names(pets.pets_of(bob.handler_id)) == std::vector<std::string>{"Rex II"});
    CHECK(pets.handler_of(*pets.find_pet(rex.value->pet_id))->handler_name == "Bob");
}

TEST_CASE_FIXTURE(Fixture, "pet validation, and pets or handlers that do not exist") {
    const auto ann = *pets.create_handler("Ann").value;
    auto empty = pets.create_pet(ann.handler_id, {"", ""});
    CHECK(empty.errors.pet_name == std::optional<std::string>("Enter the pet's name."));
    CHECK(empty.errors.pet_category == std::optional<std::string>("Enter the kind of animal (dog, cat\xe2\x80\xa6)."));
    auto long_values = pets.create_pet(ann.handler_id, {std::string(101, 'n'), std::string(51, 'c')});
    CHECK(long_values.errors.pet_name == std::optional<std::string>("Name must be at most 100 characters."));
    CHECK(long_values.errors.pet_category == std::optional<std::string>("Category must be at most 50 characters."));
    CHECK(pets.create_pet(99, {"Rex", "dog"}).errors.handler == std::optional<std::string>(app::kHandlerGone));
    CHECK(pets.edit_pet(99, {"Rex", "dog"}).errors.pet == std::optional<std::string>(app::kPetGone));
    auto rex = *pets.create_pet(ann.handler_id, {"Rex", "dog"}).value;
    auto nowhere = pets.move_pet(rex.pet_id, 99);
    CHECK(nowhere.errors.handler == std::optional<std::string>(app::kHandlerGone));
    CHECK(pets.find_pet(rex.pet_id)->handler_id == ann.handler_id);
    CHECK(pets.move_pet(99, ann.handler_id).errors.pet == std::optional<std::string>(app::kPetGone));
    CHECK(pets.delete_pet(99).pet == std::optional<std::string>(app::kPetGone));
    CHECK(count("pet_category") == 1);
}

TEST_CASE_FIXTURE(Fixture, "a handler with pets cannot be deleted; without them it can") {
    const auto ann = *pets.create_handler("Ann").value;
    const auto rex = *pets.create_pet(ann.handler_id, {"Rex", "dog"}).value;
    pets.create_pet(ann.handler_id, {"Bella", "cat"});
    CHECK(pets.delete_handler(ann.handler_id).handler ==
          std::optional<std::string>("Ann still has 2 pets. Move or delete them first."));
    CHECK(count("pet_handler") == 1);
    CHECK_FALSE(db.in_transaction());

    CHECK(pets.delete_pet(rex.pet_id).ok());
    CHECK(pets.delete_handler(ann.handler_id).handler ==
          std::optional<std::string>("Ann still has 1 pet. Move or delete them first."));
    for (const auto& pet : pets.pets_of(ann.handler_id))
        CHECK(pets.delete_pet(pet.pet_id).ok());
    CHECK(pets.delete_handler(ann.handler_id).ok());
    CHECK(count("pet_handler") == 0);
}

TEST_CASE_FIXTURE(Fixture, "comments on pets: add, list oldest first, deleted with their pet") {
    const auto ann = *pets.create_handler("Ann").value;
    const auto rex = *pets.create_pet(ann.handler_id, {"Rex", "dog"}).value;
    const auto bella = *pets.create_pet(ann.handler_id, {"Bella", "cat"}).value;
    auto first = pets.add_comment(rex.pet_id, "  Good dog.\nVery good.  ");
    REQUIRE(first.ok());
    CHECK(first.value->comment_content == "Good dog.\nVery good.");
    CHECK(first.value->pet_id == std::optional<std::int64_t>(rex.pet_id));
    REQUIRE(pets.add_comment(rex.pet_id, "Loves long walks.").ok());
    REQUIRE(pets.add_comment(bella.pet_id, "Ignores everyone.").ok());
    db.run("INSERT INTO pet_comment (comment_content) VALUES ('a tutorial comment, no pet')");

    const auto comments = pets.comments_for(rex.pet_id);
    REQUIRE(comments.size() == 2);
    CHECK(comments[0].comment_content == "Good dog.\nVery good.");
    CHECK(comments[1].comment_content == "Loves long walks.");
    CHECK(pets.comment_count(rex.pet_id) == 2);

    CHECK(pets.add_comment(rex.pet_id, " ").errors.comment_content == std::optional<std::string>("Enter a comment."));
    CHECK(pets.add_comment(rex.pet_id, std::string(201, 'c')).errors.comment_content ==
          std::optional<std::string>("Comment must be at most 200 characters."));
    CHECK(pets.add_comment(rex.pet_id, std::string(200, 'c')).ok());
    CHECK(pets.add_comment(rex.pet_id, "bell\a").errors.comment_content ==
          std::optional<std::string>("Comment cannot contain control characters."));
    CHECK(pets.add_comment(99, "Who?").errors.pet == std::optional<std::string>(app::kPetGone));

    CHECK(pets.delete_pet(rex.pet_id).ok());
    CHECK(pets.comments_for(rex.pet_id).empty());
    CHECK(count("pet_comment") == 2); // Bella's and the tutorial's stay
    CHECK(integer("SELECT count(*) FROM pragma_foreign_key_check") == 0);
}

TEST_CASE_FIXTURE(Fixture, "a pet's detail: the pet, its handler and its comments oldest first, in three statements") {
    const auto ann = *pets.create_handler("Ann").value;
    const auto rex = *pets.create_pet(ann.handler_id, {"Rex", "dog"}).value;
    const auto bella = *pets.create_pet(ann.handler_id, {"Bella", "cat"}).value;
    for (const char* text : {"First.", "Second.", "Third."})
        REQUIRE(pets.add_comment(rex.pet_id, text).ok());
    REQUIRE(pets.add_comment(bella.pet_id, "Not Rex's.").ok());

    std::vector<std::string> statements;
    db.set_statement_listener([&](std::string_view sql) { statements.emplace_back(sql); });
    const auto detail = pets.pet_detail(rex.pet_id);
    db.set_statement_listener(nullptr);
    REQUIRE(detail);
    CHECK(detail->pet.pet_name == "Rex");
    REQUIRE(detail->handler);
    CHECK(detail->handler->handler_name == "Ann");
    REQUIRE(detail->comments.size() == 3);
    CHECK(detail->comments[0].comment_content == "First.");
    CHECK(detail->comments[2].comment_content == "Third.");
    // The pet joined with its handler, then the comments selectin (plus the session's BEGIN/COMMIT at most).
    std::size_t selects = 0;
    for (const auto& sql : statements)
        selects += sql.rfind("SELECT", 0) == 0;
    CHECK(selects == 2);
    CHECK_FALSE(pets.pet_detail(99));
}

TEST_CASE_FIXTURE(Fixture, "a handler's detail lists its pets by name, then id, through the relationship") {
    const auto ann = *pets.create_handler("Ann").value;
    const auto bob = *pets.create_handler("Bob").value;
    for (const char* name : {"Rex", "Bella", "Rex", "Ace"})
        REQUIRE(pets.create_pet(ann.handler_id, {name, "dog"}).ok());
    REQUIRE(pets.create_pet(bob.handler_id, {"Bob's", "cat"}).ok());
    const auto detail = pets.handler_detail(ann.handler_id);
    REQUIRE(detail);
    CHECK(detail->handler.handler_name == "Ann");
    CHECK(names(detail->pets) == std::vector<std::string>{"Ace", "Bella", "Rex", "Rex"});
    CHECK(detail->pets[2].pet_id < detail->pets[3].pet_id);
    CHECK_FALSE(pets.handler_detail(99));
}

TEST_CASE_FIXTURE(Fixture, "the models carry the tutorial's relationships: backrefs both ways, comments deleted as orphans") {
    const auto ann = *pets.create_handler("Ann").value;
    const auto bob = *pets.create_handler("Bob").value;
    const auto rex = *pets.create_pet(ann.handler_id, {"Rex", "dog"}).value;
    REQUIRE(pets.add_comment(rex.pet_id, "Keep.").ok());
    REQUIRE(pets.add_comment(rex.pet_id, "Drop.").ok());
    {
        orm::Session session(db);
        auto handler = session.get<app::PetHandler>(ann.handler_id);
        REQUIRE(handler->pets.size() == 1);
        auto pet = handler->pets[0];
        CHECK(pet->pet_handler.get() == handler); // the backref, from the identity map
        REQUIRE(pet->comments.size() == 2);
        CHECK(pet->comments[0]->pet.get() == pet);
        pet->comments.remove(pet->comments[1]); // delete-orphan: taken out of its pet, it is deleted
        pet->pet_handler = session.get<app::PetHandler>(bob.handler_id);
        CHECK(handler->pets.empty()); // moved between the loaded collections at once
        session.commit();
    }
    CHECK(integer("SELECT handler_id FROM pet_category WHERE pet_id = " + std::to_string(rex.pet_id)) == bob.handler_id);
    const auto comments = pets.comments_for(rex.pet_id);
    REQUIRE(comments.size() == 1);
    CHECK(comments[0].comment_content == "Keep.");
    CHECK(count("pet_comment") == 1);
}
