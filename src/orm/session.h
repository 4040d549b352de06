// The unit of work, as in SQLAlchemy: objects are added to a session, changed in memory, and written
// together on flush()/commit(), in one transaction, parents before children.
//
//   orm::Session session(db);
//   auto peter = session.add(User{.username = "peter", …}); // pending
//   session.commit();                                        // INSERT; peter->id is set
//   peter->user_email = "p@example.org";
//   session.commit();                                        // UPDATE of user_email only
//
// - Identity map: one object per row. Loading a row the session already holds returns that object.
// - Dirty tracking: at flush, each held object's columns are compared with what was loaded or written
//   (by a 64-bit fingerprint per column, so loading copies nothing); only changed columns are updated.
// - Autoflush: queries first flush pending changes, so they see what the session was told.
// - Errors: a failed flush writes nothing (it runs in a savepoint; the one that began the transaction is
//   undone by rolling the transaction back) and objects keep their previous state;
//   a failed commit() rolls the whole session back. String(n) limits are checked before any SQL runs.
// - rollback(): the database and the objects go back to the last commit: objects added since are
//   detached again (ids back to 0), deleted ones come back, changed ones are reloaded.
// - Expiry: after commit() (Options::expire_on_commit, on by default as in SQLAlchemy), expire(obj) or
//   expire_all(), the session no longer trusts its copy: the next get(), query or relationship load that
//   hands the object out reloads its columns first (columns changed since are kept), and its
//   relationships load again on next access. Members are plain C++: an object read directly keeps its
//   last values until the session hands it out again.
// - One writer: a session's write transaction is its own; a second session on the same Database that
//   tries to write while the first has uncommitted writes gets a UsageError (commit or roll back first).
//   An object belongs to one session of a Database at a time (UsageError otherwise).
// - Stale rows: an UPDATE or DELETE that matches no row (deleted meanwhile by another connection) throws
//   StaleDataError; the flush writes nothing.
// Objects are shared_ptrs: they stay valid after the session is gone, merely detached.
#pragma once

#include "orm/database.h"
#include "orm/model.h"
#include "orm/nested_transaction.h"
#include "orm/object_pool.h"
#include "orm/relationship.h"
#include "orm/slot_map.h"
#include "orm/transaction.h"

#include <algorithm>
#include <cstdint>
#include <memory>
#include <optional>
#include <unordered_map>
#include <vector>

namespace orm {

template <class T, class... Joins> class Query;

class Session {
public:
    struct Options {
        bool autoflush = true;
        bool expire_on_commit = true;
    };
    explicit Session(Database& db) : Session(db, Options{}) {}
    Session(Database& db, Options options);
    // Rolls back what was flushed but not committed. Never throws.
    ~Session();
    Session(const Session&) = delete;
    Session& operator=(const Session&) = delete;

    // --- Adding, deleting, detaching ----------------------------------------------------------------
    // Takes `object` into the session as pending (inserted at the next flush); returns the managed copy.
    template <class T> std::shared_ptr<T> add(T object) {
        auto managed = std::allocate_shared<T>(detail::PoolAllocator<T>(&objects_), std::move(object));
        add_object(model_of<T>(), managed, true);
        return managed;
    }
    // Adds an existing object (a new one, or one detached from another session). No-op if already held.
    // Throws UsageError if another live session on this Database holds it.
    template <class T> void add(const std::shared_ptr<T>& object) { add_object(model_of<T>(), object); }
    template <class T> std::vector<std::shared_ptr<T>> add_all(std::vector<T> objects) {
        std::vector<std::shared_ptr<T>> managed;
        managed.reserve(objects.size());
        reserve_pending(model_of<T>(), objects.size());
        for (T& object : objects) managed.push_back(add(std::move(object)));
        return managed;
    }
    // Marks a held object for deletion at the next flush (SQLAlchemy's session.delete). A pending object
    // is simply dropped. Throws UsageError if the session does not hold the object.
    template <class T> void remove(const std::shared_ptr<T>& object) { remove_object(model_of<T>(), object.get()); }
    // Forgets the object without touching the database; it keeps its values.
    template <class T> void expunge(const std::shared_ptr<T>& object) { expunge_object(model_of<T>(), object.get()); }
    void expunge_all();

