#include "orm/tutorial_models.h"
#include "orm/utf8.h"

#include <doctest/doctest.h>

using namespace tutorial;

TEST_CASE("table names default to the snake_case of the class name, as in Flask-SQLAlchemy") {
    CHECK(orm::snake_case("User") == "user");
    CHECK(orm::snake_case("PetHandler") == "pet_handler");
    CHECK(orm::snake_case("PetComment") == "pet_comment");
    CHECK(orm::snake_case("HTTPServer") == "http_server");
    CHECK(orm::snake_case("Address2Line") == "address2_line");
    CHECK(orm::model_of<PetCategory>().table() == "pet_category");
}

TEST_CASE("members that are not optional are NOT NULL; optional ones are nullable") {
    const auto& gadget = orm::model_of<Gadget>();
    CHECK_FALSE(gadget.find_column("name")->nullable);
    CHECK(gadget.find_column("notes")->nullable);
    CHECK(gadget.find_column("owner_id")->nullable);
    CHECK(gadget.primary_key().name == "id");
}

TEST_CASE("a member type that cannot hold the column type is refused when the model is declared") {
    struct Wrong {
        std::int64_t id = 0;
        std::string name;
    };
    CHECK_THROWS_AS(orm::Model<Wrong>("Wrong").column("name", &Wrong::name, orm::Integer), orm::UsageError);
    CHECK_THROWS_AS(orm::Model<Wrong>("Wrong").column("id", &Wrong::id, orm::String(5), orm::primary_key()), orm::UsageError);
}

TEST_CASE("String(n) counts Unicode code points, not bytes") {
    User user{0, std::string(100, 'a'), "a@example.org", "x"};
    CHECK_NOTHROW(orm::model_of<User>().check_values(&user));
    // 100 CJK characters are 300 bytes but 100 characters: allowed.
    user.username.clear();
    for (int i = 0; i < 100; ++i) user.username += "\xe4\xb8\xad";
    CHECK_NOTHROW(orm::model_of<User>().check_values(&user));
    user.username += "\xc3\xa9"; // 101st character
    try {
        orm::model_of<User>().check_values(&user);
        FAIL("must throw");
    } catch (const orm::ValueError& e) {
        CHECK(e.table() == "user");
        CHECK(e.column() == "username");
        CHECK(std::string(e.what()) == "user.username is limited to 100 characters; the value has 101");
    }
}

TEST_CASE("text that is not UTF-8 is refused with the column named") {
    User user{0, "bad\xff", "a@example.org", "x"};
    CHECK_THROWS_WITH_AS(orm::model_of<User>().check_values(&user), "user.username: the text is not valid UTF-8", orm::ValueError);
}

TEST_CASE("UTF-8 validation rejects overlong forms, surrogates and truncation") {
    using orm::utf8::count_code_points;
    CHECK(count_code_points("") == 0u);
    CHECK(count_code_points("stra\xc3\x9f" "e") == 6u);
    CHECK(count_code_points("\xf0\x9f\x90\xb6") == 1u);         // U+1F436
    CHECK_FALSE(count_code_points("\xc0\xaf").has_value());     // overlong '/'
    CHECK_FALSE(count_code_points("\xed\xa0\x80").has_value()); // surrogate
    CHECK_FALSE(count_code_points("\xe4\xb8").has_value());     // truncated
    CHECK_FALSE(count_code_points("\xf4\x90\x80\x80").has_value()); // above U+10FFFF
}

TEST_CASE("timestamps use SQLAlchemy's text format and round-trip to the microsecond") {
    const orm::Timestamp t = orm::parse_datetime("2024-02-29 23:59:58.123456");
    CHECK(orm::format_datetime(t) == "2024-02-29 23:59:58.123456");
    CHECK(orm::format_datetime(orm::parse_datetime("1969-12-31 23:59:59")) == "1969-12-31 23:59:59.000000");
    CHECK(orm::format_datetime(orm::parse_datetime("2024-05-01T09:30:00.5")) == "2024-05-01 09:30:00.500000");
    CHECK_THROWS_AS(orm::parse_datetime("yesterday"), orm::ValueError);
}
