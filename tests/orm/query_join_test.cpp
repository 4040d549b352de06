// Joins and filters across relationships: SQLAlchemy's ORM Quick Start "SELECT with JOIN", outer joins,
// any()/has() as EXISTS, related columns as typed tuples, and what must not compile.
#include "orm/quickstart_models.h"

#include <doctest/doctest.h>

#include <set>
#include <string>
#include <vector>

using namespace quickstart;
using orm::col;
namespace func = orm::func;

namespace {
struct Fixture : QuickstartDatabase {
    orm::Session session{db};
    int statements = 0;
    Fixture() {
        fill(session);
        db.set_statement_listener([this](std::string_view) { ++statements; });
    }
    template <class T> static std::set<std::string> emails(const std::vector<std::shared_ptr<T>>& addresses) {
        std::set<std::string> out;
        for (const auto& a : addresses)
            out.insert(a->email_address);
        return out;
    }
};
using Emails = std::set<std::string>;
} // namespace

TEST_CASE_FIXTURE(
    Fixture,
    "join along a many-to-one relationship, filtered on the joined model (the Quick Start's SELECT with JOIN)") {
    auto found = session.query<Address>()
                     .join(&Address::user)
                     .filter(col(&User::name) == "sandy")
                     .filter(col(&Address::email_address) == "sandy@sqlalchemy.org")
                     .all();
    REQUIRE(found.size() == 1);
    CHECK(found[0]->email_address == "sandy@sqlalchemy.org");
    // The identity map's object: the same one get() and a plain query return.
    CHECK(found[0] == session.get<Address>(found[0]->id));
    CHECK(found[0] == session.query<Address>().filter_by(&Address::email_address, "sandy@sqlalchemy.org").one());
    CHECK(found[0]->user->name == "sandy");
}

TEST_CASE_FIXTURE(Fixture, "a join to many returns each object once, and count() counts those objects") {
    auto q =
        session.query<User>().join(&User::addresses).filter(col(&Address::email_address).endswith("@sqlalchemy.org"));
    auto users = q.order_by(&User::id).all();
    REQUIRE(users.size() == 2); // sandy has two such addresses but is one object
    CHECK(users[0]->name == "spongebob");
    CHECK(users[1]->name == "sandy");
    CHECK(q.count() == 2);
    CHECK(session.query<User>().join(&User::addresses).count() == 3); // patrick has no address
    CHECK(session.query<User>().join(&User::addresses).limit(2).all().size() == 2);
    auto page = session.query<User>().join(&User::addresses).order_by(&User::id).paginate(1, 2);
    CHECK(page.total == 3);
    CHECK(page.items.size() == 2);
}

TEST_CASE_FIXTURE(Fixture, "an outer join keeps rows without a match; their columns read as std::optional") {
    auto rows = session.query<User>()
                    .outerjoin(&User::addresses)
                    .order_by(&User::id, &Address::id)
                    .columns(&User::name, &Address::email_address);
    static_assert(std::is_same_v<decltype(rows)::value_type, std::tuple<std::string, std::optional<std::string>>>);
    REQUIRE(rows.size() == 5);
    CHECK(std::get<0>(rows[3]) == "patrick");
    CHECK_FALSE(std::get<1>(rows[3]).has_value());
    CHECK(std::get<1>(rows[1]) == "sandy@sqlalchemy.org");
    // Users without an address: the outer join's NULL side.
    auto lonely = session.query<User>().outerjoin(&User::addresses).filter(col(&Address::id).is_null()).all();
    REQUIRE(lonely.size() == 1);
    CHECK(lonely[0]->name == "patrick");
}

TEST_CASE_FIXTURE(Fixture, "columns over an inner join are typed tuples of both models") {
    auto rows = session.query<Address>()
                    .join(&Address::user)
                    .filter(col(&User::name) != "squidward")
                    .order_by(&Address::email_address)
                    .columns(&User::name, &Address::email_address);
    static_assert(std::is_same_v<decltype(rows)::value_type, std::tuple<std::string, std::string>>);
    REQUIRE(rows.size() == 3);
    CHECK(rows[0] == std::tuple<std::string, std::string>{"sandy", "sandy@sqlalchemy.org"});
    CHECK(rows[2] == std::tuple<std::string, std::string>{"spongebob", "spongebob@sqlalchemy.org"});
    CHECK(session.size() == 8 + 4 + 3); // columns(…) created no objects: the session holds what fill() made
}

