// The unit of work's plan (SQLAlchemy's unitofwork.py and dependency processors): cascades, foreign
// keys from relationships, orphans, the order of rows, and what relationships hold after a flush.
#include "orm/session.h"

#include "orm/error.h"
#include "orm/relationship_holders.h"

#include <algorithm>
#include <functional>
#include <map>
#include <unordered_map>

namespace orm {

using detail::collection_of;
using detail::is_collection;
using detail::reference_of;

// Step 1 and 2 of a flush (SQLAlchemy's UOWTransaction): relationships decide part of what to write
// (deletes that cascade or children set free, objects reachable from held ones, foreign keys of children
// whose parent already has an id, orphans), then what to write and in which order. Values are validated
// here, before any SQL runs.
Session::FlushPlan Session::plan_flush() {
    FlushPlan plan;
    const bool relationships = any_relationships(); // else the relationship passes have nothing to do
    if (relationships) {
        cascade_deletes();
        cascade_save_update();
        plan.links = plan_foreign_keys();
        resolve_all_foreign_keys(plan.links, false);
        apply_orphans(plan.links);
    }

    plan.inserts = pending_in_dependency_order(plan.links);
    for (auto& [key, entry] : identity_) {
        if (entry.state == State::Deleted) {
            plan.deletes.push_back(&entry);
        } else if (auto changed = changed_columns(entry); id_of(entry) != entry.id || !changed.empty()) {
            entry.model->check_columns(entry.object.get(), changed); // what is not written stays as the database has it
            plan.any_update = true;
            plan.updates.push_back({&entry, std::move(changed)});
        }
        if (!relationships || relationships_of(*entry.model).empty()) continue;
        for (const RelationshipInfo* r : relationships_of(*entry.model)) {
            if (r->kind != RelationKind::ManyToMany || !r->holder(entry.object.get())->is_loaded()) continue;
            plan.any_association = plan.any_association || collection_of(*r, entry.object.get()).changed_since_committed(uow());
        }
    }
    if (relationships)
        for (const auto& [key, entry] : pending_)
            for (const RelationshipInfo* r : relationships_of(*entry.model))
                plan.any_association = plan.any_association || (r->kind == RelationKind::ManyToMany && !collection_of(*r, entry.object.get()).items(uow()).empty());
    for (const Entry* e : plan.inserts) e->model->check_values(e->object.get());
    // Children before parents: rows with foreign keys go first, and within them the rows' own links.
    auto has_foreign_key = [](const ModelInfo* m) {
        return std::any_of(m->columns().begin(), m->columns().end(), [](const ColumnInfo& c) { return c.foreign_key.has_value(); });
    };
    std::stable_sort(plan.deletes.begin(), plan.deletes.end(), [&](Entry* a, Entry* b) { return has_foreign_key(a->model) && !has_foreign_key(b->model); });
    order_rows_by_links(plan.deletes, plan.links, false);
    return plan;
}

// Parents before children: a model's rank is one more than the highest rank of the tables its foreign
// keys point to (among the models this session holds). Ties keep the order of add(); rows of one table
// (or of tables that refer to each other) are then ordered by the relationships between the objects.
std::vector<Session::Entry*> Session::pending_in_dependency_order(const ForeignKeyPlan& plan) {
    std::vector<Entry*> pending;
    pending.reserve(pending_.size());
    for (auto& [key, entry] : pending_) pending.push_back(&entry);
    if (pending.empty()) return pending;
    const std::vector<const ModelInfo*>& models = models_; // every model held (and perhaps a few more)
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
    const auto before = [&](const Entry* a, const Entry* b) {
        if (a->model != b->model) {
            const int ra = rank[a->model], rb = rank[b->model];
            if (ra != rb) return ra < rb;
        }
        return a->added < b->added;
    };
    // pending_ keeps the order of add() unless a removal freed a place: then (or with models of several
    // ranks) sort.
    if (!std::is_sorted(pending.begin(), pending.end(), before)) std::sort(pending.begin(), pending.end(), before);
    order_rows_by_links(pending, plan, true);
    return pending;
}

// Reorders `entries` so that each comes after (parents_first) or before (children first, for deletes) the
// entries it is linked to as a child: through its loaded many-to-one reference, or by being in a parent's
// loaded collection. Otherwise the order is kept. A self-referencing table needs it (a child added before
// its parent); rows that are each other's parents cannot be ordered: UsageError, before any SQL.
void Session::order_rows_by_links(std::vector<Entry*>& entries, const ForeignKeyPlan& plan, bool parents_first) {
    if (!any_relationships() || std::none_of(entries.begin(), entries.end(), [](const Entry* e) { return !relationships_of(*e->model).empty(); })) return;
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

bool Session::any_relationships() const {
    return std::any_of(models_.begin(), models_.end(), [](const ModelInfo* m) { return !relationships_of(*m).empty(); });
}

// Objects reachable through loaded relationships of held objects join the session (save-update cascade).
void Session::cascade_save_update() {
    // A stack: the pending objects first, in the order they were added, then the held ones; what each
    // reaches is added (and later inserted) before the next one's.
    std::vector<std::pair<const ModelInfo*, void*>> work;
    for (auto& [key, entry] : identity_)
        if (!relationships_of(*entry.model).empty()) work.emplace_back(entry.model, entry.object.get());
    std::reverse(work.begin(), work.end());
    const std::size_t held = work.size();
    for (auto& [key, entry] : pending_)
        if (!relationships_of(*entry.model).empty()) work.emplace_back(entry.model, entry.object.get());
    std::reverse(work.begin() + static_cast<std::ptrdiff_t>(held), work.end());
    while (!work.empty()) {
        const auto [model, object] = work.back();
        work.pop_back();
        for (const RelationshipInfo* r : relationships_of(*model)) {
            if (!r->options.cascade.save_update) continue;
            if (!r->holder(object)->is_loaded()) {
                if (!is_collection(*r)) continue;
                const std::vector<std::shared_ptr<void>> items = collection_of(*r, object).appended_unloaded(uow());
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
                const std::vector<std::shared_ptr<void>> items = collection_of(*r, object).items(uow()); // add_object may rehash
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
            if (r->kind == RelationKind::OneToMany) children = collection_of(*r, parent->object.get()).items(uow());
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
            ref.set_contents(nullptr, uow());
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
                for (const auto& child : collection.items(uow())) plan.parent_of[child.get()] = {r, entry.object.get()};
                for (const void* was : collection.committed(uow())) {
                    const bool still = std::any_of(collection.items(uow()).begin(), collection.items(uow()).end(), [&](const auto& c) { return c.get() == was; });
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

// After a successful flush, loaded collections are what the database holds, and each child's
// reference names the parent whose collection it is in.
void Session::commit_collections() {
    if (!any_relationships()) return;
    for (auto& [key, entry] : identity_) {
        for (const RelationshipInfo* r : relationships_of(*entry.model)) {
            if (!is_collection(*r)) continue;
            CollectionBase& collection = collection_of(*r, entry.object.get());
            if (!collection.is_loaded()) {
                collection.forget_unloaded_appends(uow()); // written: the rows say it now
                continue;
            }
            // Deleted children leave their parents' collections.
            std::vector<std::shared_ptr<void>> items = collection.items(uow());
            std::erase_if(items, [&](const std::shared_ptr<void>& item) { return !find_entry(r->target(), item.get()); });
            set_loaded_collection(*r, entry.object.get(), std::move(items));
        }
    }
}

// An object leaving the session keeps its loaded relationships, but a child's reference to a parent whose
// loaded collection holds the child becomes weak, and the backref side of many-to-many is dropped: parent
// and child would otherwise own each other and never be freed. While the session lives it holds both.
void Session::release(const ModelInfo& model, void* object) {
    for (const RelationshipInfo* r : relationships_of(model)) {
        RelationshipHolder* holder = r->holder(object);
        if (is_collection(*r)) collection_of(*r, object).forget_unloaded_appends(uow());
        if (!holder->is_loaded()) continue;
        if (r->kind == RelationKind::ManyToOne) {
            ReferenceBase& ref = reference_of(*r, object);
            const RelationshipInfo* back = other_side(*r);
            const std::shared_ptr<void>& target = ref.held_strongly(uow());
            if (!target || !back) continue;
            RelationshipHolder* parent_side = back->holder(target.get());
            if (!parent_side->is_loaded()) continue;
            bool owned_by_parent = false;
            if (back->kind == RelationKind::OneToMany) {
                const auto& items = collection_of(*back, target.get()).items(uow());
                owned_by_parent = std::any_of(items.begin(), items.end(), [&](const auto& i) { return i.get() == object; });
            } else {
                owned_by_parent = reference_of(*back, target.get()).peek().get() == object;
            }
            if (owned_by_parent) ref.weaken(uow());
        } else if (r->kind == RelationKind::ManyToMany && r->is_backref) {
            collection_of(*r, object).expire({}, uow());
        }
    }
}

void Session::release_all() {
    if (!any_relationships()) return;
    for (auto& [key, entry] : identity_)
        if (!relationships_of(*entry.model).empty()) release(*entry.model, entry.object.get());
    for (auto& [key, entry] : pending_)
        if (!relationships_of(*entry.model).empty()) release(*entry.model, entry.object.get());
}

// After a rollback or an expiry, what relationships hold in memory may be wrong: they are loaded again on
// next access.
void Session::expire_relationships() {
    if (!any_relationships()) return;
    for (auto& [key, entry] : identity_) expire_relationships(entry);
}

void Session::expire_relationships(Entry& entry) {
    for (const RelationshipInfo* r : relationships_of(*entry.model)) {
        if (is_collection(*r)) collection_of(*r, entry.object.get()).expire(link_, uow());
        else reference_of(*r, entry.object.get()).expire(link_, uow());
    }
}

} // namespace orm
