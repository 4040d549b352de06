// Chained loader options (load_options.h): each step loads, for every object the step before loaded,
// the relationship it names.
#include "orm/load_options.h"

#include "orm/relationship_holders.h"
#include "orm/session.h"

#include <unordered_set>

namespace orm {

namespace detail {

void load_chain(Session& session, const ModelInfo& model, const std::vector<std::shared_ptr<void>>& owners,
                const LoadOption& option) {
    const RelationshipInfo* r = find_relationship(model, option.member_offset);
    if (!r) throw UsageError("a loading option names a relationship that " + model.table() + " does not have");
    const std::vector<std::shared_ptr<void>> loaded = session.loaded_related(*r, owners);
    const ModelInfo& target = r->target();
    for (const LoadOption& next : option.then) {
        const RelationshipInfo* step =
            &next.source() == &target ? find_relationship(target, next.member_offset) : nullptr;
        if (!step)
            throw UsageError("a chained loading option names a relationship that " + target.table() + " does not have");
        if (next.loading != Loading::Lazy) {
            std::vector<std::shared_ptr<void>> unloaded;
            for (const auto& o : loaded)
                if (!step->holder(o.get())->is_loaded()) unloaded.push_back(o);
            if (!unloaded.empty()) session.load_selectin(*step, unloaded); // joined past the first step: selectin
        }
        if (!next.then.empty()) load_chain(session, target, loaded, next);
    }
}

} // namespace detail

std::vector<std::shared_ptr<void>> Session::loaded_related(const RelationshipInfo& r,
                                                           const std::vector<std::shared_ptr<void>>& owners) {
    std::vector<std::shared_ptr<void>> related;
    std::unordered_set<const void*> seen;
    const auto take = [&](const std::shared_ptr<void>& o) {
        if (o && seen.insert(o.get()).second) related.push_back(o);
    };
    for (const auto& owner : owners) {
        if (!r.holder(owner.get())->is_loaded()) continue;
        if (detail::is_collection(r))
            for (const auto& item : detail::collection_of(r, owner.get()).items(uow()))
                take(item);
        else
            take(detail::reference_of(r, owner.get()).peek());
    }
    return related;
}

} // namespace orm
