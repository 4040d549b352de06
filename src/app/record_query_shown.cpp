// RecordQueryService::shown_query: a page of the record browser as the tutorial's Python and this
// ORM's C++. It follows record_query_service.cpp's matching() and order() step for step.
#include "app/record_query_service.h"

#include "app/record_views.h"
#include "app/registration_rules.h"
#include "app/tutorial_calls.h"

#include "orm/orm.h"

#include <algorithm>

namespace app {

namespace {

using namespace record_views;
using tutorial::cpp_string;
using tutorial::python_string;

struct Calls {
    std::string python;
    std::string cpp;
};

// A ColumnFilter's text as a condition on `column`, read as the filter itself reads it.
Calls column_condition(const std::string& python, const std::string& cpp, bool numeric, const std::string& text) {
    using Op = FilterTerm::Op;
    const FilterTerm term = read_column_filter(text, numeric);
    const std::string& value = term.operand;
    switch (term.op) {
    case Op::Contains:
        return {python + ".contains(" + python_string(value) + ")", cpp + ".contains(" + cpp_string(value) + ")"};
    case Op::StartsWith:
        return {python + ".startswith(" + python_string(value) + ")", cpp + ".startswith(" + cpp_string(value) + ")"};
    case Op::IsNull: return {python + ".is_(None)", cpp + " == std::nullopt"};
    case Op::Between: {
        const std::string range = "(" + value + ", " + term.upper + ")";
        return {python + ".between" + range, cpp + ".between" + range};
    }
    default: break;
    }
    if (term.op == Op::Equals && !numeric)
        return {python + " == " + python_string(value), cpp + " == " + cpp_string(value)};
    const char* compare = term.op == Op::Less ? " < " : term.op == Op::LessOrEqual ? " <= " : term.op == Op::Greater ? " > "
                        : term.op == Op::GreaterOrEqual ? " >= " : " == ";
    return {python + compare + value, cpp + compare + value};
}

template <class T> ShownQuery shown_page(const TableView<T>& view, const RecordRequest& request) {
    const std::string model = describe(orm::ModelTag<T>{}).class_name();
    std::vector<Calls> conditions;
    const std::string filter = trim(request.filter);
    if (!filter.empty()) {
        Calls any{"or_(", ""};
        for (std::size_t i = 0; i < view.searched.size(); ++i) {
            const std::string column = std::string(view.searched[i]);
            const std::string python = model + "." + column, cpp = "col(&" + model + "::" + column + ")";
            any.python += (i ? ", " : "") + (request.exact ? python + " == " + python_string(filter)
                                                             : python + ".contains(" + python_string(filter) + ")");
            any.cpp += (i ? " || " : "") + (request.exact ? cpp + " == " + cpp_string(filter)
                                                          : cpp + ".contains(" + cpp_string(filter) + ")");
        }
        any.python += ")";
        if (view.searched.size() == 1) any.python = any.python.substr(4, any.python.size() - 5);
        conditions.push_back(any);
    }
    for (const ColumnFilter& column_filter : request.column_filters) {
        const std::string text = trim(column_filter.text);
        if (text.empty()) continue;
        const auto column = std::find_if(view.columns.begin(), view.columns.end(),
                                         [&](const auto& c) { return c.info.key == column_filter.column; });
        if (column == view.columns.end() || column->python.empty()) continue;
        conditions.push_back(column_condition(column->python, column->cpp, column->info.numeric, text));
    }
    const auto sort = std::find_if(view.columns.begin(), view.columns.end(), [&](const auto& c) {
        return request.sort_column.empty() ? &c == &view.columns.front() : c.info.key == request.sort_column;
    });
    const char* direction = request.direction == SortDirection::Descending ? ".desc()" : ".asc()";
    Calls order{"", ""};
    if (sort != view.columns.end() && !sort->python.empty()) {
        order = {sort->python + direction, sort->cpp + direction};
        if (sort != view.columns.begin()) { // ties broken by the primary key, as order() does
            order.python += ", " + view.columns.front().python + direction;
            order.cpp += ", " + view.columns.front().cpp + direction;
        }
    }
    const std::string window = ".offset(" + std::to_string(request.offset) + ").limit(" + std::to_string(request.limit) + ")";
    ShownQuery shown;
    shown.python = "query = " + model + ".query";
    shown.cpp = "orm::Session session(db);\nauto query = session.query<" + model + ">()";
    for (const Calls& condition : conditions) {
        shown.python += " \\\n    .filter(" + condition.python + ")";
        shown.cpp += "\n    .filter(" + condition.cpp + ")";
    }
    shown.python += "\ntotal = query.count()\nrows = query.order_by(" + order.python + ")" + window + ".all()";
    shown.cpp += ";\nauto total = query.count(); // counted again only when the data or filter changed\n"
                 "query.order_by(" + order.cpp + ")" + window + ";\n"
                 "query.for_each(…); // one statement for the page, related names joined in (see the SQL)";
    return shown;
}

} // namespace

ShownQuery RecordQueryService::shown_query(const RecordRequest& request) {
    return with_view(request.table, [&](const auto& view) { return shown_page(view, request); });
}

} // namespace app