TEST_CASE_FIXTURE(Fixture, "join<Model>() follows the foreign key; join<Model>(on) takes the ON condition") {
    auto by_key = session.query<Article>().join<User>().filter(col(&User::name) == "sandy").all();
    REQUIRE(by_key.size() == 1);
    CHECK(by_key[0]->title == "Jellyfish");
    auto by_condition =
        session.query<User>()
            .join<Article>(col(&Article::author_id) == col(&User::id) && col(&Article::title).startswith("Kr"))
            .all();
    REQUIRE(by_condition.size() == 1);
    CHECK(by_condition[0]->name == "spongebob");
    // Untitled has no author: kept by the outer join, its author's name NULL.
    auto titles =
        session.query<Article>().outerjoin<User>().order_by(&Article::id).columns(&Article::title, &User::name);
    REQUIRE(titles.size() == 3);
    CHECK(std::get<1>(titles[2]) == std::nullopt);
}

TEST_CASE_FIXTURE(Fixture, "join<Model>() refuses when no foreign key, or several, link the tables") {
    CHECK_THROWS_WITH_AS(session.query<Address>().join<Keyword>(), doctest::Contains("no foreign key links keyword"),
                         orm::UsageError);
}

TEST_CASE_FIXTURE(Fixture, "a chain of joins, and a many-to-many join through the association table") {
    auto words = session.query<Keyword>()
                     .join(&Keyword::articles)
                     .join<User>()
                     .filter(col(&User::name) == "sandy")
                     .order_by(&Keyword::word)
                     .all();
    REQUIRE(words.size() == 2);
    CHECK(words[0]->word == "science");
    CHECK(words[1]->word == "sea");
    auto sea = session.query<Article>()
                   .join(&Article::keywords)
                   .filter(col(&Keyword::word) == "sea")
                   .order_by(&Article::title)
                   .all();
    REQUIRE(sea.size() == 2);
    CHECK(sea[0]->title == "Jellyfish");
}

TEST_CASE_FIXTURE(Fixture, "any() on a collection and has() on a reference are EXISTS subqueries") {
    auto with_sqlalchemy = session.query<User>()
                               .filter(col(&User::addresses).any(col(&Address::email_address).like("%@sqlalchemy.org")))
                               .order_by(&User::id)
                               .all();
    REQUIRE(with_sqlalchemy.size() == 2);
    CHECK(with_sqlalchemy[0]->name == "spongebob");
    CHECK(with_sqlalchemy[1]->name == "sandy");
    CHECK(session.query<User>().filter(!col(&User::addresses).any()).one()->name == "patrick");
    auto of_sandy = session.query<Address>().filter(col(&Address::user).has(col(&User::name) == "sandy")).all();
    CHECK(emails(of_sandy) == Emails{"sandy@sqlalchemy.org", "sandy@squirrelpower.org"});
    // Many-to-many, and a condition correlated with the outer query's model.
    CHECK(session.query<Keyword>().filter(col(&Keyword::articles).any()).count() == 3);
    CHECK(session.query<Article>().filter(col(&Article::keywords).any(col(&Keyword::word) == "food")).one()->title ==
          "Krabby");
    CHECK(session.query<User>()
              .filter(col(&User::addresses)
                          .any(col(&Address::email_address).startswith("s") && col(&User::name) == "squidward"))
              .count() == 1);
    // The SQL is one statement with a bound value, no join.
    const std::string sql =
        session.query<User>().filter(col(&User::addresses).any(col(&Address::email_address) == "x")).sql();
    CHECK(sql.find("EXISTS (SELECT 1 FROM \"address\" WHERE \"address\".\"user_id\" = \"user_account\".\"id\" AND "
                   "(\"address\".\"email_address\" = ?))") != std::string::npos);
    CHECK(sql.find("JOIN") == std::string::npos);
}

TEST_CASE_FIXTURE(Fixture, "a joined query is one statement, and eager loading still works with it") {
    statements = 0;
    auto users =
        session.query<User>().join(&User::addresses).filter(col(&Address::email_address).contains("sandy")).all();
    CHECK(statements == 1);
    orm::Session fresh(db);
    statements = 0;
    auto loaded = fresh.query<User>()
                      .join(&User::addresses)
                      .options(orm::joined(&User::addresses))
                      .filter(col(&Address::email_address).contains("sandy"))
                      .all();
    REQUIRE(loaded.size() == 1);
    CHECK(loaded[0]->addresses.size() == 2); // the whole collection, not only the joined (filtered) rows
    CHECK(statements == 2);                  // with joins of its own, joined loading runs as selectin
}

