// Declarative models: a plain struct plus one table description, declared once.
//
//   struct User { std::int64_t id = 0; std::string username; std::optional<std::string> bio; };
//
//   const orm::Model<User>& describe(orm::ModelTag<User>) {            // found by argument-dependent lookup
//       static const orm::Model<User> model = orm::Model<User>("User") // table "user" (snake_case)
//           .column("id", &User::id, orm::Integer, orm::primary_key())
//           .column("username", &User::username, orm::String(100), orm::unique())
//           .column("bio", &User::bio, orm::Text);                     // std::optional → nullable
//       return model;
//   }
//
// Members that are not std::optional are NOT NULL. The one INTEGER primary key is the identity the session
// uses; 0 means "not assigned yet" and the database assigns one on insert. The template part is thin: each
// column becomes a type-erased ColumnInfo, and everything else (SQL, DDL, the session) works on ModelInfo.
//
// One header of over 400 lines on purpose: Model<T>'s builder (columns, constraints, relationships) is
// one template whose parts refer to each other's members.
#pragma once

#include "orm/defaults.h"
#include "orm/object_pool.h"
#include "orm/relationship.h"
#include "orm/types.h"

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace orm {

enum class OnDelete { NoAction, Cascade, SetNull, Restrict };

struct ForeignKeyInfo {
    std::string table;
    std::string column;
    OnDelete on_delete = OnDelete::NoAction;
};

// Reads and writes one member of a model object, whatever its C++ type.
class MemberAccess {
public:
    virtual ~MemberAccess() = default;
    virtual void bind(const void* object, Statement& statement, int index) const = 0;
    virtual void load(void* object, const Statement& statement, int column) const = 0;
    virtual std::uint64_t fingerprint(const void* object) const = 0;
    // bind() or load(), then fingerprint(): one call where a row is written or read whole, while the
    // member is in cache.
    virtual std::uint64_t bind_and_fingerprint(const void* object, Statement& statement, int index) const = 0;
    virtual std::uint64_t load_and_fingerprint(void* object, const Statement& statement, int column) const = 0;
    virtual Value value(const void* object) const = 0;
    virtual const std::string* text(const void* object) const = 0; // null unless a string member
    virtual std::int64_t get_int64(const void* object) const = 0;  // integer members only
    virtual void set_int64(void* object, std::int64_t value) const = 0;
    // A foreign key's value: false if NULL (std::optional member without a value) or 0 (not assigned).
    virtual bool get_id(const void* object, std::int64_t& id) const = 0;
    // Sets a foreign key; nullopt clears an optional member. Returns false if the member cannot be NULL.
    virtual bool set_id(void* object, std::optional<std::int64_t> id) const = 0;
    // An orm::Defaulted member without a value (always false for other members), and making it so.
    virtual bool is_unset(const void* object) const = 0;
    virtual void unset(void* object) const = 0;
    // Assigns the member of `from` to the member of `to` (objects of the same model): merge().
    virtual void copy(const void* from, void* to) const = 0;
};

struct ColumnInfo {
    std::string name;
    ColumnType type;
    bool nullable = false;
    bool primary_key = false;
    bool unique = false;       // UNIQUE constraint in the table
    bool index = false;        // CREATE INDEX ix_<table>_<column>
    bool unique_index = false; // CREATE UNIQUE INDEX ix_<table>_<column>
    std::string server_default; // SQL text of DEFAULT, as the model's author wrote it
    bool may_be_unset = false;  // an orm::Defaulted member: left out of an INSERT while unset
    std::optional<ColumnDefault> insert_default; // default_(): fills an unset member at INSERT
    std::optional<ColumnDefault> update_default; // onupdate(): at UPDATE, unless the member was changed
    std::optional<ForeignKeyInfo> foreign_key;
    std::shared_ptr<const MemberAccess> access;
};

struct IndexInfo {
    std::string name;
    std::vector<std::string> columns;
    bool unique = false;
};

// Everything the ORM knows about one model, without its C++ type.
class ModelInfo {
public:
    const std::string& table() const { return table_; }
    const std::string& class_name() const { return class_name_; }
    const std::vector<ColumnInfo>& columns() const { return columns_; }
    const std::vector<std::string>& checks() const { return checks_; }
    const std::vector<IndexInfo>& indexes() const { return indexes_; }
    const ColumnInfo& primary_key() const; // throws UsageError if the model has none (or a composite key)
    int primary_key_index() const { return primary_key_index_; }
    const ColumnInfo* find_column(std::string_view name) const;
    // Whether some column is an orm::Defaulted member / has an onupdate(): the flush's slower paths.
    bool any_may_be_unset() const { return any_may_be_unset_; }
    bool any_update_default() const { return any_update_default_; }

    // "user"."id", "user"."username", … in declaration order: the SELECT list every load uses.
    const std::string& select_list() const { return select_list_; }
    // INSERT of every column but the primary key (the database assigns it), or of every column.
    const std::string& insert_sql(bool with_primary_key) const { return with_primary_key ? insert_all_sql_ : insert_sql_; }
    // INSERT leaving out `left_out` (the database gives their values), RETURNING them in that order.
    std::string insert_returning_sql(const std::vector<const ColumnInfo*>& left_out, bool with_primary_key) const;
    const std::string& delete_sql() const { return delete_sql_; }
    // SELECT <select_list> FROM <table> WHERE <primary key> = ?, and SELECT 1 … (does the row exist).
    const std::string& select_by_key_sql() const { return select_by_key_sql_; }
    const std::string& exists_sql() const { return exists_sql_; }

    // Throws ValueError naming the column if a String(n) member holds more than n code points, or text
    // that is not UTF-8. Nothing is written when this throws.
    void check_values(const void* object) const;
    // The same check for one text value of column `column` (a String/Text column; others pass).
    void check_text(const ColumnInfo& column, const std::string& text) const;
    // check_values() for the named columns only (indexes into columns()): what an UPDATE writes.
    void check_columns(const void* object, const std::vector<std::size_t>& columns) const;

    // A new default-constructed object, made in `pool` if given (see object_pool.h).
    std::shared_ptr<void> create(detail::ObjectPool* pool = nullptr) const { return create_(pool); }

protected:
    ModelInfo(std::string class_name, std::shared_ptr<void> (*factory)(detail::ObjectPool*));
    // `composite_key`: further primary-key columns join the key (a Table); a model has one.
    void add_column(ColumnInfo column, bool composite_key = false);
    void set_table(std::string table);
    void add_check(std::string expression) { checks_.push_back(std::move(expression)); }
    void add_index(IndexInfo index) { indexes_.push_back(std::move(index)); }

private:
    void rebuild_sql();

    std::string class_name_;
    std::string table_;
    std::vector<ColumnInfo> columns_;
    std::vector<std::string> checks_;
    std::vector<IndexInfo> indexes_;
    int primary_key_index_ = -1;
    bool any_may_be_unset_ = false;
    bool any_update_default_ = false;
    std::string select_list_;
    std::string insert_sql_;
    std::string insert_all_sql_;
    std::string delete_sql_;
    std::string select_by_key_sql_;
    std::string exists_sql_;
    std::shared_ptr<void> (*create_)(detail::ObjectPool*);
};

// "PetHandler" → "pet_handler", as Flask-SQLAlchemy names tables.
std::string snake_case(std::string_view class_name);
// Double-quoted SQL identifier: user → "user"; embedded quotes doubled.
std::string quote_identifier(std::string_view name);

// --- Column options ------------------------------------------------------------------------------------
struct PrimaryKeyOption { void apply(ColumnInfo& c) const { c.primary_key = true; } };
struct UniqueOption { void apply(ColumnInfo& c) const { c.unique = true; } };
struct IndexOption {
    bool unique;
    void apply(ColumnInfo& c) const { (unique ? c.unique_index : c.index) = true; }
};
struct ServerDefaultOption {
    std::string sql;
    void apply(ColumnInfo& c) const { c.server_default = sql; }
};
struct ForeignKeyOption {
    ForeignKeyInfo target;
    void apply(ColumnInfo& c) const { c.foreign_key = target; }
};

inline PrimaryKeyOption primary_key() { return {}; }
inline UniqueOption unique() { return {}; }
inline IndexOption index(bool unique = false) { return {unique}; }
// DEFAULT clause in the DDL, e.g. server_default("0") or server_default("CURRENT_TIMESTAMP").
inline ServerDefaultOption server_default(std::string sql) { return {std::move(sql)}; }
// "pet_handler.handler_id", as SQLAlchemy's ForeignKey('pet_handler.handler_id').
ForeignKeyOption foreign_key(std::string_view table_dot_column, OnDelete on_delete = OnDelete::NoAction);

// --- Typed access to members ---------------------------------------------------------------------------
template <class T, class M> class MemberBinding final : public MemberAccess {
public:
    using Traits = MemberTraits<M>;
    explicit MemberBinding(M T::*member) : member_(member) {}
    M T::*member() const { return member_; }

    void bind(const void* o, Statement& s, int i) const override { Traits::bind(s, i, self(o).*member_); }
    void load(void* o, const Statement& s, int i) const override { Traits::load(s, i, static_cast<T*>(o)->*member_); }
    std::uint64_t fingerprint(const void* o) const override { return Traits::fingerprint(self(o).*member_); }
    std::uint64_t bind_and_fingerprint(const void* o, Statement& s, int i) const override {
        const M& value = self(o).*member_;
        Traits::bind(s, i, value);
        return Traits::fingerprint(value);
    }
    std::uint64_t load_and_fingerprint(void* o, const Statement& s, int i) const override {
        M& value = static_cast<T*>(o)->*member_;
        Traits::load(s, i, value);
        return Traits::fingerprint(value);
    }
    Value value(const void* o) const override { return Traits::to_value(self(o).*member_); }
    const std::string* text(const void* o) const override {
        if constexpr (requires { Traits::text(self(o).*member_); }) return Traits::text(self(o).*member_);
        else return nullptr;
    }
    std::int64_t get_int64(const void* o) const override {
        if constexpr (std::is_integral_v<M>) return static_cast<std::int64_t>(self(o).*member_);
        else return 0;
    }
    void set_int64(void* o, std::int64_t v) const override {
        if constexpr (std::is_integral_v<M> && !std::is_same_v<M, bool>) static_cast<T*>(o)->*member_ = static_cast<M>(v);
    }
    bool get_id(const void* o, std::int64_t& id) const override {
        const M& value = self(o).*member_;
        if constexpr (std::is_same_v<M, std::int64_t>) {
            id = value;
            return value != 0;
        } else if constexpr (std::is_same_v<M, std::optional<std::int64_t>>) {
            id = value.value_or(0);
            return value.has_value() && *value != 0;
        } else {
            return false;
        }
    }
    bool set_id(void* o, std::optional<std::int64_t> id) const override {
        M& value = static_cast<T*>(o)->*member_;
        if constexpr (std::is_same_v<M, std::int64_t>) {
            if (!id) return false;
            value = *id;
            return true;
        } else if constexpr (std::is_same_v<M, std::optional<std::int64_t>>) {
            value = id;
            return true;
        } else {
            return false;
        }
    }
    bool is_unset(const void* o) const override {
        if constexpr (is_defaulted<M>) return !(self(o).*member_).is_set();
        else return false;
    }
    void unset(void* o) const override {
        if constexpr (is_defaulted<M>) (static_cast<T*>(o)->*member_).reset();
    }
    void copy(const void* from, void* to) const override { static_cast<T*>(to)->*member_ = self(from).*member_; }

private:
    static const T& self(const void* o) { return *static_cast<const T*>(o); }
    M T::*member_;
};

template <class T> struct ModelTag {};
template <class T> class Model;
// Throws UsageError unless `secondary` has both columns (many_to_many over a Table).
void throw_if_not_association(const std::string& table, const ModelInfo& secondary, const std::string& source_column,
                              const std::string& target_column);
template <class T> const Model<T>& model_of();
template <class T> const ModelInfo& model_info_of();

template <class T> class Model : public ModelInfo {
public:
    // `class_name` gives the default table name (its snake_case), as in Flask-SQLAlchemy.
    explicit Model(std::string class_name) : ModelInfo(std::move(class_name), &Model::create_object) {}

    Model& table_name(std::string table) {
        set_table(std::move(table));
        return *this;
    }

    template <class M, class... Options> Model& column(std::string name, M T::*member, ColumnType type, Options... options) {
        static_assert(requires { MemberTraits<M>::nullable; }, "unsupported member type for an ORM column");
        ColumnInfo info;
        info.name = std::move(name);
        info.type = type;
        info.nullable = MemberTraits<M>::nullable;
        info.may_be_unset = is_defaulted<M>;
        info.access = std::make_shared<MemberBinding<T, M>>(member);
        (apply_option(info, member, options), ...);
        check_type(info, MemberTraits<M>::accepts(type.kind));
        add_column(std::move(info));
        return *this;
    }

    // A table-level CHECK constraint, as SQL text written by the model's author.
    Model& check(std::string expression) {
        add_check(std::move(expression));
        return *this;
    }
    // A (multi-column) index.
    Model& index(std::string name, std::vector<std::string> columns, bool unique = false) {
        add_index({std::move(name), std::move(columns), unique});
        return *this;
    }

    // --- Relationships (see relationship.h) ------------------------------------------------------------
    // Parent side of one-to-many: `member` lists the Target rows whose `foreign_key` holds this row's id.
    template <class Target, class FK>
    Model& one_to_many(std::string name, Collection<Target> T::*member, FK Target::*foreign_key, RelationshipOptions options = {}) {
        return one_to_many_impl<Target, FK>(std::move(name), member, foreign_key, {}, nullptr, options, {});
    }
    // The same with its backref: `backref_member` on Target is the reference to the parent, with its own
    // options (SQLAlchemy's backref("pet_handler", lazy="joined")); by default lazy, save-update.
    template <class Target, class FK>
    Model& one_to_many(std::string name, Collection<Target> T::*member, FK Target::*foreign_key, std::string backref_name,
                       Reference<T> Target::*backref_member, RelationshipOptions options = {}, RelationshipOptions backref_options = {}) {
        return one_to_many_impl<Target, FK>(std::move(name), member, foreign_key, std::move(backref_name), backref_member, options,
                                            std::move(backref_options));
    }
    // Child side: `member` is the Target row whose primary key `foreign_key` (a member of T) holds.
    template <class Target, class FK>
    Model& many_to_one(std::string name, Reference<Target> T::*member, FK T::*foreign_key, RelationshipOptions options = {}) {
        auto r = make_relationship(std::move(name), RelationKind::ManyToOne, &model_info_of<Target>, member, options);
        r->foreign_key = [foreign_key] { return model_of<T>().column_for(foreign_key).name; };
        register_relationship(std::move(r));
        return *this;
    }
    // One-to-one (uselist=False): `member` is the single Target row whose `foreign_key` (unique) holds this
    // row's id; `backref_member` on Target refers back.
    template <class Target, class FK>
    Model& one_to_one(std::string name, Reference<Target> T::*member, FK Target::*foreign_key, std::string backref_name,
                      Reference<T> Target::*backref_member, RelationshipOptions options = {}, RelationshipOptions backref_options = {}) {
        auto r = make_relationship(name, RelationKind::OneToOneParent, &model_info_of<Target>, member, options);
        r->foreign_key = [foreign_key] { return model_of<Target>().column_for(foreign_key).name; };
        r->backref = backref_name;
        register_relationship(std::move(r));
        auto back = make_relationship_on<Target>(std::move(backref_name), RelationKind::ManyToOne, &model_info_of<T>, backref_member,
                                                 std::move(backref_options));
        back->foreign_key = [foreign_key] { return model_of<Target>().column_for(foreign_key).name; };
        back->backref = std::move(name);
        back->is_backref = true;
        register_relationship(std::move(back));
        return *this;
    }
    // Many-to-many through `secondary` (source_column → this table's key, target_column → Target's key);
    // `backref_member` is the collection on the other side, with `backref_options` (its own defaults:
    // lazy, save-update, ordered by its primary key; never the forward side's).
    template <class Target>
    Model& many_to_many(std::string name, Collection<Target> T::*member, std::string secondary, std::string source_column,
                        std::string target_column, std::string backref_name, Collection<T> Target::*backref_member,
                        RelationshipOptions options = {}, RelationshipOptions backref_options = {}) {
        auto r = make_relationship(name, RelationKind::ManyToMany, &model_info_of<Target>, member, options);
        r->secondary = secondary;
        r->secondary_source = source_column;
        r->secondary_target = target_column;
        r->backref = backref_name;
        register_relationship(std::move(r));
        // The backref has its own defaults (lazy, save-update), as SQLAlchemy's backref() does.
        auto back = make_relationship_on<Target>(std::move(backref_name), RelationKind::ManyToMany, &model_info_of<T>, backref_member,
                                                 std::move(backref_options));
        back->secondary = std::move(secondary);
        back->secondary_source = std::move(target_column);
        back->secondary_target = std::move(source_column);
        back->backref = std::move(name);
        back->is_backref = true;
        register_relationship(std::move(back));
        return *this;
    }

    // The same over an association Table of the metadata (table.h); throws UsageError if it lacks a column.
    template <class Target>
    Model& many_to_many(std::string name, Collection<Target> T::*member, const ModelInfo& secondary, std::string source_column,
                        std::string target_column, std::string backref_name, Collection<T> Target::*backref_member,
                        RelationshipOptions options = {}, RelationshipOptions backref_options = {}) {
        check_association(secondary, source_column, target_column);
        return many_to_many(std::move(name), member, secondary.table(), std::move(source_column), std::move(target_column),
                            std::move(backref_name), backref_member, std::move(options), std::move(backref_options));
    }

    // The column bound to `member`; throws UsageError if the member is not mapped.
    template <class M> const ColumnInfo& column_for(M T::*member) const {
        for (const ColumnInfo& c : columns()) {
            auto* binding = dynamic_cast<const MemberBinding<T, M>*>(c.access.get());
            if (binding && binding->member() == member) return c;
        }
        unmapped_member();
    }

private:
    static std::shared_ptr<void> create_object(detail::ObjectPool* pool) {
        if (pool) return std::allocate_shared<T>(detail::PoolAllocator<T>(pool));
        return std::make_shared<T>();
    }
    // Most options only describe the column; default_() and onupdate() also need the member.
    template <class M, class Option> static void apply_option(ColumnInfo& info, M T::*member, const Option& option) {
        if constexpr (requires { option.apply(info); }) option.apply(info);
        else option.apply_to(info, member);
    }
    template <class Source, class Holder>
    static std::shared_ptr<RelationshipInfo> make_relationship_on(std::string name, RelationKind kind, const ModelInfo& (*target)(),
                                                                  Holder Source::*member, RelationshipOptions options) {
        auto r = std::make_shared<RelationshipInfo>();
        r->name = std::move(name);
        r->kind = kind;
        r->source = &model_info_of<Source>;
        r->target = target;
        r->options = options;
        r->member_offset = member_offset(member);
        r->holder = [member](void* object) -> RelationshipHolder* { return &(static_cast<Source*>(object)->*member); };
        return r;
    }
    template <class Holder>
    std::shared_ptr<RelationshipInfo> make_relationship(std::string name, RelationKind kind, const ModelInfo& (*target)(), Holder T::*member,
                                                        RelationshipOptions options) const {
        return make_relationship_on<T>(std::move(name), kind, target, member, options);
    }
    template <class Target, class FK>
    Model& one_to_many_impl(std::string name, Collection<Target> T::*member, FK Target::*foreign_key, std::string backref_name,
                            Reference<T> Target::*backref_member, RelationshipOptions options, RelationshipOptions backref_options) {
        auto r = make_relationship(name, RelationKind::OneToMany, &model_info_of<Target>, member, options);
        r->foreign_key = [foreign_key] { return model_of<Target>().column_for(foreign_key).name; };
        r->backref = backref_name;
        register_relationship(std::move(r));
        if (backref_member) {
            auto back = make_relationship_on<Target>(std::move(backref_name), RelationKind::ManyToOne, &model_info_of<T>, backref_member,
                                                     std::move(backref_options));
            back->foreign_key = [foreign_key] { return model_of<Target>().column_for(foreign_key).name; };
            back->backref = std::move(name);
            back->is_backref = true;
            register_relationship(std::move(back));
        }
        return *this;
    }
    void check_type(const ColumnInfo& info, bool accepted) const;
    [[noreturn]] void unmapped_member() const;
    void check_association(const ModelInfo& secondary, const std::string& source_column, const std::string& target_column) const {
        throw_if_not_association(table(), secondary, source_column, target_column);
    }
};

void throw_type_mismatch(const std::string& table, const ColumnInfo& info);
[[noreturn]] void throw_unmapped_member(const std::string& table);

template <class T> void Model<T>::check_type(const ColumnInfo& info, bool accepted) const {
    if (!accepted) throw_type_mismatch(table(), info);
}
template <class T> void Model<T>::unmapped_member() const { throw_unmapped_member(table()); }

// The model of T, found through describe(ModelTag<T>) by argument-dependent lookup.
template <class T> const Model<T>& model_of() { return describe(ModelTag<T>{}); }
template <class T> const ModelInfo& model_info_of() { return model_of<T>(); }

// A new object whose relationships are kept in step from the first assignment, before any session
// holds it (as SQLAlchemy's instrumented constructors do): orm::make<Address>({.email = "a@example.org"}).
// Session::add(T) returns such objects too. A plain std::make_shared object is bound when a bound object
// or a session first reaches it.
template <class T> std::shared_ptr<T> make(T value = {}) {
    auto object = std::make_shared<T>(std::move(value));
    bind_relationships(model_of<T>(), object);
    return object;
}

// The order of a relationship's collection: {.order_by = orm::order_by(&Address::email_address)}.
template <class U, class M> RelationshipOrder order_by(M U::*member) {
    return {&model_info_of<U>, [member] { return quote_identifier(model_of<U>().table()) + "." + quote_identifier(model_of<U>().column_for(member).name); }};
}
template <class U, class M> RelationshipOrder order_by_desc(M U::*member) {
    return {&model_info_of<U>, [member] { return quote_identifier(model_of<U>().table()) + "." + quote_identifier(model_of<U>().column_for(member).name) + " DESC"; }};
}

} // namespace orm

#include "orm/load_options.h" // orm::selectin/joined/lazy, chained
