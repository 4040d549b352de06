#include "orm/transaction.h"

#include "orm/database.h"
#include "orm/error.h"

#include <string>

namespace orm {

namespace {
std::string savepoint_name(int depth) { return "orm_savepoint_" + std::to_string(depth); }
} // namespace

Transaction::Transaction(Database& db) : db_(db), depth_(db.transaction_depth_ + 1) {
    if (depth_ == 1) db_.execute("BEGIN IMMEDIATE");
    else db_.execute("SAVEPOINT " + savepoint_name(depth_));
    db_.transaction_depth_ = depth_;
}

Transaction::~Transaction() {
    if (!open_) return;
    try {
        rollback();
    } catch (...) {
        // Destructors must not throw; SQLite already rolled back if the connection is unusable.
        db_.transaction_depth_ = depth_ - 1;
    }
}

void Transaction::commit() {
    if (!open_) throw UsageError("commit() on a transaction that already ended");
    if (db_.transaction_depth_ != depth_) throw UsageError("commit() on an outer transaction while an inner one is open");
    if (depth_ == 1) db_.execute("COMMIT");
    else db_.execute("RELEASE " + savepoint_name(depth_));
    open_ = false;
    db_.transaction_depth_ = depth_ - 1;
}

void Transaction::rollback() {
    if (!open_) throw UsageError("rollback() on a transaction that already ended");
    open_ = false;
    db_.transaction_depth_ = depth_ - 1;
    if (depth_ == 1) {
        // SQLite may already have rolled back on its own (e.g. after SQLITE_FULL); then there is nothing to do.
        if (db_.in_transaction()) db_.execute("ROLLBACK");
    } else {
        db_.execute("ROLLBACK TO " + savepoint_name(depth_) + "; RELEASE " + savepoint_name(depth_));
    }
}

} // namespace orm
