#include "orm/pagination.h"

#include <algorithm>

namespace orm {

// Flask-SQLAlchemy 3.0's Pagination.iter_pages, step for step: the left edge, the pages around the current
// one (right_current inclusive), the right edge, and a gap (nullopt) wherever pages are skipped.
std::vector<std::optional<std::int64_t>> page_numbers(std::int64_t page, std::int64_t pages, PageWindow window) {
    std::vector<std::optional<std::int64_t>> out;
    const std::int64_t pages_end = pages + 1;
    if (pages_end <= 1) return out;
    auto range = [&](std::int64_t from, std::int64_t to) {
        for (std::int64_t n = from; n < to; ++n)
            out.emplace_back(n);
    };
    const std::int64_t left_end = std::min(1 + window.left_edge, pages_end);
    range(1, left_end);
    if (left_end == pages_end) return out;
    const std::int64_t mid_start = std::max(left_end, page - window.left_current);
    const std::int64_t mid_end = std::min(page + window.right_current + 1, pages_end);
    if (mid_start - left_end > 0) out.emplace_back(std::nullopt);
    range(mid_start, mid_end);
    if (mid_end == pages_end) return out;
    const std::int64_t right_start = std::max(mid_end, pages_end - window.right_edge);
    if (right_start - mid_end > 0) out.emplace_back(std::nullopt);
    range(right_start, pages_end);
    return out;
}

} // namespace orm