TEST_CASE_FIXTURE(Fixture, "type-erased expressions on a model the query does not join fail when the query runs") {
    const orm::Expr erased = col(&User::name) == "sandy";
    CHECK_THROWS_WITH_AS(session.query<Address>().filter(erased).all(),
                         doctest::Contains("names a column of user_account"), orm::UsageError);
    CHECK(session.query<Address>().join(&Address::user).filter(erased).count() == 2);
    const orm::OrderTerm order = orm::desc(&User::name);
    CHECK_THROWS_AS(session.query<Address>().order_by(order).all(), orm::UsageError);
}

// --- What does not compile ----------------------------------------------------------------------------
template <class Q, class E>
concept Filterable = requires(Q q, E e) {
    q.filter(e);
};
template <class Q, class Member>
concept Selectable = requires(Q q, Member m) {
    q.columns(m);
};
template <class Q, class Member>
concept Orderable = requires(Q q, Member m) {
    q.order_by(m);
};
template <class Q, class Rel>
concept Joinable = requires(Q q, Rel r) {
    q.join(r);
};
using AddressQuery = orm::Query<Address>;
using AddressUserQuery = orm::Query<Address, orm::InnerJoin<User>>;
using NameIsSandy = decltype(col(&User::name) == "sandy");
static_assert(!Filterable<AddressQuery, NameIsSandy>, "a column of User without the join that brings User in");
static_assert(Filterable<AddressUserQuery, NameIsSandy>);
static_assert(Filterable<AddressQuery, orm::Expr>, "type-erased: checked when the query runs");
static_assert(!Selectable<AddressQuery, decltype(&User::name)>);
static_assert(Selectable<AddressUserQuery, decltype(&User::name)>);
static_assert(!Selectable<AddressQuery, decltype(func::count(&User::id))>);
static_assert(!Orderable<AddressQuery, decltype(orm::desc(&User::name))>);
static_assert(!Joinable<AddressUserQuery, decltype(&Address::user)>,
              "User is joined already: a second join needs aliases");
static_assert(!Joinable<AddressQuery, decltype(&User::addresses)>,
              "the relationship is on a model the query does not have");
static_assert(std::is_same_v<decltype(std::declval<AddressQuery>().join(&Address::user)), AddressUserQuery>);
static_assert(
    std::is_same_v<decltype(col(&User::addresses).any(col(&Address::email_address) == "x" && col(&User::name) == "y")),
                   orm::Condition<orm::Models<User>>>,
    "any()'s condition on the related model is inside the EXISTS: the outer query needs no join");

TEST_CASE_FIXTURE(Fixture, "from_self: a page of the query, then a join and an aggregate over that page only") {
    auto page = session.query<User>().filter(col(&User::name) != "nobody").order_by(&User::name).limit(2).offset(1);
    auto counted = page.from_self()
                       .outerjoin(&User::addresses)
                       .group_by(&User::id)
                       .columns(&User::name, func::count(&Address::id));
    using Row = std::tuple<std::string, std::int64_t>;
    CHECK(counted == std::vector<Row>{{"sandy", 2}, {"spongebob", 1}}); // in the page's order
    auto users = page.from_self().all();
    REQUIRE(users.size() == 2);
    CHECK(users[0] == session.query<User>().filter_by(&User::name, "sandy").one()); // the identity map's object
    CHECK(page.from_self().count() == 2);
    const std::string sql = page.from_self().outerjoin(&User::addresses).sql();
    CHECK(sql.find("FROM (SELECT \"user_account\".* FROM \"user_account\" WHERE") != std::string::npos);
    CHECK(sql.find("LIMIT ? OFFSET ?) AS \"user_account\" LEFT OUTER JOIN \"address\"") != std::string::npos);
}

TEST_CASE_FIXTURE(Fixture, "for_each_columns streams the typed rows") {
    std::vector<std::string> seen;
    session.query<Address>()
        .join(&Address::user)
        .order_by(&Address::id)
        .for_each_columns([&](const auto& row) { seen.push_back(std::get<0>(row) + " " + std::get<1>(row)); },
                          &User::name, &Address::email_address);
    REQUIRE(seen.size() == 4);
    CHECK(seen[0] == "spongebob spongebob@sqlalchemy.org");
}
