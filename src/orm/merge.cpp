// session.merge() (SQLAlchemy's Session.merge without cascades): the state of an object the session does
// not hold, copied onto the one it holds (or loads, or adds) for the same primary key.
#include "orm/session.h"

#include "orm/error.h"

namespace orm {

std::shared_ptr<void> Session::merge_object(const ModelInfo& model, const void* source) {
    if (const Entry* held = find_entry(model, source)) return held->object;
    const std::int64_t id = model.primary_key().access->get_int64(source);
    if (const auto held = identity_.find({&model, id});
        id != 0 && held != identity_.end() && held->second.state == State::Deleted)
        throw UsageError("merge(): " + model.table() + " " + std::to_string(id) +
                         " is marked for deletion in this session");
    std::shared_ptr<void> target = id != 0 ? get_object(model, id) : nullptr; // identity map, else one SELECT
    const bool fresh = target == nullptr;
    if (fresh) target = model.create(&objects_);
    for (const ColumnInfo& c : model.columns()) {
        if (c.primary_key && !fresh) continue;
        // As in SQLAlchemy, only what the source has: an unset member leaves the held value alone.
        if (c.access->is_unset(source)) continue;
        c.access->copy(source, target.get());
    }
    // A new object: pending, inserted with the id it was given (or one the database assigns).
    if (fresh) add_object(model, target);
    return target;
}

} // namespace orm
