// Relationships between models, as SQLAlchemy's relationship(): members of type Collection<T> (the
// "many" side) and Reference<T> (the "one" side), declared once in a Model and navigable both ways.
//
//   struct PetHandler { std::int64_t handler_id = 0; std::string handler_name; orm::Collection<PetCategory> pets; };
//   struct PetCategory { …; std::int64_t handler_id = 0; orm::Reference<PetHandler> handler; };
//   orm::Model<PetHandler>("PetHandler")…
//       .one_to_many("pet_category", &PetHandler::pets, &PetCategory::handler_id, "pet_handler", &PetCategory::handler);
//
//   handler->pets.push_back(pet);    // pet.handler_id is set at flush, the pet inserted (save-update)
//   pet->handler = other_handler;    // moves the pet at flush
//   for (auto& p : handler->pets)    // lazy: loaded on first access through the session that loaded handler
//
// Loading: Lazy (default, SQLAlchemy's lazy=True / "select"), Selectin (one more statement for all
// parents of a result), Joined (LEFT OUTER JOIN in the same statement); per relationship or per query
// (query.options(orm::selectin(&PetHandler::pets))). A lazy load after the session is gone throws
// DetachedError; it never touches freed memory.
//
// Cascades, with SQLAlchemy's defaults: save-update ON (objects reachable from a held object are added),
// delete OFF (Cascade::remove: removing the parent removes its children), delete-orphan OFF (a child taken
// out of its parent's collection is deleted; without it its foreign key is set to NULL, which a NOT NULL
// column refuses before any SQL runs). Database-level ON DELETE actions are foreign_key() options.
#pragma once

#include "orm/error.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace orm {

class ModelInfo;
class Session;
struct RelationshipInfo;
class CollectionBase;
class ReferenceBase;

// A lazy relationship was read after the session that loaded its object ended.
class DetachedError : public Error {
public:
    using Error::Error;
};

enum class Loading { Lazy, Selectin, Joined };

struct Cascade {
    bool save_update = true;
    bool remove = false;        // SQLAlchemy's "delete"
    bool delete_orphan = false;
    static Cascade all_delete_orphan() { return {true, true, true}; }
};

// A relationship's order (SQLAlchemy's relationship(order_by=…)): made by orm::order_by(&Target::member)
// or orm::order_by_desc(…) (model.h); resolved when first loaded, so models may refer to each other.
struct RelationshipOrder {
    const ModelInfo& (*model)() = nullptr; // the model whose column it names (must be the target)
    std::function<std::string()> sql;      // "address"."email" DESC
};

struct RelationshipOptions {
    Loading loading = Loading::Lazy;
    Cascade cascade{};
    RelationshipOrder order_by{}; // otherwise the target's primary key
};

// Keeps both sides of a relationship in step in memory, as SQLAlchemy's backref events do: appending a
// pet to handler B's pets sets the pet's handler to B and takes it out of handler A's loaded pets. Works
// for objects in no session too, once they are bound (see bind_relationships): objects made by
// Session::add(T) or orm::make<T>() are bound from the start, and an object a bound one reaches through a
// relationship is bound then.
struct RelationshipSync {
    static void appended(CollectionBase& collection, const std::shared_ptr<void>& item);
    static void removed(CollectionBase& collection, const std::shared_ptr<void>& item);
    static void assigned(ReferenceBase& reference, const std::shared_ptr<void>& previous);
    // See bind_relationships. With `replay` false the holders are only bound (a row just loaded is empty).
    static void bind(const ModelInfo& model, const std::shared_ptr<void>& object, bool replay);
};

// Binds `object`'s relationship holders to their relationships and to the object itself, so that
// assignments keep the other sides in step; what the holders already contain is synchronised now.
// Idempotent. Session::add and orm::make<T> call it; there is rarely a reason to call it directly.
void bind_relationships(const ModelInfo& model, const std::shared_ptr<void>& object);

