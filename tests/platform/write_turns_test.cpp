#include "orm/error.h"
#include "platform/write_turns.h"
#include "support/tally.h"
#include "support/temp_directory.h"

#include <doctest/doctest.h>

#include <vector>

namespace {

// A database host and write turns wired as the browser host wires them, with the browser faked.
struct Fixture {
    test_support::TempDirectory dir;
    int requests = 0;
    std::vector<bool> finished; // the `changed` of each finished turn
    platform::DatabaseHost database{[this] { turns.note_commit(); }};
    platform::WriteTurns turns{database,
                               {[this] { ++requests; }, [this](bool changed) { finished.push_back(changed); }}};

    Fixture() {
        REQUIRE(database.open(dir.file("app.db")));
        turns.run_writable([&] { test_support::Tally schema(*database.database()); });
    }
};

} // namespace

TEST_CASE("outside a turn the view may not write, and asks for a turn once") {
    Fixture f;
    CHECK_FALSE(f.turns.may_write());
    CHECK_FALSE(f.turns.may_write());
    CHECK(f.requests == 1);
    CHECK(f.turns.waiting());
}

TEST_CASE("a granted turn lasts one frame and reports whether it changed anything") {
    Fixture f;
    test_support::Tally counter(*f.database.database());
    f.turns.may_write();
    REQUIRE(f.turns.grant());
    CHECK(f.turns.may_write());
    counter.increment();
    counter.increment();
    f.turns.end_frame();
    CHECK(f.finished == std::vector<bool>{true});
    CHECK_FALSE(f.turns.active());

    SUBCASE("the next write needs a new turn") {
        CHECK_FALSE(f.turns.may_write());
        CHECK(f.requests == 2);
    }
    SUBCASE("a turn used for nothing is reported unchanged, so the lock is released without a save") {
        REQUIRE(f.turns.grant());
        f.turns.end_frame();
        CHECK(f.finished == std::vector<bool>{true, false});
    }
    SUBCASE("frames without a turn report nothing") {
        f.turns.end_frame();
        f.turns.end_frame();
        CHECK(f.finished.size() == 1);
    }
}

TEST_CASE("a write that did not wait for its turn is refused by SQLite") {
    Fixture f;
    test_support::Tally counter(*f.database.database());
    CHECK_THROWS_AS(counter.increment(), orm::DatabaseError);
    CHECK(counter.value() == 0);
    f.turns.grant();
    f.turns.end_frame();
    CHECK_THROWS_AS(counter.increment(), orm::DatabaseError); // and again once the turn is over
}

TEST_CASE("revoke ends a turn at once, for a page whose frames stopped") {
    Fixture f;
    test_support::Tally counter(*f.database.database());
    f.turns.grant();
    counter.increment();
    CHECK(f.turns.revoke());
    CHECK(f.finished.empty()); // the host learnt it from revoke()'s answer
    CHECK_FALSE(f.turns.may_write());
    CHECK_THROWS_AS(counter.increment(), orm::DatabaseError);
    CHECK_FALSE(f.turns.revoke()); // nothing to end
}

TEST_CASE("no turn is granted or asked for while no database is open") {
    Fixture f;
    f.database.close();
    f.turns.reset();
    CHECK_FALSE(f.turns.may_write());
    CHECK(f.requests == 0);
    CHECK_FALSE(f.turns.grant());
}

TEST_CASE("the host's own work under the lock may write, and says whether it did") {
    Fixture f;
    CHECK_FALSE(f.turns.run_writable([] {}));
    CHECK(f.turns.run_writable([&] { test_support::Tally(*f.database.database()).increment(); }));
    CHECK_THROWS_AS(test_support::Tally(*f.database.database()).increment(), orm::DatabaseError);
    CHECK_THROWS_AS(f.turns.run_writable([] { throw orm::UsageError("boom"); }), orm::UsageError);
    CHECK_FALSE(f.database.writable()); // refused again after an exception too
}

TEST_CASE("the turn's state is kept here alone, for the browser host to read") {
    using platform::host_codes::TurnState;
    Fixture f;
    CHECK(f.turns.state() == TurnState::Idle);
    f.turns.may_write();
    CHECK(f.turns.state() == TurnState::Wanted);
    REQUIRE(f.turns.grant());
    CHECK(f.turns.state() == TurnState::Active);
    f.turns.end_frame();
    CHECK(f.turns.state() == TurnState::Idle);

    SUBCASE("a request made before the database is reopened is granted on the reopened copy") {
        f.turns.may_write();
        f.database.close();
        f.turns.reset();
        CHECK(f.turns.state() == TurnState::Wanted);
        REQUIRE(f.database.open(f.database.path()));
        CHECK(f.turns.grant());
        CHECK(f.turns.state() == TurnState::Active);
        CHECK(f.requests == 2); // asked once, not again because of the reopen
    }
    SUBCASE("a request the host cannot grant (no database) is dropped, so the host does not spin") {
        f.turns.may_write();
        f.database.close();
        f.turns.reset();
        CHECK_FALSE(f.turns.grant());
        CHECK(f.turns.state() == TurnState::Idle);
    }
}
