// Typed queries, as in SQLAlchemy's session.query(User):
//
//   session.query<User>().filter_by(&User::username, "peter").first();
//   session.query<User>().filter(col(&User::id) > 10).order_by(desc(&User::id)).limit(20).all();
//   session.query<Address>().join(&Address::user).filter(col(&User::name) == "sandy").all();   // SELECT … JOIN
//   session.query<PetHandler>().outerjoin(&PetHandler::pets).group_by(&PetHandler::handler_id)
//       .columns(&PetHandler::handler_name, func::count(&PetCategory::pet_id));  // vector<tuple<string, int64_t>>
//   session.query<User>().paginate(2, 50);                       // items, total, has_next, iter_pages…
//   session.query<User>().from_statement("SELECT * FROM user WHERE username = ?", {"peter"}).all();
//   session.query<User>().for_each([](const User& u) { … });     // streamed, nothing materialised
//
// Building a query runs no SQL; the terminal calls (all, first, one, one_or_none, count, exists, paginate,
// columns, scalar, for_each) autoflush the session, then run one statement. Every value is bound.
// A terminal call on a query whose Session has ended throws DetachedError.
//
// Joins: join(&A::rel) / outerjoin(&A::rel) follow a relationship; join<B>() follows the one foreign key
// between B and a model already in the query; join<B>(condition) takes the ON condition. Each join adds
// its model to the query's type (Query<Address, InnerJoin<User>>), and filter, order_by, group_by, having
// and columns accept only columns of the query's models: a column of a model the query does not join is a
// compile error (type-erased Expr/OrderTerm values are checked when the query runs: UsageError). Join
// before filtering on the joined model. A model joined twice, or to itself, would need table aliases,
// which are not offered.
// Objects from a join are those of the query's first model, each once (a to-many join selects DISTINCT),
// and count() counts them; columns(…) returns every joined row. Columns of an outer-joined model read as
// std::optional (NULL where nothing matched).
//
// One header of over 400 lines on purpose: every clause (filter, join, group, load options, bulk
// update/delete) is a member of the one template Query<T> and returns it, so they cannot live apart.
#pragma once

#include "orm/bulk.h"
#include "orm/error.h"
#include "orm/expression.h"
#include "orm/pagination.h"
#include "orm/session.h"

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

namespace orm {

template <class U> struct InnerJoin {
    using model = U;
    static constexpr bool outer = false;
};
template <class U> struct OuterJoin {
    using model = U;
    static constexpr bool outer = true;
};
// A model of the enclosing query, named by a subquery's conditions (correlate<U>()); not in its FROM.
template <class U> struct Correlated {
    using model = U;
    static constexpr bool outer = false;
};

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

// Values bound to a textual statement: positional (?, ?NNN) or by name (:name, @name, $name).
using Params = std::vector<Value>;
using NamedParams = std::vector<std::pair<std::string, Value>>;

// The untyped part of a query: SQL text, parameters, execution.
class QueryCore {
  public:
    // What a statement selects: a list of result columns and the values bound inside it.
    struct Selection {
        std::string sql;
        std::vector<Value> params;
        bool distinct = false;
    };

    QueryCore(Session& session, const ModelInfo& model)
        : session_(&session), alive_(session.lifetime()), model_(&model), from_{&model} {}
    void add_filter(Expr expr) { filters_.push_back(std::move(expr)); }
    void add_order(OrderTerm term) { order_.push_back(std::move(term)); }
    void add_group(OrderTerm term) { group_.push_back(std::move(term)); }
    void add_having(Expr expr) { having_.push_back(std::move(expr)); }
    void add_option(LoadOption option) { options_.push_back(option); }
    void set_limit(std::int64_t n) { limit_ = n; }
    void set_offset(std::int64_t n) { offset_ = n; }
    void set_distinct() { distinct_ = true; }
    // Joins along `source`'s relationship at `member_offset`. Throws UsageError if there is none.
    void join_relationship(const ModelInfo& source, std::size_t member_offset, bool outer);
    // Joins `target` ON `on`, or, without one, on the single foreign key between `target` and a model of
    // the query. Throws UsageError if there is no such foreign key, or more than one.
    void join_model(const ModelInfo& target, const Expr* on, bool outer);
    // Lets conditions name `outer`, a model of the query this one is a subquery of.
    void correlate(const ModelInfo& outer) { from_.push_back(&outer); }
    // (SELECT <selection> FROM …): this query as a value inside another, with the values it binds.
    std::pair<std::string, std::vector<Value>> scalar_subquery(const Selection& selection) const;

