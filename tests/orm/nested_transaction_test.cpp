// session.begin_nested() (nested_transaction.h): a SAVEPOINT whose rollback also restores the session's
// objects, and whose commit keeps the work inside the session's transaction.
#include "orm/quickstart_models.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

using namespace quickstart;
using orm::col;

namespace {
struct Fixture : QuickstartDatabase {
    orm::Session session{db};
    Fixture() { fill(session); }
    std::shared_ptr<User> user(const char* name) { return session.query<User>().filter_by(&User::name, name).one(); }
    std::int64_t rows(const std::string& sql) {
        auto s = db.prepare(sql);
        REQUIRE(s->step());
        return s->get_int64(0);
    }
};
} // namespace

TEST_CASE_FIXTURE(
    Fixture,
    "a nested rollback undoes the savepoint's work in the database and in the objects, and keeps the outer work") {
    auto sandy = user("sandy");
    auto patrick = user("patrick");
    auto squidward = user("squidward");
    sandy->fullname = "Sandy (outer)"; // before the savepoint: flushed by begin_nested, kept
    std::vector<std::string> statements;
    db.set_statement_listener([&](std::string_view sql) { statements.emplace_back(sql); });
    {
        auto nested = session.begin_nested();
        CHECK(nested.is_active());
        auto gary = session.add(User{.name = "gary", .fullname = std::nullopt});
        session.flush();
        CHECK(gary->id != 0);
        auto plankton = session.add(User{.name = "plankton", .fullname = std::nullopt}); // never flushed
        squidward->fullname = "Changed";
        session.flush();
        squidward->name = "not flushed";
        session.remove(patrick);
        session.flush();
        CHECK_FALSE(session.contains(patrick));
        nested.rollback();
        CHECK_FALSE(nested.is_active());

        CHECK(gary->id == 0); // inserted inside: detached, a new object again
        CHECK_FALSE(session.contains(gary));
        CHECK_FALSE(session.contains(plankton));
        CHECK(squidward->fullname == std::nullopt); // reloaded: flushed and unflushed changes gone
        CHECK(squidward->name == "squidward");
        CHECK(session.contains(patrick));                 // removed inside: back
        CHECK(session.get<User>(patrick->id) == patrick); // the identity map's object, not a copy
    }
    db.set_statement_listener({});
    CHECK(std::any_of(statements.begin(), statements.end(), [](const std::string& sql) {
        return sql.find("ROLLBACK TO orm_savepoint_2") != std::string::npos;
    }));
    CHECK(sandy->fullname == std::optional<std::string>("Sandy (outer)"));
    CHECK(rows("SELECT count(*) FROM user_account WHERE name IN ('gary', 'plankton')") == 0);
    CHECK(rows("SELECT count(*) FROM user_account WHERE name = 'patrick'") == 1);
    session.commit();
    CHECK(rows("SELECT count(*) FROM user_account WHERE fullname = 'Sandy (outer)'") == 1);
    CHECK(rows("SELECT count(*) FROM user_account WHERE fullname = 'Changed'") == 0);
}

TEST_CASE_FIXTURE(Fixture, "leaving the scope without commit() rolls back, exception or not") {
    auto patrick = user("patrick");
    try {
        auto nested = session.begin_nested();
        patrick->fullname = "Thrown";
        session.flush();
        throw std::runtime_error("the caller's own failure");
    } catch (const std::runtime_error&) {
    }
    CHECK(patrick->fullname == std::optional<std::string>("Patrick Star"));
    CHECK(rows("SELECT count(*) FROM user_account WHERE fullname = 'Thrown'") == 0);
}

TEST_CASE_FIXTURE(
    Fixture,
    "a committed savepoint is part of the session's transaction: its commit keeps it, its rollback undoes it") {
    auto patrick = user("patrick");
    {
        auto nested = session.begin_nested();
        patrick->fullname = "Released";
        session.add(User{.name = "gary", .fullname = std::nullopt});
        nested.commit(); // flushes first
        CHECK_FALSE(nested.is_active());
    }
    CHECK(rows("SELECT count(*) FROM user_account WHERE name = 'gary'") == 1);
    session.rollback();
    CHECK(patrick->fullname == std::optional<std::string>("Patrick Star"));
    CHECK(rows("SELECT count(*) FROM user_account WHERE name = 'gary'") == 0);
    {
        auto nested = session.begin_nested();
        session.add(User{.name = "gary", .fullname = std::nullopt});
        nested.commit();
    }
    session.commit();
    CHECK(orm::Session(db).query<User>().filter_by(&User::name, "gary").count() == 1);
}

