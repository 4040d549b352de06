// Aggregates (func::count/sum/min/max/avg), group_by, having, distinct and scalar(), as typed tuples.
#include "orm/quickstart_models.h"
#include "orm/tutorial_models.h"

#include <doctest/doctest.h>

#include <string>
#include <tuple>
#include <vector>

using orm::col;
namespace func = orm::func;

namespace {
struct Fixture : quickstart::QuickstartDatabase {
    orm::Session session{db};
    Fixture() { fill(session); }
};

// The tutorial's tables: handlers and their pets, without relationships declared (join<…>() follows the key).
struct PetFixture {
    orm::Database db{":memory:"};
    orm::Session session{db};
    int statements = 0;
    PetFixture() {
        tutorial::metadata().create_all(db);
        const char* handlers[] = {"Ann", "Bo", "Cy"};
        const int pets[] = {3, 0, 2};
        for (int h = 0; h < 3; ++h) {
            auto handler = session.add(tutorial::PetHandler{.handler_name = handlers[h]});
            session.flush();
            for (int p = 0; p < pets[h]; ++p)
                session.add(tutorial::PetCategory{.pet_name = std::string(handlers[h]) + "'s pet " + std::to_string(p),
                                                  .pet_category = p % 2 ? "cat" : "dog",
                                                  .handler_id = handler->handler_id});
        }
        session.commit();
        db.set_statement_listener([this](std::string_view) { ++statements; });
    }
};
template <class Q, class E>
concept Selects = requires(Q q, E e) {
    q.columns(e);
};
} // namespace

using namespace tutorial;

TEST_CASE_FIXTURE(PetFixture, "pets per handler in one statement: outer join, group_by, count") {
    statements = 0;
    auto rows = session.query<PetHandler>()
                    .outerjoin<PetCategory>()
                    .group_by(&PetHandler::handler_id)
                    .order_by(&PetHandler::handler_name)
                    .columns(&PetHandler::handler_name, func::count(&PetCategory::pet_id));
    static_assert(std::is_same_v<decltype(rows)::value_type, std::tuple<std::string, std::int64_t>>);
    CHECK(statements == 1);
    using Row = std::tuple<std::string, std::int64_t>;
    CHECK(rows == std::vector<Row>{{"Ann", 3}, {"Bo", 0}, {"Cy", 2}}); // Bo has no pet: 0, not missing
}

TEST_CASE_FIXTURE(PetFixture, "a correlated scalar subquery: a value per row without a join or GROUP BY") {
    const auto pets = session.query<PetCategory>()
                          .correlate<PetHandler>()
                          .filter(col(&PetCategory::handler_id) == col(&PetHandler::handler_id))
                          .scalar_subquery(func::count());
    const auto first_pet = session.query<PetCategory>()
                               .correlate<PetHandler>()
                               .filter(col(&PetCategory::handler_id) == col(&PetHandler::handler_id))
                               .order_by(&PetCategory::pet_name)
                               .scalar_subquery(&PetCategory::pet_name);
    static_assert(std::is_same_v<decltype(pets), const orm::ColumnExpr<std::int64_t, orm::Models<PetHandler>, true>>);
    static_assert(std::is_same_v<decltype(first_pet)::value_type, std::optional<std::string>>, "no pet: NULL");
    statements = 0;
    auto rows = session.query<PetHandler>()
                    .order_by(&PetHandler::handler_name)
                    .limit(2)
                    .offset(1)
                    .columns(&PetHandler::handler_name, pets, first_pet);
    CHECK(statements == 1);
    using Row = std::tuple<std::string, std::int64_t, std::optional<std::string>>;
    CHECK(rows == std::vector<Row>{{"Bo", 0, std::nullopt}, {"Cy", 2, "Cy's pet 0"}});
    // As a filter: handlers with more than one pet.
    CHECK(session.query<PetHandler>().filter(pets > 1).count() == 2);
    // It names PetHandler: a query without that model does not take it.
    static_assert(!Selects<orm::Query<PetCategory>, decltype(pets)>);
    static_assert(Selects<orm::Query<PetHandler>, decltype(pets)>);
}

TEST_CASE_FIXTURE(PetFixture, "having filters the groups; order by an aggregate") {
    auto busy = session.query<PetHandler>()
                    .join<PetCategory>()
                    .group_by(&PetHandler::handler_id)
                    .having(func::count() >= 2)
                    .order_by(orm::desc(func::count()))
                    .columns(&PetHandler::handler_name, func::count());
    REQUIRE(busy.size() == 2);
    CHECK(std::get<0>(busy[0]) == "Ann");
    CHECK(std::get<0>(busy[1]) == "Cy");
    // count() on a grouped query counts the groups.
    CHECK(session.query<PetHandler>()
              .join<PetCategory>()
              .group_by(&PetHandler::handler_id)
              .having(func::count() > 2)
              .count() == 1);
}

TEST_CASE_FIXTURE(PetFixture, "group by a text column; distinct") {
    auto kinds = session.query<PetCategory>()
                     .group_by(&PetCategory::pet_category)
                     .order_by(&PetCategory::pet_category)
                     .columns(&PetCategory::pet_category, func::count());
    using Row = std::tuple<std::string, std::int64_t>;
    CHECK(kinds == std::vector<Row>{{"cat", 2}, {"dog", 3}});
    auto distinct = session.query<PetCategory>()
                        .distinct()
                        .order_by(&PetCategory::pet_category)
                        .columns(&PetCategory::pet_category);
    CHECK(distinct.size() == 2);
    CHECK(session.query<PetCategory>().scalar(func::count_distinct(&PetCategory::pet_category)) == 2);
}

