#include "orm/relationship.h"

#include "orm/model.h"

#include <algorithm>

namespace orm {

std::string relationship_order_prefix(const RelationshipInfo& r) {
    const RelationshipOrder& order = r.options.order_by;
    if (!order.sql) return "";
    if (order.model && &order.model() != &r.target())
        throw UsageError("relationship '" + r.name + "': order_by names a column of " + order.model().table() + ", not of " + r.target().table());
    return order.sql() + ", ";
}

namespace {

// Every relationship ever declared, and per source model a linked list through next_of_source. Lists
// are only appended to, so a caller iterating one while a model is described for the first time (which
// registers more) never reads freed memory: the registry never moves or frees a RelationshipInfo.
struct Registry {
    std::vector<std::shared_ptr<RelationshipInfo>> all;
    std::size_t assigned = 0; // how many of `all` are linked into their source model's list
    struct List {
        const ModelInfo* model;
        RelationshipInfo* first = nullptr;
        RelationshipInfo* last = nullptr;
    };
    std::vector<List> lists; // few: one per model with relationships

    List& list_of(const ModelInfo& model) {
        for (List& l : lists)
            if (l.model == &model) return l;
        return lists.emplace_back(List{&model});
    }
    // Links the relationships registered since the last call. Their source() may describe a model for the
    // first time, which registers more: those are picked up by the same loop.
    void assign_new() {
        while (assigned < all.size()) {
            RelationshipInfo* r = all[assigned++].get();
            List& list = list_of(r->source());
            if (list.last) list.last->next_of_source = r;
            else list.first = r;
            list.last = r;
        }
    }
};

Registry& registry() {
    static Registry instance; // filled while models are described (static initialisation of each model)
    return instance;
}

thread_local std::uint64_t change_count = 0;

} // namespace

void register_relationship(std::shared_ptr<RelationshipInfo> relationship) { registry().all.push_back(std::move(relationship)); }

RelationshipList::iterator& RelationshipList::iterator::operator++() {
    at_ = at_->next_of_source;
    return *this;
}

RelationshipList relationships_of(const ModelInfo& model) {
    Registry& r = registry();
    if (r.assigned < r.all.size()) r.assign_new();
    for (const Registry::List& list : r.lists)
        if (list.model == &model) return RelationshipList(list.first);
    return RelationshipList(nullptr);
}

const RelationshipInfo* find_relationship(const ModelInfo& model, std::size_t offset) {
    for (const RelationshipInfo* relationship : relationships_of(model))
        if (relationship->member_offset == offset) return relationship;
    return nullptr;
}

const RelationshipInfo* other_side(const RelationshipInfo& r) {
    if (r.other_side || r.backref.empty()) return r.other_side;
    for (const RelationshipInfo* other : relationships_of(r.target()))
        if (other->name == r.backref && &other->target() == &r.source()) return r.other_side = other;
    return nullptr;
}

std::uint64_t relationship_change_count() { return change_count; }
void RelationshipHolder::note_change() { ++change_count; }

namespace {

void take_out(std::vector<std::shared_ptr<void>>& items, const void* item) {
    std::erase_if(items, [&](const std::shared_ptr<void>& i) { return i.get() == item; });
}

bool contains(const std::vector<std::shared_ptr<void>>& items, const void* item) {
    return std::any_of(items.begin(), items.end(), [&](const std::shared_ptr<void>& i) { return i.get() == item; });
}

} // namespace

// Both sides hold each other strongly, as in SQLAlchemy: an object assigned to a relationship stays
// alive as long as the object it was assigned to, session or not. The cycle this makes between a parent
// and its child is broken when their session ends (Session::release); a graph that never enters a
// session holds itself together until a side is cleared.
struct HolderAccess {
    static void point(ReferenceBase& reference, const std::shared_ptr<void>& target) {
        reference.weak_target_.reset();
        reference.target_ = target;
        reference.loaded_ = true;
    }
};

void RelationshipSync::bind(const ModelInfo& model, const std::shared_ptr<void>& shared, bool replay) {
    void* object = shared.get();
    for (const RelationshipInfo* r : relationships_of(model)) {
        RelationshipHolder* holder = r->holder(object);
        if (holder->relationship_ == r && holder->owner_ == object && !holder->owner_ref_.expired()) continue; // bound already
        holder->relationship_ = r;
        holder->owner_ = object;
        holder->owner_ref_ = shared;
        if (!replay || !holder->loaded_) continue;
        // What the object held before it was bound: the other sides learn of it now.
        if (r->kind == RelationKind::OneToMany || r->kind == RelationKind::ManyToMany) {
            auto& collection = static_cast<CollectionBase&>(*holder);
            const std::vector<std::shared_ptr<void>> items = collection.items_;
            for (const auto& item : items) appended(collection, item);
        } else {
            auto& reference = static_cast<ReferenceBase&>(*holder);
            if (reference.peek()) assigned(reference, nullptr);
        }
    }
}

void bind_relationships(const ModelInfo& model, const std::shared_ptr<void>& object) { RelationshipSync::bind(model, object, true); }

void RelationshipSync::appended(CollectionBase& collection, const std::shared_ptr<void>& item) {
    if (!collection.relationship_ || !item) return;
    const RelationshipInfo* back = other_side(*collection.relationship_);
    const std::shared_ptr<void> owner = collection.owner_ref_.lock();
    if (!back || !owner) return;
    RelationshipHolder* holder = back->holder(item.get());
    if (holder->relationship_ != back) bind(back->source(), item, true);
    if (back->kind == RelationKind::ManyToOne) {
        auto& reference = static_cast<ReferenceBase&>(*holder);
        const std::shared_ptr<void> previous = reference.loaded_ ? reference.peek() : nullptr;
        if (previous && previous != owner) {
            auto& old_collection = static_cast<CollectionBase&>(*collection.relationship_->holder(previous.get()));
            take_out(old_collection.loaded_ ? old_collection.items_ : old_collection.appended_unloaded_, item.get());
        }
        HolderAccess::point(reference, owner);
    } else if (back->kind == RelationKind::ManyToMany && holder->loaded_) {
        auto& other = static_cast<CollectionBase&>(*holder);
        if (!contains(other.items_, owner.get())) other.items_.push_back(owner);
    }
}

void RelationshipSync::removed(CollectionBase& collection, const std::shared_ptr<void>& item) {
    if (!collection.relationship_ || !item) return;
    const RelationshipInfo* back = other_side(*collection.relationship_);
    const std::shared_ptr<void> owner = collection.owner_ref_.lock();
    if (!back || !owner) return;
    RelationshipHolder* holder = back->holder(item.get());
    if (back->kind == RelationKind::ManyToOne) {
        auto& reference = static_cast<ReferenceBase&>(*holder);
        if (reference.loaded_ && reference.peek() == owner) HolderAccess::point(reference, nullptr);
    } else if (back->kind == RelationKind::ManyToMany && holder->loaded_) {
        take_out(static_cast<CollectionBase&>(*holder).items_, owner.get());
    }
}

void RelationshipSync::assigned(ReferenceBase& reference, const std::shared_ptr<void>& previous) {
    if (!reference.relationship_) return;
    const RelationshipInfo* back = other_side(*reference.relationship_);
    const std::shared_ptr<void> self = reference.owner_ref_.lock();
    const std::shared_ptr<void> target = reference.peek();
    if (!back || !self || previous == target) return;
    if (target && back->holder(target.get())->relationship_ != back) bind(back->source(), target, true);
    if (back->kind == RelationKind::OneToMany) {
        // This is a child's reference; the parent's collection follows.
        if (previous) {
            auto& old_collection = static_cast<CollectionBase&>(*back->holder(previous.get()));
            take_out(old_collection.loaded_ ? old_collection.items_ : old_collection.appended_unloaded_, self.get());
        }
        if (target) {
            auto& new_collection = static_cast<CollectionBase&>(*back->holder(target.get()));
            auto& items = new_collection.loaded_ ? new_collection.items_ : new_collection.appended_unloaded_;
            if (!contains(items, self.get())) items.push_back(self);
        }
    } else if (back->kind == RelationKind::OneToOneParent) {
        // This is the child side of a one-to-one: the parent's reference follows.
        if (previous) {
            auto& old_reference = static_cast<ReferenceBase&>(*back->holder(previous.get()));
            if (old_reference.loaded_ && old_reference.peek() == self) HolderAccess::point(old_reference, nullptr);
        }
        if (target) {
            auto& new_reference = static_cast<ReferenceBase&>(*back->holder(target.get()));
            HolderAccess::point(new_reference, self);
        }
    } else if (back->kind == RelationKind::ManyToOne) {
        // This is the parent side of a one-to-one: the child's reference follows.
        if (previous) {
            auto& old_reference = static_cast<ReferenceBase&>(*back->holder(previous.get()));
            if (old_reference.loaded_ && old_reference.peek() == self) HolderAccess::point(old_reference, nullptr);
        }
        if (target) {
            auto& new_reference = static_cast<ReferenceBase&>(*back->holder(target.get()));
            HolderAccess::point(new_reference, self);
        }
    }
}

bool CollectionBase::changed_since_committed(UnitOfWorkKey) const {
    if (items_.size() != committed_.size()) return true;
    for (std::size_t i = 0; i < items_.size(); ++i)
        if (items_[i].get() != committed_[i]) return true;
    return false;
}

void CollectionBase::set_contents(std::vector<std::shared_ptr<void>> items, UnitOfWorkKey) {
    committed_.clear();
    committed_.reserve(items.size());
    for (const auto& item : items) committed_.push_back(item.get());
    items_ = std::move(items);
    loaded_ = true;
    for (auto& item : appended_unloaded_) // not flushed yet: in the collection, not in committed_
        if (!contains(items_, item.get())) items_.push_back(std::move(item));
    appended_unloaded_.clear();
}

void CollectionBase::expire(std::weak_ptr<RelationshipLoader> loader, UnitOfWorkKey) {
    loaded_ = false;
    loader_ = std::move(loader);
    items_.clear();
    committed_.clear();
    appended_unloaded_.clear();
}

void ReferenceBase::set_contents(std::shared_ptr<void> target, UnitOfWorkKey) { HolderAccess::point(*this, target); }

void ReferenceBase::weaken(UnitOfWorkKey) {
    if (!target_) return;
    weak_target_ = target_;
    target_.reset();
}

void ReferenceBase::expire(std::weak_ptr<RelationshipLoader> loader, UnitOfWorkKey) {
    loaded_ = false;
    loader_ = std::move(loader);
    target_.reset();
    weak_target_.reset();
}

std::shared_ptr<void> ReferenceBase::peek() const { return target_ ? target_ : weak_target_.lock(); }

bool ReferenceBase::lost() const {
    if (target_) return false;
    // A weak_ptr that was once set keeps its control block: "no target" and "target gone" differ.
    const std::weak_ptr<void> empty;
    const bool had_target = weak_target_.owner_before(empty) || empty.owner_before(weak_target_);
    return had_target && weak_target_.expired();
}

std::shared_ptr<void> ReferenceBase::current() const {
    if (auto target = peek()) return target;
    if (!lost()) return nullptr;
    throw DetachedError("relationship '" + relationship_name() +
                        "': the object it refers to is no longer held by anyone and its session has ended; keep a "
                        "reference to it, or read it while the session is open");
}

std::string RelationshipHolder::relationship_name() const { return relationship_ ? relationship_->name : "?"; }

void RelationshipHolder::ensure_loaded() const {
    if (loaded_) return;
    const auto loader = loader_.lock();
    if (!loader || !relationship_) {
        throw DetachedError("relationship '" + (relationship_ ? relationship_->name : std::string("?")) +
                            "' was not loaded and the session that loaded its object has ended; load it eagerly "
                            "(selectin/joined) or read it while the session is open");
    }
    loader->load(*relationship_, owner_);
}

} // namespace orm
