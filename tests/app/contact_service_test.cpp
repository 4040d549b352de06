#include "app/contact_service.h"
#include "app_test_support.h"

#include <doctest/doctest.h>

#include <chrono>
#include <stdexcept>
#include <string>

using app_test::AppDatabase;

namespace {

struct Fixture : AppDatabase {
    orm::Timestamp now = orm::parse_datetime("2024-05-01 09:30:00");
    app::ContactService contact{db, [this] { return now; }};
    app::Actor reader = app_test::add_actor(db, "reader");
};

app::ContactInput message(std::string name, std::string text) {
    return {std::move(name), "ann@example.org", "Hello", std::move(text)};
}

} // namespace

TEST_CASE_FIXTURE(Fixture, "a valid message is stored, trimmed and stamped") {
    auto sent = contact.submit({"  Ann ", " Ann@Example.org ", " Parrots ", "\n Do you take parrots?\nThanks. \n"});
    REQUIRE(sent.ok());
    CHECK(sent.value->id == 1);
    CHECK(sent.value->name == "Ann");
    CHECK(sent.value->email == "Ann@Example.org");
    CHECK(sent.value->subject == "Parrots");
    CHECK(sent.value->message == "Do you take parrots?\nThanks.");
    CHECK(sent.value->created_at == now);
    CHECK(text("SELECT created_at FROM contact_message") == "2024-05-01 09:30:00.000000");
    CHECK(contact.submit({"Bob", "bob@example.org", "", "No subject is fine."}).ok());
    CHECK(contact.count() == 2);
}

TEST_CASE_FIXTURE(Fixture, "every rule of the contact form has its message") {
    auto empty = contact.submit({"", "", "", ""});
    CHECK(empty.errors.name == std::optional<std::string>("Enter your name."));
    CHECK(empty.errors.email == std::optional<std::string>("Enter your email address."));
    CHECK_FALSE(empty.errors.subject);
    CHECK(empty.errors.message == std::optional<std::string>("Enter a message."));

    auto too_long = contact.submit(
        {std::string(101, 'n'), std::string(95, 'e') + "@b.org", std::string(151, 's'), std::string(2001, 'm')});
    CHECK(too_long.errors.name == std::optional<std::string>("Name must be at most 100 characters."));
    CHECK(too_long.errors.email == std::optional<std::string>("Email address must be at most 100 characters."));
    CHECK(too_long.errors.subject == std::optional<std::string>("Subject must be at most 150 characters."));
    CHECK(too_long.errors.message == std::optional<std::string>("Message must be at most 2000 characters."));

    auto malformed = contact.submit({"Ann\nSmith", "ann at example.org", "Tab\there", "bell\a"});
    CHECK(malformed.errors.name ==
          std::optional<std::string>("Name cannot contain line breaks, tabs or other control characters."));
    CHECK(malformed.errors.email == std::optional<std::string>("Enter a valid email address."));
    CHECK(malformed.errors.subject ==
          std::optional<std::string>("Subject cannot contain line breaks, tabs or other control characters."));
    CHECK(malformed.errors.message == std::optional<std::string>("Message cannot contain control characters."));

    auto invalid = contact.submit({"\xff", "a@b.org", "\xfe", "\xc0\x80"});
    CHECK(invalid.errors.name == std::optional<std::string>("Name contains invalid characters."));
    CHECK(invalid.errors.subject == std::optional<std::string>("Subject contains invalid characters."));
    CHECK(invalid.errors.message == std::optional<std::string>("Message contains invalid characters."));

    // The limits are in characters: 2000 three-byte characters fit.
    std::string wide;
    for (int i = 0; i < 2000; ++i)
        wide += "\xe4\xb8\xad";
    CHECK(contact.submit(message(std::string(100, 'n'), wide)).ok());
    CHECK(contact.count() == 1);
}

TEST_CASE_FIXTURE(Fixture, "messages are listed newest first, paged") {
    for (int i = 0; i < 5; ++i) {
        REQUIRE(contact.submit(message("sender " + std::to_string(i), "message " + std::to_string(i))).ok());
        if (i != 2) now += std::chrono::seconds(1); // 2 and 3 share an instant: the later id comes first
    }
    const auto page = contact.newest_first(reader, 3);
    REQUIRE(page.size() == 3);
    CHECK(page[0].name == "sender 4");
    CHECK(page[1].name == "sender 3");
    CHECK(page[2].name == "sender 2");
    const auto rest = contact.newest_first(reader, 3, 3);
    REQUIRE(rest.size() == 2);
    CHECK(rest[0].name == "sender 1");
    CHECK(rest[1].name == "sender 0");
    CHECK(contact.newest_first(reader, 3, 5).empty());
    CHECK_THROWS_AS(contact.newest_first(reader, 0), std::invalid_argument);
    CHECK_THROWS_AS(contact.newest_first(reader, -1), std::invalid_argument);
    CHECK_THROWS_AS(contact.newest_first(reader, 10, -1), std::invalid_argument);
}
