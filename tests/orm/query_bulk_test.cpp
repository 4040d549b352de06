// Query-level UPDATE and DELETE (SQLAlchemy's query.update()/query.delete() with synchronize_session):
// one statement, the row count, and the session's objects kept coherent (and restored by rollback()).
#include "orm/quickstart_models.h"
#include "orm/tutorial_models.h"

#include <doctest/doctest.h>

#include <string>
#include <type_traits>
#include <vector>

using namespace quickstart;
using orm::col;
namespace func = orm::func;

namespace {
struct Fixture : QuickstartDatabase {
    orm::Session session{db};
    std::vector<std::string> statements;
    Fixture() {
        fill(session);
        db.set_statement_listener([this](std::string_view sql) { statements.emplace_back(sql); });
    }
    ~Fixture() { db.set_statement_listener({}); } // the session's ROLLBACK at its end is not recorded
    std::string fullname_in_database(const char* name) {
        auto s = db.prepare("SELECT coalesce(fullname, 'NULL') FROM user_account WHERE name = ?");
        s->bind(1, name);
        REQUIRE(s->step());
        return s->get_text(0);
    }
    std::int64_t rows(const char* sql) {
        auto s = db.prepare(sql);
        REQUIRE(s->step());
        return s->get_int64(0);
    }
};

// An assignment names a column of the query's model with a value of its type; nothing else compiles.
static_assert(std::is_constructible_v<orm::Assignment<User>, std::string User::*, const char*>);
static_assert(std::is_constructible_v<orm::Assignment<User>, std::optional<std::string> User::*, std::nullopt_t>);
static_assert(!std::is_constructible_v<orm::Assignment<User>, std::string Address::*, const char*>);
static_assert(!std::is_constructible_v<orm::Assignment<User>, std::string User::*, int>);
static_assert(!std::is_constructible_v<orm::Assignment<User>, std::string User::*, std::nullopt_t>);
static_assert(!std::is_constructible_v<orm::Assignment<User>, std::string User::*, orm::Col<Address, std::string>>);
// A column that may be NULL does not go into a NOT NULL member.
static_assert(!std::is_constructible_v<orm::Assignment<User>, std::string User::*,
                                       orm::ColumnExpr<std::optional<std::string>, orm::Models<User>>>);
} // namespace

TEST_CASE_FIXTURE(Fixture, "update() is one UPDATE; held objects take the new values and are not 'modified'") {
    auto sandy = session.query<User>().filter_by(&User::name, "sandy").one();
    auto spongebob = session.query<User>().filter_by(&User::name, "spongebob").one();
    auto patrick = session.query<User>().filter_by(&User::name, "patrick").one();
    statements.clear();
    const auto matched =
        session.query<User>().filter(col(&User::name).startswith("s")).update({{&User::fullname, "S. Someone"}});
    CHECK(matched == 3);             // spongebob, sandy, squidward
    REQUIRE(statements.size() == 2); // the session's transaction begins, one UPDATE … RETURNING
    CHECK(statements[0] == "BEGIN IMMEDIATE");
    CHECK(statements[1].rfind("UPDATE \"user_account\" SET \"fullname\" = ?", 0) == 0);
    CHECK(sandy->fullname == "S. Someone");
    CHECK(spongebob->fullname == "S. Someone");
    CHECK(patrick->fullname == "Patrick Star"); // not matched
    CHECK_FALSE(session.is_modified(sandy));    // the new value is the loaded state
    CHECK(fullname_in_database("squidward") == "S. Someone");
    statements.clear();
    session.commit();
    CHECK(statements.size() == 1); // COMMIT only: nothing left to flush
    CHECK(session.get<User>(sandy->id) == sandy);
    CHECK(sandy->fullname == "S. Someone");
}

TEST_CASE_FIXTURE(Fixture, "update() with SQL values: a function of the row's own columns, NULL, several columns") {
    auto squidward = session.query<User>().filter_by(&User::name, "squidward").one();
    auto sandy = session.query<User>().filter_by(&User::name, "sandy").one();
    CHECK(session.query<User>()
              .filter(col(&User::fullname) == std::nullopt)
              .update({{&User::fullname, func::upper(&User::name)}}) == 1);
    CHECK(squidward->fullname == "SQUIDWARD"); // computed by SQLite, read back through RETURNING
    CHECK(session.query<User>()
              .filter_by(&User::name, "sandy")
              .update({{&User::fullname, std::nullopt}, {&User::name, "sandra"}}) == 1);
    CHECK(sandy->fullname == std::nullopt);
    CHECK(sandy->name == "sandra");
    CHECK(session.query<User>().filter_by(&User::name, "sandra").one() == sandy);
}

