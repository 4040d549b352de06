#include "orm/session.h"

#include "orm/error.h"
#include "orm/query.h"

#include <algorithm>
#include <functional>
#include <map>

namespace orm {

namespace {
CollectionBase& collection_of(const RelationshipInfo& r, void* object) { return *static_cast<CollectionBase*>(r.holder(object)); }
ReferenceBase& reference_of(const RelationshipInfo& r, void* object) { return *static_cast<ReferenceBase*>(r.holder(object)); }
bool is_collection(const RelationshipInfo& r) { return r.kind == RelationKind::OneToMany || r.kind == RelationKind::ManyToMany; }


std::string target_select(const RelationshipInfo& r) {
    const ModelInfo& target = r.target();
    return "SELECT " + target.select_list() + " FROM " + quote_identifier(target.table());
}
} // namespace

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

// --- Adding, deleting, detaching ---------------------------------------------------------------------

const Session::Entry* Session::find_entry(const ModelInfo& model, const void* object) const {
    if (const auto pending = pending_.find(object); pending != pending_.end()) return &pending->second;
    const auto held = identity_.find({&model, model.primary_key().access->get_int64(object)});
    return held != identity_.end() && held->second.object.get() == object ? &held->second : nullptr;
}

Session::Entry* Session::find_entry(const ModelInfo& model, const void* object) {
    return const_cast<Entry*>(static_cast<const Session*>(this)->find_entry(model, object));
}

void Session::add_object(const ModelInfo& model, std::shared_ptr<void> object) {
    const void* key = object.get();
    if (Entry* found = find_entry(model, key)) {
        if (found->state == State::Deleted) found->state = State::Persistent; // un-delete
        return;
    }
    for (const Session* other : db_.sessions_) {
        if (other != this && other->find_entry(model, key))
            throw UsageError("this " + model.table() + " object is already attached to another Session of this Database; expunge it there, or let that session end, first");
    }
    const ColumnInfo& pk = model.primary_key();
    const std::int64_t id = pk.access->get_int64(key);
    Entry entry{&model, std::move(object), State::Pending, fingerprints_.size(), next_added_++, 0, false};
    if (id != 0) {
        // An object with an id: persistent if the row exists (e.g. detached from an earlier session).
        if (identity_.count({&model, id})) throw UsageError(model.table() + " " + std::to_string(id) + " is already held by this session as another object");
        auto statement = db_.prepare("SELECT 1 FROM " + quote_identifier(model.table()) + " WHERE " + quote_identifier(pk.name) + " = ?");
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

std::int64_t Session::id_of(const Entry& entry) const {
    return entry.model->primary_key().access->get_int64(entry.object.get());
}

// --- Dirty tracking ----------------------------------------------------------------------------------

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

// Parents before children: a model's rank is one more than the highest rank of the tables its foreign
// keys point to (among the models this session holds). Ties keep the order of add(); rows of one table
// (or of tables that refer to each other) are then ordered by the relationships between the objects.
std::vector<Session::Entry*> Session::pending_in_dependency_order(const ForeignKeyPlan& plan) {
    std::vector<Entry*> pending;
    pending.reserve(pending_.size());
    std::vector<const ModelInfo*> models; // few: one per model class seen
    auto note_model = [&](const ModelInfo* m) {
        if (models.empty() || (models.back() != m && std::find(models.begin(), models.end(), m) == models.end())) models.push_back(m);
    };
    for (auto& [key, entry] : pending_) {
        pending.push_back(&entry);
        note_model(entry.model);
    }
    if (pending.empty()) return pending;
    for (const auto& [key, entry] : identity_) note_model(entry.model);
    std::map<const ModelInfo*, int> rank;
    std::function<int(const ModelInfo*, int)> rank_of = [&](const ModelInfo* m, int depth) -> int {
        if (const auto r = rank.find(m); r != rank.end()) return r->second;
        int result = 0;
        if (depth < 32) { // a cycle (or self-reference) stops here; the objects' own links order those rows
            for (const ColumnInfo& c : m->columns()) {
                if (!c.foreign_key || c.foreign_key->table == m->table()) continue;
                for (const ModelInfo* target : models)
                    if (target->table() == c.foreign_key->table) result = std::max(result, rank_of(target, depth + 1) + 1);
            }
        }
        return rank[m] = result;
    };
    for (const ModelInfo* m : models) rank_of(m, 0);
    std::sort(pending.begin(), pending.end(), [&](const Entry* a, const Entry* b) {
        if (a->model != b->model) {
            const int ra = rank[a->model], rb = rank[b->model];
            if (ra != rb) return ra < rb;
        }
        return a->added < b->added;
    });
    order_rows_by_links(pending, plan, true);
    return pending;
}

// Reorders `entries` so that each comes after (parents_first) or before (children first, for deletes) the
// entries it is linked to as a child: through its loaded many-to-one reference, or by being in a parent's
// loaded collection. Otherwise the order is kept. A self-referencing table needs it (a child added before
// its parent); rows that are each other's parents cannot be ordered: UsageError, before any SQL.
void Session::order_rows_by_links(std::vector<Entry*>& entries, const ForeignKeyPlan& plan, bool parents_first) {
    if (std::none_of(entries.begin(), entries.end(), [](const Entry* e) { return !relationships_of(*e->model).empty(); })) return;
    std::unordered_map<const void*, std::size_t> index;
    index.reserve(entries.size());
    for (std::size_t i = 0; i < entries.size(); ++i) index.emplace(entries[i]->object.get(), i);
    std::vector<std::vector<std::size_t>> depends(entries.size()); // parents (inserts) or children (deletes)
    bool any = false;
    auto link = [&](std::size_t child, const void* parent) {
        const auto found = index.find(parent);
        if (found == index.end() || found->second == child) return;
        any = true;
        if (parents_first) depends[child].push_back(found->second);
        else depends[found->second].push_back(child);
    };
    for (std::size_t i = 0; i < entries.size(); ++i) {
        void* object = entries[i]->object.get();
        for (const RelationshipInfo* r : relationships_of(*entries[i]->model)) {
            if (r->kind != RelationKind::ManyToOne || !r->holder(object)->is_loaded()) continue;
            if (const auto parent = reference_of(*r, object).peek()) link(i, parent.get());
        }
        if (const auto parent = plan.parent_of.find(object); parent != plan.parent_of.end()) link(i, parent->second.object);
    }
    if (!any) return;
    // Depth-first, without recursion (a chain of rows may be long).
    std::vector<char> state(entries.size(), 0); // 0 new, 1 on the path, 2 placed
    std::vector<Entry*> ordered;
    ordered.reserve(entries.size());
    std::vector<std::pair<std::size_t, std::size_t>> path; // (entry, next dependency to visit)
    for (std::size_t start = 0; start < entries.size(); ++start) {
        if (state[start]) continue;
        path.emplace_back(start, 0);
        state[start] = 1;
        while (!path.empty()) {
            auto& [at, next] = path.back();
            if (next < depends[at].size()) {
                const std::size_t d = depends[at][next++];
                if (state[d] == 1)
                    throw UsageError(entries[d]->model->table() + " rows refer to each other in a cycle; flush one of them without its link first");
                if (state[d] == 0) {
                    state[d] = 1;
                    path.emplace_back(d, 0);
                }
                continue;
            }
            state[at] = 2;
            ordered.push_back(entries[at]);
            path.pop_back();
        }
    }
    entries = std::move(ordered);
}

// --- Flush, commit, rollback ---------------------------------------------------------------------------

void Session::autoflush() {
    if (options_.autoflush && !flushing_) flush();
}

// Before a lazy load: a full flush only if something that could change the loaded rows is pending, since
// a flush compares every held object. Columns changed as plain members are flushed by the next query.
bool Session::lazy_load_needs_flush() const {
    return !pending_.empty() || removals_ || relationship_change_count() != relationship_changes_;
}

void Session::flush() {
    if (flushing_) return;
    flushing_ = true;
    struct Reset {
        bool& flag;
        ~Reset() { flag = false; }
    } reset{flushing_};

    // 1. Relationships decide part of what to write: deletes that cascade (or children set free), objects
    //    reachable from held ones, foreign keys of children whose parent already has an id, orphans.
    cascade_deletes();
    cascade_save_update();
    const ForeignKeyPlan plan = plan_foreign_keys();
    resolve_all_foreign_keys(plan, false);
    apply_orphans(plan);

    // 2. What to write. Nothing at all: no transaction, no SQL.
    std::vector<Entry*> inserts = pending_in_dependency_order(plan);
    std::vector<Entry*> deletes;
    bool any_update = false;
    for (auto& [key, entry] : identity_) {
        if (entry.state == State::Deleted) {
            deletes.push_back(&entry);
        } else if (id_of(entry) != entry.id || !changed_columns(entry).empty()) {
            entry.model->check_values(entry.object.get()); // 3. validated before any SQL runs
            any_update = true;
        }
    }
    bool any_association = false;
    for (auto& [key, entry] : identity_) {
        for (const RelationshipInfo* r : relationships_of(*entry.model)) {
            if (r->kind != RelationKind::ManyToMany) continue;
            auto* collection = static_cast<CollectionBase*>(r->holder(entry.object.get()));
            if (!collection->is_loaded()) continue;
            std::vector<const void*> now;
            for (const auto& item : collection->items_) now.push_back(item.get());
            any_association = any_association || now != collection->committed_;
        }
    }
    for (const auto& [key, entry] : pending_)
        for (const RelationshipInfo* r : relationships_of(*entry.model))
            any_association = any_association || (r->kind == RelationKind::ManyToMany && !static_cast<CollectionBase*>(r->holder(entry.object.get()))->items_.empty());
    removals_ = false;
    relationship_changes_ = relationship_change_count();
    if (inserts.empty() && !any_update && deletes.empty() && !any_association) return;
    for (const Entry* e : inserts) e->model->check_values(e->object.get());
    // Children before parents: rows with foreign keys go first, and within them the rows' own links.
    auto has_foreign_key = [](const ModelInfo* m) {
        return std::any_of(m->columns().begin(), m->columns().end(), [](const ColumnInfo& c) { return c.foreign_key.has_value(); });
    };
    std::stable_sort(deletes.begin(), deletes.end(), [&](Entry* a, Entry* b) { return has_foreign_key(a->model) && !has_foreign_key(b->model); });
    order_rows_by_links(deletes, plan, false);

    // 4. Write, in a savepoint: on failure nothing of this flush stays, in the database or the objects.
    std::vector<std::int64_t> given_ids; // the id each insert had before, to restore on failure
    given_ids.reserve(inserts.size());
    std::vector<Update> updates;
    try {
        if (!transaction_) begin_write();
        Transaction savepoint(db_);
        // Consecutive inserts of one model share one cached statement, bound and stepped per object.
        std::optional<StatementLease> insert;
        const std::string* insert_sql = nullptr;
        const bool any_relationships = std::any_of(inserts.begin(), inserts.end(), [](const Entry* e) { return !relationships_of(*e->model).empty(); });
        for (Entry* e : inserts) {
            const ModelInfo& model = *e->model;
            if (any_relationships) resolve_foreign_keys(plan, *e); // its parent, inserted before it, has an id now
            const ColumnInfo& pk = model.primary_key();
            const std::int64_t id = pk.access->get_int64(e->object.get());
            const std::string& sql = model.insert_sql(id != 0);
            if (insert_sql != &sql) {
                insert.reset();
                insert.emplace(db_.prepare(sql));
                insert_sql = &sql;
            }
            Statement& statement = **insert;
            int index = 0;
            for (const ColumnInfo& c : model.columns())
                if (id != 0 || !c.primary_key) c.access->bind(e->object.get(), statement, ++index);
            statement.run();
            statement.reset();
            given_ids.push_back(id);
            if (id == 0) pk.access->set_int64(e->object.get(), db_.last_insert_rowid());
        }
        insert.reset();
        if (any_relationships) resolve_all_foreign_keys(plan, true); // children moved to a parent inserted in this flush
        for (auto& [key, entry] : identity_) {
            if (entry.state != State::Persistent) continue;
            auto changed = changed_columns(entry);
            const bool key_changed = id_of(entry) != entry.id;
            if (key_changed) {
                // SQLAlchemy updates a changed primary key: the row moves, the identity map follows.
                const auto taken = identity_.find({entry.model, id_of(entry)});
                if (taken != identity_.end() && taken->second.state != State::Deleted)
                    throw UsageError(entry.model->table() + " " + std::to_string(id_of(entry)) + " is already held by this session: a primary key changed to it cannot be written");
                changed.insert(changed.begin(), static_cast<std::size_t>(entry.model->primary_key_index()));
            }
            if (!changed.empty()) updates.push_back({&entry, std::move(changed), key_changed});
        }
        for (const Update& u : updates) {
            const ModelInfo& model = *u.entry->model;
            std::string sql = "UPDATE " + quote_identifier(model.table()) + " SET ";
            for (std::size_t i = 0; i < u.columns.size(); ++i)
                sql += (i ? ", " : "") + quote_identifier(model.columns()[u.columns[i]].name) + " = ?";
            sql += " WHERE " + quote_identifier(model.primary_key().name) + " = ?";
            auto statement = db_.prepare(sql);
            int index = 0;
            for (const std::size_t c : u.columns) model.columns()[c].access->bind(u.entry->object.get(), *statement, ++index);
            statement->bind(++index, u.entry->id);
            statement->run();
            if (db_.changes() != 1)
                throw StaleDataError("UPDATE of " + model.table() + " " + std::to_string(u.entry->id) +
                                     " matched no row: it was deleted by another connection since this session loaded it");
        }
        write_associations();
        for (Entry* e : deletes) {
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
        savepoint.commit();
    } catch (...) {
        for (std::size_t i = 0; i < given_ids.size(); ++i)
            inserts[i]->model->primary_key().access->set_int64(inserts[i]->object.get(), given_ids[i]);
        throw;
    }

    // 5. Success: the objects now match the database.
    for (const Update& u : updates) {
        store_fingerprints(*u.entry);
        if (u.key_changed) {
            const std::int64_t before = u.entry->id;
            Entry* moved = rekey(*u.entry, id_of(*u.entry));
            rekeyed_since_commit_.emplace_back(IdentityKey{moved->model, moved->id}, before);
            updated_since_commit_.push_back({moved->model, moved->id});
        } else {
            updated_since_commit_.push_back({u.entry->model, u.entry->id});
        }
    }
    for (Entry* e : deletes) {
        release(*e->model, e->object.get());
        deleted_since_commit_.push_back(*e);
        identity_.erase({e->model, e->id});
    }
    identity_.reserve(identity_.size() + inserts.size());
    for (Entry* e : inserts) {
        store_fingerprints(*e);
        e->state = State::Persistent;
        e->id = id_of(*e);
        const IdentityKey key{e->model, e->id};
        inserted_since_commit_.push_back(key);
        const void* address = e->object.get();
        identity_.emplace(key, std::move(*e));
        pending_.erase(address);
    }
    commit_collections();
}

// Moves an entry to the identity key of its new primary key; returns where it is now.
Session::Entry* Session::rekey(Entry& entry, std::int64_t new_id) {
    auto node = identity_.extract({entry.model, entry.id});
    identity_.erase({entry.model, new_id}); // a deleted entry that held this key is gone from the database
    node.key().id = new_id;
    node.mapped().id = new_id;
    return &identity_.insert(std::move(node)).position->second;
}

void Session::commit() {
    // Refused before anything runs: this session's objects and pending work stay as they are.
    if (db_.writer_ && db_.writer_ != this)
        throw UsageError("another Session on this Database has uncommitted writes; commit or roll it back before this session commits");
    try {
        flush();
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
    if (transaction_) {
        if (transaction_->is_open()) transaction_->rollback();
        transaction_.reset();
    }
    end_write();
    std::vector<IdentityKey> stale = updated_since_commit_;
    // Primary keys changed since the last commit go back, newest first.
    for (auto it = rekeyed_since_commit_.rbegin(); it != rekeyed_since_commit_.rend(); ++it) {
        const auto found = identity_.find(it->first);
        if (found == identity_.end()) continue;
        found->first.model->primary_key().access->set_int64(found->second.object.get(), it->second);
        rekey(found->second, it->second);
        stale.push_back({it->first.model, it->second});
    }
    // Objects inserted since the last commit are new again: detached, without an id.
    for (const IdentityKey& key : inserted_since_commit_) {
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
    // Deleted since the last commit: held again.
    for (Entry& entry : deleted_since_commit_) {
        entry.state = State::Persistent;
        identity_.emplace(IdentityKey{entry.model, entry.id}, std::move(entry));
    }
    // Changed (flushed or not) since the last commit: reload from the database.
    for (auto& [key, entry] : identity_) {
        if (entry.state == State::Deleted) entry.state = State::Persistent;
        if (id_of(entry) != entry.id) entry.model->primary_key().access->set_int64(entry.object.get(), entry.id);
        if (!changed_columns(entry).empty()) stale.push_back(key);
    }
    for (const IdentityKey& key : stale) {
        const auto found = identity_.find(key);
        if (found != identity_.end() && !reload(found->second)) identity_.erase(found);
    }
    inserted_since_commit_.clear();
    deleted_since_commit_.clear();
    updated_since_commit_.clear();
    rekeyed_since_commit_.clear();
    removals_ = false;
    relationship_changes_ = relationship_change_count();
}

void Session::expire_all() {
    for (auto& [key, entry] : identity_) {
        if (entry.state != State::Persistent) continue;
        entry.expired = true;
        expire_relationships(entry);
    }
}

void Session::expire_object(const ModelInfo& model, const void* object) {
    Entry* found = find_entry(model, object);
    if (!found || found->state != State::Persistent) throw UsageError("expire(): the object is not a persistent object of this session");
    found->expired = true;
    expire_relationships(*found);
}

// --- Reading -------------------------------------------------------------------------------------------

std::shared_ptr<void> Session::load_row(const ModelInfo& model, const Statement& statement, int first_column) {
    const std::int64_t id = statement.get_int64(first_column + model.primary_key_index());
    const auto [slot, inserted] = identity_.try_emplace(IdentityKey{&model, id});
    Entry& entry = slot->second;
    if (!inserted) {
        if (entry.expired) load_columns(entry, statement, first_column, true); // the row as it is now
        return entry.object; // the identity map's object, with whatever changes it carries
    }
    try {
        entry = Entry{&model, model.create(), State::Persistent, fingerprints_.size(), next_added_++, id, false};
        const auto& columns = model.columns();
        fingerprints_.resize(entry.fingerprints + columns.size());
        void* object = entry.object.get();
        for (std::size_t i = 0; i < columns.size(); ++i) {
            columns[i].access->load(object, statement, first_column + static_cast<int>(i));
            fingerprints_[entry.fingerprints + i] = columns[i].access->fingerprint(object);
        }
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
        columns[i].access->load(object, statement, first_column + static_cast<int>(i));
        stored = columns[i].access->fingerprint(object);
    }
    entry.expired = false;
}

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
    auto statement = db_.prepare("SELECT " + model.select_list() + " FROM " + quote_identifier(model.table()) + " WHERE " +
                                 quote_identifier(model.primary_key().name) + " = ?");
    statement->bind(1, id);
    if (!statement->step()) return nullptr;
    return load_row(model, *statement);
}

bool Session::reload(Entry& entry, bool keep_changed) {
    const ModelInfo& model = *entry.model;
    auto statement = db_.prepare("SELECT " + model.select_list() + " FROM " + quote_identifier(model.table()) + " WHERE " +
                                 quote_identifier(model.primary_key().name) + " = ?");
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

// --- Relationships -------------------------------------------------------------------------------------

// The object's holders load lazily through this session; a row just loaded has nothing loaded yet, an
// added object's holders are complete and the other sides learn of what they hold.
void Session::bind_relationships(const ModelInfo& model, const std::shared_ptr<void>& shared, bool from_database) {
    const RelationshipList relationships = relationships_of(model);
    if (relationships.empty()) return;
    void* object = shared.get();
    for (const RelationshipInfo* r : relationships) {
        RelationshipHolder* holder = r->holder(object);
        holder->loader_ = link_;
        if (from_database) holder->loaded_ = false;
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
    collection.committed_.clear();
    for (const auto& item : items) collection.committed_.push_back(item.get());
    collection.items_ = std::move(items);
    collection.loaded_ = true;
    for (auto& item : collection.appended_unloaded_) // not flushed yet: in the collection, not in committed_
        if (std::none_of(collection.items_.begin(), collection.items_.end(), [&](const auto& i) { return i == item; })) collection.items_.push_back(std::move(item));
    collection.appended_unloaded_.clear();
    // The children's reference to this parent is known now too: no query when it is read.
    if (r.kind == RelationKind::OneToMany) {
        if (const RelationshipInfo* back = other_side(r)) {
            const std::shared_ptr<void> parent = shared_of(r.source(), owner);
            for (const auto& child : collection.items_) {
                ReferenceBase& ref = reference_of(*back, child.get());
                if (!ref.loaded_) {
                    ref.target_ = parent;
                    ref.weak_target_.reset();
                    ref.loaded_ = true;
                }
            }
        }
    }
}

void Session::set_loaded_reference(const RelationshipInfo& r, void* owner, std::shared_ptr<void> target) {
    ReferenceBase& ref = reference_of(r, owner);
    ref.weak_target_.reset();
    ref.target_ = std::move(target);
    ref.loaded_ = true;
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
    sql += " ORDER BY " + target_pk;
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
        sql += " WHERE " + key_column + " IN (" + placeholders + ") ORDER BY " + quote_identifier(target.table()) + "." +
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

// Objects reachable through loaded relationships of held objects join the session (save-update cascade).
void Session::cascade_save_update() {
    std::vector<std::pair<const ModelInfo*, void*>> work;
    for (auto& [key, entry] : identity_)
        if (!relationships_of(*entry.model).empty()) work.emplace_back(entry.model, entry.object.get());
    for (auto& [key, entry] : pending_)
        if (!relationships_of(*entry.model).empty()) work.emplace_back(entry.model, entry.object.get());
    while (!work.empty()) {
        const auto [model, object] = work.back();
        work.pop_back();
        for (const RelationshipInfo* r : relationships_of(*model)) {
            if (!r->options.cascade.save_update) continue;
            if (!r->holder(object)->is_loaded()) {
                if (!is_collection(*r)) continue;
                const std::vector<std::shared_ptr<void>> items = collection_of(*r, object).appended_unloaded_;
                for (const auto& item : items)
                    if (item && !find_entry(r->target(), item.get())) {
                        add_object(r->target(), item);
                        work.emplace_back(&r->target(), item.get());
                    }
                continue;
            }
            const ModelInfo& target = r->target();
            auto visit = [&](const std::shared_ptr<void>& item) {
                if (!item || find_entry(target, item.get())) return;
                add_object(target, item);
                work.emplace_back(&target, item.get());
            };
            if (is_collection(*r)) {
                const std::vector<std::shared_ptr<void>> items = collection_of(*r, object).items_; // add_object may rehash
                for (const auto& item : items) visit(item);
            } else {
                visit(reference_of(*r, object).peek());
            }
        }
    }
}

// Deleting a parent deletes its children where the relationship cascades deletes; elsewhere its children
// are set free, their foreign key set to NULL (SQLAlchemy's default), which a NOT NULL column refuses
// before any SQL runs. Either way the children are loaded if they were not.
void Session::cascade_deletes() {
    std::vector<Entry*> work;
    for (auto& [key, entry] : identity_)
        if (entry.state == State::Deleted && !relationships_of(*entry.model).empty()) work.push_back(&entry);
    while (!work.empty()) {
        Entry* parent = work.back();
        work.pop_back();
        for (const RelationshipInfo* r : relationships_of(*parent->model)) {
            if (r->kind == RelationKind::ManyToOne || r->kind == RelationKind::ManyToMany) continue;
            if (!r->holder(parent->object.get())->is_loaded()) load_relationship(*r, parent->object.get());
            std::vector<std::shared_ptr<void>> children;
            if (r->kind == RelationKind::OneToMany) children = collection_of(*r, parent->object.get()).items_;
            else if (auto target = reference_of(*r, parent->object.get()).peek()) children.push_back(target);
            for (const auto& child : children) {
                Entry* entry = find_entry(r->target(), child.get());
                if (!entry || entry->state == State::Deleted) continue;
                if (r->options.cascade.remove) {
                    if (entry->state == State::Pending) {
                        forget(*entry);
                    } else {
                        entry->state = State::Deleted;
                        work.push_back(entry);
                    }
                } else {
                    set_free(*r, *parent, child);
                }
            }
        }
    }
}

// A child of a deleted parent, without a delete cascade: its link to the parent is cleared in memory and
// its foreign key set to NULL, unless it was moved to another parent meanwhile.
void Session::set_free(const RelationshipInfo& r, const Entry& parent, const std::shared_ptr<void>& child) {
    const ModelInfo& target = r.target();
    if (const RelationshipInfo* back = other_side(r)) {
        ReferenceBase& ref = reference_of(*back, child.get());
        if (ref.is_loaded()) {
            const auto now = ref.peek();
            if (now && now != parent.object) return; // moved to another parent
            ref.target_.reset();
            ref.weak_target_.reset();
        }
    }
    const ColumnInfo* fk = target.find_column(r.foreign_key());
    std::int64_t points_to = 0;
    if (fk->access->get_id(child.get(), points_to) && points_to != parent.id) return; // refers to another parent
    if (!fk->access->set_id(child.get(), std::nullopt)) {
        throw ValueError(target.table(), r.foreign_key(),
                         target.table() + "." + r.foreign_key() + " cannot be NULL: deleting this " + parent.model->table() + " would leave its '" + r.name +
                             "' without a parent; delete or move them first, or give the relationship a delete cascade");
    }
}

// Which parent collection (or one-to-one reference) holds each child, and which children were taken out
// of a loaded collection since it was loaded or flushed. Computed once per flush.
Session::ForeignKeyPlan Session::plan_foreign_keys() {
    ForeignKeyPlan plan;
    auto scan = [&](Entry& entry) {
        for (const RelationshipInfo* r : relationships_of(*entry.model)) {
            if (r->kind == RelationKind::OneToMany && r->holder(entry.object.get())->is_loaded()) {
                CollectionBase& collection = collection_of(*r, entry.object.get());
                for (const auto& child : collection.items_) plan.parent_of[child.get()] = {r, entry.object.get()};
                for (const void* was : collection.committed_) {
                    const bool still = std::any_of(collection.items_.begin(), collection.items_.end(), [&](const auto& c) { return c.get() == was; });
                    if (!still)
                        if (Entry* child = find_entry(r->target(), was)) plan.orphans.emplace_back(r, child->object);
                }
            } else if (r->kind == RelationKind::OneToOneParent && r->holder(entry.object.get())->is_loaded()) {
                if (const auto child = reference_of(*r, entry.object.get()).peek()) plan.parent_of[child.get()] = {r, entry.object.get()};
            }
        }
    };
    for (auto& [key, entry] : identity_)
        if (entry.state == State::Persistent && !relationships_of(*entry.model).empty()) scan(entry);
    for (auto& [key, entry] : pending_)
        if (!relationships_of(*entry.model).empty()) scan(entry);
    return plan;
}

// Sets the child's foreign keys from its relationships: its own reference to a parent first, else the
// parent collection it is in. A parent without an id yet (inserted later in this flush) changes nothing.
void Session::resolve_foreign_keys(const ForeignKeyPlan& plan, Entry& child) {
    void* object = child.object.get();
    for (const RelationshipInfo* r : relationships_of(*child.model)) {
        if (r->kind != RelationKind::ManyToOne || !r->holder(object)->is_loaded()) continue;
        const auto parent = reference_of(*r, object).peek();
        if (!parent) continue;
        const std::int64_t parent_id = r->target().primary_key().access->get_int64(parent.get());
        if (parent_id != 0) child.model->find_column(r->foreign_key())->access->set_id(object, parent_id);
        return;
    }
    const auto found = plan.parent_of.find(object);
    if (found == plan.parent_of.end()) return;
    const RelationshipInfo& r = *found->second.relationship;
    const std::int64_t parent_id = r.source().primary_key().access->get_int64(found->second.object);
    if (parent_id != 0) child.model->find_column(r.foreign_key())->access->set_id(object, parent_id);
}

// Children taken out of a collection: deleted with delete-orphan, else their foreign key is cleared
// (refused for a NOT NULL column, before any SQL runs).
void Session::apply_orphans(const ForeignKeyPlan& plan) {
    for (const auto& [r, child] : plan.orphans) {
        if (plan.parent_of.count(child.get())) continue; // moved to another parent, not orphaned
        Entry* entry = find_entry(r->target(), child.get());
        if (!entry || entry->state != State::Persistent) continue;
        if (const RelationshipInfo* back = other_side(*r)) {
            const ReferenceBase& ref = reference_of(*back, child.get());
            if (ref.is_loaded() && ref.peek()) continue; // moved to a parent whose collection is not loaded
        }
        if (r->options.cascade.delete_orphan) {
            entry->state = State::Deleted;
        } else if (!r->target().find_column(r->foreign_key())->access->set_id(child.get(), std::nullopt)) {
            throw ValueError(r->target().table(), r->foreign_key(),
                             r->target().table() + "." + r->foreign_key() + " cannot be NULL: a " + r->target().table() + " taken out of '" + r->name +
                                 "' needs another parent, or the relationship needs delete-orphan");
        }
    }
}

void Session::resolve_all_foreign_keys(const ForeignKeyPlan& plan, bool persistent_only) {
    for (auto& [key, entry] : identity_)
        if (entry.state == State::Persistent && !relationships_of(*entry.model).empty()) resolve_foreign_keys(plan, entry);
    if (!persistent_only)
        for (auto& [key, entry] : pending_)
            if (!relationships_of(*entry.model).empty()) resolve_foreign_keys(plan, entry);
}

// Association rows follow the many-to-many collections exactly: INSERT OR IGNORE for additions (no
// duplicates, whichever side added them), DELETE for removals.
void Session::write_associations() {
    auto write = [&](Entry& entry) {
        for (const RelationshipInfo* r : relationships_of(*entry.model)) {
            if (r->kind != RelationKind::ManyToMany || !r->holder(entry.object.get())->is_loaded()) continue;
            CollectionBase& collection = collection_of(*r, entry.object.get());
            const std::int64_t owner_id = id_of(entry);
            const ModelInfo& target = r->target();
            const std::string table = quote_identifier(r->secondary);
            for (const auto& item : collection.items_) {
                if (std::find(collection.committed_.begin(), collection.committed_.end(), item.get()) != collection.committed_.end()) continue;
                auto statement = db_.prepare("INSERT OR IGNORE INTO " + table + " (" + quote_identifier(r->secondary_source) + ", " +
                                             quote_identifier(r->secondary_target) + ") VALUES (?, ?)");
                statement->bind_all(owner_id, target.primary_key().access->get_int64(item.get()));
                statement->run();
            }
            for (const void* was : collection.committed_) {
                if (std::any_of(collection.items_.begin(), collection.items_.end(), [&](const auto& i) { return i.get() == was; })) continue;
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

// After a successful flush, loaded collections are what the database holds, and each child's
// reference names the parent whose collection it is in.
void Session::commit_collections() {
    for (auto& [key, entry] : identity_) {
        for (const RelationshipInfo* r : relationships_of(*entry.model)) {
            if (!is_collection(*r)) continue;
            CollectionBase& collection = collection_of(*r, entry.object.get());
            if (!collection.is_loaded()) {
                collection.appended_unloaded_.clear(); // written: the rows say it now
                continue;
            }
            // Deleted children leave their parents' collections.
            std::erase_if(collection.items_, [&](const std::shared_ptr<void>& item) { return !find_entry(r->target(), item.get()); });
            set_loaded_collection(*r, entry.object.get(), collection.items_);
        }
    }
}

// An object leaving the session keeps its loaded relationships, but a child's reference to a parent whose
// loaded collection holds the child becomes weak, and the backref side of many-to-many is dropped: parent
// and child would otherwise own each other and never be freed. While the session lives it holds both.
void Session::release(const ModelInfo& model, void* object) {
    for (const RelationshipInfo* r : relationships_of(model)) {
        RelationshipHolder* holder = r->holder(object);
        if (is_collection(*r)) collection_of(*r, object).appended_unloaded_.clear();
        if (!holder->loaded_) continue;
        if (r->kind == RelationKind::ManyToOne) {
            ReferenceBase& ref = reference_of(*r, object);
            const RelationshipInfo* back = other_side(*r);
            if (!ref.target_ || !back) continue;
            RelationshipHolder* parent_side = back->holder(ref.target_.get());
            if (!parent_side->loaded_) continue;
            bool owned_by_parent = false;
            if (back->kind == RelationKind::OneToMany) {
                const auto& items = collection_of(*back, ref.target_.get()).items_;
                owned_by_parent = std::any_of(items.begin(), items.end(), [&](const auto& i) { return i.get() == object; });
            } else {
                owned_by_parent = reference_of(*back, ref.target_.get()).peek().get() == object;
            }
            if (owned_by_parent) {
                ref.weak_target_ = ref.target_;
                ref.target_.reset();
            }
        } else if (r->kind == RelationKind::ManyToMany && r->is_backref) {
            CollectionBase& collection = collection_of(*r, object);
            collection.items_.clear();
            collection.committed_.clear();
            collection.loaded_ = false;
        }
    }
}

void Session::release_all() {
    for (auto& [key, entry] : identity_)
        if (!relationships_of(*entry.model).empty()) release(*entry.model, entry.object.get());
    for (auto& [key, entry] : pending_)
        if (!relationships_of(*entry.model).empty()) release(*entry.model, entry.object.get());
}

// After a rollback or an expiry, what relationships hold in memory may be wrong: they are loaded again on
// next access.
void Session::expire_relationships() {
    for (auto& [key, entry] : identity_) expire_relationships(entry);
}

void Session::expire_relationships(Entry& entry) {
    for (const RelationshipInfo* r : relationships_of(*entry.model)) {
        RelationshipHolder* holder = r->holder(entry.object.get());
        holder->loaded_ = false;
        holder->loader_ = link_;
        if (is_collection(*r)) {
            collection_of(*r, entry.object.get()).items_.clear();
            collection_of(*r, entry.object.get()).committed_.clear();
            collection_of(*r, entry.object.get()).appended_unloaded_.clear();
        } else {
            reference_of(*r, entry.object.get()).target_.reset();
            reference_of(*r, entry.object.get()).weak_target_.reset();
        }
    }
}

} // namespace orm
