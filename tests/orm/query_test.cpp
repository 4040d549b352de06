#include "orm/tutorial_models.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace tutorial;
using orm::col;

namespace {
struct Fixture {
    orm::Database db{":memory:"};
    orm::Session session{db};
    Fixture() {
        tutorial::metadata().create_all(db);
        const char* names[] = {"alice", "bob", "carol", "dave", "eve", "Frank", "grace", "heidi", "ivan", "judy"};
        int rank = 0;
        for (const char* name : names) {
            Gadget g;
            g.name = name;
            g.rank = rank++;
            g.weight = rank * 1.5;
            g.active = rank % 2 == 0;
            if (rank % 3 == 0) g.notes = std::string("note ") + name;
            g.created_at = orm::parse_datetime("2024-01-01 00:00:00");
            session.add(g);
        }
        session.commit();
    }
    std::vector<std::string> names(const std::vector<std::shared_ptr<Gadget>>& gadgets) {
        std::vector<std::string> out;
        for (const auto& g : gadgets) out.push_back(g->name);
        return out;
    }
};
using Names = std::vector<std::string>;
} // namespace

TEST_CASE_FIXTURE(Fixture, "comparison operators") {
    CHECK(session.query<Gadget>().filter(col(&Gadget::rank) == 2).count() == 1);
    CHECK(session.query<Gadget>().filter(col(&Gadget::rank) != 2).count() == 9);
    CHECK(session.query<Gadget>().filter(col(&Gadget::rank) < 2).count() == 2);
    CHECK(session.query<Gadget>().filter(col(&Gadget::rank) <= 2).count() == 3);
    CHECK(session.query<Gadget>().filter(col(&Gadget::rank) > 7).count() == 2);
    CHECK(session.query<Gadget>().filter(col(&Gadget::rank) >= 7).count() == 3);
    CHECK(session.query<Gadget>().filter(col(&Gadget::name) == "carol").one()->rank == 2);
    CHECK(session.query<Gadget>().filter(col(&Gadget::active) == true).count() == 5);
}

TEST_CASE_FIXTURE(Fixture, "and, or, not") {
    auto q = session.query<Gadget>().filter((col(&Gadget::rank) < 2 || col(&Gadget::rank) > 8) && !(col(&Gadget::name) == "judy"));
    CHECK(names(q.order_by(&Gadget::rank).all()) == Names{"alice", "bob"});
}

TEST_CASE_FIXTURE(Fixture, "like, ilike, in, between, is_null") {
    CHECK(session.query<Gadget>().filter(col(&Gadget::name).like("%a%")).count() == 6); // alice carol dave Frank grace ivan
    CHECK(session.query<Gadget>().filter(col(&Gadget::name).like("f%")).count() == 1);   // SQLite LIKE ignores ASCII case
    CHECK(session.query<Gadget>().filter(col(&Gadget::name).ilike("FRANK")).count() == 1);
    CHECK(session.query<Gadget>().filter(col(&Gadget::name).like("100\\%")).count() == 0); // escaped wildcard
    CHECK(session.query<Gadget>().filter(col(&Gadget::name).in({"bob", "eve", "nobody"})).count() == 2);
    CHECK(session.query<Gadget>().filter(col(&Gadget::name).in(std::vector<std::string>{})).count() == 0);
    CHECK(session.query<Gadget>().filter(col(&Gadget::rank).between(3, 5)).count() == 3);
    CHECK(session.query<Gadget>().filter(col(&Gadget::notes).is_null()).count() == 7);
    CHECK(session.query<Gadget>().filter(col(&Gadget::notes).is_not_null()).count() == 3);
    CHECK(session.query<Gadget>().filter(col(&Gadget::notes) == "note carol").count() == 1);
}

TEST_CASE_FIXTURE(Fixture, "order_by with several keys, limit and offset") {
    auto ordered = session.query<Gadget>().order_by(orm::desc(&Gadget::active), orm::asc(&Gadget::rank)).limit(3).offset(1).all();
    CHECK(names(ordered) == Names{"dave", "Frank", "heidi"}); // active: bob dave Frank heidi judy
    CHECK(names(session.query<Gadget>().order_by(orm::desc(&Gadget::rank)).limit(2).all()) == Names{"judy", "ivan"});
    CHECK(session.query<Gadget>().offset(8).all().size() == 2);
}

