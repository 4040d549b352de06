#include "orm/query.h"

#include "orm/session.h"

#include <algorithm>
#include <unordered_map>

namespace orm {
namespace {

std::string column_of(const ModelInfo& model, const std::string& column) {
    return quote_identifier(model.table()) + "." + quote_identifier(column);
}
std::string primary_key_of(const ModelInfo& model) {
    return column_of(model, model.primary_key().name);
}

void append_terms(std::string& sql, const char* keyword, const std::vector<OrderTerm>& terms) {
    for (std::size_t i = 0; i < terms.size(); ++i)
        sql += (i == 0 ? keyword : ", ") + terms[i].sql;
}
void append_conditions(std::string& sql, const char* keyword, const std::vector<Expr>& conditions) {
    for (std::size_t i = 0; i < conditions.size(); ++i)
        sql += (i == 0 ? keyword : " AND (") + conditions[i].sql() + ")";
}

} // namespace

Session& QueryCore::session() const {
    if (alive_.expired()) throw DetachedError("this query's Session has ended; make the query from a live session");
    return *session_;
}

// --- Joins ---------------------------------------------------------------------------------------------

void QueryCore::add_join(const ModelInfo* model, const std::string& table, std::string on, std::vector<Value> params,
                         bool outer, bool to_many) {
    joins_.push_back({model, table, std::move(on), std::move(params), outer});
    if (model) from_.push_back(model);
    to_many_join_ = to_many_join_ || to_many;
}

void QueryCore::join_relationship(const ModelInfo& source, std::size_t member_offset, bool outer) {
    const RelationshipInfo* r = find_relationship(source, member_offset);
    if (!r) throw UsageError("join(): the member is not a relationship of " + source.table());
    const ModelInfo& target = r->target();
    if (std::find(from_.begin(), from_.end(), &target) != from_.end())
        throw UsageError("join(): " + target.table() +
                         " is in the query already; joining it twice needs aliases, which are not offered");
    switch (r->kind) {
    case RelationKind::OneToMany:
    case RelationKind::OneToOneParent:
        add_join(&target, target.table(), column_of(target, r->foreign_key()) + " = " + primary_key_of(source), {},
                 outer, r->kind == RelationKind::OneToMany);
        break;
    case RelationKind::ManyToOne:
        add_join(&target, target.table(), primary_key_of(target) + " = " + column_of(source, r->foreign_key()), {},
                 outer, false);
        break;
    case RelationKind::ManyToMany: {
        const std::string secondary = quote_identifier(r->secondary);
        add_join(nullptr, r->secondary,
                 secondary + "." + quote_identifier(r->secondary_source) + " = " + primary_key_of(source), {}, outer,
                 true);
        add_join(&target, target.table(),
                 primary_key_of(target) + " = " + secondary + "." + quote_identifier(r->secondary_target), {}, outer,
                 true);
        break;
    }
    }
}

void QueryCore::join_model(const ModelInfo& target, const Expr* on, bool outer) {
    if (std::find(from_.begin(), from_.end(), &target) != from_.end())
        throw UsageError("join(): " + target.table() +
                         " is in the query already; joining it twice needs aliases, which are not offered");
    if (on) {
        from_.push_back(&target); // the condition may name the model being joined
        check_models(on->models(), "the ON condition");
        from_.pop_back();
        add_join(&target, target.table(), on->sql(), on->params(), outer, true);
        return;
    }
    // The one foreign key between the target and a model of the query, in either direction.
    std::vector<std::pair<std::string, bool>> candidates; // ON text, whether the target side may repeat
    for (const ModelInfo* m : from_) {
        for (const ColumnInfo& c : target.columns())
            if (c.foreign_key && c.foreign_key->table == m->table())
                candidates.emplace_back(column_of(target, c.name) + " = " + column_of(*m, c.foreign_key->column),
                                        !c.unique && !c.unique_index);
        for (const ColumnInfo& c : m->columns())
            if (c.foreign_key && c.foreign_key->table == target.table())
                candidates.emplace_back(column_of(target, c.foreign_key->column) + " = " + column_of(*m, c.name),
                                        false);
    }
    if (candidates.size() != 1)
        throw UsageError("join<" + target.class_name() +
                         ">(): " + (candidates.empty() ? "no foreign key links " : "several foreign keys link ") +
                         target.table() + " to the query's tables; give the ON condition: join<" + target.class_name() +
                         ">(col(…) == col(…))");
    add_join(&target, target.table(), candidates.front().first, {}, outer, candidates.front().second);
}

void QueryCore::check_models(const std::vector<const ModelInfo*>& models, const char* clause) const {
    for (const ModelInfo* m : models)
        if (std::find(from_.begin(), from_.end(), m) == from_.end())
            throw UsageError(std::string(clause) + " names a column of " + m->table() + ", which this query on " +
                             model_->table() + " does not join: join(...) it first");
}

// --- SQL -----------------------------------------------------------------------------------------------

QueryCore::Selection QueryCore::entity_selection() const {
    return {model_->select_list(), {}, distinct_ || to_many_join_};
}

std::string QueryCore::select_sql(const Selection& selection, bool with_order_and_limit) const {
    for (const Expr& e : filters_)
        check_models(e.models(), "filter()");
    for (const Expr& e : having_)
        check_models(e.models(), "having()");
    for (const OrderTerm& t : group_)
        check_models(t.models, "group_by()");
    if (with_order_and_limit)
        for (const OrderTerm& t : order_)
            check_models(t.models, "order_by()");

    std::string sql = std::string(selection.distinct || distinct_ ? "SELECT DISTINCT " : "SELECT ") + selection.sql +
                      " FROM " + (from_sql_.empty() ? quote_identifier(model_->table()) : from_sql_);
    for (const Join& j : joins_)
        sql += (j.outer ? " LEFT OUTER JOIN " : " JOIN ") + quote_identifier(j.table) + " ON " + j.on;
    append_conditions(sql, " WHERE (", filters_);
    append_terms(sql, " GROUP BY ", group_);
    append_conditions(sql, " HAVING (", having_);
    if (!with_order_and_limit) return sql;
    append_terms(sql, " ORDER BY ", order_);
    if (limit_ || offset_) sql += " LIMIT ? OFFSET ?";
    return sql;
}

// The values select_sql's text binds, in the order they appear in it.
std::vector<Value> QueryCore::parameters(const Selection& selection, bool with_order_and_limit) const {
    std::vector<Value> values = selection.params;
    auto add = [&](const std::vector<Value>& more) { values.insert(values.end(), more.begin(), more.end()); };
    add(from_params_);
    for (const Join& j : joins_)
        add(j.params);
    for (const Expr& e : filters_)
        add(e.params());
    for (const OrderTerm& t : group_)
        add(t.params);
    for (const Expr& e : having_)
        add(e.params());
    if (!with_order_and_limit) return values;
    for (const OrderTerm& t : order_)
        add(t.params);
    if (limit_ || offset_) {
        values.emplace_back(limit_.value_or(-1)); // SQLite: a negative LIMIT means none
        values.emplace_back(offset_.value_or(0));
    }
    return values;
}

int QueryCore::bind(Statement& statement, const Selection& selection, bool with_order_and_limit) const {
    int index = 0;
    for (const Value& v : parameters(selection, with_order_and_limit))
        statement.bind(++index, v);
    return index;
}

std::pair<std::string, std::vector<Value>> QueryCore::bulk_where() const {
    const bool plain = joins_.empty() && from_sql_.empty() && from_.size() == 1 && group_.empty() &&
                       having_.empty() && !limit_ && !offset_ && !distinct_;
    if (!plain) {
        const Selection key{primary_key_of(*model_), {}, false};
        return {" WHERE " + primary_key_of(*model_) + " IN (" + select_sql(key) + ")", parameters(key, true)};
    }
    std::string sql;
    std::vector<Value> values;
    for (const Expr& e : filters_) {
        check_models(e.models(), "filter()");
        values.insert(values.end(), e.params().begin(), e.params().end());
    }
    append_conditions(sql, " WHERE (", filters_);
    return {sql, values};
}

std::pair<std::string, std::vector<Value>> QueryCore::scalar_subquery(const Selection& selection) const {
    return {"(" + select_sql(selection) + ")", parameters(selection, true)};
}

QueryCore QueryCore::paged_subquery() const {
    QueryCore outer(session(), *model_);
    const std::string table = quote_identifier(model_->table());
    const Selection all{table + ".*", {}, distinct_ || to_many_join_};
    // Aliased with the table's own name, so every column expression of the model stays valid outside.
    outer.from_sql_ = "(" + select_sql(all) + ") AS " + table;
    outer.from_params_ = parameters(all, true);
    outer.order_ = order_;
    outer.options_ = options_;
    return outer;
}

void QueryCore::run(const Selection& selection, const std::function<void(const Statement&)>& row) const {
    session().autoflush();
    auto statement = session().database().prepare(select_sql(selection));
    bind(*statement, selection, true);
    while (statement->step())
        row(*statement);
}

std::int64_t QueryCore::count() const {
    session().autoflush();
    const bool plain = !to_many_join_ && !distinct_ && group_.empty() && having_.empty() && !limit_ && !offset_;
    std::string sql;
    Selection inner;
    if (plain) {
        inner = {"count(*)", {}, false};
        sql = select_sql(inner, false);
    } else {
        // What all() would return, one row each: the distinct objects, or the groups.
        inner = {primary_key_of(*model_), {}, to_many_join_ || distinct_};
        sql = "SELECT count(*) FROM (" + select_sql(inner) + ")";
    }
    auto statement = session().database().prepare(sql);
    bind(*statement, inner, !plain);
    statement->step();
    return statement->get_int64(0);
}

bool QueryCore::exists() const {
    session().autoflush();
    const Selection one{"1", {}, false};
    auto statement = session().database().prepare("SELECT EXISTS (" + select_sql(one) + ")");
    bind(*statement, one, true);
    statement->step();
    return statement->get_int64(0) != 0;
}

// --- Objects -------------------------------------------------------------------------------------------

Loading QueryCore::strategy(const RelationshipInfo& relationship) const {
    Loading loading = relationship.options.loading;
    for (const LoadOption& option : options_)
        if (&option.source() == model_ && option.member_offset == relationship.member_offset) loading = option.loading;
    // A table joined to itself would need aliases, many-to-many two joins, a query with joins of its own
    // (or over a subquery) aliases too: these load selectin.
    if (loading == Loading::Joined &&
        (&relationship.target() == model_ || relationship.kind == RelationKind::ManyToMany || !joins_.empty() ||
         !from_sql_.empty()))
        loading = Loading::Selectin;
    return loading;
}

void QueryCore::load_eager(Session& session, const ModelInfo& model, const std::vector<std::shared_ptr<void>>& objects,
                           const std::function<Loading(const RelationshipInfo&)>& strategy,
                           const RelationshipInfo* done) {
    if (objects.empty()) return;
    for (const RelationshipInfo* r : relationships_of(model)) {
        if (r == done || strategy(*r) == Loading::Lazy) continue;
        // Only owners whose relationship is not known yet (the identity map may hold loaded ones).
        std::vector<std::shared_ptr<void>> owners;
        for (const auto& o : objects)
            if (!r->holder(o.get())->is_loaded()) owners.push_back(o);
        if (!owners.empty()) session.load_selectin(*r, owners);
    }
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
        run(entity_selection(), [&](const Statement& s) { objects.push_back(session().load_row(*model_, s)); });
    }
    load_eager(
        session(), *model_, objects, [this](const RelationshipInfo& r) { return strategy(r); }, joined);
    for (const LoadOption& option : options_)
        if (!option.then.empty()) detail::load_chain(session(), *model_, objects, option);
    return objects;
}