// Counts every change made through a Collection or Reference (this thread). A session compares it with
// the count at its last flush to decide whether a lazy load must autoflush first.
std::uint64_t relationship_change_count();

// Unlocks the few operations on relationship holders that only the session's unit of work performs
// (recording what was loaded, expiring, weakening references when the session ends). Only a Session can
// make one, so these operations are not part of the API users see.
class UnitOfWorkKey {
    friend class Session;
    UnitOfWorkKey() = default;
};

// The session's half of lazy loading. Holders keep it weakly.
class RelationshipLoader {
public:
    virtual ~RelationshipLoader() = default;
    virtual void load(const RelationshipInfo& relationship, void* owner) = 0;
};

// What Collection and Reference share: whether the contents are known, and how to load them.
class RelationshipHolder {
public:
    RelationshipHolder() = default;
    // A copy is a snapshot: it keeps what was loaded but is bound to no session and no owner.
    RelationshipHolder(const RelationshipHolder& other) : loaded_(other.loaded_) {}
    RelationshipHolder& operator=(const RelationshipHolder& other) {
        loaded_ = other.loaded_;
        return *this;
    }
    bool is_loaded() const { return loaded_; }

    // --- For the unit of work -----------------------------------------------------------------------
    // Loads go through `loader` from now on; with `unloaded`, the contents are not known yet (a row just read).
    void attach(std::weak_ptr<RelationshipLoader> loader, bool unloaded, UnitOfWorkKey) {
        loader_ = std::move(loader);
        if (unloaded) loaded_ = false;
    }

protected:
    // Loads through the owning session if needed. Throws DetachedError if that session is gone.
    void ensure_loaded() const;
    void set_loaded() { loaded_ = true; }
    static void note_change();
    std::string relationship_name() const;

protected:
    friend struct RelationshipSync;
    friend struct HolderAccess;
    bool loaded_ = true; // a new object's relationships are complete (empty) by definition
    std::weak_ptr<RelationshipLoader> loader_;
    const RelationshipInfo* relationship_ = nullptr;
    void* owner_ = nullptr;
    std::weak_ptr<void> owner_ref_;
};

class CollectionBase : public RelationshipHolder {
public:
    // --- For the unit of work -----------------------------------------------------------------------
    // The items in memory, without loading; the membership as last loaded or flushed; the items a
    // backref appended while the collection was not loaded.
    const std::vector<std::shared_ptr<void>>& items(UnitOfWorkKey) const { return items_; }
    const std::vector<const void*>& committed(UnitOfWorkKey) const { return committed_; }
    const std::vector<std::shared_ptr<void>>& appended_unloaded(UnitOfWorkKey) const { return appended_unloaded_; }
    // True if the items differ from the membership last loaded or flushed.
    bool changed_since_committed(UnitOfWorkKey) const;
    // What the database holds now (loaded, or just flushed); items appended while unloaded stay, unflushed.
    void set_contents(std::vector<std::shared_ptr<void>> items, UnitOfWorkKey);
    // The appends made while unloaded are written: the rows say it now.
    void forget_unloaded_appends(UnitOfWorkKey) { appended_unloaded_.clear(); }
    // Not known any more: loaded again on next access, through `loader`.
    void expire(std::weak_ptr<RelationshipLoader> loader, UnitOfWorkKey);

protected:
    friend struct RelationshipSync;
    friend struct HolderAccess;
    std::vector<std::shared_ptr<void>> items_;
    std::vector<const void*> committed_; // membership as loaded or last flushed: removals are diffed against it
    // Items the backref appended while the collection was not loaded (a child's reference set to this
    // parent): the save-update cascade reaches them, and loading merges them in.
    std::vector<std::shared_ptr<void>> appended_unloaded_;
};

