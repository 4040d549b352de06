// Expressions: NULL-aware comparisons with std::optional, LIKE helpers that escape their text
// (SQLAlchemy's autoescape=True), column-to-column comparisons, and the types that refuse to compile.
#include "orm/tutorial_models.h"

#include <doctest/doctest.h>

#include <optional>
#include <string>

using namespace tutorial;
using orm::col;

namespace {
struct Fixture {
    orm::Database db{":memory:"};
    orm::Session session{db};
    Fixture() {
        tutorial::metadata().create_all(db);
        auto add = [&](const char* name, std::optional<std::string> notes, int rank) {
            Gadget g;
            g.name = name;
            g.notes = std::move(notes);
            g.rank = rank;
            session.add(g);
        };
        add("50% off", "sale", 1);
        add("500 off", std::nullopt, 2);
        add("a_b", "x_y", 3);
        add("axb", std::nullopt, 4);
        add("back\\slash", "C:\\dir", 5);
        add("plain", "", 6);
        session.commit();
    }
    std::int64_t count(const orm::Expr& e) { return session.query<Gadget>().filter(e).count(); }
};
} // namespace

TEST_CASE_FIXTURE(Fixture, "== std::nullopt is IS NULL; == an optional is IS (NULL when empty)") {
    CHECK(count(col(&Gadget::notes) == std::nullopt) == 2);
    CHECK(count(col(&Gadget::notes) != std::nullopt) == 4);
    std::optional<std::string> wanted;
    CHECK(count(col(&Gadget::notes) == wanted) == 2); // empty: the NULL rows, not none as "= NULL" would give
    wanted = "sale";
    CHECK(count(col(&Gadget::notes) == wanted) == 1);
    CHECK(count(col(&Gadget::notes) != wanted) == 5); // IS NOT: the NULL rows count as different
    CHECK(count(col(&Gadget::owner_id) == std::optional<std::int64_t>{}) == 6);
    CHECK(count(col(&Gadget::name) == std::optional<std::string>("plain")) == 1);
    CHECK(session.query<Gadget>().filter_by(&Gadget::notes, std::optional<std::string>{}).count() == 2);
}

TEST_CASE_FIXTURE(Fixture, "startswith, endswith, contains match their text literally: % _ and \\ are escaped") {
    CHECK(count(col(&Gadget::name).startswith("50%")) == 1); // not "500 off"
    CHECK(count(col(&Gadget::name).like("50%")) == 2);       // like() keeps the wildcards
    CHECK(count(col(&Gadget::name).contains("_")) == 1);     // not every name
    CHECK(count(col(&Gadget::name).startswith("a_")) == 1);  // not "axb"
    CHECK(count(col(&Gadget::name).endswith("\\slash")) == 1);
    CHECK(count(col(&Gadget::notes).contains("\\")) == 1);
    CHECK(count(col(&Gadget::name).contains("OFF")) == 2); // LIKE ignores ASCII case, as in SQLAlchemy on SQLite
    CHECK(count(col(&Gadget::name).istartswith("PLA")) == 1);
    CHECK(count(col(&Gadget::name).icontains("%")) == 1);
    CHECK(count(col(&Gadget::name).contains("")) == 6);
    CHECK(count(col(&Gadget::name).startswith("' OR 1=1 --")) == 0);
}

TEST_CASE_FIXTURE(Fixture, "a column compared with another column") {
    CHECK(count(col(&Gadget::rank) == col(&Gadget::id)) == 6);
    CHECK(count(col(&Gadget::rank) > col(&Gadget::id)) == 0);
    CHECK(count(orm::func::length(&Gadget::name) > col(&Gadget::rank)) == 3); // 50% off, 500 off, back\\slash
}

// What does not compile.
template <class E, class V>
concept Equatable = requires(E e, V v) {
    e == v;
};
template <class E, class V>
concept Ordered = requires(E e, V v) {
    e < v;
};
template <class E>
concept Prefixable = requires(E e) {
    e.startswith("x");
};
using Notes = orm::Col<Gadget, std::optional<std::string>>;
using Name = orm::Col<Gadget, std::string>;
using Rank = orm::Col<Gadget, int>;
static_assert(Equatable<Notes, std::nullopt_t>);
static_assert(!Equatable<Name, std::nullopt_t>,
              "a NOT NULL column is never NULL: use is_null() for an outer join's side");
static_assert(!Ordered<Notes, std::nullopt_t>);
static_assert(Equatable<Rank, std::optional<int>>);
static_assert(!Equatable<Rank, std::optional<std::string>>);
static_assert(!Ordered<Rank, std::optional<int>>, "NULL has no order: < with an optional is not offered");
static_assert(Equatable<Rank, Rank>);
static_assert(!Equatable<Rank, Name>, "an Integer column compared with a text column");
static_assert(Prefixable<Name> && Prefixable<Notes>);
static_assert(!Prefixable<Rank>);
