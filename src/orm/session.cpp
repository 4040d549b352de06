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

void Session::add_object(const ModelInfo& model, std::shared_ptr<void> object) {
    const void* key = object.get();
    const auto found = entries_.find(key);
    if (found != entries_.end()) {
        if (found->second.state == State::Deleted) found->second.state = State::Persistent; // un-delete
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
            identity_[{&model, id}] = key;
            // Fingerprints of zero: every column counts as changed, so the next flush writes the object whole.
            std::fill(fingerprints_.begin() + static_cast<std::ptrdiff_t>(entry.fingerprints), fingerprints_.end(), 0x0123456789ABCDEFull);
            updated_since_commit_.push_back(key);
        }
    }
    entries_.emplace(key, std::move(entry));
}

void Session::remove_object(const void* object) {
    const auto found = entries_.find(object);
    if (found == entries_.end()) throw UsageError("remove(): the object is not held by this session");
    if (found->second.state == State::Pending) forget(object);
    else found->second.state = State::Deleted;
}

void Session::expunge_object(const void* object) {
    if (!entries_.count(object)) throw UsageError("expunge(): the object is not held by this session");
    forget(object);
}

void Session::expunge_all() {
    entries_.clear();
    identity_.clear();
    fingerprints_.clear();
}

void Session::forget(const void* object) {
    const auto found = entries_.find(object);
    if (found == entries_.end()) return;
    if (found->second.state != State::Pending) identity_.erase({found->second.model, id_of(found->second)});
    entries_.erase(found);
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

bool Session::is_modified_object(const void* object) const {
    const auto found = entries_.find(object);
    if (found == entries_.end()) return false;
    return found->second.state != State::Persistent || !changed_columns(found->second).empty();
}

// Parents before children: a model's rank is one more than the highest rank of the tables its foreign
// keys point to (among the models this session holds). Ties keep the order of add().
std::vector<Session::Entry*> Session::pending_in_dependency_order() {
    std::vector<Entry*> pending;
    std::map<std::string, const ModelInfo*, std::less<>> models;
    for (auto& [key, entry] : entries_) {
        models[entry.model->table()] = entry.model;
        if (entry.state == State::Pending) pending.push_back(&entry);
    }
    std::map<const ModelInfo*, int> rank;
    std::function<int(const ModelInfo*, int)> rank_of = [&](const ModelInfo* m, int depth) -> int {
        if (const auto r = rank.find(m); r != rank.end()) return r->second;
        int result = 0;
        if (depth < 32) { // a cycle (or self-reference) stops here; inserts then keep add() order
            for (const ColumnInfo& c : m->columns()) {
                if (!c.foreign_key || c.foreign_key->table == m->table()) continue;
                if (const auto target = models.find(c.foreign_key->table); target != models.end())
                    result = std::max(result, rank_of(target->second, depth + 1) + 1);
            }
        }
        return rank[m] = result;
    };
    std::sort(pending.begin(), pending.end(), [&](Entry* a, Entry* b) {
        const int ra = rank_of(a->model, 0), rb = rank_of(b->model, 0);
        return ra != rb ? ra < rb : a->added < b->added;
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
    for (auto& [key, entry] : entries_) {
        if (entry.state == State::Deleted) deletes.push_back(&entry);
        else if (entry.state == State::Persistent)
            if (auto changed = changed_columns(entry); !changed.empty()) updates.push_back({&entry, std::move(changed)});
    }
    if (inserts.empty() && updates.empty() && deletes.empty()) return;

    // 2. Validate everything before any SQL runs.
    for (Entry* e : inserts) e->model->check_values(e->object.get());
    for (const Update& u : updates) u.entry->model->check_values(u.entry->object.get());

    // 3. Write, in a savepoint: on failure nothing of this flush stays, in the database or the objects.
    flushing_ = true;
    struct Restore {
        Entry* entry;
        std::int64_t id;
    };
    std::vector<Restore> inserted;
    try {
        if (!transaction_) transaction_.emplace(db_);
        Transaction savepoint(db_);
        for (Entry* e : inserts) {
            const ModelInfo& model = *e->model;
            const ColumnInfo& pk = model.primary_key();
            const std::int64_t id = pk.access->get_int64(e->object.get());
            auto statement = db_.prepare(model.insert_sql(id != 0));
            int index = 0;
            for (const ColumnInfo& c : model.columns())
                if (id != 0 || !c.primary_key) c.access->bind(e->object.get(), *statement, ++index);
            statement->run();
            inserted.push_back({e, id});
            if (id == 0) pk.access->set_int64(e->object.get(), db_.last_insert_rowid());
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
            statement->bind(++index, id_of(*u.entry));
            statement->run();
        }
        // Children before parents.
        std::vector<Entry*> ordered_deletes = deletes;
        std::stable_sort(ordered_deletes.begin(), ordered_deletes.end(), [](Entry* a, Entry* b) {
            // a model with foreign keys goes first
            auto has_fk = [](const ModelInfo* m) {
                return std::any_of(m->columns().begin(), m->columns().end(), [](const ColumnInfo& c) { return c.foreign_key.has_value(); });
            };
            return has_fk(a->model) && !has_fk(b->model);
        });
        for (Entry* e : ordered_deletes) {
            auto statement = db_.prepare(e->model->delete_sql());
            statement->bind(1, id_of(*e));
            statement->run();
        }
        savepoint.commit();
    } catch (...) {
        for (const Restore& r : inserted) r.entry->model->primary_key().access->set_int64(r.entry->object.get(), r.id);
        flushing_ = false;
        throw;
    }
    flushing_ = false;

    // 4. Success: the objects now match the database.
    for (const Restore& r : inserted) {
        Entry& e = *r.entry;
        e.state = State::Persistent;
        store_fingerprints(e);
        identity_[{e.model, id_of(e)}] = e.object.get();
        inserted_since_commit_.push_back(e.object);
    }
    for (const Update& u : updates) {
        store_fingerprints(*u.entry);
        updated_since_commit_.push_back(u.entry->object.get());
    }
    for (Entry* e : deletes) {
        deleted_since_commit_.push_back(*e);
        const void* key = e->object.get();
        identity_.erase({e->model, id_of(*e)});
        entries_.erase(key);
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
    for (const std::shared_ptr<void>& object : inserted_since_commit_) {
        const auto found = entries_.find(object.get());
        if (found == entries_.end()) continue;
        const ModelInfo& model = *found->second.model;
        identity_.erase({&model, id_of(found->second)});
        model.primary_key().access->set_int64(object.get(), 0);
        entries_.erase(found);
    }
    // Pending (never flushed) objects leave the session too, as in SQLAlchemy.
    for (auto it = entries_.begin(); it != entries_.end();) {
        if (it->second.state == State::Pending) it = entries_.erase(it);
        else ++it;
    }
    // Deleted since the last commit: held again.
    for (Entry& entry : deleted_since_commit_) {
        entry.state = State::Persistent;
        const void* key = entry.object.get();
        identity_[{entry.model, id_of(entry)}] = key;
        entries_.emplace(key, std::move(entry));
    }
    // Changed (flushed or not) since the last commit: reload from the database.
    std::vector<const void*> stale = updated_since_commit_;
    for (auto& [key, entry] : entries_) {
        if (entry.state == State::Deleted) entry.state = State::Persistent;
        if (!changed_columns(entry).empty()) stale.push_back(key);
    }
    for (const void* key : stale) {
        const auto found = entries_.find(key);
        if (found != entries_.end() && !reload(found->second)) forget(key);
    }
    inserted_since_commit_.clear();
    deleted_since_commit_.clear();
    updated_since_commit_.clear();
}

// --- Reading -------------------------------------------------------------------------------------------

std::shared_ptr<void> Session::load_row(const ModelInfo& model, const Statement& statement, int first_column) {
    const int pk_index = model.primary_key_index();
    const std::int64_t id = statement.get_int64(first_column + pk_index);
    if (const auto held = identity_.find({&model, id}); held != identity_.end()) return entries_.at(held->second).object;
    std::shared_ptr<void> object = model.create();
    const auto& columns = model.columns();
    const std::size_t offset = fingerprints_.size();
    fingerprints_.resize(offset + columns.size());
    for (std::size_t i = 0; i < columns.size(); ++i) {
        columns[i].access->load(object.get(), statement, first_column + static_cast<int>(i));
        fingerprints_[offset + i] = columns[i].access->fingerprint(object.get());
    }
    const void* key = object.get();
    identity_.emplace(IdentityKey{&model, id}, key);
    entries_.emplace(key, Entry{&model, object, State::Persistent, offset, next_added_++});
    return object;
}

std::shared_ptr<void> Session::get_object(const ModelInfo& model, std::int64_t id) {
    if (const auto held = identity_.find({&model, id}); held != identity_.end()) {
        const Entry& entry = entries_.at(held->second);
        return entry.state == State::Deleted ? nullptr : entry.object;
    }
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

void Session::refresh_object(const void* object) {
    const auto found = entries_.find(object);
    if (found == entries_.end() || found->second.state == State::Pending) throw UsageError("refresh(): the object is not a persistent object of this session");
    if (!reload(found->second)) {
        const std::string what = found->second.model->table() + " " + std::to_string(id_of(found->second));
        forget(object);
        throw NoResultError(what + " no longer exists");
    }
}

} // namespace orm
