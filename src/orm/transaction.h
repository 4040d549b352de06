// RAII transaction: begun in the constructor, rolled back in the destructor unless commit() was called.
//
// Transactions nest: the outermost is BEGIN IMMEDIATE (so a writer learns of a competing writer at the
// start, not at COMMIT), inner ones are SAVEPOINTs. Rolling back an inner one undoes only its own work.
// Transactions must end in reverse order of their creation (as scopes do).
#pragma once

namespace orm {

class Database;

class Transaction {
public:
    // Begins a transaction, or a savepoint inside the current one. Throws DatabaseError if it cannot
    // begin (e.g. SQLITE_BUSY); then no transaction was started.
    explicit Transaction(Database& db);
    // Rolls back if neither commit() nor rollback() was called. Never throws.
    ~Transaction();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;

    // Makes the work permanent (outermost) or folds it into the enclosing transaction (savepoint).
    // Throws DatabaseError if COMMIT fails; the transaction is then rolled back by the destructor.
    // Throws UsageError if the transaction already ended.
    void commit();
    // Undoes this transaction's work. Throws UsageError if it already ended.
    void rollback();
    bool is_open() const { return open_; }

private:
    Database& db_;
    int depth_;
    bool open_ = true;
};

} // namespace orm
