#include "app/record_query_service.h"

#include "app/record_views.h"
#include "app/registration_rules.h"

#include "orm/orm.h"

#include <algorithm>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>

namespace app {

namespace {

using namespace record_views;

template <class T> std::vector<RecordColumn> column_infos(const TableView<T>& view) {
    std::vector<RecordColumn> out;
    for (const auto& c : view.columns)
        out.push_back(c.info);
    return out;
}

// At most kMaxFilterCharacters code points of `text`, cut at a character boundary, and nothing from a
// NUL byte on (SQLite's LIKE would end the pattern there, dropping the closing %).
std::string clamp_filter(std::string text) {
    text = text.substr(0, text.find('\0'));
    std::size_t characters = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80 && ++characters > kMaxFilterCharacters)
            return text.substr(0, i);
    }
    return text;
}

template <class T>
const typename TableView<T>::Column& sort_column_of(const TableView<T>& view, const RecordRequest& request) {
    const typename TableView<T>::Column* sort = request.sort_column.empty() ? &view.columns.front() : nullptr;
    for (const auto& c : view.columns)
        if (c.info.key == request.sort_column) sort = &c;
    if (!sort || !sort->info.sortable)
        throw std::invalid_argument("the sort column must be one of the sortable columns of " +
                                    std::string(RecordQueryService::table_label(request.table)));
    return *sort;
}

template <class T> void order(orm::Query<T>& query, const TableView<T>& view, const RecordRequest& request) {
    const bool descending = request.direction == SortDirection::Descending;
    const auto& sort = sort_column_of(view, request);
    query.order_by(descending ? *sort.descending : *sort.ascending);
    if (&sort != &view.columns.front()) query.order_by(descending ? view.id_descending : view.id_ascending);
}

// The request's rows: the table-wide filter (`filter`, clamped) and every column filter, all bound.
template <class T>
orm::Query<T> matching(orm::Session& session, const TableView<T>& view, const RecordRequest& request,
                       const std::string& filter) {
    auto query = session.query<T>();
    if (!filter.empty()) query.filter(view.filter(filter, request.exact));
    for (const ColumnFilter& column_filter : request.column_filters) {
        const std::string text = clamp_filter(trim(column_filter.text));
        if (text.empty()) continue;
        const auto column = std::find_if(view.columns.begin(), view.columns.end(),
                                         [&](const auto& c) { return c.info.key == column_filter.column; });
        if (column == view.columns.end() || !column->keeps)
            throw std::invalid_argument("a column filter must name a filterable column of " +
                                        std::string(RecordQueryService::table_label(request.table)));
        query.filter(column->keeps(text));
    }
    return query;
}

// `filter` is the clamped filter text; `known_total`, if set, is the row count for it (from the cache).
template <class T>
RecordPage fetch_page(orm::Session& session, const TableView<T>& view, const RecordRequest& request,
                      const std::string& filter, std::optional<std::int64_t> known_total) {
    sort_column_of(view, request); // refuses a bad sort key before anything runs
    RecordPage page;
    page.columns = column_infos(view);
    page.offset = request.offset;

    auto query = matching(session, view, request, filter);
    page.total = known_total ? *known_total : query.count();
    if (request.offset >= page.total) return page;

    order(query, view, request);
    query.limit(request.limit).offset(request.offset);
    page.rows.reserve(static_cast<std::size_t>(std::min(request.limit, page.total - request.offset)));
    view.rows(session, query, [&](RecordRow row) { page.rows.push_back(std::move(row)); });
    return page;
}

// Streams the rows: one ordered query over the table, related data joined in it.
template <class T>
void visit_rows(orm::Session& session, const TableView<T>& view, const RecordRequest& request,
                const std::string& filter, const std::function<void(const RecordRow&)>& visit) {
    auto query = matching(session, view, request, filter);
    order(query, view, request);
    view.rows(session, query, [&](const RecordRow& row) { visit(row); });
}


// Where row `id` stands among the filtered rows in the request's order: the rows before it, counted
// through the sort column's index.
template <class T>
std::optional<std::int64_t> position_in(orm::Session& session, const TableView<T>& view, const RecordRequest& request,
                                        const std::string& filter, std::int64_t id) {
    const auto& sort = sort_column_of(view, request);
    const std::shared_ptr<T> row = matching(session, view, request, filter).filter(view.has_id(id)).first();
    if (!row) return std::nullopt;
    return matching(session, view, request, filter)
        .filter(sort.precedes(*row, request.direction == SortDirection::Descending))
        .count();
}

} // namespace

RecordQueryService::RecordQueryService(orm::Database& db, ActorSource who) : db_(db), who_(std::move(who)) {}

const std::vector<RecordColumn>& RecordQueryService::columns(RecordTable table) {
    return with_view(table, [](const auto& view) -> const std::vector<RecordColumn>& {
        static const std::vector<RecordColumn> infos = column_infos(view); // one per view type
        return infos;
    });
}

std::string_view RecordQueryService::table_label(RecordTable table) {
    return with_view(table, [](const auto& view) { return view.label; });
}

std::string_view RecordQueryService::row_label(RecordTable table) {
    return with_view(table, [](const auto& view) { return view.row_name; });
}

std::string_view RecordQueryService::csv_file_name(RecordTable table) {
    return with_view(table, [](const auto& view) { return view.csv_file; });
}

RecordPage RecordQueryService::fetch(const RecordRequest& request) {
    if (request.offset < 0) throw std::invalid_argument("the page offset must not be negative");
    if (request.limit < 1 || request.limit > kMaxRecordPageRows)
        throw std::invalid_argument("a page holds 1 to " + std::to_string(kMaxRecordPageRows) + " rows");
    const std::string filter = clamp_filter(trim(request.filter));
    const auto generation = database_generation();
    std::optional<std::int64_t> known_total;
    if (cached_total_ && cached_total_->table == request.table && cached_total_->filter == filter &&
        cached_total_->column_filters == request.column_filters && cached_total_->exact == request.exact &&
        cached_total_->generation == generation)
        known_total = cached_total_->total;

    orm::Session session(db_);
    if (request.table == RecordTable::ContactMessages) require_message_reading(session, who_());
    RecordPage page = with_view(request.table, [&](const auto& view) {
        return fetch_page(session, view, request, filter, known_total);
    });
    cached_total_ = TotalCache{request.table, filter, request.column_filters, request.exact, generation, page.total};
    return page;
}

void RecordQueryService::for_each_row(const RecordRequest& request,
                                      const std::function<void(const RecordRow&)>& visit) {
    const std::string filter = clamp_filter(trim(request.filter));
    orm::Session session(db_);
    if (request.table == RecordTable::ContactMessages) require_message_reading(session, who_());
    with_view(request.table, [&](const auto& view) { visit_rows(session, view, request, filter, visit); });
}

std::optional<std::int64_t> RecordQueryService::position_of(const RecordRequest& request, std::int64_t id) {
    const std::string filter = clamp_filter(trim(request.filter));
    orm::Session session(db_);
    if (request.table == RecordTable::ContactMessages) require_message_reading(session, who_());
    return with_view(request.table,
                     [&](const auto& view) { return position_in(session, view, request, filter, id); });
}

std::pair<std::int64_t, std::int64_t> RecordQueryService::database_generation() {
    // total_changes() grows with every row this connection writes; data_version changes when another
    // connection commits. Together: "has anything changed since the total was counted?"
    auto statement = db_.prepare("SELECT total_changes(), (SELECT data_version FROM pragma_data_version)");
    statement->step();
    return {statement->get_int64(0), statement->get_int64(1)};
}

} // namespace app
