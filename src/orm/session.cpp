#include "orm/session.h"

#include "orm/error.h"
#include "orm/query.h"

#include <algorithm>
#include <functional>
#include <map>

namespace orm {

Session::Session(Database& db, Options options) : db_(db), options_(options) {}

Session::~Session() {
    if (!transaction_) return;
    try {
        transaction_->rollback();
    } catch (...) {
    }
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
    const ColumnInfo& pk = model.primary_key();
    const std::int64_t id = pk.access->get_int64(key);
    Entry entry{&model, std::move(object), State::Pending, fingerprints_.size(), next_added_++};
    fingerprints_.resize(fingerprints_.size() + model.columns().size());
    if (id != 0) {
        // An object with an id: persistent if the row exists (e.g. detached from an earlier session).
        if (identity_.count({&model, id})) throw UsageError(model.table() + " " + std::to_string(id) + " is already held by this session as another object");
        auto statement = db_.prepare("SELECT 1 FROM " + quote_identifier(model.table()) + " WHERE " + quote_identifier(pk.name) + " = ?");
        statement->bind(1, id);
        if (statement->step()) {
            entry.state = State::Persistent;
            // Fingerprints that match nothing: every column counts as changed, so the next flush writes it whole.
            std::fill(fingerprints_.begin() + static_cast<std::ptrdiff_t>(entry.fingerprints), fingerprints_.end(), 0x0123456789ABCDEFull);
            updated_since_commit_.push_back(IdentityKey{&model, id});
            identity_.emplace(IdentityKey{&model, id}, std::move(entry));
            return;
        }
    }
    pending_.emplace(key, std::move(entry));
}

void Session::remove_object(const ModelInfo& model, const void* object) {
    Entry* found = find_entry(model, object);
    if (!found) throw UsageError("remove(): the object is not held by this session");
    if (found->state == State::Pending) forget(*found);
    else found->state = State::Deleted;
}

void Session::expunge_object(const ModelInfo& model, const void* object) {
    const Entry* found = find_entry(model, object);
    if (!found) throw UsageError("expunge(): the object is not held by this session");
    forget(*found);
}

void Session::expunge_all() {
    identity_.clear();
    pending_.clear();
    fingerprints_.clear();
}

void Session::forget(const Entry& entry) {
    if (entry.state == State::Pending) pending_.erase(entry.object.get());
    else identity_.erase({entry.model, id_of(entry)});
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
// keys point to (among the models this session holds). Ties keep the order of add().
std::vector<Session::Entry*> Session::pending_in_dependency_order() {
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
        if (depth < 32) { // a cycle (or self-reference) stops here; inserts then keep add() order
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
    return pending;
}

// --- Flush, commit, rollback ---------------------------------------------------------------------------

void Session::autoflush() {
    if (options_.autoflush && !flushing_) flush();
}

void Session::flush() {
    if (flushing_) return;
    // 1. What to write. Nothing at all: no transaction, no SQL.
    std::vector<Entry*> inserts = pending_in_dependency_order();
    std::vector<Update> updates;
    std::vector<Entry*> deletes;
    for (auto& [key, entry] : identity_) {
        if (entry.state == State::Deleted) deletes.push_back(&entry);
        else if (auto changed = changed_columns(entry); !changed.empty()) updates.push_back({&entry, std::move(changed)});
    }
    if (inserts.empty() && updates.empty() && deletes.empty()) return;

    // 2. Validate everything before any SQL runs.
    for (const Entry* e : inserts) e->model->check_values(e->object.get());
    for (const Update& u : updates) u.entry->model->check_values(u.entry->object.get());

    // 3. Write, in a savepoint: on failure nothing of this flush stays, in the database or the objects.
    flushing_ = true;
    std::vector<std::int64_t> given_ids; // the id each insert had before, to restore on failure
    given_ids.reserve(inserts.size());
    try {
        if (!transaction_) transaction_.emplace(db_);
        Transaction savepoint(db_);
        // Consecutive inserts of one model share one cached statement, bound and stepped per object.
        std::optional<StatementLease> insert;
        const std::string* insert_sql = nullptr;
        for (Entry* e : inserts) {
            const ModelInfo& model = *e->model;
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
        for (const Update& u : updates) {
            const ModelInfo& model = *u.entry->model;
            std::string sql = "UPDATE " + quote_identifier(model.table()) + " SET ";
            for (std::size_t i = 0; i < u.columns.size(); ++i)
                sql += (i ? ", " : "") + quote_identifier(model.columns()[u.columns[i]].name) + " = ?";
            sql += " WHERE " + quote_identifier(model.primary_key().name) + " = ?";
            auto statement = db_.prepare(sql);
            int index = 0;
            for (const std::size_t c : u.columns) model.columns()[c].access->bind(u.entry->object.get(), *statement, ++index);
            statement->bind(++index, id_of(*u.entry));
            statement->run();
        }
        // Children before parents: rows with foreign keys go first.
        auto has_foreign_key = [](const ModelInfo* m) {
            return std::any_of(m->columns().begin(), m->columns().end(), [](const ColumnInfo& c) { return c.foreign_key.has_value(); });
        };
        std::stable_sort(deletes.begin(), deletes.end(), [&](Entry* a, Entry* b) { return has_foreign_key(a->model) && !has_foreign_key(b->model); });
        for (Entry* e : deletes) {
            auto statement = db_.prepare(e->model->delete_sql());
            statement->bind(1, id_of(*e));
            statement->run();
        }
        savepoint.commit();
    } catch (...) {
        for (std::size_t i = 0; i < given_ids.size(); ++i)
            inserts[i]->model->primary_key().access->set_int64(inserts[i]->object.get(), given_ids[i]);
        flushing_ = false;
        throw;
    }
    flushing_ = false;

    // 4. Success: the objects now match the database.
    for (const Update& u : updates) {
        store_fingerprints(*u.entry);
        updated_since_commit_.push_back({u.entry->model, id_of(*u.entry)});
    }
    for (Entry* e : deletes) {
        deleted_since_commit_.push_back(*e);
        identity_.erase({e->model, id_of(*e)});
    }
    identity_.reserve(identity_.size() + inserts.size());
    for (Entry* e : inserts) {
        store_fingerprints(*e);
        e->state = State::Persistent;
        const IdentityKey key{e->model, id_of(*e)};
        inserted_since_commit_.push_back(key);
        const void* address = e->object.get();
        identity_.emplace(key, std::move(*e));
        pending_.erase(address);
    }
}

void Session::commit() {
    try {
        flush();
        if (transaction_) transaction_->commit();
    } catch (...) {
        rollback();
        throw;
    }
    transaction_.reset();
    inserted_since_commit_.clear();
    deleted_since_commit_.clear();
    updated_since_commit_.clear();
}

void Session::rollback() {
    if (transaction_) {
        if (transaction_->is_open()) transaction_->rollback();
        transaction_.reset();
    }
    // Objects inserted since the last commit are new again: detached, without an id.
    for (const IdentityKey& key : inserted_since_commit_) {
        const auto found = identity_.find(key);
        if (found == identity_.end()) continue;
        key.model->primary_key().access->set_int64(found->second.object.get(), 0);
        identity_.erase(found);
    }
    // Pending (never flushed) objects leave the session too, as in SQLAlchemy.
    pending_.clear();
    // Deleted since the last commit: held again.
    for (Entry& entry : deleted_since_commit_) {
        entry.state = State::Persistent;
        identity_.emplace(IdentityKey{entry.model, id_of(entry)}, std::move(entry));
    }
    // Changed (flushed or not) since the last commit: reload from the database.
    std::vector<IdentityKey> stale = updated_since_commit_;
    for (auto& [key, entry] : identity_) {
        if (entry.state == State::Deleted) entry.state = State::Persistent;
        if (!changed_columns(entry).empty()) stale.push_back(key);
    }
    for (const IdentityKey& key : stale) {
        const auto found = identity_.find(key);
        if (found != identity_.end() && !reload(found->second)) identity_.erase(found);
    }
    inserted_since_commit_.clear();
    deleted_since_commit_.clear();
    updated_since_commit_.clear();
}

// --- Reading -------------------------------------------------------------------------------------------

std::shared_ptr<void> Session::load_row(const ModelInfo& model, const Statement& statement, int first_column) {
    const std::int64_t id = statement.get_int64(first_column + model.primary_key_index());
    const auto [slot, inserted] = identity_.try_emplace(IdentityKey{&model, id});
    Entry& entry = slot->second;
    if (!inserted) return entry.object; // the identity map's object, with whatever changes it carries
    try {
        entry = Entry{&model, model.create(), State::Persistent, fingerprints_.size(), next_added_++};
        const auto& columns = model.columns();
        fingerprints_.resize(entry.fingerprints + columns.size());
        void* object = entry.object.get();
        for (std::size_t i = 0; i < columns.size(); ++i) {
            columns[i].access->load(object, statement, first_column + static_cast<int>(i));
            fingerprints_[entry.fingerprints + i] = columns[i].access->fingerprint(object);
        }
    } catch (...) {
        identity_.erase(slot);
        throw;
    }
    return entry.object;
}

std::shared_ptr<void> Session::get_object(const ModelInfo& model, std::int64_t id) {
    if (const auto held = identity_.find({&model, id}); held != identity_.end())
        return held->second.state == State::Deleted ? nullptr : held->second.object;
    autoflush();
    auto statement = db_.prepare("SELECT " + model.select_list() + " FROM " + quote_identifier(model.table()) + " WHERE " +
                                 quote_identifier(model.primary_key().name) + " = ?");
    statement->bind(1, id);
    if (!statement->step()) return nullptr;
    return load_row(model, *statement);
}

bool Session::reload(Entry& entry) {
    const ModelInfo& model = *entry.model;
    auto statement = db_.prepare("SELECT " + model.select_list() + " FROM " + quote_identifier(model.table()) + " WHERE " +
                                 quote_identifier(model.primary_key().name) + " = ?");
    statement->bind(1, id_of(entry));
    if (!statement->step()) return false;
    const auto& columns = model.columns();
    for (std::size_t i = 0; i < columns.size(); ++i) columns[i].access->load(entry.object.get(), *statement, static_cast<int>(i));
    store_fingerprints(entry);
    return true;
}

void Session::refresh_object(const ModelInfo& model, const void* object) {
    Entry* found = find_entry(model, object);
    if (!found || found->state == State::Pending) throw UsageError("refresh(): the object is not a persistent object of this session");
    if (!reload(*found)) {
        const std::string what = model.table() + " " + std::to_string(id_of(*found));
        forget(*found);
        throw NoResultError(what + " no longer exists");
    }
}

} // namespace orm
