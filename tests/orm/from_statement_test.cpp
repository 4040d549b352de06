// from_statement: objects from hand-written SQL, through the identity map.
#include "orm/tutorial_models.h"

#include <doctest/doctest.h>

using namespace tutorial;

namespace {
struct Fixture {
    orm::Database db{":memory:"};
    orm::Session session{db};
    std::shared_ptr<User> peter;
    Fixture() {
        tutorial::metadata().create_all(db);
        peter = session.add(User{.username = "peter", .user_email = "peter@example.org", .user_password = "p"});
        session.add(User{.username = "paul", .user_email = "paul@example.org", .user_password = "q"});
        session.add(User{.username = "mary", .user_email = "mary@example.org", .user_password = "r"});
        session.commit();
    }
};
} // namespace

TEST_CASE_FIXTURE(Fixture, "rows load by column name, into the objects the session holds") {
    auto found =
        session.query<User>()
            .from_statement(
                "SELECT user_password, username, id, user_email FROM user WHERE username LIKE ? ORDER BY username",
                {"p%"})
            .all();
    REQUIRE(found.size() == 2);
    CHECK(found[0]->username == "paul");
    CHECK(found[1] == peter); // the identity map's object
    orm::Session fresh(db);
    auto mary = fresh.query<User>()
                    .from_statement("SELECT * FROM user WHERE username = :name")
                    .params({{"name", "mary"}})
                    .one();
    CHECK(mary->user_email == "mary@example.org");
    CHECK(fresh.get<User>(mary->id) == mary);
    CHECK(fresh.query<User>()
              .from_statement("SELECT * FROM user WHERE id > ?;  ", {orm::Value(std::int64_t{100})})
              .first() == nullptr);
    CHECK_THROWS_AS(fresh.query<User>().from_statement("SELECT * FROM user").one_or_none(), orm::MultipleResultsError);
}

TEST_CASE_FIXTURE(Fixture, "pending changes are flushed first, and values stay values") {
    peter->user_email = "new@example.org";
    CHECK(session.query<User>().from_statement("SELECT * FROM user WHERE user_email = ?", {"new@example.org"}).one() ==
          peter);
    CHECK(
        session.query<User>().from_statement("SELECT * FROM user WHERE username = ?", {"x' OR '1'='1"}).all().empty());
}

TEST_CASE_FIXTURE(Fixture, "a statement that cannot give the model's rows is refused with a clear error") {
    auto q = session.query<User>();
    CHECK_THROWS_WITH_AS(q.from_statement("SELECT id, username FROM user").all(),
                         doctest::Contains("user_email, user_password"), orm::UsageError);
    CHECK_THROWS_WITH_AS(q.from_statement("SELECT * FROM user; DELETE FROM user").all(),
                         doctest::Contains("one statement"), orm::UsageError);
    CHECK_THROWS_WITH_AS(q.from_statement("DELETE FROM user RETURNING *").all(), doctest::Contains("must be a SELECT"),
                         orm::UsageError);
    CHECK_THROWS_AS(q.from_statement("SELECT * FROM nowhere").all(), orm::DatabaseError);
    CHECK_THROWS_WITH_AS(q.from_statement("SELECT * FROM user WHERE id = :id").params({{"name", "x"}}).all(),
                         doctest::Contains("no parameter :name"), orm::UsageError);
    CHECK_THROWS_WITH_AS(q.from_statement("SELECT * FROM user WHERE id = ?").all(),
                         doctest::Contains("1 parameter(s); 0 value(s)"), orm::UsageError);
    CHECK(session.query<User>().count() == 3); // the DELETE never ran
}

TEST_CASE_FIXTURE(Fixture, "a trailing comment does not break the statement") {
    CHECK(session.query<User>().from_statement("SELECT * FROM user -- every user").all().size() == 3);
}