TEST_CASE("update() with arithmetic on numeric columns: rank + 1, weight * 2") {
    orm::Database db(":memory:");
    tutorial::metadata().create_all(db);
    orm::Session session(db);
    auto gadget = [&](const char* name, double weight, int rank) {
        tutorial::Gadget g;
        g.name = name;
        g.weight = weight;
        g.rank = rank;
        return session.add(std::move(g));
    };
    auto a = gadget("a", 1.5, 1);
    auto b = gadget("b", 2.0, 5);
    session.commit();
    CHECK(session.query<tutorial::Gadget>()
              .filter(col(&tutorial::Gadget::rank) < 3)
              .update({{&tutorial::Gadget::rank, col(&tutorial::Gadget::rank) + 1},
                       {&tutorial::Gadget::weight, col(&tutorial::Gadget::weight) * 2}}) == 1);
    CHECK(a->rank == 2);
    CHECK(a->weight == 3.0);
    CHECK(b->rank == 5);
    CHECK(session.query<tutorial::Gadget>().update({{&tutorial::Gadget::rank, col(&tutorial::Gadget::rank) - 2}}) == 2);
    CHECK(a->rank == 0);
    CHECK(b->rank == 3);
}

TEST_CASE_FIXTURE(Fixture, "update() autoflushes first, so its WHERE sees what the session was told") {
    auto patrick = session.query<User>().filter_by(&User::name, "patrick").one();
    patrick->name = "patrick star"; // in memory only
    CHECK(session.query<User>().filter(col(&User::name).contains(" ")).update({{&User::fullname, "has a space"}}) == 1);
    CHECK(patrick->fullname == "has a space");
    CHECK_FALSE(session.is_modified(patrick));
}

TEST_CASE_FIXTURE(Fixture, "Synchronize::None leaves held objects as they were until they are expired") {
    auto sandy = session.query<User>().filter_by(&User::name, "sandy").one();
    CHECK(session.query<User>()
              .filter_by(&User::name, "sandy")
              .update({{&User::fullname, "Sandy C."}}, orm::Synchronize::None) == 1);
    CHECK(sandy->fullname == "Sandy Cheeks"); // stale, as SQLAlchemy's synchronize_session=False leaves it
    CHECK(fullname_in_database("sandy") == "Sandy C.");
    session.commit(); // expire_on_commit
    CHECK(session.get<User>(sandy->id)->fullname == "Sandy C.");
}

TEST_CASE_FIXTURE(Fixture, "rollback() after a bulk update puts the rows and the held objects back") {
    auto sandy = session.query<User>().filter_by(&User::name, "sandy").one();
    session.query<User>().update({{&User::fullname, "everyone"}});
    CHECK(sandy->fullname == "everyone");
    session.rollback();
    CHECK(fullname_in_database("sandy") == "Sandy Cheeks");
    CHECK(sandy->fullname == "Sandy Cheeks");
    CHECK(session.get<User>(sandy->id) == sandy);
}

TEST_CASE_FIXTURE(Fixture, "update() through a join changes only the rows of the query's model that match") {
    auto sandy_addresses = session.query<Address>().join(&Address::user).filter(col(&User::name) == "sandy").all();
    REQUIRE(sandy_addresses.size() == 2);
    CHECK(session.query<Address>()
              .join(&Address::user)
              .filter(col(&User::name) == "sandy")
              .update({{&Address::email_address, "sandy@example.org"}}) == 2);
    for (const auto& a : sandy_addresses)
        CHECK(a->email_address == "sandy@example.org");
    CHECK(rows("SELECT count(*) FROM address WHERE email_address = 'sandy@example.org'") == 2);
    // A limit selects the rows to change too (SQLite's UPDATE has no LIMIT of its own here).
    CHECK(session.query<User>().order_by(&User::id).limit(1).update({{&User::fullname, "first"}}) == 1);
    CHECK(fullname_in_database("spongebob") == "first");
}