template <class T> class Collection : public CollectionBase {
public:
    class iterator {
    public:
        using value_type = std::shared_ptr<T>;
        using difference_type = std::ptrdiff_t;
        iterator() = default;
        explicit iterator(std::vector<std::shared_ptr<void>>::const_iterator it) : it_(it) {}
        std::shared_ptr<T> operator*() const { return std::static_pointer_cast<T>(*it_); }
        T* operator->() const { return static_cast<T*>(it_->get()); }
        iterator& operator++() {
            ++it_;
            return *this;
        }
        iterator operator++(int) {
            iterator copy = *this;
            ++it_;
            return copy;
        }
        bool operator==(const iterator& other) const { return it_ == other.it_; }

    private:
        std::vector<std::shared_ptr<void>>::const_iterator it_;
    };

    iterator begin() const {
        ensure_loaded();
        return iterator(items_.begin());
    }
    iterator end() const {
        ensure_loaded();
        return iterator(items_.end());
    }
    std::size_t size() const {
        ensure_loaded();
        return items_.size();
    }
    bool empty() const { return size() == 0; }
    std::shared_ptr<T> operator[](std::size_t i) const {
        ensure_loaded();
        return std::static_pointer_cast<T>(items_.at(i));
    }
    bool contains(const std::shared_ptr<T>& item) const {
        ensure_loaded();
        for (const auto& held : items_)
            if (held.get() == item.get()) return true;
        return false;
    }
    // Adds `item` unless it is already in the collection.
    void push_back(std::shared_ptr<T> item) {
        if (contains(item)) return;
        note_change();
        items_.push_back(item);
        RelationshipSync::appended(*this, item);
    }
    // Takes `item` out; the cascade rules decide at flush what happens to it. False if it was not there.
    bool remove(const std::shared_ptr<T>& item) {
        ensure_loaded();
        for (auto it = items_.begin(); it != items_.end(); ++it) {
            if (it->get() == item.get()) {
                note_change();
                items_.erase(it);
                RelationshipSync::removed(*this, item);
                return true;
            }
        }
        return false;
    }
    void clear() {
        ensure_loaded();
        note_change();
        auto previous = std::move(items_);
        items_.clear();
        for (const auto& item : previous) RelationshipSync::removed(*this, item);
    }
};

class ReferenceBase : public RelationshipHolder {
public:
    // True if the reference was weak and its target is gone (see Ownership in src/orm/README.md).
    bool lost() const;
    // The target without loading it, or null (also when it was held weakly and is gone).
    std::shared_ptr<void> peek() const;

    // --- For the unit of work -----------------------------------------------------------------------
    // What the database says the target is (loaded), held strongly.
    void set_contents(std::shared_ptr<void> target, UnitOfWorkKey);
    // The target held strongly (not weakly), or null.
    const std::shared_ptr<void>& held_strongly(UnitOfWorkKey) const { return target_; }
    // Holds the target weakly from now on (the session that held both ends).
    void weaken(UnitOfWorkKey);
    // Not known any more: loaded again on next access, through `loader`.
    void expire(std::weak_ptr<RelationshipLoader> loader, UnitOfWorkKey);

protected:
    friend struct RelationshipSync;
    friend struct HolderAccess;
    // The target, held strongly, or weakly once the object left its session while the target's own
    // collection holds this object (a parent and its children would otherwise keep each other alive).
    std::shared_ptr<void> current() const;
    std::shared_ptr<void> target_;
    std::weak_ptr<void> weak_target_;
};

template <class T> class Reference : public ReferenceBase {
public:
    Reference() = default;
    Reference(std::shared_ptr<T> target) { target_ = std::move(target); } // NOLINT: assigning a parent reads naturally
    // The target, or null. Throws DetachedError if it was never loaded, or if it was held weakly and
    // nobody holds it any more, and the session that could load it is gone.
    std::shared_ptr<T> get() const {
        ensure_loaded();
        return std::static_pointer_cast<T>(current());
    }
    // Assigning the parent moves this object between the parents' loaded collections.
    Reference& operator=(std::shared_ptr<T> target) {
        std::shared_ptr<void> previous = is_loaded() ? peek() : nullptr;
        note_change();
        weak_target_.reset();
        target_ = std::move(target);
        set_loaded();
        RelationshipSync::assigned(*this, previous);
        return *this;
    }
    T* operator->() const { return get().get(); }
    explicit operator bool() const { return get() != nullptr; }
};

