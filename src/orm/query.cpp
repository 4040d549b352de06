#include "orm/query.h"

#include "orm/session.h"

#include <unordered_map>

namespace orm {

Session& QueryCore::session() const {
    if (alive_.expired()) throw DetachedError("this query's Session has ended; make the query from a live session");
    return *session_;
}

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
    session().autoflush();
    auto statement = session().database().prepare(select_sql(select_list));
    bind(*statement, true);
    while (statement->step()) row(*statement);
}

Loading QueryCore::strategy(const RelationshipInfo& relationship) const {
    Loading loading = relationship.options.loading;
    for (const LoadOption& option : options_)
        if (&option.source() == model_ && option.member_offset == relationship.member_offset) loading = option.loading;
    // A table joined to itself would need aliases; many-to-many would need two joins: both load selectin.
    if (loading == Loading::Joined && (&relationship.target() == model_ || relationship.kind == RelationKind::ManyToMany)) loading = Loading::Selectin;
    return loading;
}

std::vector<std::shared_ptr<void>> QueryCore::load_objects() const {
    for (const LoadOption& option : options_)
        if (&option.source() != model_ || !find_relationship(*model_, option.member_offset))
            throw UsageError("a loading option names a relationship that " + model_->table() + " does not have");
    const RelationshipInfo* joined = nullptr;
    for (const RelationshipInfo* r : relationships_of(*model_))
        if (!joined && strategy(*r) == Loading::Joined) joined = r;

    std::vector<std::shared_ptr<void>> objects;
    if (joined) {
        objects = load_joined(*joined);
    } else {
        run(model_->select_list(), [&](const Statement& s) { objects.push_back(session().load_row(*model_, s)); });
    }
    for (const RelationshipInfo* r : relationships_of(*model_)) {
        if (r == joined) continue;
        const Loading loading = strategy(*r);
        if (loading == Loading::Lazy || objects.empty()) continue;
        // Only parents whose relationship is not known yet (the identity map may hold loaded ones).
        std::vector<std::shared_ptr<void>> owners;
        for (const auto& o : objects)
            if (!r->holder(o.get())->is_loaded()) owners.push_back(o);
        if (!owners.empty()) session().load_selectin(*r, owners);
    }
    return objects;
}

// One statement: the parents LEFT OUTER JOIN their children. With LIMIT/OFFSET the parents are selected
// in a subquery first, so the limit counts parents, not joined rows.
std::vector<std::shared_ptr<void>> QueryCore::load_joined(const RelationshipInfo& r) const {
    session().autoflush();
    const ModelInfo& target = r.target();
    const std::string parent = quote_identifier(model_->table());
    const std::string child = quote_identifier(target.table());
    const std::string parent_pk = parent + "." + quote_identifier(model_->primary_key().name);
    const std::string child_pk = child + "." + quote_identifier(target.primary_key().name);
    const std::string condition = r.kind == RelationKind::ManyToOne ? child_pk + " = " + parent + "." + quote_identifier(r.foreign_key())
                                                                     : child + "." + quote_identifier(r.foreign_key()) + " = " + parent_pk;
    const bool wrapped = limit_ || offset_;
    std::string sql = "SELECT " + model_->select_list() + ", " + target.select_list() + " FROM ";
    sql += wrapped ? "(" + select_sql(parent + ".*") + ") AS " + parent : parent;
    sql += " LEFT OUTER JOIN " + child + " ON " + condition;
    if (!wrapped)
        for (std::size_t i = 0; i < filters_.size(); ++i) sql += (i == 0 ? " WHERE (" : " AND (") + filters_[i].sql() + ")";
    sql += " ORDER BY ";
    for (const OrderTerm& term : order_) sql += term.sql + ", ";
    sql += parent_pk + ", " + child_pk;

    auto statement = session().database().prepare(sql);
    bind(*statement, wrapped);
    std::vector<std::shared_ptr<void>> parents;
    std::unordered_map<const void*, std::vector<std::shared_ptr<void>>> children;
    const int child_first = static_cast<int>(model_->columns().size());
    while (statement->step()) {
        std::shared_ptr<void> p = session().load_row(*model_, *statement);
        auto [slot, is_new] = children.try_emplace(p.get());
        if (is_new) parents.push_back(p);
        if (!statement->is_null(child_first + target.primary_key_index())) slot->second.push_back(session().load_row(target, *statement, child_first));
    }
    for (const auto& p : parents) {
        if (r.holder(p.get())->is_loaded()) continue; // held objects keep what they have (and may have changed)
        auto& items = children[p.get()];
        if (r.kind == RelationKind::OneToMany) session().set_loaded_collection(r, p.get(), std::move(items));
        else session().set_loaded_reference(r, p.get(), items.empty() ? nullptr : items.front());
    }
    return parents;
}

std::int64_t QueryCore::count() const {
    session().autoflush();
    std::string sql = select_sql("1", false);
    if (limit_ || offset_) {
        sql = "SELECT count(*) FROM (" + select_sql("1") + ")";
    } else {
        sql = "SELECT count(*)" + sql.substr(std::string("SELECT 1").size());
    }
    auto statement = session().database().prepare(sql);
    bind(*statement, true);
    statement->step();
    return statement->get_int64(0);
}

bool QueryCore::exists() const {
    session().autoflush();
    auto statement = session().database().prepare("SELECT EXISTS (" + select_sql("1") + ")");
    bind(*statement, true);
    statement->step();
    return statement->get_int64(0) != 0;
}

} // namespace orm
