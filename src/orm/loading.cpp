// Loading (SQLAlchemy's loading.py and strategies.py): get() and refresh() by primary key, lazy loads
// of one relationship, selectin loads for many owners, and recording what was loaded.
#include "orm/session.h"

#include "orm/error.h"
#include "orm/query.h"
#include "orm/relationship_holders.h"

#include <algorithm>
#include <unordered_map>

namespace orm {

using detail::collection_of;
using detail::is_collection;
using detail::reference_of;

using detail::target_select;

std::shared_ptr<void> Session::get_object(const ModelInfo& model, std::int64_t id) {
    if (const auto held = identity_.find({&model, id}); held != identity_.end()) {
        if (held->second.state == State::Deleted) return nullptr;
        if (!held->second.expired) return held->second.object;
        autoflush();
        const auto again = identity_.find({&model, id}); // the flush may have moved or removed it
        if (again == identity_.end() || again->second.state == State::Deleted) return nullptr;
        if (!again->second.expired) return again->second.object;
        if (!reload(again->second, true)) {
            forget(again->second);
            return nullptr;
        }
        return again->second.object;
    }
    autoflush();
    auto statement = db_.prepare(model.select_by_key_sql());
    statement->bind(1, id);
    if (!statement->step()) return nullptr;
    return load_row(model, *statement);
}

bool Session::reload(Entry& entry, bool keep_changed) {
    const ModelInfo& model = *entry.model;
    auto statement = db_.prepare(model.select_by_key_sql());
    statement->bind(1, entry.id);
    if (!statement->step()) return false;
    load_columns(entry, *statement, 0, keep_changed);
    return true;
}

void Session::refresh_object(const ModelInfo& model, const void* object) {
    Entry* found = find_entry(model, object);
    if (!found || found->state == State::Pending) throw UsageError("refresh(): the object is not a persistent object of this session");
    if (!reload(*found)) {
        const std::string what = model.table() + " " + std::to_string(found->id);
        forget(*found);
        throw NoResultError(what + " no longer exists");
    }
}

// The object's holders load lazily through this session; a row just loaded has nothing loaded yet, an
// added object's holders are complete and the other sides learn of what they hold.
void Session::bind_relationships(const ModelInfo& model, const std::shared_ptr<void>& shared, bool from_database) {
    const RelationshipList relationships = relationships_of(model);
    if (relationships.empty()) return;
    void* object = shared.get();
    for (const RelationshipInfo* r : relationships) {
        r->holder(object)->attach(link_, from_database, uow());
    }
    RelationshipSync::bind(model, shared, !from_database);
}

std::shared_ptr<void> Session::shared_of(const ModelInfo& model, const void* object) const {
    const Entry* entry = find_entry(model, object);
    if (!entry) throw UsageError("the owner of a relationship is not held by this session");
    return entry->object;
}

void Session::set_loaded_collection(const RelationshipInfo& r, void* owner, std::vector<std::shared_ptr<void>> items) {
    CollectionBase& collection = collection_of(r, owner);
    collection.set_contents(std::move(items), uow());
    // The children's reference to this parent is known now too: no query when it is read.
    if (r.kind == RelationKind::OneToMany) {
        if (const RelationshipInfo* back = other_side(r)) {
            const std::shared_ptr<void> parent = shared_of(r.source(), owner);
            for (const auto& child : collection.items(uow())) {
                ReferenceBase& ref = reference_of(*back, child.get());
                if (!ref.is_loaded()) ref.set_contents(parent, uow());
            }
        }
    }
}

void Session::set_loaded_reference(const RelationshipInfo& r, void* owner, std::shared_ptr<void> target) {
    reference_of(r, owner).set_contents(std::move(target), uow());
}

void Session::load_relationship(const RelationshipInfo& r, void* owner) {
    // What the session was told must be seen by the load (SQLAlchemy autoflushes before a lazy load too).
    if (options_.autoflush && !flushing_ && lazy_load_needs_flush()) {
        flush();
        if (r.holder(owner)->is_loaded()) return; // the flush settled it
    }
    const ModelInfo& source = r.source();
    const ModelInfo& target = r.target();
    const std::string target_pk = quote_identifier(target.table()) + "." + quote_identifier(target.primary_key().name);
    if (r.kind == RelationKind::ManyToOne) {
        std::int64_t id = 0;
        const bool has_parent = source.find_column(r.foreign_key())->access->get_id(owner, id);
        set_loaded_reference(r, owner, has_parent ? get_object(target, id) : nullptr);
        return;
    }
    const std::int64_t owner_id = source.primary_key().access->get_int64(owner);
    std::string sql = target_select(r);
    if (r.kind == RelationKind::ManyToMany) {
        sql += " JOIN " + quote_identifier(r.secondary) + " ON " + quote_identifier(r.secondary) + "." + quote_identifier(r.secondary_target) + " = " +
               target_pk + " WHERE " + quote_identifier(r.secondary) + "." + quote_identifier(r.secondary_source) + " = ?";
    } else {
        sql += " WHERE " + quote_identifier(target.table()) + "." + quote_identifier(r.foreign_key()) + " = ?";
    }
    sql += " ORDER BY " + relationship_order_prefix(r) + target_pk;
    std::vector<std::shared_ptr<void>> items;
    {
        auto statement = db_.prepare(sql);
        statement->bind(1, owner_id);
        while (statement->step()) items.push_back(load_row(target, *statement));
    }
    if (r.kind == RelationKind::OneToOneParent) set_loaded_reference(r, owner, items.empty() ? nullptr : items.front());
    else set_loaded_collection(r, owner, std::move(items));
}

void Session::load_selectin(const RelationshipInfo& r, const std::vector<std::shared_ptr<void>>& owners) {
    const ModelInfo& source = r.source();
    const ModelInfo& target = r.target();
    constexpr std::size_t kBatch = 500; // well under SQLite's limit of bound parameters
    for (std::size_t start = 0; start < owners.size(); start += kBatch) {
        const std::size_t end = std::min(owners.size(), start + kBatch);
        std::string placeholders;
        for (std::size_t i = start; i < end; ++i) placeholders += i == start ? "?" : ", ?";
        if (r.kind == RelationKind::ManyToOne) {
            // Parents by the children's foreign keys; the identity map resolves each child's reference.
            const ColumnInfo* fk = source.find_column(r.foreign_key());
            std::vector<std::int64_t> ids;
            for (std::size_t i = start; i < end; ++i) {
                std::int64_t id = 0;
                if (fk->access->get_id(owners[i].get(), id)) ids.push_back(id);
            }
            if (!ids.empty()) {
                std::string list;
                for (std::size_t i = 0; i < ids.size(); ++i) list += i ? ", ?" : "?";
                auto statement = db_.prepare(target_select(r) + " WHERE " + quote_identifier(target.table()) + "." +
                                             quote_identifier(target.primary_key().name) + " IN (" + list + ")");
                for (std::size_t i = 0; i < ids.size(); ++i) statement->bind(static_cast<int>(i + 1), ids[i]);
                while (statement->step()) load_row(target, *statement);
            }
            for (std::size_t i = start; i < end; ++i) {
                std::int64_t id = 0;
                std::shared_ptr<void> parent;
                if (fk->access->get_id(owners[i].get(), id))
                    if (const auto held = identity_.find({&target, id}); held != identity_.end()) parent = held->second.object;
                set_loaded_reference(r, owners[i].get(), std::move(parent));
            }
            continue;
        }
        // Children of all these parents in one statement, grouped by parent id.
        std::string sql = "SELECT ";
        std::string key_column;
        if (r.kind == RelationKind::ManyToMany) {
            key_column = quote_identifier(r.secondary) + "." + quote_identifier(r.secondary_source);
            sql += key_column + ", " + target.select_list() + " FROM " + quote_identifier(target.table()) + " JOIN " + quote_identifier(r.secondary) +
                   " ON " + quote_identifier(r.secondary) + "." + quote_identifier(r.secondary_target) + " = " + quote_identifier(target.table()) + "." +
                   quote_identifier(target.primary_key().name);
        } else {
            key_column = quote_identifier(target.table()) + "." + quote_identifier(r.foreign_key());
            sql += key_column + ", " + target.select_list() + " FROM " + quote_identifier(target.table());
        }
        sql += " WHERE " + key_column + " IN (" + placeholders + ") ORDER BY " + relationship_order_prefix(r) + quote_identifier(target.table()) + "." +
               quote_identifier(target.primary_key().name);
        std::unordered_map<std::int64_t, std::vector<std::shared_ptr<void>>> by_parent;
        {
            auto statement = db_.prepare(sql);
            int index = 0;
            for (std::size_t i = start; i < end; ++i) statement->bind(++index, source.primary_key().access->get_int64(owners[i].get()));
            while (statement->step()) by_parent[statement->get_int64(0)].push_back(load_row(target, *statement, 1));
        }
        for (std::size_t i = start; i < end; ++i) {
            auto& items = by_parent[source.primary_key().access->get_int64(owners[i].get())];
            if (r.kind == RelationKind::OneToOneParent) set_loaded_reference(r, owners[i].get(), items.empty() ? nullptr : items.front());
            else set_loaded_collection(r, owners[i].get(), std::move(items));
        }
    }
}

} // namespace orm