    // --- Writing ------------------------------------------------------------------------------------
    // Writes pending inserts, updates and deletes inside the session's transaction (begun on first write).
    // Throws ValueError (before any SQL), ConstraintError or DatabaseError; then nothing of this flush is
    // written and the objects are as they were before it.
    void flush();
    // flush() and COMMIT, then expire every object (Options::expire_on_commit). On any error the session
    // is rolled back (see rollback()) and the error rethrown, except for the UsageError thrown, before
    // anything runs, when another session of this Database has uncommitted writes: then nothing changes.
    void commit();
    // Undoes everything since the last commit, in the database and in the objects held. Never throws
    // for a healthy connection.
    void rollback();
    // Flushes, then begins a SAVEPOINT (and the session's transaction if none): see nested_transaction.h.
    // Throws what flush() throws, or UsageError if another session of this Database writes.
    NestedTransaction begin_nested();

    // --- Merging (SQLAlchemy's session.merge) ------------------------------------------------------
    // The object this session holds for `object`'s primary key, with `object`'s column values copied onto
    // it: from the identity map, else loaded by id; if neither (id 0, or no such row) a new pending object
    // with those values. `object` itself stays as it is and is not added (it may be detached, held by
    // another session, or a plain struct); an unset orm::Defaulted member is not copied. Relationships are
    // not merged: assign them on the returned object. Returns `object` itself if this session holds it.
    // Throws UsageError if the row's object is marked for deletion here, DatabaseError from the load.
    template <class T> std::shared_ptr<T> merge(const T& object) {
        return std::static_pointer_cast<T>(merge_object(model_of<T>(), &object));
    }
    template <class T> std::shared_ptr<T> merge(const std::shared_ptr<T>& object) { return merge(*object); }

    // --- Reading ------------------------------------------------------------------------------------
    template <class T> Query<T> query();
    // The object with this primary key: from the identity map without SQL, else loaded; null if none.
    template <class T> std::shared_ptr<T> get(std::int64_t id) {
        return std::static_pointer_cast<T>(get_object(model_of<T>(), id));
    }
    // Reloads the object's columns from the database, discarding unflushed changes.
    // Throws NoResultError if its row is gone (the object is then detached).
    template <class T> void refresh(const std::shared_ptr<T>& object) { refresh_object(model_of<T>(), object.get()); }
    // Marks a held object as out of date: reloaded before the session hands it out again (see Expiry).
    template <class T> void expire(const std::shared_ptr<T>& object) { expire_object(model_of<T>(), object.get()); }
    void expire_all();

    // --- State --------------------------------------------------------------------------------------
    template <class T> bool contains(const std::shared_ptr<T>& object) const {
        return find_entry(model_of<T>(), object.get()) != nullptr;
    }
    // True if a held object has column values that differ from the database's (or it is pending).
    template <class T> bool is_modified(const std::shared_ptr<T>& object) const {
        return is_modified_object(model_of<T>(), object.get());
    }
    std::size_t size() const { return identity_.size() + pending_.size(); }
    bool in_transaction() const { return transaction_.has_value(); }
    Database& database() { return db_; }
    // Expires when the session is destroyed: what a Query checks before it runs.
    std::weak_ptr<const void> lifetime() const { return link_; }

    // --- For Query (type-erased core) -----------------------------------------------------------------
    // The object for the row at `statement`'s current position (columns from `first_column` in the model's
    // order): the held one if the identity map has it, else a new one, loaded and held.
    std::shared_ptr<void> load_row(const ModelInfo& model, const Statement& statement, int first_column = 0);
    void autoflush();
    // Loads `relationship` for all `owners` (objects of its source model held by this session) with one
    // statement per 500 owners: the selectin strategy.
    void load_selectin(const RelationshipInfo& relationship, const std::vector<std::shared_ptr<void>>& owners);
    // Sets a relationship's contents as loaded (the joined strategy fills collections row by row).
    void set_loaded_collection(const RelationshipInfo& relationship, void* owner, std::vector<std::shared_ptr<void>> items);
    void set_loaded_reference(const RelationshipInfo& relationship, void* owner, std::shared_ptr<void> target);
    // The objects `relationship` holds for `owners`, where loaded (without loading), each once.
    std::vector<std::shared_ptr<void>> loaded_related(const RelationshipInfo& relationship, const std::vector<std::shared_ptr<void>>& owners);

