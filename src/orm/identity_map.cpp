// The identity map (one object per row, by model and primary key) and dirty tracking (a fingerprint
// per column, compared at flush), as SQLAlchemy's identity.py: where a row becomes an object.
#include "orm/session.h"

#include "orm/relationship_holders.h"

#include <algorithm>

namespace orm {

using detail::collection_of;
using detail::is_collection;
using detail::reference_of;

const Session::Entry* Session::find_entry(const ModelInfo& model, const void* object) const {
    if (const auto pending = pending_.find(object); pending != pending_.end()) return &pending->second;
    const auto held = identity_.find({&model, model.primary_key().access->get_int64(object)});
    return held != identity_.end() && held->second.object.get() == object ? &held->second : nullptr;
}

Session::Entry* Session::find_entry(const ModelInfo& model, const void* object) {
    return const_cast<Entry*>(static_cast<const Session*>(this)->find_entry(model, object));
}

std::int64_t Session::id_of(const Entry& entry) const {
    return entry.model->primary_key().access->get_int64(entry.object.get());
}

void Session::store_fingerprints(Entry& entry) {
    const auto& columns = entry.model->columns();
    for (std::size_t i = 0; i < columns.size(); ++i) fingerprints_[entry.fingerprints + i] = columns[i].access->fingerprint(entry.object.get());
}

std::vector<std::size_t> Session::changed_columns(const Entry& entry) const {
    std::vector<std::size_t> changed;
    const auto& columns = entry.model->columns();
    for (std::size_t i = 0; i < columns.size(); ++i) {
        if (columns[i].primary_key) continue;
        if (columns[i].access->fingerprint(entry.object.get()) != fingerprints_[entry.fingerprints + i]) changed.push_back(i);
    }
    return changed;
}

bool Session::is_modified_object(const ModelInfo& model, const void* object) const {
    const Entry* found = find_entry(model, object);
    return found && (found->state != State::Persistent || !changed_columns(*found).empty());
}

// Moves an entry to the identity key of its new primary key; returns where it is now.
Session::Entry* Session::rekey(Entry& entry, std::int64_t new_id) {
    // A deleted entry that held the new key is gone from the database: rekey() erases it.
    Entry& moved = identity_.rekey({entry.model, entry.id}, {entry.model, new_id});
    moved.id = new_id;
    return &moved;
}

std::shared_ptr<void> Session::load_row(const ModelInfo& model, const Statement& statement, int first_column) {
    const std::int64_t id = statement.get_int64(first_column + model.primary_key_index());
    note_model(model);
    const auto [slot, inserted] = identity_.try_emplace(IdentityKey{&model, id});
    Entry& entry = slot->second;
    if (!inserted) {
        if (entry.expired) load_columns(entry, statement, first_column, true); // the row as it is now
        return entry.object; // the identity map's object, with whatever changes it carries
    }
    try {
        entry = Entry{&model, model.create(&objects_), State::Persistent, false, fingerprints_.size(), next_added_++, id};
        const auto& columns = model.columns();
        fingerprints_.resize(entry.fingerprints + columns.size());
        void* object = entry.object.get();
        for (std::size_t i = 0; i < columns.size(); ++i)
            fingerprints_[entry.fingerprints + i] = columns[i].access->load_and_fingerprint(object, statement, first_column + static_cast<int>(i));
        bind_relationships(model, entry.object, true);
    } catch (...) {
        identity_.erase(slot);
        throw;
    }
    return entry.object;
}

// Reads the entry's columns from the row at `statement`. With `keep_changed`, a column changed in memory
// since it was last loaded or written keeps its value (and stays changed), as SQLAlchemy's refresh of an
// expired object keeps attributes set since.
void Session::load_columns(Entry& entry, const Statement& statement, int first_column, bool keep_changed) {
    const auto& columns = entry.model->columns();
    void* object = entry.object.get();
    for (std::size_t i = 0; i < columns.size(); ++i) {
        std::uint64_t& stored = fingerprints_[entry.fingerprints + i];
        if (keep_changed && columns[i].access->fingerprint(object) != stored) continue;
        stored = columns[i].access->load_and_fingerprint(object, statement, first_column + static_cast<int>(i));
    }
    entry.expired = false;
}

// After a successful flush the objects match the database: fingerprints stored, keys moved, deleted
// objects gone, inserted ones held by their new id, loaded collections what the rows say.
void Session::flushed(FlushPlan& plan, const std::vector<Update>& updates) {
    for (const Update& u : updates) {
        if (u.entry->model->any_may_be_unset()) {
            store_fingerprints(*u.entry); // an unset member left out of the UPDATE counts as unchanged
        } else {
            const auto& columns = u.entry->model->columns(); // the other columns' fingerprints are still right
            for (const std::size_t c : u.columns) fingerprints_[u.entry->fingerprints + c] = columns[c].access->fingerprint(u.entry->object.get());
        }
        if (u.key_changed) {
            const std::int64_t before = u.entry->id;
            Entry* moved = rekey(*u.entry, id_of(*u.entry));
            rekeyed_since_commit_.emplace_back(IdentityKey{moved->model, moved->id}, before);
            updated_since_commit_.push_back({moved->model, moved->id});
        } else {
            updated_since_commit_.push_back({u.entry->model, u.entry->id});
        }
    }
    for (Entry* e : plan.deletes) {
        release(*e->model, e->object.get());
        deleted_since_commit_.push_back(*e);
        identity_.erase({e->model, e->id});
    }
    identity_.reserve(identity_.size() + plan.inserts.size());
    for (Entry* e : plan.inserts) {
        if (!plan.inserts_fingerprinted || e->model->any_may_be_unset()) store_fingerprints(*e);
        e->state = State::Persistent;
        e->id = id_of(*e);
        const IdentityKey key{e->model, e->id};
        inserted_since_commit_.push_back(key);
        identity_.emplace(key, std::move(*e));
    }
    // Every pending entry was inserted (plan.inserts is all of pending_): dropped at once.
    pending_.clear();
    commit_collections();
}

} // namespace orm
