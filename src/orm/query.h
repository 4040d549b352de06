// Typed queries over one model, as in SQLAlchemy's session.query(User):
//
//   session.query<User>().filter_by(&User::username, "peter").first();
//   session.query<User>().filter(col(&User::id) > 10).order_by(desc(&User::id)).limit(20).all();
//   session.query<User>().paginate(2, 50);                       // items, total, pages
//   session.query<User>().columns(&User::id, &User::username);   // vector<tuple<int64_t, string>>
//   session.query<User>().for_each([](const User& u) { … });     // streamed, nothing materialised
//
// Building a query runs no SQL; the terminal calls (all, first, one, one_or_none, count, exists, paginate,
// columns, for_each) autoflush the session, then run one statement. Limits and offsets are bound too.
// A terminal call on a query whose Session has ended throws DetachedError.
#pragma once

#include "orm/error.h"
#include "orm/expression.h"
#include "orm/session.h"

#include <functional>
#include <memory>
#include <optional>
#include <tuple>
#include <utility>
#include <vector>

namespace orm {

// No row matched where one was required (one(), refresh()).
class NoResultError : public Error {
public:
    using Error::Error;
};
// Several rows matched where at most one was expected (one(), one_or_none()).
class MultipleResultsError : public Error {
public:
    using Error::Error;
};

template <class T> struct Page {
    std::vector<std::shared_ptr<T>> items;
    std::int64_t total = 0;  // rows matching the filters, over all pages
    std::int64_t page = 1;   // 1-based
    std::int64_t per_page = 0;
    std::int64_t pages() const { return per_page > 0 ? (total + per_page - 1) / per_page : 0; }
};

// The untyped part of a query: SQL text, parameters, execution.
class QueryCore {
public:
    QueryCore(Session& session, const ModelInfo& model) : session_(&session), alive_(session.lifetime()), model_(&model) {}
    void add_filter(Expr expr) { filters_.push_back(std::move(expr)); }
    void add_order(OrderTerm term) { order_.push_back(std::move(term)); }
    void add_option(LoadOption option) { options_.push_back(option); }
    void set_limit(std::int64_t n) { limit_ = n; }
    void set_offset(std::int64_t n) { offset_ = n; }

    // SELECT <select_list> FROM <table> [WHERE …] [ORDER BY …] [LIMIT ? OFFSET ?]
    std::string select_sql(const std::string& select_list, bool with_order_and_limit = true) const;
    // Runs the query; calls `row` for each result row with the statement positioned on it.
    void run(const std::string& select_list, const std::function<void(const Statement&)>& row) const;
    // The result's objects, with relationships loaded as their strategy (or the query's options) says.
    std::vector<std::shared_ptr<void>> load_objects() const;
    std::int64_t count() const;
    bool exists() const;
    // The query's session. Throws DetachedError if it has ended (a Query must not outlive its Session).
    Session& session() const;
    const ModelInfo& model() const { return *model_; }

private:
    int bind(Statement& statement, bool with_limit) const;
    Loading strategy(const RelationshipInfo& relationship) const;
    std::vector<std::shared_ptr<void>> load_joined(const RelationshipInfo& relationship) const;

