#include "ui/record_page_cache.h"

#include <algorithm>

namespace ui {

app::RecordRequest window_request(const RecordQuery& query, std::int64_t first, std::int64_t last, std::int64_t margin) {
    first = std::max<std::int64_t>(first, 0);
    if (last <= first) last = first + 50;
    const std::int64_t offset = std::max<std::int64_t>(first - margin, 0);
    const std::int64_t limit = std::clamp<std::int64_t>(last + margin - offset, 1, app::kMaxRecordPageRows);
    return {query.table, query.sort_column, query.direction, query.filter, offset, limit, query.column_filters, query.exact};
}

bool RecordPageCache::current(const RecordQuery& query, std::int64_t epoch) const {
    return valid_ && query_ == query && epoch_ == epoch;
}

void RecordPageCache::ensure(const RecordQuery& query, std::int64_t epoch, std::int64_t first, std::int64_t last,
                             const Fetch& fetch) {
    if (current(query, epoch)) {
        const std::int64_t end = std::min(std::max(last, first), page_.total);
        const std::int64_t start = std::min(std::max<std::int64_t>(first, 0), end);
        const std::int64_t cached_end = page_.offset + static_cast<std::int64_t>(page_.rows.size());
        if (start >= page_.offset && end <= cached_end) return;
    }
    valid_ = false;
    page_ = fetch(window_request(query, first, last, kMargin));
    ++fetches_;
    query_ = query;
    epoch_ = epoch;
    valid_ = true;
}

const app::RecordRow* RecordPageCache::row(std::int64_t index) const {
    if (!valid_ || index < page_.offset) return nullptr;
    const auto at = static_cast<std::size_t>(index - page_.offset);
    return at < page_.rows.size() ? &page_.rows[at] : nullptr;
}

} // namespace ui
