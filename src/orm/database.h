// A connection to one SQLite database file (RAII: closed in the destructor).
//
// Opening turns on what SQLAlchemy users expect and SQLite leaves off: foreign keys enforced, a busy
// timeout, extended result codes. Statements are cached by SQL text, so a query that runs a thousand
// times is compiled once. A Database is not copyable or movable: statements and sessions point at it.
#pragma once

#include "orm/statement.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

struct sqlite3;

namespace orm {

class Session;

class Database;

// A cached statement on loan: reset, with bindings cleared, when the lease ends. While one lease of a
// SQL text is alive, preparing the same text again (e.g. a query run from inside its own row loop) gets
// a fresh, uncached statement, so the two never trample each other.
class StatementLease {
public:
    StatementLease(StatementLease&& other) noexcept;
    StatementLease& operator=(StatementLease&&) = delete;
    ~StatementLease();
    Statement& operator*() const { return *statement_; }
    Statement* operator->() const { return statement_; }

private:
    friend class Database;
    StatementLease(Database* database, Statement* statement, bool* in_use, std::unique_ptr<Statement> owned);
    Database* database_;
    Statement* statement_;
    bool* in_use_;                     // the cache slot's flag, or null for an uncached statement
    std::unique_ptr<Statement> owned_; // set for an uncached statement
};

// One statement as SQLite starts it, for a trace (Database::set_statement_trace): its SQL as written,
// with its ? placeholders, and the values bound to them, in order. Like SQLAlchemy's echo, it shows
// every value: hiding secrets is the listener's business (it knows which column is one).
struct StatementTrace {
    std::string_view sql;
    const std::vector<Value>& parameters; // empty for a statement that takes none (or not run by the ORM)
};

class Database {
public:
    enum class Mode { ReadWriteCreate, ReadWrite, ReadOnly };

    // Opens (or creates) the file at `path`; ":memory:" for a private in-memory database. `vfs` names a
    // registered SQLite VFS (sqlite3_vfs_register) that stores the file, or is null for SQLite's default.
    // Throws DatabaseError if the file cannot be opened; then nothing is left open.
    explicit Database(const std::string& path, Mode mode = Mode::ReadWriteCreate, const char* vfs = nullptr);
    ~Database();
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    // Runs one or more ';'-separated statements that take no parameters (DDL, PRAGMA).
    // Throws DatabaseError naming the statement that failed.
    void execute(std::string_view sql);

    // Returns the cached prepared statement for `sql`, compiling it on first use.
    StatementLease prepare(std::string_view sql);

    // Prepares `sql`, binds `args` to parameters 1..N and runs it to completion. Returns changes().
    template <class... Args> int run(std::string_view sql, const Args&... args) {
        auto statement = prepare(sql);
        statement->bind_all(args...);
        statement->run();
        return changes();
    }

    std::int64_t last_insert_rowid() const;
    int changes() const;                 // rows changed by the last INSERT/UPDATE/DELETE
    bool in_transaction() const;         // false in autocommit mode
    const std::string& path() const { return path_; }
    std::string quick_check();           // "ok", or SQLite's first complaint
    std::size_t cached_statement_count() const { return cache_.size(); }

    // Called after each successful COMMIT (explicit or autocommit), once the data is in the file.
    // The host uses it to schedule persistence; the ORM itself attaches no meaning to it.
    void set_commit_listener(std::function<void()> listener);

    // Called with the SQL text of every statement SQLite starts (trigger bodies excluded). Tests use it
    // to count queries (the N+1 check); pass nullptr to stop.
    void set_statement_listener(std::function<void(std::string_view sql)> listener);

    // Called as every statement starts (trigger bodies excluded), with its bound values: what a "show the
    // query" panel prints. Binding copies each value while a trace is set; pass nullptr to stop.
    // Replaces a statement listener, and is replaced by one.
    void set_statement_trace(std::function<void(const StatementTrace&)> trace);

    sqlite3* handle() const { return db_; }
    static std::string sqlite_version();

private:
    friend class Transaction;
    friend class StatementLease;
    friend class Session;
    struct CacheSlot {
        std::unique_ptr<Statement> statement;
        bool in_use = false;
    };
    static int on_commit(void* self);
    static void on_rollback(void* self);
    static int on_trace(unsigned type, void* self, void* statement, void* sql);
    void finish_commit();
    void listen_to_statements();

    sqlite3* db_ = nullptr;
    std::string path_;
    std::unordered_map<std::string, CacheSlot> cache_;
    std::function<void()> commit_listener_;
    std::function<void(std::string_view)> statement_listener_;
    std::function<void(const StatementTrace&)> statement_trace_;
    bool commit_pending_ = false;
    int transaction_depth_ = 0; // owned by Transaction: 0 = none, 1 = BEGIN, >1 = savepoints
    // Owned by Session: the live sessions on this connection (one object belongs to one of them), and the
    // one whose write transaction is open (one writing session at a time, see Session::commit).
    std::vector<Session*> sessions_;
    const Session* writer_ = nullptr;
};

} // namespace orm
