// The record browser's window onto a table: only the rows around what is on screen are in memory, fetched
// as one page (app::RecordQueryService) and reused while the query, the data and the visible range allow.
//
//     cache.ensure(query, epoch, clipper.DisplayStart, clipper.DisplayEnd, fetch);  // at most one fetch
//     if (const app::RecordRow* row = cache.row(i)) draw(*row);
//
// Memory is bounded by the page size (visible rows + 2 × margin, at most app::kMaxRecordPageRows),
// whatever the table's size.
#pragma once

#include "app/record_query_service.h"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace ui {

// What the rows are: table, order and filter. The window (offset, limit) is the cache's business.
struct RecordQuery {
    app::RecordTable table = app::RecordTable::Users;
    std::string sort_column; // empty: by id
    app::SortDirection direction = app::SortDirection::Ascending;
    std::string filter;
    std::vector<app::ColumnFilter> column_filters; // the non-empty ones
    bool exact = false;                            // `filter` matches whole values
    bool operator==(const RecordQuery&) const = default;
};

// The request that covers rows [first, last) with `margin` rows either side (fewer before row 0),
// limited to app::kMaxRecordPageRows rows. `last` <= `first` asks for one screenful from `first`.
app::RecordRequest window_request(const RecordQuery& query, std::int64_t first, std::int64_t last,
                                  std::int64_t margin);

class RecordPageCache {
public:
    using Fetch = std::function<app::RecordPage(const app::RecordRequest&)>;
    static constexpr std::int64_t kMargin = 60; // rows kept beyond each edge of the visible range

    // Makes rows [first, last) (clamped to the total) available for `query`. Fetches when the query or
    // `epoch` (grows whenever the data may have changed) differ from the cached page's, or the range
    // leaves the cached window. Exceptions from `fetch` propagate; the cache is then empty.
    void ensure(const RecordQuery& query, std::int64_t epoch, std::int64_t first, std::int64_t last, const Fetch& fetch);
    // Whether the cached page belongs to `query` at `epoch`.
    bool current(const RecordQuery& query, std::int64_t epoch) const;

    const app::RecordRow* row(std::int64_t index) const; // null outside the cached window
    std::int64_t total() const { return valid_ ? page_.total : 0; }
    std::int64_t window_offset() const { return page_.offset; }
    std::size_t window_size() const { return page_.rows.size(); }
    const std::vector<app::RecordColumn>& columns() const { return page_.columns; }
    int fetches() const { return fetches_; } // pages fetched so far, for tests and measurements
    void invalidate() { valid_ = false; }

private:
    bool valid_ = false;
    RecordQuery query_;
    std::int64_t epoch_ = 0;
    app::RecordPage page_;
    int fetches_ = 0;
};

} // namespace ui