TEST_CASE_FIXTURE(Fixture, "first, one, one_or_none, get, count, exists") {
    CHECK(session.query<Gadget>().order_by(&Gadget::rank).first()->name == "alice");
    CHECK(session.query<Gadget>().filter(col(&Gadget::rank) > 100).first() == nullptr);
    CHECK_THROWS_AS(session.query<Gadget>().filter(col(&Gadget::rank) > 100).one(), orm::NoResultError);
    CHECK_THROWS_AS(session.query<Gadget>().one(), orm::MultipleResultsError);
    CHECK_THROWS_AS(session.query<Gadget>().one_or_none(), orm::MultipleResultsError);
    CHECK(session.query<Gadget>().filter_by(&Gadget::name, "zed").one_or_none() == nullptr);
    CHECK(session.get<Gadget>(12345) == nullptr);
    CHECK(session.query<Gadget>().count() == 10);
    CHECK(session.query<Gadget>().limit(4).count() == 4);
    CHECK(session.query<Gadget>().filter_by(&Gadget::name, "eve").exists());
    CHECK_FALSE(session.query<Gadget>().filter_by(&Gadget::name, "zed").exists());
}

TEST_CASE_FIXTURE(Fixture, "paginate returns the page, the total and the page count") {
    auto page = session.query<Gadget>().order_by(&Gadget::rank).paginate(3, 4);
    CHECK(page.total == 10);
    CHECK(page.pages() == 3);
    CHECK(names(page.items) == Names{"ivan", "judy"});
    CHECK(session.query<Gadget>().paginate(9, 4).items.empty());
    CHECK_THROWS_AS(session.query<Gadget>().paginate(0, 4), orm::UsageError);
}

TEST_CASE_FIXTURE(Fixture, "selecting some columns returns typed tuples") {
    auto rows = session.query<Gadget>().filter(col(&Gadget::rank) < 2).order_by(&Gadget::rank).columns(&Gadget::rank, &Gadget::name, &Gadget::notes);
    REQUIRE(rows.size() == 2);
    CHECK(std::get<0>(rows[1]) == 1);
    CHECK(std::get<1>(rows[1]) == "bob");
    CHECK_FALSE(std::get<2>(rows[1]).has_value());
}

TEST_CASE_FIXTURE(Fixture, "for_each streams rows without holding them in the session") {
    orm::Session fresh(db);
    std::vector<std::string> seen;
    fresh.query<Gadget>().order_by(&Gadget::rank).for_each([&](const Gadget& g) { seen.push_back(g.name); });
    CHECK(seen.size() == 10);
    CHECK(seen.front() == "alice");
    CHECK(fresh.size() == 0);
}

TEST_CASE_FIXTURE(Fixture, "queries autoflush: pending changes are visible to them") {
    auto g = session.query<Gadget>().filter_by(&Gadget::name, "alice").one();
    g->rank = 100;
    CHECK(session.query<Gadget>().filter(col(&Gadget::rank) == 100).count() == 1);
    Gadget extra;
    extra.name = "zed";
    session.add(extra);
    CHECK(session.query<Gadget>().count() == 11);
    session.rollback();
    CHECK(session.query<Gadget>().count() == 10);
    CHECK(g->rank == 0);
}

TEST_CASE_FIXTURE(Fixture, "hostile values stay values") {
    CHECK(session.query<Gadget>().filter_by(&Gadget::name, "x' OR '1'='1").count() == 0);
    CHECK(session.query<Gadget>().filter(col(&Gadget::name).like("%' OR 1=1 --")).count() == 0);
}

// Comparing a column with a value of the wrong type does not compile:
template <class V> concept ComparableWithRank = requires(V v) { orm::col(&Gadget::rank) == v; };
template <class V> concept ComparableWithName = requires(V v) { orm::col(&Gadget::name) == v; };
static_assert(ComparableWithRank<int>);
static_assert(!ComparableWithRank<const char*>);
static_assert(!ComparableWithRank<std::string>);
static_assert(ComparableWithName<const char*>);
static_assert(!ComparableWithName<int>);