TEST_CASE_FIXTURE(
    Fixture, "nested inside nested: the inner rollback keeps the outer savepoint's work; the outer one undoes both") {
    auto patrick = user("patrick");
    auto sandy = user("sandy");
    auto outer = session.begin_nested();
    patrick->fullname = "Outer";
    {
        auto inner = session.begin_nested(); // flushes "Outer" into the outer savepoint
        sandy->fullname = "Inner";
        auto gary = session.add(User{.name = "gary", .fullname = std::nullopt});
        session.flush();
        CHECK_THROWS_AS(outer.commit(), orm::UsageError); // the inner one is still open
        inner.rollback();
        CHECK(gary->id == 0);
    }
    CHECK(sandy->fullname == std::optional<std::string>("Sandy Cheeks"));
    CHECK(patrick->fullname == std::optional<std::string>("Outer"));
    CHECK(rows("SELECT count(*) FROM user_account WHERE fullname = 'Outer'") == 1);

    auto inner = session.begin_nested();
    sandy->fullname = "Inner again";
    session.flush();
    outer.rollback(); // rolls back the inner savepoint too
    CHECK_FALSE(inner.is_active());
    CHECK_THROWS_AS(inner.rollback(), orm::UsageError);
    CHECK(patrick->fullname == std::optional<std::string>("Patrick Star"));
    CHECK(sandy->fullname == std::optional<std::string>("Sandy Cheeks"));
    CHECK(rows("SELECT count(*) FROM user_account WHERE fullname IN ('Outer', 'Inner again')") == 0);
}

TEST_CASE_FIXTURE(Fixture, "a nested rollback restores relationships and bulk statements too") {
    auto sandy = user("sandy");
    REQUIRE(sandy->addresses.size() == 2);
    {
        auto nested = session.begin_nested();
        sandy->addresses.push_back(std::make_shared<Address>(Address{.email_address = "sandy@nested.org"}));
        session.flush();
        CHECK(session.query<Address>().filter(col(&Address::email_address).startswith("sandy")).remove() == 3);
        CHECK(session.query<User>().filter_by(&User::name, "patrick").update({{&User::fullname, "Bulk"}}) == 1);
    }
    CHECK(sandy->addresses.size() == 2); // reloaded on access from the savepoint's rows
    CHECK(user("patrick")->fullname == std::optional<std::string>("Patrick Star"));
    CHECK(rows("SELECT count(*) FROM address") == 4);
}

TEST_CASE_FIXTURE(Fixture, "a failed commit() of a savepoint leaves it open with nothing of the failed flush written") {
    auto patrick = user("patrick");
    auto nested = session.begin_nested();
    patrick->fullname = "Kept for now";
    session.flush();
    patrick->name = std::string(31, 'x'); // String(30)
    CHECK_THROWS_AS(nested.commit(), orm::ValueError);
    CHECK(nested.is_active());
    nested.rollback();
    CHECK(patrick->name == "patrick");
    CHECK(patrick->fullname == std::optional<std::string>("Patrick Star"));
}

TEST_CASE_FIXTURE(Fixture,
                  "the session's commit() releases an open savepoint; a guard outliving its session does nothing") {
    auto patrick = user("patrick");
    auto nested = session.begin_nested();
    patrick->fullname = "Committed through the session";
    session.commit();
    CHECK_FALSE(nested.is_active());
    CHECK(rows("SELECT count(*) FROM user_account WHERE fullname = 'Committed through the session'") == 1);
    CHECK_THROWS_AS(nested.commit(), orm::UsageError);

    std::optional<orm::NestedTransaction> orphan;
    {
        orm::Session late(db);
        orphan.emplace(late.begin_nested());
    } // the session rolled its savepoint back with its transaction
    CHECK_FALSE(orphan->is_active());
    CHECK_THROWS_AS(orphan->rollback(), orm::UsageError);
    orphan.reset();
    CHECK_FALSE(db.in_transaction());
}