enum class RelationKind {
    OneToMany,      // Collection on the parent; foreign key on the target
    ManyToOne,      // Reference on the child; foreign key on the source
    OneToOneParent, // Reference on the parent (uselist=False); unique foreign key on the target
    ManyToMany,     // Collection on both sides; rows in an association table
};

// One side of a relationship, without C++ types. Cross-model lookups are deferred (function pointers),
// so two models may refer to each other without recursive static initialisation.
struct RelationshipInfo {
    std::string name;
    RelationKind kind;
    const ModelInfo& (*source)();
    const ModelInfo& (*target)();
    std::function<std::string()> foreign_key;             // the FK column's name (on target or source, see kind)
    std::string secondary, secondary_source, secondary_target; // ManyToMany: table and its two columns
    RelationshipOptions options;
    std::string backref;                                   // name of the other side, if declared
    bool is_backref = false;                               // declared through the other side's backref
    std::size_t member_offset = 0;                         // identifies the member for query options
    std::function<RelationshipHolder*(void*)> holder;      // the Collection or Reference inside an object
    const RelationshipInfo* next_of_source = nullptr;      // the registry's list per source model
    mutable const RelationshipInfo* other_side = nullptr;  // resolved backref, cached by orm::other_side
};

// Every relationship whose source is `model`, backrefs included, in declaration order. The range stays
// valid while it is iterated even if describing another model meanwhile adds relationships (they are
// appended, never moved). A backref declared by another model is known once that model was described:
// name every model in a Metadata, or touch the declaring model, before using the other side.
class RelationshipList {
public:
    class iterator {
    public:
        using value_type = const RelationshipInfo*;
        using difference_type = std::ptrdiff_t;
        iterator() = default;
        explicit iterator(const RelationshipInfo* at) : at_(at) {}
        const RelationshipInfo* operator*() const { return at_; }
        iterator& operator++();
        iterator operator++(int) {
            iterator copy = *this;
            ++*this;
            return copy;
        }
        bool operator==(const iterator& other) const { return at_ == other.at_; }

    private:
        const RelationshipInfo* at_ = nullptr;
    };
    explicit RelationshipList(const RelationshipInfo* first) : first_(first) {}
    iterator begin() const { return iterator(first_); }
    iterator end() const { return iterator(); }
    bool empty() const { return first_ == nullptr; }

private:
    const RelationshipInfo* first_;
};
RelationshipList relationships_of(const ModelInfo& model);
const RelationshipInfo* find_relationship(const ModelInfo& model, std::size_t member_offset);
// The other side of `relationship` (its backref), or null if none was declared.
const RelationshipInfo* other_side(const RelationshipInfo& relationship);
void register_relationship(std::shared_ptr<RelationshipInfo> relationship);

// A per-query loading strategy: query.options(orm::selectin(&PetHandler::pets)).
// Built by orm::selectin/joined/lazy (load_options.h), chained steps in `then`.
struct LoadOption {
    const ModelInfo& (*source)();
    std::size_t member_offset;
    Loading loading;
    std::vector<LoadOption> then = {}; // options for the objects this step loads
};
// "…, " : the ORDER BY terms of `relationship`'s order_by option, ahead of the target's primary key, or
// "" without one. Throws UsageError if the order names a column of another model than the target.
std::string relationship_order_prefix(const RelationshipInfo& relationship);

template <class T, class Member> std::size_t member_offset(Member T::*member) {
    static const T probe{};
    return static_cast<std::size_t>(reinterpret_cast<const char*>(&(probe.*member)) - reinterpret_cast<const char*>(&probe));
}

} // namespace orm
