// What the session's files share about relationship holders: typed views of a relationship's holder
// inside an object, and the SELECT of a relationship's target model. Internal to src/orm.
#pragma once

#include "orm/model.h"
#include "orm/relationship.h"

#include <string>

namespace orm::detail {

inline CollectionBase& collection_of(const RelationshipInfo& r, void* object) { return *static_cast<CollectionBase*>(r.holder(object)); }
inline ReferenceBase& reference_of(const RelationshipInfo& r, void* object) { return *static_cast<ReferenceBase*>(r.holder(object)); }
inline bool is_collection(const RelationshipInfo& r) { return r.kind == RelationKind::OneToMany || r.kind == RelationKind::ManyToMany; }
inline std::string target_select(const RelationshipInfo& r) {
    const ModelInfo& target = r.target();
    return "SELECT " + target.select_list() + " FROM " + quote_identifier(target.table());
}

} // namespace orm::detail
