// Page: Flask-SQLAlchemy's Pagination (has_next/has_prev/next_num/prev_num/first/last/iter_pages).
#include "orm/tutorial_models.h"

#include <doctest/doctest.h>

#include <optional>
#include <vector>

using namespace tutorial;

namespace {
using Numbers = std::vector<std::optional<std::int64_t>>;
constexpr std::nullopt_t gap = std::nullopt;
} // namespace

TEST_CASE("iter_pages gives Flask-SQLAlchemy 3's numbers, with gaps") {
    // Flask-SQLAlchemy's own docstring example: 20 pages, page 7.
    CHECK(orm::page_numbers(7, 20) == Numbers{1, 2, gap, 5, 6, 7, 8, 9, 10, 11, gap, 19, 20});
    CHECK(orm::page_numbers(1, 20) == Numbers{1, 2, 3, 4, 5, gap, 19, 20});
    CHECK(orm::page_numbers(20, 20) == Numbers{1, 2, gap, 18, 19, 20});
    CHECK(orm::page_numbers(1, 1) == Numbers{1});
    CHECK(orm::page_numbers(1, 0).empty());
    CHECK(orm::page_numbers(4, 8) == Numbers{1, 2, 3, 4, 5, 6, 7, 8});
    CHECK(orm::page_numbers(10, 20, {.left_edge = 1, .left_current = 1, .right_current = 1, .right_edge = 1}) ==
          Numbers{1, gap, 9, 10, 11, gap, 20});
}

TEST_CASE("a page knows its neighbours and which rows it shows") {
    orm::Database db(":memory:");
    tutorial::metadata().create_all(db);
    orm::Session session(db);
    for (int i = 0; i < 45; ++i)
        session.add(User{.username = "u" + std::to_string(i), .user_email = "e", .user_password = "p"});
    session.commit();
    auto query = session.query<User>().order_by(&User::id);

    auto first = query.paginate(1, 20);
    CHECK(first.pages() == 3);
    CHECK_FALSE(first.has_prev());
    CHECK(first.prev_num() == std::nullopt);
    CHECK(first.has_next());
    CHECK(first.next_num() == 2);
    CHECK(first.first() == 1);
    CHECK(first.last() == 20);

    auto last = query.paginate(3, 20);
    CHECK(last.items.size() == 5);
    CHECK(last.has_prev());
    CHECK(last.prev_num() == 2);
    CHECK_FALSE(last.has_next());
    CHECK(last.next_num() == std::nullopt);
    CHECK(last.first() == 41);
    CHECK(last.last() == 45);
    CHECK(last.iter_pages() == Numbers{1, 2, 3});

    auto beyond = query.paginate(9, 20);
    CHECK(beyond.items.empty());
    CHECK(beyond.first() == 0);
    CHECK(beyond.last() == 0);
    CHECK_FALSE(beyond.has_next());

    auto none = session.query<User>().filter_by(&User::username, "nobody").paginate(1, 20);
    CHECK(none.pages() == 0);
    CHECK_FALSE(none.has_next());
    CHECK(none.iter_pages().empty());
}
