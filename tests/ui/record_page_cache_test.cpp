#include "ui/record_page_cache.h"

#include <doctest/doctest.h>

#include <stdexcept>
#include <string>
#include <vector>

namespace {

// A table of `rows` rows whose cells say their position, and a log of what was asked.
struct FakeTable {
    std::int64_t rows = 100000;
    std::vector<app::RecordRequest> requests;
    ui::RecordPageCache::Fetch fetch() {
        return [this](const app::RecordRequest& request) {
            requests.push_back(request);
            app::RecordPage page;
            page.total = rows;
            page.offset = request.offset;
            for (std::int64_t i = request.offset; i < std::min(rows, request.offset + request.limit); ++i)
                page.rows.push_back({i + 1, {std::to_string(i)}});
            return page;
        };
    }
};

} // namespace

TEST_CASE("the window asked for covers the visible rows plus a margin, within the page limit") {
    const ui::RecordQuery query{app::RecordTable::Users, "username", app::SortDirection::Descending, "pe"};
    const app::RecordRequest first = ui::window_request(query, 0, 30, 60);
    CHECK(first.offset == 0);
    CHECK(first.limit == 90);
    CHECK(first.sort_column == "username");
    CHECK(first.direction == app::SortDirection::Descending);
    CHECK(first.filter == "pe");
    const app::RecordRequest middle = ui::window_request(query, 5000, 5030, 60);
    CHECK(middle.offset == 4940);
    CHECK(middle.limit == 150);
    CHECK(ui::window_request(query, 0, 5000, 60).limit == app::kMaxRecordPageRows);
    CHECK(ui::window_request(query, 10, 10, 60).limit > 0); // an empty range still asks for a screenful
}

TEST_CASE("scrolling within the cached window fetches nothing; leaving it fetches one page") {
    FakeTable table;
    ui::RecordPageCache cache;
    const ui::RecordQuery query;
    cache.ensure(query, 1, 0, 30, table.fetch());
    CHECK(cache.fetches() == 1);
    CHECK(cache.total() == 100000);
    REQUIRE(cache.row(29) != nullptr);
    CHECK(cache.row(29)->cells[0] == "29");
    cache.ensure(query, 1, 40, 70, table.fetch()); // still inside [0, 90)
    CHECK(cache.fetches() == 1);
    cache.ensure(query, 1, 99970, 100000, table.fetch()); // the end of the table
    CHECK(cache.fetches() == 2);
    CHECK(cache.row(0) == nullptr); // memory is bounded: the first page is gone
    REQUIRE(cache.row(99999) != nullptr);
    CHECK(cache.row(99999)->cells[0] == "99999");
    CHECK(cache.window_size() <= static_cast<std::size_t>(30 + 2 * ui::RecordPageCache::kMargin));
}

TEST_CASE("a new sort, filter or data epoch fetches again") {
    FakeTable table;
    ui::RecordPageCache cache;
    ui::RecordQuery query;
    cache.ensure(query, 1, 0, 30, table.fetch());
    query.sort_column = "username";
    CHECK_FALSE(cache.current(query, 1));
    cache.ensure(query, 1, 0, 30, table.fetch());
    query.filter = "x";
    cache.ensure(query, 1, 0, 30, table.fetch());
    cache.ensure(query, 2, 0, 30, table.fetch());
    CHECK(cache.fetches() == 4);
    CHECK(table.requests.back().filter == "x");
    CHECK(cache.current(query, 2));
}

TEST_CASE("a table shorter than the screen is covered by one fetch") {
    FakeTable table;
    table.rows = 3;
    ui::RecordPageCache cache;
    cache.ensure({}, 1, 0, 30, table.fetch());
    cache.ensure({}, 1, 0, 3, table.fetch());
    cache.ensure({}, 1, 0, 30, table.fetch());
    CHECK(cache.fetches() == 1);
    CHECK(cache.total() == 3);
}

TEST_CASE("a failed fetch leaves the cache empty and the error to the caller") {
    ui::RecordPageCache cache;
    CHECK_THROWS_AS(cache.ensure({}, 1, 0, 30, [](const app::RecordRequest&) -> app::RecordPage { throw std::runtime_error("disk I/O error"); }),
                    std::runtime_error);
    CHECK(cache.total() == 0);
    CHECK(cache.row(0) == nullptr);
}