    // --- For bulk statements: query.update()/remove() (bulk_synchronize.cpp) ---------------------------
    // Begins the session's transaction if it has none. Throws UsageError if another session writes.
    void begin_bulk_write();
    // The held object of row `id`, if any, takes `columns` (model column indexes) from the row at
    // `statement` (from `first_column` on, in that order) as its loaded state.
    void bulk_updated(const ModelInfo& model, std::int64_t id, const std::vector<std::size_t>& columns,
                      const Statement& statement, int first_column);
    // The held object of row `id`, if any, was deleted: it leaves the session; rollback() brings it back.
    void bulk_deleted(const ModelInfo& model, std::int64_t id);
    // Loaded relationships from or to objects of `model` load again on next access.
    void expire_relationships_involving(const ModelInfo& model);

private:
    enum class State : std::uint8_t { Pending, Persistent, Deleted };
    struct Entry {
        const ModelInfo* model = nullptr;
        std::shared_ptr<void> object;
        State state = State::Pending;
        bool expired = false;         // reload before handing it out again
        std::size_t fingerprints = 0; // offset of this object's column fingerprints in fingerprints_
        std::uint64_t added = 0;      // order of add(), so inserts happen in the order objects were added
        std::int64_t id = 0;          // the primary key in the database (the object's member may differ)
    };
    struct IdentityKey {
        const ModelInfo* model;
        std::int64_t id;
        bool operator==(const IdentityKey&) const = default;
    };
    static std::uint64_t mix(std::uint64_t x) { // splitmix64's finaliser
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
        return x ^ (x >> 31);
    }
    struct IdentityHash {
        // 16 consecutive ids of one model share one 64-byte line of the index (rows are loaded and
        // inserted in id order, so it is filled and read sequentially); the groups are scattered, so that
        // linear probing never walks a long run of another model's ids.
        std::size_t operator()(const IdentityKey& k) const {
            const auto id = static_cast<std::uint64_t>(k.id);
            return static_cast<std::size_t>((mix((id >> 4) ^ reinterpret_cast<std::uintptr_t>(k.model) * 0x9E3779B97F4A7C15ull) << 4) | (id & 15));
        }
    };
    struct AddressHash {
        // Objects added one after another mostly sit one after another in memory: those in one 2 KiB
        // stretch share one line of the index (one cache miss per 16 adds instead of one per add).
        std::size_t operator()(const void* address) const {
            const auto a = reinterpret_cast<std::uintptr_t>(address);
            return static_cast<std::size_t>((mix(a >> 11) << 4) | ((a >> 7) & 15));
        }
    };
    struct Update {
        Entry* entry;
        std::vector<std::size_t> columns;
        bool key_changed = false; // the primary key is among the columns: WHERE uses entry->id
    };

    struct Link;
    friend struct Link;
    friend class NestedTransaction;
    // How long each undo list was when a savepoint began: what its rollback undoes is what came after.
    struct UndoMarks {
        std::size_t inserted = 0, deleted = 0, updated = 0, rekeyed = 0;
    };
    struct Savepoint {
        std::unique_ptr<Transaction> transaction;
        UndoMarks marks;
        std::uint64_t serial;
    };
    UndoMarks undo_marks() const;
    // The objects back to how they were at `since` (the database already is): see rollback().
    void restore_objects(const UndoMarks& since);
    std::vector<Savepoint>::iterator find_savepoint(std::uint64_t serial);
    void commit_nested(std::uint64_t serial);
    void rollback_nested(std::uint64_t serial);
    void end_savepoints(bool release); // innermost first; errors ignored unless releasing
    void load_relationship(const RelationshipInfo& relationship, void* owner);
    void bind_relationships(const ModelInfo& model, const std::shared_ptr<void>& object, bool from_database);
    std::shared_ptr<void> shared_of(const ModelInfo& model, const void* object) const;
    void cascade_save_update();
    void cascade_deletes();
    struct ForeignKeyPlan {
        struct Parent {
            const RelationshipInfo* relationship;
            const void* object;
        };
        std::unordered_map<const void*, Parent> parent_of;
        std::vector<std::pair<const RelationshipInfo*, std::shared_ptr<void>>> orphans;
    };
    // What one flush writes, decided before any SQL runs (unit_of_work.cpp).
    struct FlushPlan {
        ForeignKeyPlan links;
        std::vector<Entry*> inserts; // parents first
        std::vector<Entry*> deletes; // children first
        std::vector<Update> updates; // held objects with changed columns, as planned (before the inserts)
        bool any_update = false;
        bool any_association = false;
        // write_inserts() stored each inserted row's fingerprints as it bound them (the values cannot
        // change after: no relationship pass follows); else flushed() takes them.
        bool inserts_fingerprinted = false;
    };
    FlushPlan plan_flush();
    // The statements of a flush (persistence.cpp), and the identity map afterwards (identity_map.cpp).
    // What a failed flush gives back: each insert's id before it, the orm::Defaulted members it filled.
    struct InsertUndo {
        std::vector<std::int64_t> given_ids;
        std::vector<std::pair<void*, const MemberAccess*>> unset_before;
    };
    void write_inserts(FlushPlan& plan, InsertUndo& undo);
    std::vector<Update> write_updates(FlushPlan& plan);
    void apply_update_defaults(Entry& entry, std::vector<std::size_t>& changed);
    void write_deletes(const FlushPlan& plan);
    void flushed(FlushPlan& plan, const std::vector<Update>& updates);
    static UnitOfWorkKey uow() { return {}; }
    ForeignKeyPlan plan_foreign_keys();
    void resolve_foreign_keys(const ForeignKeyPlan& plan, Entry& child);
    void resolve_all_foreign_keys(const ForeignKeyPlan& plan, bool persistent_only);
    void apply_orphans(const ForeignKeyPlan& plan);
    void write_associations();
    void commit_collections();
    void expire_relationships();
    void expire_relationships(Entry& entry);
    void expire_object(const ModelInfo& model, const void* object);
    void set_free(const RelationshipInfo& relationship, const Entry& parent, const std::shared_ptr<void>& child);
    void begin_write();
    void end_write();
    bool lazy_load_needs_flush() const;

