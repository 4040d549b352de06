// Session: the public calls, and flush() as its plan. The work is in identity_map.cpp (one object per
// row, dirty tracking), unit_of_work.cpp (what to write, in which order), persistence.cpp (the SQL) and
// loading.cpp (get, refresh, lazy/selectin loads).
#include "orm/session.h"

#include "orm/error.h"
#include "orm/query.h"
#include "orm/relationship_holders.h"

#include <algorithm>

namespace orm {

using detail::collection_of;
using detail::is_collection;
using detail::reference_of;

struct Session::Link : RelationshipLoader {
    explicit Link(Session* owner) : session(owner) {}
    void load(const RelationshipInfo& relationship, void* owner) override { session->load_relationship(relationship, owner); }
    Session* session;
};

Session::Session(Database& db, Options options) : db_(db), options_(options), link_(std::make_shared<Link>(this)) {
    db_.sessions_.push_back(this);
    relationship_changes_ = relationship_change_count();
}

Session::~Session() {
    link_.reset(); // from here on, a lazy load or a query through this session throws DetachedError
    release_all();
    std::erase(db_.sessions_, this);
    end_savepoints(false);
    if (transaction_) {
        try {
            transaction_->rollback();
        } catch (...) {
        }
    }
    end_write();
}

// One writing session at a time per connection: a second session's transaction would only be a savepoint
// inside the first one's, so the first one's rollback would undo what the second one "committed".
void Session::begin_write() {
    if (db_.writer_ && db_.writer_ != this)
        throw UsageError("another Session on this Database has uncommitted writes; commit or roll it back before this session writes");
    transaction_.emplace(db_);
    db_.writer_ = this;
}

void Session::end_write() {
    if (db_.writer_ == this) db_.writer_ = nullptr;
}

void Session::add_object(const ModelInfo& model, std::shared_ptr<void> object, bool fresh) {
    const void* key = object.get();
    if (Entry* found = fresh ? nullptr : find_entry(model, key)) {
        if (found->state == State::Deleted) found->state = State::Persistent; // un-delete
        return;
    }
    for (const Session* other : db_.sessions_) {
        if (!fresh && other != this && other->find_entry(model, key))
            throw UsageError("this " + model.table() + " object is already attached to another Session of this Database; expunge it there, or let that session end, first");
    }
    const ColumnInfo& pk = model.primary_key();
    const std::int64_t id = pk.access->get_int64(key);
    note_model(model);
    Entry entry{&model, std::move(object), State::Pending, false, fingerprints_.size(), next_added_++, 0};
    if (id != 0) {
        // An object with an id: persistent if the row exists (e.g. detached from an earlier session).
        if (identity_.count({&model, id})) throw UsageError(model.table() + " " + std::to_string(id) + " is already held by this session as another object");
        auto statement = db_.prepare(model.exists_sql());
        statement->bind(1, id);
        if (statement->step()) {
            entry.state = State::Persistent;
            entry.id = id;
            fingerprints_.resize(fingerprints_.size() + model.columns().size());
            // Fingerprints that match nothing: every column counts as changed, so the next flush writes it whole.
            std::fill(fingerprints_.begin() + static_cast<std::ptrdiff_t>(entry.fingerprints), fingerprints_.end(), 0x0123456789ABCDEFull);
            fingerprints_[entry.fingerprints + static_cast<std::size_t>(model.primary_key_index())] = pk.access->fingerprint(key);
            updated_since_commit_.push_back(IdentityKey{&model, id});
            bind_relationships(model, entry.object, false);
            identity_.emplace(IdentityKey{&model, id}, std::move(entry));
            return;
        }
    }
    fingerprints_.resize(fingerprints_.size() + model.columns().size());
    bind_relationships(model, entry.object, false);
    pending_.emplace(key, std::move(entry));
}

void Session::reserve_pending(const ModelInfo& model, std::size_t count) {
    pending_.reserve(pending_.size() + count);
    fingerprints_.reserve(fingerprints_.size() + count * model.columns().size());
}

void Session::remove_object(const ModelInfo& model, const void* object) {
    Entry* found = find_entry(model, object);
    if (!found) throw UsageError("remove(): the object is not held by this session");
    if (found->state == State::Pending) forget(*found);
    else found->state = State::Deleted;
    removals_ = true;
}

void Session::expunge_object(const ModelInfo& model, const void* object) {
    const Entry* found = find_entry(model, object);
    if (!found) throw UsageError("expunge(): the object is not held by this session");
    forget(*found);
}

void Session::expunge_all() {
    release_all();
    identity_.clear();
    pending_.clear();
    fingerprints_.clear();
}

void Session::forget(const Entry& entry) {
    release(*entry.model, entry.object.get());
    if (entry.state == State::Pending) pending_.erase(entry.object.get());
    else identity_.erase({entry.model, entry.id});
}

void Session::autoflush() {
    if (options_.autoflush && !flushing_) flush();
}

// Before a lazy load: a full flush only if something that could change the loaded rows is pending, since
// a flush compares every held object. Columns changed as plain members are flushed by the next query.
bool Session::lazy_load_needs_flush() const {
    return !pending_.empty() || removals_ || relationship_change_count() != relationship_changes_;
}

// SQLAlchemy's Session._flush: plan, write in a savepoint, then make the identity map match the rows.
// On failure nothing of this flush stays, in the database or the objects (ids given back).
void Session::flush() {
    if (flushing_) return;
    flushing_ = true;
    struct Reset {
        bool& flag;
        ~Reset() { flag = false; }
    } reset{flushing_};

    FlushPlan plan = plan_flush(); // unit_of_work.cpp
    removals_ = false;
    relationship_changes_ = relationship_change_count();
    if (plan.inserts.empty() && !plan.any_update && plan.deletes.empty() && !plan.any_association) return; // no transaction, no SQL

    InsertUndo undo;
    std::vector<Update> updates;
    // A flush that begins the session's transaction needs no savepoint: rolling the transaction back
    // undoes exactly this flush. (A savepoint open from the start makes SQLite copy every page the flush
    // changes a second time, into its sub-journal.)
    const bool begins_transaction = !transaction_;
    try {
        if (begins_transaction) begin_write();
        std::optional<Transaction> savepoint;
        if (!begins_transaction) savepoint.emplace(db_);
        write_inserts(plan, undo); // persistence.cpp
        updates = write_updates(plan);
        write_associations();
        write_deletes(plan);
        if (savepoint) savepoint->commit();
    } catch (...) {
        if (begins_transaction) {
            transaction_.reset(); // ~Transaction rolls back what this flush wrote; it never throws
            end_write();
        }
        for (std::size_t i = 0; i < undo.given_ids.size(); ++i)
            plan.inserts[i]->model->primary_key().access->set_int64(plan.inserts[i]->object.get(), undo.given_ids[i]);
        for (const auto& [object, member] : undo.unset_before) member->unset(object);
        throw;
    }
    flushed(plan, updates); // identity_map.cpp
}

void Session::commit() {
    // Refused before anything runs: this session's objects and pending work stay as they are.
    if (db_.writer_ && db_.writer_ != this)
        throw UsageError("another Session on this Database has uncommitted writes; commit or roll it back before this session commits");
    try {
        flush();
        end_savepoints(true);
        if (transaction_) transaction_->commit();
    } catch (...) {
        rollback();
        throw;
    }
    transaction_.reset();
    end_write();
    inserted_since_commit_.clear();
    deleted_since_commit_.clear();
    updated_since_commit_.clear();
    rekeyed_since_commit_.clear();
    if (options_.expire_on_commit) expire_all();
}

void Session::rollback() {
    end_savepoints(false);
    if (transaction_) {
        if (transaction_->is_open()) transaction_->rollback();
        transaction_.reset();
    }
    end_write();
    restore_objects(UndoMarks{});
}

Session::UndoMarks Session::undo_marks() const {
    return {inserted_since_commit_.size(), deleted_since_commit_.size(), updated_since_commit_.size(), rekeyed_since_commit_.size()};
}

// After ROLLBACK (TO): what was recorded since `since` is undone in the objects. Pending objects leave
// the session (a savepoint begins with a flush, so every pending object is younger than it).
void Session::restore_objects(const UndoMarks& since) {
    const auto from = [](auto& list, std::size_t mark) { return list.begin() + static_cast<std::ptrdiff_t>(mark); };
    std::vector<IdentityKey> stale(from(updated_since_commit_, since.updated), updated_since_commit_.end());
    // Primary keys changed since, newest first.
    for (auto it = rekeyed_since_commit_.rbegin(); it != rekeyed_since_commit_.rend() - static_cast<std::ptrdiff_t>(since.rekeyed); ++it) {
        const auto found = identity_.find(it->first);
        if (found == identity_.end()) continue;
        found->first.model->primary_key().access->set_int64(found->second.object.get(), it->second);
        rekey(found->second, it->second);
        stale.push_back({it->first.model, it->second});
    }
    // Objects inserted since are new again: detached, without an id.
    const std::vector<IdentityKey> inserted(from(inserted_since_commit_, since.inserted), inserted_since_commit_.end());
    for (const IdentityKey& key : inserted) {
        const auto found = identity_.find(key);
        if (found == identity_.end()) continue;
        release(*key.model, found->second.object.get());
        key.model->primary_key().access->set_int64(found->second.object.get(), 0);
        identity_.erase(found);
    }
    // Pending (never flushed) objects leave the session too, as in SQLAlchemy.
    for (auto& [key, entry] : pending_) release(*entry.model, entry.object.get());
    pending_.clear();
    expire_relationships();
    // Deleted since: held again, unless inserted since as well (then its row never existed before).
    for (auto it = from(deleted_since_commit_, since.deleted); it != deleted_since_commit_.end(); ++it) {
        Entry& entry = *it;
        if (std::find(inserted.begin(), inserted.end(), IdentityKey{entry.model, entry.id}) != inserted.end()) {
            entry.model->primary_key().access->set_int64(entry.object.get(), 0);
            continue;
        }
        entry.state = State::Persistent;
        identity_.emplace(IdentityKey{entry.model, entry.id}, std::move(entry));
    }
    // Changed (flushed or not) since: reload from the database.
    for (auto& [key, entry] : identity_) {
        if (entry.state == State::Deleted) entry.state = State::Persistent;
        if (id_of(entry) != entry.id) entry.model->primary_key().access->set_int64(entry.object.get(), entry.id);
        if (!changed_columns(entry).empty()) stale.push_back(key);
    }
    for (const IdentityKey& key : stale) {
        const auto found = identity_.find(key);
        if (found != identity_.end() && !reload(found->second)) identity_.erase(found);
    }
    inserted_since_commit_.resize(since.inserted);
    deleted_since_commit_.erase(from(deleted_since_commit_, since.deleted), deleted_since_commit_.end());
    updated_since_commit_.resize(since.updated);
    rekeyed_since_commit_.resize(since.rekeyed);
    removals_ = false;
    relationship_changes_ = relationship_change_count();
}

void Session::expire_all() {
    const bool relationships = any_relationships();
    for (auto& [key, entry] : identity_) {
        if (entry.state != State::Persistent) continue;
        entry.expired = true;
        if (relationships) expire_relationships(entry);
    }
}

void Session::expire_object(const ModelInfo& model, const void* object) {
    Entry* found = find_entry(model, object);
    if (!found || found->state != State::Persistent) throw UsageError("expire(): the object is not a persistent object of this session");
    found->expired = true;
    expire_relationships(*found);
}

} // namespace orm