    // This query as a subquery aliased with its table's name, and a query over it keeping its ORDER BY.
    QueryCore paged_subquery() const;

    // SELECT [DISTINCT] <selection> FROM … [JOIN …] [WHERE …] [GROUP BY …] [HAVING …] [ORDER BY …] [LIMIT ? OFFSET ?]
    // Throws UsageError if a type-erased term names a model the query does not join.
    std::string select_sql(const Selection& selection, bool with_order_and_limit = true) const;
    // Runs the query; calls `row` for each result row with the statement positioned on it.
    void run(const Selection& selection, const std::function<void(const Statement&)>& row) const;
    // The query's model's columns, DISTINCT when a join may repeat its rows.
    Selection entity_selection() const;
    // The result's objects, with relationships loaded as their strategy (or the query's options) says.
    std::vector<std::shared_ptr<void>> load_objects() const;
    std::int64_t count() const;
    bool exists() const;
    // UPDATE/DELETE of the rows this query matches (bulk.h; bulk_statement.cpp). Return the rows changed.
    std::int64_t bulk_update(const std::vector<ColumnAssignment>& values, Synchronize sync) const;
    std::int64_t bulk_delete(Synchronize sync) const;
    // Objects of `model` from hand-written SQL (see TextQuery), through the identity map.
    static std::vector<std::shared_ptr<void>> load_from_statement(Session& session, const ModelInfo& model,
                                                                  const std::string& sql, const Params& params,
                                                                  const NamedParams& named);
    // The query's session. Throws DetachedError if it has ended (a Query must not outlive its Session).
    Session& session() const;
    const ModelInfo& model() const { return *model_; }

  private:
    struct Join {
        const ModelInfo* model; // the joined table's model, or null for an association table
        std::string table;
        std::string on;
        std::vector<Value> params;
        bool outer;
    };
    void add_join(const ModelInfo* model, const std::string& table, std::string on, std::vector<Value> params,
                  bool outer, bool to_many);
    void check_models(const std::vector<const ModelInfo*>& models, const char* clause) const;
    // " WHERE …" selecting the rows of this query for an UPDATE or DELETE of its table: its filters, or
    // "<primary key> IN (SELECT <primary key> …)" when it joins, groups, limits or selects from a subquery.
    std::pair<std::string, std::vector<Value>> bulk_where() const;
    std::vector<Value> parameters(const Selection& selection, bool with_order_and_limit) const;
    int bind(Statement& statement, const Selection& selection, bool with_order_and_limit) const;
    Loading strategy(const RelationshipInfo& relationship) const;
    std::vector<std::shared_ptr<void>> load_joined(const RelationshipInfo& relationship) const;
    static void load_eager(Session& session, const ModelInfo& model, const std::vector<std::shared_ptr<void>>& objects,
                           const std::function<Loading(const RelationshipInfo&)>& strategy,
                           const RelationshipInfo* done);