TEST_CASE_FIXTURE(Fixture, "a bulk update of a foreign key moves objects between loaded relationships") {
    auto sandy = session.query<User>().filter_by(&User::name, "sandy").one();
    auto patrick = session.query<User>().filter_by(&User::name, "patrick").one();
    REQUIRE(sandy->addresses.size() == 2);
    REQUIRE(patrick->addresses.empty());
    CHECK(session.query<Address>()
              .filter(col(&Address::user_id) == sandy->id)
              .update({{&Address::user_id, patrick->id}}) == 2);
    CHECK(sandy->addresses.empty());
    CHECK(patrick->addresses.size() == 2);
    CHECK(patrick->addresses[0]->user.get() == patrick);
}

TEST_CASE_FIXTURE(Fixture, "update() refuses the primary key, a column twice and too long text before any SQL") {
    statements.clear();
    CHECK_THROWS_AS(session.query<User>().update({{&User::id, 7}}), orm::UsageError);
    CHECK_THROWS_AS(session.query<User>().update({{&User::name, "a"}, {&User::name, "b"}}), orm::UsageError);
    CHECK_THROWS_AS(session.query<User>().update({{&User::name, std::string(31, 'x')}}), orm::ValueError);
    CHECK(statements.empty());
    CHECK(session.query<User>().filter_by(&User::name, "nobody").update({{&User::name, "x"}}) == 0);
}

TEST_CASE_FIXTURE(Fixture, "remove() is one DELETE; held objects of deleted rows leave the session") {
    auto sandy = session.query<User>().filter_by(&User::name, "sandy").one();
    REQUIRE(sandy->addresses.size() == 2);
    auto kept = session.query<Address>().filter_by(&Address::email_address, "sandy@sqlalchemy.org").one();
    auto gone = session.query<Address>().filter_by(&Address::email_address, "sandy@squirrelpower.org").one();
    statements.clear();
    CHECK(session.query<Address>().filter(col(&Address::email_address).endswith("@squirrelpower.org")).remove() == 1);
    REQUIRE(statements.size() == 2);
    CHECK(statements[1].rfind("DELETE FROM \"address\"", 0) == 0);
    CHECK_FALSE(session.contains(gone));
    CHECK(session.contains(kept));
    CHECK(session.get<Address>(gone->id) == nullptr);
    // The user's loaded addresses are loaded again: the deleted one is no longer among them.
    REQUIRE(sandy->addresses.size() == 1);
    CHECK(sandy->addresses[0] == kept);
    session.commit();
    CHECK(rows("SELECT count(*) FROM address") == 3);
}

TEST_CASE_FIXTURE(Fixture, "rollback() after a bulk delete brings the rows and the same objects back") {
    auto squidward = session.query<User>().filter_by(&User::name, "squidward").one();
    auto address = squidward->addresses[0];
    CHECK(session.query<Address>().filter_by(&Address::user_id, squidward->id).remove() == 1);
    CHECK(session.query<User>().filter_by(&User::name, "squidward").remove() == 1);
    CHECK_FALSE(session.contains(squidward));
    session.rollback();
    CHECK(session.contains(squidward));
    CHECK(session.get<User>(squidward->id) == squidward);
    CHECK(session.get<Address>(address->id) == address);
    CHECK(rows("SELECT count(*) FROM user_account WHERE name = 'squidward'") == 1);
}

TEST_CASE_FIXTURE(Fixture, "remove() of rows other rows refer to fails whole, and changes nothing") {
    auto sandy = session.query<User>().filter_by(&User::name, "sandy").one();
    CHECK_THROWS_AS(session.query<User>().filter(col(&User::name).startswith("s")).remove(), orm::ConstraintError);
    CHECK(session.contains(sandy));
    CHECK(rows("SELECT count(*) FROM user_account") == 4);
    // Patrick has no address and no article: he can go, and only he.
    CHECK(session.query<User>().filter(!col(&User::addresses).any()).filter_by(&User::name, "patrick").remove() == 1);
    CHECK(rows("SELECT count(*) FROM user_account") == 3);
}
