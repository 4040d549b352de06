// The INSERT, UPDATE and DELETE statements of a flush (SQLAlchemy's persistence.py), and the rows of
// many-to-many association tables.
#include "orm/session.h"

#include "orm/error.h"
#include "orm/relationship_holders.h"

#include <algorithm>
#include <optional>

namespace orm {

using detail::collection_of;
using detail::is_collection;
using detail::reference_of;

// INSERTs in dependency order. Consecutive inserts of one model share one cached statement, bound and
// stepped per object; a child's foreign key is set from its parent, inserted before it. An object with
// unset orm::Defaulted members first takes their default_(); those still unset are left out of its
// INSERT, which returns what the database stored for them (server_default or NULL).
void Session::write_inserts(FlushPlan& plan, InsertUndo& undo) {
    undo.given_ids.reserve(plan.inserts.size());
    std::optional<StatementLease> insert;
    const std::string* insert_sql = nullptr; // the model's own INSERT the statement runs, or null:
    std::string returning_sql;               // an INSERT … RETURNING built for the columns left out
    std::vector<const ColumnInfo*> left_out;
    const bool any_relationships = this->any_relationships();
    for (Entry* e : plan.inserts) {
        const ModelInfo& model = *e->model;
        void* object = e->object.get();
        if (any_relationships) resolve_foreign_keys(plan.links, *e);
        const ColumnInfo& pk = model.primary_key();
        const std::int64_t id = pk.access->get_int64(object);
        left_out.clear();
        if (model.any_may_be_unset()) {
            bool defaulted = false;
            for (const ColumnInfo& c : model.columns()) {
                if (!c.may_be_unset || !c.access->is_unset(object)) continue;
                undo.unset_before.emplace_back(object, c.access.get());
                if (c.insert_default) {
                    c.insert_default->assign(object);
                    defaulted = true;
                } else {
                    left_out.push_back(&c);
                }
            }
            if (defaulted) model.check_values(object); // a default_() is checked like a value set by hand
        }
        if (left_out.empty()) {
            const std::string& sql = model.insert_sql(id != 0);
            if (!insert || insert_sql != &sql) {
                insert.reset();
                insert.emplace(db_.prepare(sql));
                insert_sql = &sql;
            }
        } else {
            std::string sql = model.insert_returning_sql(left_out, id != 0);
            if (!insert || insert_sql || returning_sql != sql) {
                insert.reset();
                insert.emplace(db_.prepare(sql));
                insert_sql = nullptr;
                returning_sql = std::move(sql);
            }
        }
        Statement& statement = **insert;
        int index = 0;
        const auto& columns = model.columns();
        for (std::size_t i = 0; i < columns.size(); ++i) {
            const ColumnInfo& c = columns[i];
            if ((id == 0 && c.primary_key) || std::find(left_out.begin(), left_out.end(), &c) != left_out.end()) continue;
            fingerprints_[e->fingerprints + i] = c.access->bind_and_fingerprint(object, statement, ++index);
        }
        undo.given_ids.push_back(id);
        if (left_out.empty()) {
            statement.run();
        } else {
            // SQLite writes the row at the first step; its RETURNING row follows.
            if (statement.step())
                for (std::size_t i = 0; i < left_out.size(); ++i) left_out[i]->access->load(object, statement, static_cast<int>(i));
        }
        statement.reset();
        if (id == 0) {
            pk.access->set_int64(object, db_.last_insert_rowid());
            fingerprints_[e->fingerprints + static_cast<std::size_t>(model.primary_key_index())] = pk.access->fingerprint(object);
        }
    }
    insert.reset();
    if (any_relationships) resolve_all_foreign_keys(plan.links, true); // children moved to a parent inserted just now
    plan.inserts_fingerprinted = !any_relationships;
}

// onupdate(): each column that has one and is not among those changed by hand takes a fresh value.
void Session::apply_update_defaults(Entry& entry, std::vector<std::size_t>& changed) {
    const auto& columns = entry.model->columns();
    bool applied = false;
    for (std::size_t c = 0; c < columns.size(); ++c) {
        if (!columns[c].update_default || std::find(changed.begin(), changed.end(), c) != changed.end()) continue;
        columns[c].update_default->assign(entry.object.get());
        changed.push_back(c);
        applied = true;
    }
    if (applied) entry.model->check_values(entry.object.get());
}

// UPDATEs of the changed columns of held objects (a changed primary key too: the row moves, as in
// SQLAlchemy), with their onupdate() columns; an unset orm::Defaulted member is never written. An UPDATE
// that matches no row is a StaleDataError.
std::vector<Session::Update> Session::write_updates(FlushPlan& plan) {
    std::vector<Update> candidates;
    if (any_relationships()) { // the inserts may have set foreign keys of held objects: compare again
        for (auto& [key, entry] : identity_)
            if (entry.state == State::Persistent) candidates.push_back({&entry, changed_columns(entry)});
    } else {
        candidates = std::move(plan.updates);
    }
    std::vector<Update> updates;
    for (Update& candidate : candidates) {
        Entry& entry = *candidate.entry;
        auto& changed = candidate.columns;
        const bool key_changed = id_of(entry) != entry.id;
        if (key_changed) {
            const auto taken = identity_.find({entry.model, id_of(entry)});
            if (taken != identity_.end() && taken->second.state != State::Deleted)
                throw UsageError(entry.model->table() + " " + std::to_string(id_of(entry)) + " is already held by this session: a primary key changed to it cannot be written");
            changed.insert(changed.begin(), static_cast<std::size_t>(entry.model->primary_key_index()));
        }
        if (const Entry& e = entry; e.model->any_may_be_unset()) // (clang 14 cannot capture a structured binding)
            std::erase_if(changed, [&e](std::size_t c) { return e.model->columns()[c].access->is_unset(e.object.get()); });
        if (!changed.empty() && entry.model->any_update_default()) apply_update_defaults(entry, changed);
        if (!changed.empty()) updates.push_back({&entry, std::move(changed), key_changed});
    }
    // Consecutive updates of the same columns of one model share one statement.
    std::optional<StatementLease> statement;
    const Update* previous = nullptr;
    for (const Update& u : updates) {
        const ModelInfo& model = *u.entry->model;
        if (!previous || previous->entry->model != &model || previous->columns != u.columns) {
            std::string sql = "UPDATE " + quote_identifier(model.table()) + " SET ";
            for (std::size_t i = 0; i < u.columns.size(); ++i)
                sql += (i ? ", " : "") + quote_identifier(model.columns()[u.columns[i]].name) + " = ?";
            sql += " WHERE " + quote_identifier(model.primary_key().name) + " = ?";
            statement.reset();
            statement.emplace(db_.prepare(sql));
        }
        previous = &u;
        Statement& s = **statement;
        int index = 0;
        for (const std::size_t c : u.columns) model.columns()[c].access->bind(u.entry->object.get(), s, ++index);
        s.bind(++index, u.entry->id);
        s.run();
        if (db_.changes() != 1)
            throw StaleDataError("UPDATE of " + model.table() + " " + std::to_string(u.entry->id) +
                                 " matched no row: it was deleted by another connection since this session loaded it");
        s.reset();
    }
    return updates;
}

// DELETEs, children first, each with its association rows. A DELETE that matches no row is a StaleDataError.
void Session::write_deletes(const FlushPlan& plan) {
    for (Entry* e : plan.deletes) {
        for (const RelationshipInfo* r : relationships_of(*e->model)) {
            if (r->kind != RelationKind::ManyToMany) continue;
            auto statement = db_.prepare("DELETE FROM " + quote_identifier(r->secondary) + " WHERE " + quote_identifier(r->secondary_source) + " = ?");
            statement->bind(1, e->id);
            statement->run();
        }
        auto statement = db_.prepare(e->model->delete_sql());
        statement->bind(1, e->id);
        statement->run();
        if (db_.changes() != 1)
            throw StaleDataError("DELETE of " + e->model->table() + " " + std::to_string(e->id) +
                                 " matched no row: it was deleted by another connection since this session loaded it");
    }
}

// Association rows follow the many-to-many collections exactly: INSERT OR IGNORE for additions (no
// duplicates, whichever side added them), DELETE for removals.
void Session::write_associations() {
    if (!any_relationships()) return;
    auto write = [&](Entry& entry) {
        for (const RelationshipInfo* r : relationships_of(*entry.model)) {
            if (r->kind != RelationKind::ManyToMany || !r->holder(entry.object.get())->is_loaded()) continue;
            CollectionBase& collection = collection_of(*r, entry.object.get());
            const std::int64_t owner_id = id_of(entry);
            const ModelInfo& target = r->target();
            const std::string table = quote_identifier(r->secondary);
            for (const auto& item : collection.items(uow())) {
                if (std::find(collection.committed(uow()).begin(), collection.committed(uow()).end(), item.get()) != collection.committed(uow()).end()) continue;
                auto statement = db_.prepare("INSERT OR IGNORE INTO " + table + " (" + quote_identifier(r->secondary_source) + ", " +
                                             quote_identifier(r->secondary_target) + ") VALUES (?, ?)");
                statement->bind_all(owner_id, target.primary_key().access->get_int64(item.get()));
                statement->run();
            }
            for (const void* was : collection.committed(uow())) {
                if (std::any_of(collection.items(uow()).begin(), collection.items(uow()).end(), [&](const auto& i) { return i.get() == was; })) continue;
                auto statement = db_.prepare("DELETE FROM " + table + " WHERE " + quote_identifier(r->secondary_source) + " = ? AND " +
                                             quote_identifier(r->secondary_target) + " = ?");
                statement->bind_all(owner_id, target.primary_key().access->get_int64(was));
                statement->run();
            }
        }
    };
    for (auto& [key, entry] : identity_)
        if (entry.state == State::Persistent) write(entry);
    for (auto& [key, entry] : pending_) write(entry); // inserted earlier in this flush: they have ids now
}

} // namespace orm
