// session.merge(): an object's state copied onto the one the session holds (or loads, or adds) for its
// primary key, the identity map's object returned.
#include "orm/quickstart_models.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace quickstart;

namespace {
struct Fixture : QuickstartDatabase {
    Fixture() {
        orm::Session setup(db);
        fill(setup);
    }
    std::int64_t id_of(const char* name) {
        auto s = db.prepare("SELECT id FROM user_account WHERE name = ?");
        s->bind(1, name);
        REQUIRE(s->step());
        return s->get_int64(0);
    }
    std::string fullname_in_database(std::int64_t id) {
        auto s = db.prepare("SELECT coalesce(fullname, 'NULL') FROM user_account WHERE id = ?");
        s->bind(1, id);
        REQUIRE(s->step());
        return s->get_text(0);
    }
};
} // namespace

TEST_CASE_FIXTURE(
    Fixture, "merge() of a detached object copies its state onto the held one and returns the identity map's object") {
    std::shared_ptr<User> detached;
    {
        orm::Session earlier(db);
        detached = earlier.query<User>().filter_by(&User::name, "sandy").one();
    }
    detached->fullname = "Sandy (edited offline)";
    orm::Session session(db);
    auto held = session.get<User>(detached->id);
    auto merged = session.merge(detached);
    CHECK(merged == held); // the object the session already held, not a copy and not the detached one
    CHECK_FALSE(session.contains(detached));
    CHECK(merged->fullname == std::optional<std::string>("Sandy (edited offline)"));
    CHECK(session.is_modified(merged));
    session.commit();
    CHECK(fullname_in_database(detached->id) == "Sandy (edited offline)");
}

TEST_CASE_FIXTURE(Fixture, "merge() loads the row by id when the session does not hold it") {
    orm::Session session(db);
    User edit{.id = id_of("patrick"), .name = "patrick", .fullname = std::nullopt};
    std::vector<std::string> statements;
    db.set_statement_listener([&](std::string_view sql) { statements.emplace_back(sql); });
    auto merged = session.merge(edit);
    db.set_statement_listener({});
    REQUIRE(statements.size() == 1); // one SELECT by primary key
    CHECK(statements[0].rfind("SELECT", 0) == 0);
    CHECK(merged == session.get<User>(edit.id));
    CHECK(merged->fullname == std::nullopt);
    CHECK(edit.fullname == std::nullopt); // the given object is left alone
    session.commit();
    CHECK(fullname_in_database(edit.id) == "NULL");
}

TEST_CASE_FIXTURE(Fixture, "merge() of an object without a row adds a new pending object with its values") {
    orm::Session session(db);
    User gary{.name = "gary", .fullname = "Gary the Snail"};
    auto merged = session.merge(gary);
    CHECK(session.contains(merged));
    CHECK(session.is_modified(merged)); // pending
    session.commit();
    CHECK(merged->id != 0);
    CHECK(gary.id == 0);
    CHECK(fullname_in_database(merged->id) == "Gary the Snail");

    auto kept_id = session.merge(
        User{.id = 500, .name = "larry", .fullname = std::nullopt}); // an id with no row: inserted with that id
    session.commit();
    CHECK(kept_id->id == 500);
    CHECK(orm::Session(db).get<User>(500)->name == "larry");
}

TEST_CASE_FIXTURE(Fixture, "merge() of an object the session holds returns it; of one marked for deletion is refused") {
    orm::Session session(db);
    auto sandy = session.query<User>().filter_by(&User::name, "sandy").one();
    CHECK(session.merge(sandy) == sandy);
    auto patrick = session.query<User>().filter_by(&User::name, "patrick").one();
    User copy{.id = patrick->id, .name = "patrick", .fullname = std::nullopt};
    session.remove(patrick);
    CHECK_THROWS_AS(session.merge(copy), orm::UsageError);
}
