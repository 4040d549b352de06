#include "orm/query.h"

#include "orm/session.h"

namespace orm {

std::string QueryCore::select_sql(const std::string& select_list, bool with_order_and_limit) const {
    std::string sql = "SELECT " + select_list + " FROM " + quote_identifier(model_->table());
    for (std::size_t i = 0; i < filters_.size(); ++i) sql += (i == 0 ? " WHERE (" : " AND (") + filters_[i].sql() + ")";
    if (!with_order_and_limit) return sql;
    for (std::size_t i = 0; i < order_.size(); ++i) sql += (i == 0 ? " ORDER BY " : ", ") + order_[i].sql;
    if (limit_ || offset_) sql += " LIMIT ? OFFSET ?";
    return sql;
}

int QueryCore::bind(Statement& statement, bool with_limit) const {
    int index = 0;
    for (const Expr& filter : filters_)
        for (const Value& value : filter.params()) statement.bind(++index, value);
    if (with_limit && (limit_ || offset_)) {
        statement.bind(++index, limit_.value_or(-1)); // SQLite: a negative LIMIT means none
        statement.bind(++index, offset_.value_or(0));
    }
    return index;
}

void QueryCore::run(const std::string& select_list, const std::function<void(const Statement&)>& row) const {
    session_->autoflush();
    auto statement = session_->database().prepare(select_sql(select_list));
    bind(*statement, true);
    while (statement->step()) row(*statement);
}

void QueryCore::load_objects(const std::function<void(std::shared_ptr<void>)>& object) const {
    run(model_->select_list(), [&](const Statement& s) { object(session_->load_row(*model_, s)); });
}

std::int64_t QueryCore::count() const {
    session_->autoflush();
    std::string sql = select_sql("1", false);
    if (limit_ || offset_) {
        sql = "SELECT count(*) FROM (" + select_sql("1") + ")";
    } else {
        sql = "SELECT count(*)" + sql.substr(std::string("SELECT 1").size());
    }
    auto statement = session_->database().prepare(sql);
    bind(*statement, true);
    statement->step();
    return statement->get_int64(0);
}

bool QueryCore::exists() const {
    session_->autoflush();
    auto statement = session_->database().prepare("SELECT EXISTS (" + select_sql("1") + ")");
    bind(*statement, true);
    statement->step();
    return statement->get_int64(0) != 0;
}

} // namespace orm
