// One page of a query, as Flask-SQLAlchemy's Pagination:
//
//   auto page = session.query<User>().order_by(&User::id).paginate(3, 20);
//   page.items; page.total; page.pages();                 // the rows, the count over all pages, ceil(total / 20)
//   page.has_prev(); page.prev_num(); page.has_next(); page.next_num();   // nullopt past the ends
//   page.first(); page.last();                            // 41 and 60: which rows of the result this page shows
//   for (auto number : page.iter_pages())                 // 1 2 std::nullopt 5 6 7 8 9 10 11 std::nullopt 19 20
//
// A page past the end is empty (Flask's error_out=False); there is no request object to read the page from.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

namespace orm {

// How many page numbers Page::iter_pages() shows around the edges and the current page (Flask-SQLAlchemy's).
struct PageWindow {
    std::int64_t left_edge = 2;
    std::int64_t left_current = 2;
    std::int64_t right_current = 4;
    std::int64_t right_edge = 2;
};
// The page numbers a pagination widget shows, std::nullopt where pages are skipped: for 20 pages on
// page 7, 1 2 … 5 6 7 8 9 10 11 … 19 20.
std::vector<std::optional<std::int64_t>> page_numbers(std::int64_t page, std::int64_t pages, PageWindow window = {});

// One page of a query, as Flask-SQLAlchemy's Pagination.
template <class T> struct Page {
    std::vector<std::shared_ptr<T>> items;
    std::int64_t total = 0; // rows matching the query, over all pages
    std::int64_t page = 1;  // 1-based
    std::int64_t per_page = 0;
    std::int64_t pages() const { return per_page > 0 && total > 0 ? (total + per_page - 1) / per_page : 0; }
    bool has_prev() const { return page > 1; }
    bool has_next() const { return page < pages(); }
    std::optional<std::int64_t> prev_num() const {
        return has_prev() ? std::optional<std::int64_t>(page - 1) : std::nullopt;
    }
    std::optional<std::int64_t> next_num() const {
        return has_next() ? std::optional<std::int64_t>(page + 1) : std::nullopt;
    }
    // 1-based number of the first and last item on this page over the whole result (0 for an empty page).
    std::int64_t first() const { return items.empty() ? 0 : (page - 1) * per_page + 1; }
    std::int64_t last() const { return items.empty() ? 0 : first() + static_cast<std::int64_t>(items.size()) - 1; }
    std::vector<std::optional<std::int64_t>> iter_pages(PageWindow window = {}) const {
        return page_numbers(page, pages(), window);
    }
};

} // namespace orm