// One statement: the parents LEFT OUTER JOIN their children. With LIMIT/OFFSET (or grouping) the parents
// are selected in a subquery first, so the limit counts parents, not joined rows. (Only for queries
// without joins of their own: strategy() makes the others selectin.)
std::vector<std::shared_ptr<void>> QueryCore::load_joined(const RelationshipInfo& r) const {
    session().autoflush();
    const ModelInfo& target = r.target();
    const std::string parent = quote_identifier(model_->table());
    const std::string child = quote_identifier(target.table());
    const std::string condition = r.kind == RelationKind::ManyToOne
                                      ? primary_key_of(target) + " = " + column_of(*model_, r.foreign_key())
                                      : column_of(target, r.foreign_key()) + " = " + primary_key_of(*model_);
    const bool wrapped = limit_ || offset_ || !group_.empty() || !having_.empty();
    const Selection parents_only{parent + ".*", {}, false};
    std::string sql = "SELECT " + model_->select_list() + ", " + target.select_list() + " FROM ";
    sql += wrapped ? "(" + select_sql(parents_only) + ") AS " + parent : parent;
    sql += " LEFT OUTER JOIN " + child + " ON " + condition;
    if (!wrapped) {
        for (const Expr& e : filters_)
            check_models(e.models(), "filter()");
        append_conditions(sql, " WHERE (", filters_);
    }
    sql += " ORDER BY ";
    for (const OrderTerm& term : order_)
        sql += term.sql + ", ";
    sql += primary_key_of(*model_) + ", " + relationship_order_prefix(r) + primary_key_of(target);

    auto statement = session().database().prepare(sql);
    int index = wrapped ? bind(*statement, parents_only, true) : 0;
    if (!wrapped)
        for (const Expr& e : filters_)
            for (const Value& v : e.params())
                statement->bind(++index, v);
    for (const OrderTerm& t : order_)
        for (const Value& v : t.params)
            statement->bind(++index, v);
    std::vector<std::shared_ptr<void>> parents;
    std::unordered_map<const void*, std::vector<std::shared_ptr<void>>> children;
    const int child_first = static_cast<int>(model_->columns().size());
    while (statement->step()) {
        std::shared_ptr<void> p = session().load_row(*model_, *statement);
        auto [slot, is_new] = children.try_emplace(p.get());
        if (is_new) parents.push_back(p);
        if (!statement->is_null(child_first + target.primary_key_index()))
            slot->second.push_back(session().load_row(target, *statement, child_first));
    }
    for (const auto& p : parents) {
        if (r.holder(p.get())->is_loaded()) continue; // held objects keep what they have (and may have changed)
        auto& items = children[p.get()];
        if (r.kind == RelationKind::OneToMany)
            session().set_loaded_collection(r, p.get(), std::move(items));
        else
            session().set_loaded_reference(r, p.get(), items.empty() ? nullptr : items.front());
    }
    return parents;
}

} // namespace orm
