// session.begin_nested() and its guard: SAVEPOINTs kept by the session, innermost last, each with the
// lengths of the session's undo lists when it began (restore_objects undoes what came after).
#include "orm/nested_transaction.h"

#include "orm/error.h"
#include "orm/session.h"

namespace orm {

NestedTransaction::NestedTransaction(Session& session, std::uint64_t serial)
    : session_(&session), lifetime_(session.lifetime()), serial_(serial) {}

NestedTransaction::NestedTransaction(NestedTransaction&& other) noexcept
    : session_(other.session_), lifetime_(std::move(other.lifetime_)), serial_(other.serial_) {
    other.session_ = nullptr;
    other.lifetime_.reset();
}

NestedTransaction::~NestedTransaction() {
    if (!is_active()) return;
    try {
        rollback();
    } catch (...) {
        // Destructors must not throw; rollback_nested already rolled the whole session back on failure.
    }
}

bool NestedTransaction::is_active() const {
    return session_ && !lifetime_.expired() && session_->find_savepoint(serial_) != session_->savepoints_.end();
}

void NestedTransaction::commit() {
    if (!session_ || lifetime_.expired())
        throw UsageError("commit(): the nested transaction's session has ended (or it was moved from)");
    session_->commit_nested(serial_);
}

void NestedTransaction::rollback() {
    if (!session_ || lifetime_.expired())
        throw UsageError("rollback(): the nested transaction's session has ended (or it was moved from)");
    session_->rollback_nested(serial_);
}

NestedTransaction Session::begin_nested() {
    flush(); // the savepoint starts from everything the session was told, as in SQLAlchemy
    if (!transaction_) begin_write();
    savepoints_.push_back({std::make_unique<Transaction>(db_), undo_marks(), ++next_savepoint_});
    return NestedTransaction(*this, next_savepoint_);
}

std::vector<Session::Savepoint>::iterator Session::find_savepoint(std::uint64_t serial) {
    for (auto it = savepoints_.begin(); it != savepoints_.end(); ++it)
        if (it->serial == serial) return it;
    return savepoints_.end();
}

void Session::commit_nested(std::uint64_t serial) {
    const auto found = find_savepoint(serial);
    if (found == savepoints_.end()) throw UsageError("commit(): the nested transaction already ended");
    if (found + 1 != savepoints_.end())
        throw UsageError(
            "commit(): a nested transaction begun inside this one is still open; commit or roll it back first");
    flush();
    savepoints_.back().transaction->commit(); // RELEASE: its work is now the enclosing transaction's
    savepoints_.pop_back();
}

void Session::rollback_nested(std::uint64_t serial) {
    const auto found = find_savepoint(serial);
    if (found == savepoints_.end()) throw UsageError("rollback(): the nested transaction already ended");
    const UndoMarks marks = found->marks;
    const auto index = static_cast<std::size_t>(found - savepoints_.begin());
    try {
        // Inner savepoints first (SQLite's ROLLBACK TO would drop them anyway; this keeps the depth count).
        while (savepoints_.size() > index) {
            savepoints_.back().transaction->rollback();
            savepoints_.pop_back();
        }
    } catch (...) {
        rollback(); // the savepoint is gone with the whole transaction: the objects follow it
        throw;
    }
    restore_objects(marks);
}

// At commit(), open savepoints are released into the transaction; at rollback() or the session's end
// they are rolled back with it (errors ignored: the outer ROLLBACK undoes them whatever happened).
void Session::end_savepoints(bool release) {
    while (!savepoints_.empty()) {
        if (release) {
            savepoints_.back().transaction->commit();
        } else {
            try {
                savepoints_.back().transaction->rollback();
            } catch (...) {
            }
        }
        savepoints_.pop_back();
    }
}

} // namespace orm