    Session* session_;
    std::weak_ptr<const void> alive_;
    const ModelInfo* model_;
    std::vector<Expr> filters_;
    std::vector<OrderTerm> order_;
    std::vector<LoadOption> options_;
    std::optional<std::int64_t> limit_;
    std::optional<std::int64_t> offset_;
};

template <class T> class Query {
public:
    Query(Session& session, const Model<T>& model) : core_(session, model) {}

    Query& filter(Expr expr) {
        core_.add_filter(std::move(expr));
        return *this;
    }
    template <class M, class V> requires ComparableWith<M, V>::value Query& filter_by(M T::*member, const V& value) {
        return filter(col(member) == value);
    }
    template <class... Terms> Query& order_by(Terms... terms) {
        (core_.add_order(to_order(terms)), ...);
        return *this;
    }
    // Loading strategy for a relationship in this query: options(orm::selectin(&PetHandler::pets)).
    Query& options(LoadOption option) {
        core_.add_option(option);
        return *this;
    }
    Query& limit(std::int64_t n) {
        core_.set_limit(n);
        return *this;
    }
    Query& offset(std::int64_t n) {
        core_.set_offset(n);
        return *this;
    }

    std::vector<std::shared_ptr<T>> all() const {
        std::vector<std::shared_ptr<void>> objects = core_.load_objects();
        std::vector<std::shared_ptr<T>> out;
        out.reserve(objects.size());
        for (auto& o : objects) out.push_back(std::static_pointer_cast<T>(std::move(o)));
        return out;
    }
    // The first row, or null.
    std::shared_ptr<T> first() const {
        Query copy = *this;
        copy.limit(1);
        auto rows = copy.all();
        return rows.empty() ? nullptr : rows.front();
    }
    // Exactly one row; NoResultError or MultipleResultsError otherwise.
    std::shared_ptr<T> one() const {
        auto row = one_or_none();
        if (!row) throw NoResultError("no " + core_.model().table() + " row matched the query");
        return row;
    }
    // One row or null; MultipleResultsError if several match.
    std::shared_ptr<T> one_or_none() const {
        Query copy = *this;
        copy.limit(2);
        auto rows = copy.all();
        if (rows.size() > 1) throw MultipleResultsError("more than one " + core_.model().table() + " row matched the query");
        return rows.empty() ? nullptr : rows.front();
    }
    std::int64_t count() const { return core_.count(); }
    bool exists() const { return core_.exists(); }

    // Page `page` (1-based) of `per_page` rows, with the total over all pages. Pages past the end are empty.
    Page<T> paginate(std::int64_t page, std::int64_t per_page) const {
        if (page < 1 || per_page < 1) throw UsageError("paginate() wants page >= 1 and per_page >= 1");
        Page<T> result;
        result.page = page;
        result.per_page = per_page;
        result.total = count();
        Query copy = *this;
        copy.limit(per_page).offset((page - 1) * per_page);
        result.items = copy.all();
        return result;
    }

    // Only the given columns, as tuples; no objects are created or held.
    template <class... M> std::vector<std::tuple<M...>> columns(M T::*... members) const {
        const auto& model = model_of<T>();
        std::string list;
        ((list += (list.empty() ? "" : ", ") + quote_identifier(model.table()) + "." + quote_identifier(model.column_for(members).name)), ...);
        std::vector<std::tuple<M...>> out;
        core_.run(list, [&](const Statement& s) {
            std::tuple<M...> row;
            load_tuple(s, row, std::index_sequence_for<M...>{});
            out.push_back(std::move(row));
        });
        return out;
    }

    // Calls `visit(const T&)` for each row in order without holding the objects: constant memory for any
    // number of rows. The objects are not tracked by the session.
    template <class Visit> void for_each(Visit visit) const {
        const auto& model = model_of<T>();
        T row{};
        core_.run(model.select_list(), [&](const Statement& s) {
            for (std::size_t i = 0; i < model.columns().size(); ++i) model.columns()[i].access->load(&row, s, static_cast<int>(i));
            visit(static_cast<const T&>(row));
        });
    }

    std::string sql() const { return core_.select_sql(model_of<T>().select_list()); }

private:
    static OrderTerm to_order(OrderTerm term) { return term; }
    template <class M> static OrderTerm to_order(const Col<T, M>& column) { return column.asc(); }
    template <class M> static OrderTerm to_order(M T::*member) { return col(member).asc(); }
    template <class Tuple, std::size_t... I> static void load_tuple(const Statement& s, Tuple& row, std::index_sequence<I...>) {
        (MemberTraits<std::tuple_element_t<I, Tuple>>::load(s, static_cast<int>(I), std::get<I>(row)), ...);
    }

    QueryCore core_;
};

template <class T> Query<T> Session::query() { return Query<T>(*this, model_of<T>()); }

} // namespace orm