    void note_model(const ModelInfo& model) {
        if (models_.empty() || (models_.back() != &model && std::find(models_.begin(), models_.end(), &model) == models_.end())) models_.push_back(&model);
    }
    bool any_relationships() const; // some model in models_ has relationships
    void release(const ModelInfo& model, void* object);
    void release_all();
    // `fresh`: made just now by add(T), so no session can hold it yet (the checks for that are skipped).
    void add_object(const ModelInfo& model, std::shared_ptr<void> object, bool fresh = false);
    // Room for `count` more pending objects of `model`: add_all() grows the tables once, not step by step.
    void reserve_pending(const ModelInfo& model, std::size_t count);
    void remove_object(const ModelInfo& model, const void* object);
    void expunge_object(const ModelInfo& model, const void* object);
    std::shared_ptr<void> get_object(const ModelInfo& model, std::int64_t id);
    void refresh_object(const ModelInfo& model, const void* object);
    std::shared_ptr<void> merge_object(const ModelInfo& model, const void* source);
    bool is_modified_object(const ModelInfo& model, const void* object) const;

    // The session's entry for `object`, or null: pending objects by address, the others by identity.
    const Entry* find_entry(const ModelInfo& model, const void* object) const;
    Entry* find_entry(const ModelInfo& model, const void* object);
    std::int64_t id_of(const Entry& entry) const;
    void store_fingerprints(Entry& entry);
    std::vector<std::size_t> changed_columns(const Entry& entry) const;
    std::vector<Entry*> pending_in_dependency_order(const ForeignKeyPlan& plan);
    void order_rows_by_links(std::vector<Entry*>& entries, const ForeignKeyPlan& plan, bool parents_first);
    void load_columns(Entry& entry, const Statement& statement, int first_column, bool keep_changed);
    void forget(const Entry& entry);
    bool reload(Entry& entry, bool keep_changed = false); // false if the row is gone
    Entry* rekey(Entry& entry, std::int64_t new_id);

    Database& db_;
    Options options_;
    std::shared_ptr<RelationshipLoader> link_; // relationship holders keep it weakly: lazy loads after the session fail cleanly
    // Persistent and deleted objects by (model, primary key): the identity map (slot_map.h: entries in
    // chunks, no allocation per row, stable addresses).
    detail::SlotMap<IdentityKey, Entry, IdentityHash> identity_;
    // Where the objects this session loads or is given are made (object_pool.h); they outlive it.
    detail::ObjectPool objects_;
    // Objects added but not inserted yet, by address.
    detail::SlotMap<const void*, Entry, AddressHash> pending_;
    std::vector<std::uint64_t> fingerprints_;
    // Every model whose objects this session has held (few): flushes skip the relationship passes when
    // none of them has relationships.
    std::vector<const ModelInfo*> models_;
    std::uint64_t next_added_ = 0;
    bool flushing_ = false;
    bool removals_ = false;                   // remove() since the last flush
    std::uint64_t relationship_changes_ = 0;  // relationship_change_count() at the last flush

    // Since the last commit, to undo on rollback.
    std::optional<Transaction> transaction_;
    std::vector<Savepoint> savepoints_; // open begin_nested() savepoints, outermost first
    std::uint64_t next_savepoint_ = 0;
    std::vector<IdentityKey> inserted_since_commit_;
    std::vector<Entry> deleted_since_commit_;
    std::vector<IdentityKey> updated_since_commit_;
    std::vector<std::pair<IdentityKey, std::int64_t>> rekeyed_since_commit_; // (new key, id before)
};

} // namespace orm

#include "orm/query.h"
