// How each table of the record browser is shown and queried: its columns (sortable, filterable), its
// table-wide filter, its ordering, the statement that reads its rows in display form with the related
// data joined in, and its names. Everything that reaches SQL text is fixed here; only the filter text,
// limit and offset come from the caller, and those are bound. Internal to RecordQueryService.
#pragma once

#include "app/models.h"
#include "app/record_query_service.h"

#include "orm/orm.h"

#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace app::record_views {

// How a ColumnFilter's text reads (the syntax in record_query_service.h), before any value is checked: what
// both the filter itself and Show the query's rendering of it follow.
struct FilterTerm {
    enum class Op { Contains, Equals, StartsWith, Less, LessOrEqual, Greater, GreaterOrEqual, Between, IsNull };
    Op op;
    std::string operand; // the text, or a number as typed (unchecked), or a range's lower end
    std::string upper{}; // a range's upper end
};
// `text` is trimmed and not empty; `numeric`: the column holds whole numbers (IDs).
FilterTerm read_column_filter(const std::string& text, bool numeric);

template <class T> struct TableView {
    using Visit = std::function<void(RecordRow)>;
    std::string_view label;    // the tab's: "Pet handlers"
    std::string_view row_name; // one row's, as the detail panel heads it: "Pet handler" (#7)
    std::string_view csv_file; // the CSV download's name: "pet-handlers.csv"
    struct Column {
        RecordColumn info;
        std::optional<orm::OrderTerm> ascending; // set when sortable
        std::optional<orm::OrderTerm> descending;
        // Set when sortable: the rows that come before `row` in this column's order, ties broken by the
        // primary key as order() breaks them. What a row's position (go to ID) counts.
        std::function<orm::Expr(const T& row, bool descending)> precedes{};
        // Set when filterable: the rows a ColumnFilter's text keeps (see parse rules in the header).
        std::function<orm::Expr(const std::string& text)> keeps{};
        // What the sort and the column filter name, as the tutorial's Python and this ORM's C++ write it
        // ("User.username", "col(&User::username)"), for Show the query; empty for a computed column.
        std::string python{};
        std::string cpp{};
    };
    std::vector<Column> columns;
    orm::OrderTerm id_ascending;
    orm::OrderTerm id_descending;
    std::function<orm::Expr(std::int64_t id)> has_id;
    // Rows whose text columns contain `text` (or, exact, equal it).
    std::function<orm::Expr(const std::string& text, bool exact)> filter;
    // Calls `visit` for each row of `query` (filtered, ordered, perhaps one page) in display form, with
    // the related data joined in the same statement: one query per page, however many rows refer elsewhere.
    std::function<void(orm::Session& session, const orm::Query<T>& query, const Visit& visit)> rows;
    // The columns `filter` searches, by their model names, for Show the query ("username", "user_email").
    std::vector<std::string_view> searched;
};

const TableView<User>& users_view();
const TableView<PetHandler>& handlers_view();
const TableView<PetCategory>& pets_view();
const TableView<PetComment>& comments_view();
const TableView<ContactMessage>& messages_view();

// Calls `use` with the view of `table`: the one place where the table's name meets its view.
template <class Use> decltype(auto) with_view(RecordTable table, Use&& use) {
    switch (table) {
    case RecordTable::Users: return use(users_view());
    case RecordTable::PetHandlers: return use(handlers_view());
    case RecordTable::Pets: return use(pets_view());
    case RecordTable::Comments: return use(comments_view());
    case RecordTable::ContactMessages: return use(messages_view());
    }
    throw std::invalid_argument("unknown record table");
}

} // namespace app::record_views