    Session* session_;
    std::weak_ptr<const void> alive_;
    const ModelInfo* model_;
    std::string from_sql_; // FROM this subquery (from_self()) instead of the model's table
    std::vector<Value> from_params_;
    std::vector<const ModelInfo*> from_; // the query's model, then each joined model
    std::vector<Join> joins_;
    bool to_many_join_ = false; // some join may match several rows per row of the query's model
    bool distinct_ = false;
    std::vector<Expr> filters_;
    std::vector<OrderTerm> group_;
    std::vector<Expr> having_;
    std::vector<OrderTerm> order_;
    std::vector<LoadOption> options_;
    std::optional<std::int64_t> limit_;
    std::optional<std::int64_t> offset_;
};

// session.query<T>().from_statement(sql, params): objects of T from hand-written SQL.
// Reads the objects; the statement selects (at least) the model's columns, by name. Throws UsageError if
// one is missing or the text is not one SELECT, DatabaseError if it does not compile or bind.
template <class T> class TextQuery {
  public:
    TextQuery(Session& session, std::string sql, Params params, NamedParams named)
        : session_(&session), alive_(session.lifetime()), sql_(std::move(sql)), params_(std::move(params)),
          named_(std::move(named)) {}
    // Values for the statement's named parameters (:name, @name, $name; the prefix may be left out).
    TextQuery params(NamedParams named) const {
        TextQuery copy = *this;
        copy.named_ = std::move(named);
        return copy;
    }
    std::vector<std::shared_ptr<T>> all() const {
        std::vector<std::shared_ptr<T>> out;
        if (alive_.expired()) throw DetachedError("this query's Session has ended; make the query from a live session");
        for (auto& o : QueryCore::load_from_statement(*session_, model_of<T>(), sql_, params_, named_))
            out.push_back(std::static_pointer_cast<T>(std::move(o)));
        return out;
    }
    std::shared_ptr<T> first() const {
        auto rows = all();
        return rows.empty() ? nullptr : rows.front();
    }
    std::shared_ptr<T> one_or_none() const {
        auto rows = all();
        if (rows.size() > 1)
            throw MultipleResultsError("the statement returned more than one " + model_of<T>().table() + " row");
        return rows.empty() ? nullptr : rows.front();
    }
    std::shared_ptr<T> one() const {
        auto row = one_or_none();
        if (!row) throw NoResultError("the statement returned no " + model_of<T>().table() + " row");
        return row;
    }

  private:
    Session* session_;
    std::weak_ptr<const void> alive_;
    std::string sql_;
    Params params_;
    NamedParams named_;
};

template <class T, class... Joins> class Query {
  public:
    using models = Models<T, typename Joins::model...>;

  private:
    template <class U>
    static constexpr bool outer_joined = ((std::is_same_v<typename Joins::model, U> && Joins::outer) || ...);
    template <class S> struct AnyOuter;
    template <class... Ms> struct AnyOuter<Models<Ms...>> : std::bool_constant<(outer_joined<Ms> || ...)> {};
    template <class J> struct CorrelatedModel { using type = Models<>; };
    template <class U> struct CorrelatedModel<Correlated<U>> { using type = Models<U>; };
    // The enclosing query's models this one names (see correlate()).
    using correlated_models = typename detail::Concat<typename CorrelatedModel<Joins>::type...>::type;

    // join(&X::rel) to U: X is in the query, U is not (joining a model twice needs aliases, not offered).
    template <class X, class U> static constexpr bool joinable = model_in<X, models> && !model_in<U, models>;
    // Whether every model a term names is one of this query's (see models_of in expression.h).
    template <class Term> static constexpr bool in_query = models_within<models_of<Term>, models>;
    // What a term of columns(…) reads as: its type, made std::optional where an outer join may bring NULL.
    template <class Term> struct Selected;
    template <class X, class M> struct Selected<M X::*> {
        using type = std::conditional_t<outer_joined<X> && !is_optional<column_value_t<M>>, std::optional<column_value_t<M>>, column_value_t<M>>;
    };
    template <class V, class S, bool N> struct Selected<ColumnExpr<V, S, N>> {
        using type = std::conditional_t<!N && !is_optional<V> && AnyOuter<S>::value, std::optional<V>, V>;
    };
    template <class X, class M> struct Selected<Col<X, M>> : Selected<ColumnExpr<column_value_t<M>, Models<X>, false>> {};

  public:
    Query(Session& session, const Model<T>& model) : core_(session, model) {}

    // --- Filtering, ordering, grouping ------------------------------------------------------------------
    // A Condition naming only this query's models, or a type-erased Expr (checked when the query runs).
    // A condition on a model the query does not join does not compile: in_query<…> is false.
    template <class E>
    requires std::is_base_of_v<Expr, E> && in_query<E> Query& filter(const E& condition) {
        core_.add_filter(condition);
        return *this;
    }
    // filter(col(member) == value); an optional value compares NULL-aware (IS).
    template <class X, class M, class V>
    requires(model_in<X, models>&& ComparableWith<M, unwrap_optional<V>>::value) Query& filter_by(M X::*member,
                                                                                                  const V& value) {
        return filter(col(member) == value);
    }
    // Members, columns, asc()/desc() terms; a member or column alone sorts ascending.
    template <class... Terms>
    requires(in_query<Terms>&&...) Query& order_by(const Terms&... terms) {
        (core_.add_order(to_order(terms)), ...);
        return *this;
    }
    template <class... Terms>
    requires(in_query<Terms>&&...) Query& group_by(const Terms&... terms) {
        (core_.add_group(to_group(terms)), ...);
        return *this;
    }
    template <class E>
    requires std::is_base_of_v<Expr, E> && in_query<E> Query& having(const E& condition) {
        core_.add_having(condition);
        return *this;
    }
    // SELECT DISTINCT (for columns(…); objects are distinct already).
    Query& distinct() {
        core_.set_distinct();
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

    // This query (its filters, order, limit and offset) as a subquery that a new query selects from, in the
    // same order: join or aggregate over one page without joining the whole table first (SQLAlchemy's
    // legacy from_self()). query.order_by(…).limit(50).offset(n).from_self().outerjoin<Pet>()…
    Query from_self() const {
        static_assert(sizeof...(Joins) == 0, "from_self() wraps a query without joins; join in the outer query");
        return Query(core_.paged_subquery());
    }

    // --- Joins ----------------------------------------------------------------------------------------
    // Along a relationship of one of the query's models, to a model not in the query yet.
    template <class X, class U>
    requires joinable<X, U> Query<T, Joins..., InnerJoin<U>> join(Reference<U> X::*relationship)
    const { return joined<X, U, false>(member_offset(relationship)); }
    template <class X, class U>
    requires joinable<X, U> Query<T, Joins..., InnerJoin<U>> join(Collection<U> X::*relationship)
    const { return joined<X, U, false>(member_offset(relationship)); }
    template <class X, class U>
    requires joinable<X, U> Query<T, Joins..., OuterJoin<U>> outerjoin(Reference<U> X::*relationship)
    const { return joined<X, U, true>(member_offset(relationship)); }
    template <class X, class U>
    requires joinable<X, U> Query<T, Joins..., OuterJoin<U>> outerjoin(Collection<U> X::*relationship)
    const { return joined<X, U, true>(member_offset(relationship)); }
    template <class U>
    requires(!model_in<U, models>) Query<T, Joins..., InnerJoin<U>> join()
    const { return joined_on<U, false>(nullptr); }
    template <class U>
    requires(!model_in<U, models>) Query<T, Joins..., OuterJoin<U>> outerjoin()
    const { return joined_on<U, true>(nullptr); }
    // The ON condition names the joined model and models already in the query.
    template <class U, class S>
    requires(!model_in<U, models> && models_within<S, models_union<models, Models<U>>>)
        Query<T, Joins..., InnerJoin<U>> join(const Condition<S>& on)
    const { return joined_on<U, false>(&on); }
    template <class U, class S>
    requires(!model_in<U, models> && models_within<S, models_union<models, Models<U>>>)
        Query<T, Joins..., OuterJoin<U>> outerjoin(const Condition<S>& on)
    const { return joined_on<U, true>(&on); }

    // --- As a subquery --------------------------------------------------------------------------------
    // Lets this query's conditions name U, a model of the query it will be a subquery of (SQLAlchemy's
    // correlate()): query<Pet>().correlate<Handler>().filter(col(&Pet::handler_id) == col(&Handler::id)).
    template <class U>
    requires(!model_in<U, models>) Query<T, Joins..., Correlated<U>> correlate()
    const {
        QueryCore core = core_;
        core.correlate(model_of<U>());
        return Query<T, Joins..., Correlated<U>>(std::move(core));
    }
    // This query as one value of each row of another (SQLAlchemy's scalar_subquery()): the first row's
    // `term`, NULL (std::optional) if there is none; an aggregate such as func::count() always has one.
    // It names the correlated models, so it belongs in a query that has them:
    //   query<Handler>().columns(&Handler::name,
    //   query<Pet>().correlate<Handler>().filter(…).scalar_subquery(func::count()))
    template <class Term>
    requires in_query<Term>
    auto scalar_subquery(const Term& term) const {
        using V = typename Selected<Term>::type;
        constexpr bool not_null = detail_not_null<Term>();
        using R = std::conditional_t<not_null || is_optional<V>, V, std::optional<V>>;
        auto [sql, params] = core_.scalar_subquery(selection(term));
        std::vector<const ModelInfo*> named;
        add_correlated(named, static_cast<correlated_models*>(nullptr));
        return ColumnExpr<R, correlated_models, not_null>(std::move(sql), std::move(params), std::move(named));
    }

    // --- Objects --------------------------------------------------------------------------------------
    std::vector<std::shared_ptr<T>> all() const {
        std::vector<std::shared_ptr<void>> objects = core_.load_objects();
        std::vector<std::shared_ptr<T>> out;
        out.reserve(objects.size());
        for (auto& o : objects)
            out.push_back(std::static_pointer_cast<T>(std::move(o)));
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
        if (rows.size() > 1)
            throw MultipleResultsError("more than one " + core_.model().table() + " row matched the query");
        return rows.empty() ? nullptr : rows.front();
    }
    // The objects all() would return, counted in SQL.
    std::int64_t count() const { return core_.count(); }
    bool exists() const { return core_.exists(); }

    // Page `page` (1-based) of `per_page` objects, with the total over all pages. Pages past the end are
    // empty. Throws UsageError for page < 1 or per_page < 1.
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

    // Calls `visit(const T&)` for each row in order without holding the objects: constant memory for any
    // number of rows. The objects are not tracked by the session.
    template <class Visit> void for_each(Visit visit) const {
        const auto& model = model_of<T>();
        T row{};
        core_.run(core_.entity_selection(), [&](const Statement& s) {
            for (std::size_t i = 0; i < model.columns().size(); ++i)
                model.columns()[i].access->load(&row, s, static_cast<int>(i));
            visit(static_cast<const T&>(row));
        });
    }

    // --- Bulk statements (bulk.h) ----------------------------------------------------------------------
    // UPDATE … SET … for every row of T this query matches, in one statement (SQLAlchemy's
    // query.update({User.name: "x"}, synchronize_session=…)); returns the number of rows matched.
    // update({{&User::name, "sandy"}, {&User::visits, col(&User::visits) + 1}}). Held objects: see bulk.h.
    std::int64_t update(std::initializer_list<Assignment<T>> values, Synchronize sync = Synchronize::Fetch) const {
        std::vector<ColumnAssignment> erased;
        erased.reserve(values.size());
        for (const Assignment<T>& v : values)
            erased.push_back(v.erased());
        return core_.bulk_update(erased, sync);
    }
    // DELETE of every row of T this query matches (SQLAlchemy's query.delete()); returns the rows deleted.
    std::int64_t remove(Synchronize sync = Synchronize::Fetch) const { return core_.bulk_delete(sync); }

    // Hand-written SQL instead of this query's (whose filters it ignores); loads objects of T by column
    // name. Values bind to its ?s in order, or by name with .params({{"name", value}}) for :name.
    TextQuery<T> from_statement(std::string sql, Params params = {}) const {
        static_assert(sizeof...(Joins) == 0,
                      "from_statement() replaces the whole query: call it on session.query<T>()");
        return TextQuery<T>(core_.session(), std::move(sql), std::move(params), {});
    }

    // --- Columns --------------------------------------------------------------------------------------
    // The tuple columns(terms…) returns per row.
    template <class... Terms> using Row = std::tuple<typename Selected<Terms>::type...>;

    // Rows of the given members and column expressions (aggregates too), as typed tuples; no objects are
    // created or held. One tuple per result row: with a to-many join, per joined row (distinct() dedupes).
    template <class... Terms>
    requires(in_query<Terms>&&...) std::vector<Row<Terms...>> columns(const Terms&... terms)
    const {
        std::vector<Row<Terms...>> out;
        for_each_columns([&](Row<Terms...>& row) { out.push_back(std::move(row)); }, terms...);
        return out;
    }
    // The same rows streamed: calls `visit(Row&)` for each, holding one row at a time.
    template <class Visit, class... Terms>
    requires(in_query<Terms>&&...) void for_each_columns(Visit visit, const Terms&... terms) const {
        Row<Terms...> row;
        core_.run(selection(terms...), [&](const Statement& s) {
            load_tuple(s, row, std::index_sequence_for<Terms...>{});
            visit(row);
        });
    }
    // The first column of the first row: query<User>().scalar(func::max(&User::id)). Throws NoResultError
    // if there is no row (an aggregate without group_by always has one).
    template <class Term>
    requires in_query<Term>
    typename Selected<Term>::type scalar(const Term& term) const {
        std::optional<typename Selected<Term>::type> value;
        Query copy = *this;
        copy.limit(1);
        copy.core_.run(selection(term), [&](const Statement& s) {
            value.emplace();
            MemberTraits<typename Selected<Term>::type>::load(s, 0, *value);
        });
        if (!value) throw NoResultError("no " + core_.model().table() + " row matched the query");
        return std::move(*value);
    }

    std::string sql() const { return core_.select_sql(core_.entity_selection()); }

  private:
    template <class, class...> friend class Query;
    explicit Query(QueryCore core) : core_(std::move(core)) {}

    template <class Term> static constexpr bool detail_not_null() {
        if constexpr (requires { Term::not_null; })
            return Term::not_null;
        else
            return false;
    }
    template <class... Us> static void add_correlated(std::vector<const ModelInfo*>& named, Models<Us...>*) {
        (named.push_back(&model_info_of<Us>()), ...);
    }
    template <class X, class M> static void add_term(QueryCore::Selection& s, M X::*member) {
        add_term(s, col(member));
    }
    template <class V, class S, bool N> static void add_term(QueryCore::Selection& s, const ColumnExpr<V, S, N>& e) {
        s.sql += (s.sql.empty() ? "" : ", ") + e.sql();
        s.params.insert(s.params.end(), e.params().begin(), e.params().end());
    }
    template <class... Terms> QueryCore::Selection selection(const Terms&... terms) const {
        QueryCore::Selection s;
        (add_term(s, terms), ...);
        return s;
    }

    template <class S> static OrderTerm to_order(const Ordering<S>& term) { return term; }
    static OrderTerm to_order(const OrderTerm& term) { return term; }
    template <class V, class S, bool N> static OrderTerm to_order(const ColumnExpr<V, S, N>& e) {
        return to_order(e.asc());
    }
    template <class X, class M> static OrderTerm to_order(M X::*member) { return to_order(col(member).asc()); }
    template <class V, class S, bool N> static OrderTerm to_group(const ColumnExpr<V, S, N>& e) {
        return OrderTerm{e.sql(), e.model_list(), e.params()};
    }
    template <class X, class M> static OrderTerm to_group(M X::*member) { return to_group(col(member)); }

    template <class Tuple, std::size_t... I>
    static void load_tuple(const Statement& s, Tuple& row, std::index_sequence<I...>) {
        (MemberTraits<std::tuple_element_t<I, Tuple>>::load(s, static_cast<int>(I), std::get<I>(row)), ...);
    }

    template <class X, class U, bool Outer> auto joined(std::size_t offset) const {
        QueryCore core = core_;
        core.join_relationship(model_of<X>(), offset, Outer);
        return Query<T, Joins..., std::conditional_t<Outer, OuterJoin<U>, InnerJoin<U>>>(std::move(core));
    }
    template <class U, bool Outer> auto joined_on(const Expr* on) const {
        QueryCore core = core_;
        core.join_model(model_of<U>(), on, Outer);
        return Query<T, Joins..., std::conditional_t<Outer, OuterJoin<U>, InnerJoin<U>>>(std::move(core));
    }

    QueryCore core_;
};

template <class T> Query<T> Session::query() {
    return Query<T>(*this, model_of<T>());
}

} // namespace orm