TEST_CASE("sum, min, max, avg are NULL over no rows, and typed accordingly") {
    orm::Database db(":memory:");
    tutorial::metadata().create_all(db);
    orm::Session session(db);
    for (int rank : {3, 5, 10}) {
        Gadget g;
        g.name = "g" + std::to_string(rank);
        g.rank = rank;
        g.weight = rank / 2.0;
        g.created_at = orm::parse_datetime("2024-01-0" + std::to_string(rank % 9 + 1) + " 00:00:00");
        session.add(g);
    }
    session.commit();
    auto rows = session.query<Gadget>().columns(func::sum(&Gadget::rank), func::min(&Gadget::rank),
                                                func::max(&Gadget::created_at), func::avg(&Gadget::rank),
                                                func::sum(&Gadget::weight), func::count());
    static_assert(
        std::is_same_v<decltype(rows)::value_type,
                       std::tuple<std::optional<std::int64_t>, std::optional<int>, std::optional<orm::Timestamp>,
                                  std::optional<double>, std::optional<double>, std::int64_t>>);
    REQUIRE(rows.size() == 1);
    const auto& [total, lowest, latest, mean, weight, count] = rows[0];
    CHECK(total == 18);
    CHECK(lowest == 3);
    CHECK(latest == orm::parse_datetime("2024-01-06 00:00:00"));
    CHECK(*mean == doctest::Approx(6.0));
    CHECK(*weight == doctest::Approx(9.0));
    CHECK(count == 3);

    auto none = session.query<Gadget>()
                    .filter(col(&Gadget::rank) > 100)
                    .columns(func::sum(&Gadget::rank), func::max(&Gadget::name), func::count());
    REQUIRE(none.size() == 1);
    CHECK(std::get<0>(none[0]) == std::nullopt);
    CHECK(std::get<1>(none[0]) == std::nullopt);
    CHECK(std::get<2>(none[0]) == 0);
    CHECK(
        session.query<Gadget>().filter(col(&Gadget::rank) > 100).scalar(func::coalesce(func::sum(&Gadget::rank), 0)) ==
        0);
    CHECK(session.query<Gadget>().scalar(func::max(&Gadget::id)) ==
          session.query<Gadget>().order_by(orm::desc(&Gadget::id)).first()->id);
    CHECK_THROWS_AS(session.query<Gadget>().filter(col(&Gadget::rank) > 100).scalar(&Gadget::name), orm::NoResultError);
}

TEST_CASE("SQL functions in filters and ordering: lower, upper, length") {
    orm::Database db(":memory:");
    tutorial::metadata().create_all(db);
    orm::Session session(db);
    for (const char* name : {"Zed", "amy", "Bob"})
        session.add(User{.username = name, .user_email = std::string(name) + "@Example.org", .user_password = "x"});
    session.commit();
    auto sorted = session.query<User>().order_by(func::lower(&User::username)).columns(&User::username);
    CHECK(std::get<0>(sorted[0]) == "amy");
    CHECK(std::get<0>(sorted[1]) == "Bob");
    CHECK(session.query<User>().filter(func::lower(&User::user_email) == "zed@example.org").one()->username == "Zed");
    CHECK(session.query<User>().filter(func::length(&User::username) == 3).count() == 3);
    CHECK(
        std::get<0>(session.query<User>().filter_by(&User::username, "amy").columns(func::upper(&User::username))[0]) ==
        "AMY");
}

TEST_CASE_FIXTURE(Fixture, "aggregates over a join of the Quick Start's models") {
    auto per_user = session.query<quickstart::User>()
                        .outerjoin(&quickstart::User::addresses)
                        .group_by(&quickstart::User::id)
                        .having(func::count(&quickstart::Address::id) != 1)
                        .order_by(&quickstart::User::name)
                        .columns(&quickstart::User::name, func::count(&quickstart::Address::id),
                                 func::max(&quickstart::Address::email_address));
    static_assert(std::is_same_v<decltype(per_user)::value_type,
                                 std::tuple<std::string, std::int64_t, std::optional<std::string>>>);
    REQUIRE(per_user.size() == 2);
    CHECK(per_user[0] == std::tuple<std::string, std::int64_t, std::optional<std::string>>{"patrick", 0, std::nullopt});
    CHECK(per_user[1] ==
          std::tuple<std::string, std::int64_t, std::optional<std::string>>{"sandy", 2, "sandy@squirrelpower.org"});
    // Keywords by how many articles use them, through the association table.
    auto uses = session.query<quickstart::Keyword>()
                    .outerjoin(&quickstart::Keyword::articles)
                    .group_by(&quickstart::Keyword::id)
                    .order_by(orm::desc(func::count(&quickstart::Article::id)), &quickstart::Keyword::word)
                    .columns(&quickstart::Keyword::word, func::count(&quickstart::Article::id));
    using Row = std::tuple<std::string, std::int64_t>;
    CHECK(uses == std::vector<Row>{{"sea", 2}, {"food", 1}, {"science", 1}, {"unused", 0}});
}

// Aggregates keep the type checks: sum of text, or comparing a count with text, does not compile.
template <class E>
concept Summable = requires(E e) {
    orm::func::sum(e);
};
template <class E, class V>
concept ComparableValue = requires(E e, V v) {
    e == v;
};
static_assert(Summable<decltype(&Gadget::rank)>);
static_assert(Summable<decltype(&Gadget::weight)>);
static_assert(!Summable<decltype(&Gadget::name)>);
static_assert(!ComparableValue<decltype(func::count()), const char*>);
static_assert(ComparableValue<decltype(func::count()), int>);
