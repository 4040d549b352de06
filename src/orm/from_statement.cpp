// session.query<T>().from_statement(sql, params): objects from hand-written SQL (SQLAlchemy's
// query.from_statement(text(...))). The text is wrapped as SELECT <the model's columns, by name> FROM (<text>),
// so its own column order does not matter and the rows load through the identity map like any query's.
#include "orm/query.h"

#include "orm/error.h"

#include <sqlite3.h>

#include <algorithm>
#include <memory>

namespace orm {
namespace {

std::string without_trailing_semicolons(std::string_view sql) {
    std::size_t end = sql.size();
    while (end > 0 && (sql[end - 1] == ';' || sql[end - 1] == ' ' || sql[end - 1] == '\n' || sql[end - 1] == '\t' ||
                       sql[end - 1] == '\r'))
        --end;
    return std::string(sql.substr(0, end));
}

// Why the wrapped statement did not compile, in the caller's terms: not one SELECT, or missing columns.
// Returns normally if the text itself is not at fault (the original error then stands).
void explain_failure(sqlite3* db, const ModelInfo& model, const std::string& text) {
    sqlite3_stmt* raw = nullptr;
    const char* tail = nullptr;
    if (sqlite3_prepare_v2(db, text.c_str(), static_cast<int>(text.size()), &raw, &tail) != SQLITE_OK) return;
    const std::unique_ptr<sqlite3_stmt, int (*)(sqlite3_stmt*)> statement(raw, sqlite3_finalize);
    if (!raw) throw UsageError("from_statement(): the text holds no SQL statement");
    if (std::any_of(tail, text.c_str() + text.size(),
                    [](char c) { return c != ' ' && c != '\n' && c != '\t' && c != '\r' && c != ';'; }))
        throw UsageError("from_statement(): the text must be one statement; it holds several");
    if (!sqlite3_stmt_readonly(raw) || sqlite3_column_count(raw) == 0)
        throw UsageError("from_statement(): the text must be a SELECT that returns the rows of " + model.table());
    std::string missing;
    for (const ColumnInfo& c : model.columns()) {
        bool found = false;
        for (int i = 0; i < sqlite3_column_count(raw) && !found; ++i)
            found = c.name == sqlite3_column_name(raw, i);
        if (!found) missing += (missing.empty() ? "" : ", ") + c.name;
    }
    if (!missing.empty())
        throw UsageError("from_statement(): the statement does not select " + model.table() + "'s column(s) " +
                         missing);
}

} // namespace

std::vector<std::shared_ptr<void>> QueryCore::load_from_statement(Session& session, const ModelInfo& model,
                                                                  const std::string& sql, const Params& params,
                                                                  const NamedParams& named) {
    session.autoflush();
    const std::string text = without_trailing_semicolons(sql);
    std::string columns;
    for (const ColumnInfo& c : model.columns())
        columns += (columns.empty() ? "" : ", ") + quote_identifier(c.name);
    // The newline before ")" keeps a trailing -- comment in the text from swallowing it.
    const std::string wrapped = "SELECT " + columns + " FROM (\n" + text + "\n)";
    Database& db = session.database();
    std::optional<StatementLease> lease;
    try {
        lease.emplace(db.prepare(wrapped));
    } catch (const DatabaseError&) {
        explain_failure(db.handle(), model, text);
        throw;
    }
    Statement& statement = **lease;
    if (!params.empty() && !named.empty())
        throw UsageError("from_statement(): give positional or named parameters, not both");
    if (static_cast<int>(params.size() + named.size()) != statement.parameter_count())
        throw UsageError("from_statement(): the statement has " + std::to_string(statement.parameter_count()) +
                         " parameter(s); " + std::to_string(params.size() + named.size()) + " value(s) were given");
    for (std::size_t i = 0; i < params.size(); ++i)
        statement.bind(static_cast<int>(i + 1), params[i]);
    for (const auto& [name, value] : named) {
        const bool prefixed = !name.empty() && (name[0] == ':' || name[0] == '@' || name[0] == '$');
        const std::string key = prefixed ? name : ":" + name;
        const int index = sqlite3_bind_parameter_index(statement.handle(), key.c_str());
        if (index == 0) throw UsageError("from_statement(): the statement has no parameter " + key);
        statement.bind(index, value);
    }
    std::vector<std::shared_ptr<void>> objects;
    while (statement.step())
        objects.push_back(session.load_row(model, statement));
    lease.reset();
    load_eager(
        session, model, objects, [](const RelationshipInfo& r) { return r.options.loading; }, nullptr);
    return objects;
}

} // namespace orm
