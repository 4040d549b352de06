#include "orm/relationship.h"

#include "orm/model.h"

#include <algorithm>
#include <unordered_map>

namespace orm {
namespace {

struct Registry {
    std::vector<std::shared_ptr<RelationshipInfo>> all;
    // Per source model, resolved on first use; rebuilt whenever a relationship is registered.
    std::unordered_map<const ModelInfo*, std::vector<const RelationshipInfo*>> by_source;
};

Registry& registry() {
    static Registry instance; // filled while models are described (static initialisation of each model)
    return instance;
}

} // namespace

void register_relationship(std::shared_ptr<RelationshipInfo> relationship) {
    registry().all.push_back(std::move(relationship));
    registry().by_source.clear();
}

const std::vector<const RelationshipInfo*>& relationships_of(const ModelInfo& model) {
    Registry& r = registry();
    if (const auto found = r.by_source.find(&model); found != r.by_source.end()) return found->second;
    std::vector<const RelationshipInfo*> list;
    for (const auto& relationship : r.all)
        if (&relationship->source() == &model) list.push_back(relationship.get());
    return r.by_source.emplace(&model, std::move(list)).first->second;
}

const RelationshipInfo* find_relationship(const ModelInfo& model, std::size_t offset) {
    for (const RelationshipInfo* relationship : relationships_of(model))
        if (relationship->member_offset == offset) return relationship;
    return nullptr;
}

namespace {
const RelationshipInfo* other_side(const RelationshipInfo* r) {
    if (!r || r->backref.empty()) return nullptr;
    for (const RelationshipInfo* other : relationships_of(r->target()))
        if (other->name == r->backref) return other;
    return nullptr;
}
void take_out(CollectionBase& collection, const void* item, std::vector<std::shared_ptr<void>>& items) {
    (void)collection;
    std::erase_if(items, [&](const std::shared_ptr<void>& i) { return i.get() == item; });
}
} // namespace

void RelationshipSync::appended(CollectionBase& collection, const std::shared_ptr<void>& item) {
    const RelationshipInfo* back = other_side(collection.relationship_);
    const std::shared_ptr<void> owner = collection.owner_ref_.lock();
    if (!back || !owner || !item) return;
    RelationshipHolder* holder = back->holder(item.get());
    if (back->kind == RelationKind::ManyToOne) {
        auto& reference = static_cast<ReferenceBase&>(*holder);
        const std::shared_ptr<void> previous = reference.loaded_ ? reference.current() : nullptr;
        if (previous && previous != owner) {
            auto& old_collection = static_cast<CollectionBase&>(*collection.relationship_->holder(previous.get()));
            if (old_collection.loaded_) take_out(old_collection, item.get(), old_collection.items_);
        }
        reference.target_ = owner;
        reference.weak_target_.reset();
        reference.loaded_ = true;
    } else if (back->kind == RelationKind::ManyToMany && holder->loaded_) {
        auto& other = static_cast<CollectionBase&>(*holder);
        if (std::none_of(other.items_.begin(), other.items_.end(), [&](const auto& i) { return i == owner; })) other.items_.push_back(owner);
    }
}

void RelationshipSync::removed(CollectionBase& collection, const std::shared_ptr<void>& item) {
    const RelationshipInfo* back = other_side(collection.relationship_);
    const std::shared_ptr<void> owner = collection.owner_ref_.lock();
    if (!back || !owner || !item) return;
    RelationshipHolder* holder = back->holder(item.get());
    if (back->kind == RelationKind::ManyToOne) {
        auto& reference = static_cast<ReferenceBase&>(*holder);
        if (reference.loaded_ && reference.current() == owner) {
            reference.target_ = nullptr;
            reference.weak_target_.reset();
            reference.loaded_ = true;
        }
    } else if (back->kind == RelationKind::ManyToMany && holder->loaded_) {
        auto& other = static_cast<CollectionBase&>(*holder);
        take_out(other, owner.get(), other.items_);
    }
}

void RelationshipSync::assigned(ReferenceBase& reference, const std::shared_ptr<void>& previous) {
    const RelationshipInfo* back = other_side(reference.relationship_);
    const std::shared_ptr<void> self = reference.owner_ref_.lock();
    if (!back || !self || previous == reference.target_) return;
    if (back->kind == RelationKind::OneToMany) {
        if (previous) {
            auto& old_collection = static_cast<CollectionBase&>(*back->holder(previous.get()));
            if (old_collection.loaded_) take_out(old_collection, self.get(), old_collection.items_);
        }
        if (reference.target_) {
            auto& new_collection = static_cast<CollectionBase&>(*back->holder(reference.target_.get()));
            if (new_collection.loaded_ &&
                std::none_of(new_collection.items_.begin(), new_collection.items_.end(), [&](const auto& i) { return i == self; }))
                new_collection.items_.push_back(self);
        }
    } else if (back->kind == RelationKind::OneToOneParent || back->kind == RelationKind::ManyToOne) {
        if (previous) {
            auto& old_reference = static_cast<ReferenceBase&>(*back->holder(previous.get()));
            if (old_reference.loaded_ && old_reference.current() == self) {
                old_reference.target_ = nullptr;
                old_reference.weak_target_.reset();
            }
        }
        if (reference.target_) {
            auto& new_reference = static_cast<ReferenceBase&>(*back->holder(reference.target_.get()));
            new_reference.target_ = self;
            new_reference.weak_target_.reset();
            new_reference.loaded_ = true;
        }
    }
}

std::shared_ptr<void> ReferenceBase::peek() const { return target_ ? target_ : weak_target_.lock(); }

std::shared_ptr<void> ReferenceBase::current() const {
    if (auto target = peek()) return target;
    // A weak_ptr that was once set keeps its control block: "no target" and "target gone" differ.
    const std::weak_ptr<void> empty;
    const bool had_target = weak_target_.owner_before(empty) || empty.owner_before(weak_target_);
    if (!had_target) return nullptr;
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
