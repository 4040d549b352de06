// One page of any table for the record browser: rows as display strings, plus the total, for a sort
// column and direction, a filter text and a window (offset, limit). Never loads a table: the page is one
// indexed query with LIMIT/OFFSET (related names and counts joined over that page in the same statement)
// and the total one COUNT.
//
//     app::RecordQueryService records(db);
//     auto page = records.fetch({.table = app::RecordTable::Users, .sort_column = "username",
//                                .direction = app::SortDirection::Descending, .filter = "peter",
//                                .offset = 0, .limit = 50});
//     page.total;                    // rows matching the filter, over all pages
//     page.rows[0].cells[1];         // "peter"
//     page.rows[0].link;             // a pet's handler, a comment's pet: {label, table, id}
//     page.rows[0].is_null(2);       // a comment without a pet: its Pet ID is NULL, not ""
//
// - Columns come from columns(table); only keys listed there (and sortable) are accepted for sorting,
//   so no text from the caller ever reaches SQL. The filter is the ORM's contains(): a bound LIKE pattern
//   with its wildcards (%, _ and the escape character) escaped, matching the text anywhere in the
//   table's text columns, ignoring ASCII case; with `exact`, equality with a whole value. Column filters
//   (ColumnFilter) narrow one column each; an exact one (=Peter, =12) or a number range walks the
//   column's index.
// - The password column shows "Argon2id" (or "legacy plaintext" for a value not yet re-hashed), never
//   the stored string.
// - Ties are broken by the primary key in the same direction, so paging is stable. Every sortable column
//   has an index (schema.h, migrations 2 and 5), so the sorted page needs no temporary sort of the table
//   (a page with related data sorts its own ≤ limit rows once more after the join).
// - A filter matching anywhere in the text cannot use an index: its COUNT reads every row (~15 ms for
//   100,000 users). The total is therefore remembered while the table, filter and data stay the same,
//   so turning pages or changing the sort does not count again.
#pragma once

#include "app/account_permissions.h"
#include "app/shown_query.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace orm {
class Database;
}

namespace app {

enum class RecordTable { Users, PetHandlers, Pets, Comments, ContactMessages };
enum class SortDirection { Ascending, Descending };

inline constexpr std::int64_t kMaxRecordPageRows = 1000;
inline constexpr std::size_t kMaxFilterCharacters = 200; // longer filter text is cut (whole characters),
                                                         // and so is everything from a NUL byte on

struct RecordColumn {
    std::string key;   // what RecordRequest::sort_column names: "username"
    std::string label; // what a header shows: "Username"
    bool sortable = false;
    bool filterable = false; // takes a ColumnFilter; a number filter when `numeric`
    bool numeric = false;
};

// A filter on one column, as typed in the box under its header (DB Browser for SQLite's syntax):
//   Pe       contains "Pe", ignoring ASCII case         =Peter   is exactly "Peter"
//   ^Pe      starts with "Pe", ignoring ASCII case
//   and on a numeric column (IDs): 12  =12  >12  >=12  <12  <=12  10~20 (from 10 to 20), NULL
// Every value is bound; the column must be a filterable key of columns(table).
struct ColumnFilter {
    std::string column; // a key: "username"
    std::string text;   // empty: no filter
    bool operator==(const ColumnFilter&) const = default;
};

struct RecordRequest {
    RecordTable table = RecordTable::Users;
    std::string sort_column; // a sortable key of columns(table); empty: the id
    SortDirection direction = SortDirection::Ascending;
    std::string filter;      // empty: every row
    std::int64_t offset = 0; // >= 0
    std::int64_t limit = 50; // 1..kMaxRecordPageRows
    std::vector<ColumnFilter> column_filters{}; // all of them must match, and `filter` too
    bool exact = false; // `filter` matches a text column's whole value, case and all ("Peter", not "peter")
};

// A row's relationship to a row of another table (a pet's handler, a comment's pet), by key: what the
// record browser follows, never parsed back from the display text.
struct RecordLink {
    std::string label; // what the detail panel shows: the related row's name
    RecordTable table;
    std::int64_t id;
};

struct RecordRow {
    std::int64_t id = 0;            // the row's primary key, to select or edit it
    std::vector<std::string> cells; // one per column, in columns(table) order; "" for NULL
    std::optional<RecordLink> link{}; // the row it refers to, if it refers to one
    std::uint32_t null_cells = 0;   // bit i set: cells[i] is SQL NULL, not an empty text (drawn as NULL)

    bool is_null(std::size_t column) const { return column < 32 && (null_cells >> column & 1u) != 0; }
};

struct RecordPage {
    std::vector<RecordColumn> columns;
    std::vector<RecordRow> rows;
    std::int64_t total = 0;  // rows matching the filter
    std::int64_t offset = 0; // of rows[0]
};

class RecordQueryService {
  public:
    // Who reads: contact messages are shown only to a signed-in account (account_permissions.h).
    using ActorSource = std::function<Actor()>;
    // Needs the schema of open_schema(). `who` is asked at every fetch (the signed-in account changes).
    explicit RecordQueryService(orm::Database& db, ActorSource who = Actor::nobody);

    static const std::vector<RecordColumn>& columns(RecordTable table);
    static std::string_view table_label(RecordTable table);   // "Users", "Pet handlers"…
    static std::string_view row_label(RecordTable table);     // "User", "Pet handler"… (one row)
    static std::string_view csv_file_name(RecordTable table); // "users.csv", "pet-handlers.csv"…
    // What fetch(request) is as the tutorial's Python and this ORM's C++ (shown_query.h); the SQL is
    // left for a QueryRecorder to fill in. Bad sort or filter keys are named as they are, not thrown.
    static ShownQuery shown_query(const RecordRequest& request);

    // Throws std::invalid_argument for a sort key that is not a sortable column of the table, a column
    // filter on a column that takes none or a number filter that is no number, a negative offset or a
    // limit outside 1..kMaxRecordPageRows (the message names the rule, not the input);
    // orm::DatabaseError if the database fails, PermissionError for contact messages unless `who` is signed
    // in. A window past the end gives no rows and the real total.
    RecordPage fetch(const RecordRequest& request);

    // Every row of the request's table that its filter matches, in its sort order (offset and limit are
    // ignored), in display form: what the browser would show page after page, in one ordered query
    // (related names and counts joined in it). Throws as fetch() does.
    void for_each_row(const RecordRequest& request, const std::function<void(const RecordRow&)>& visit);

    // Where the row with primary key `id` stands in the request's table, filter and order (0: first), or
    // nothing if no such row matches the filter: what "go to ID" scrolls to. Counts the rows before it
    // through the sort column's index. Throws as fetch() does for a bad sort key.
    std::optional<std::int64_t> position_of(const RecordRequest& request, std::int64_t id);

  private:
    // The total of the last fetch, reused while table, filter and database are unchanged: paging through
    // a filtered table then costs only the page query, not a COUNT over every row again.
    struct TotalCache {
        RecordTable table;
        std::string filter;
        std::vector<ColumnFilter> column_filters;
        bool exact;
        std::pair<std::int64_t, std::int64_t> generation;
        std::int64_t total;
    };
    std::pair<std::int64_t, std::int64_t> database_generation();

    orm::Database& db_;
    ActorSource who_;
    std::optional<TotalCache> cached_total_;
};

} // namespace app
