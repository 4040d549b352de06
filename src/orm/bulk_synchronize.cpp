// The session's side of query.update()/remove() (bulk.h): held objects of the rows a bulk statement
// changed take the new values or leave the session, as SQLAlchemy's synchronize_session="fetch" does,
// recorded so that rollback() undoes it like a flushed change.
#include "orm/session.h"

#include "orm/relationship_holders.h"

namespace orm {

using detail::collection_of;
using detail::is_collection;
using detail::reference_of;

void Session::begin_bulk_write() {
    if (!transaction_) begin_write();
}

void Session::bulk_updated(const ModelInfo& model, std::int64_t id, const std::vector<std::size_t>& columns,
                           const Statement& statement, int first_column) {
    const auto found = identity_.find({&model, id});
    if (found == identity_.end()) return;
    Entry& entry = found->second;
    void* object = entry.object.get();
    for (std::size_t i = 0; i < columns.size(); ++i) {
        const ColumnInfo& column = model.columns()[columns[i]];
        column.access->load(object, statement, first_column + static_cast<int>(i));
        fingerprints_[entry.fingerprints + columns[i]] = column.access->fingerprint(object);
    }
    updated_since_commit_.push_back({&model, id}); // rollback() reloads it
}

void Session::bulk_deleted(const ModelInfo& model, std::int64_t id) {
    const auto found = identity_.find({&model, id});
    if (found == identity_.end()) return;
    release(model, found->second.object.get());
    deleted_since_commit_.push_back(found->second); // rollback() holds it again
    identity_.erase(found);
}

void Session::expire_relationships_involving(const ModelInfo& model) {
    for (auto& [key, entry] : identity_) {
        for (const RelationshipInfo* r : relationships_of(*entry.model)) {
            if (entry.model != &model && &r->target() != &model) continue;
            if (is_collection(*r))
                collection_of(*r, entry.object.get()).expire(link_, uow());
            else
                reference_of(*r, entry.object.get()).expire(link_, uow());
        }
    }
}

} // namespace orm
