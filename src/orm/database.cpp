#include "orm/database.h"

#include "orm/error.h"

#include <sqlite3.h>

namespace orm {

StatementLease::StatementLease(Database* database, Statement* statement, bool* in_use,
                               std::unique_ptr<Statement> owned)
    : database_(database), statement_(statement), in_use_(in_use), owned_(std::move(owned)) {}

StatementLease::StatementLease(StatementLease&& other) noexcept
    : database_(other.database_), statement_(other.statement_), in_use_(other.in_use_),
      owned_(std::move(other.owned_)) {
    other.statement_ = nullptr;
    other.in_use_ = nullptr;
}

StatementLease::~StatementLease() {
    if (!statement_) return;
    statement_->reset();
    statement_->clear_bindings();
    if (in_use_) *in_use_ = false;
    database_->finish_commit();
}

namespace {
int open_flags(Database::Mode mode) {
    switch (mode) {
    case Database::Mode::ReadOnly: return SQLITE_OPEN_READONLY;
    case Database::Mode::ReadWrite: return SQLITE_OPEN_READWRITE;
    default: return SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
    }
}
} // namespace

Database::Database(const std::string& path, Mode mode, const char* vfs) : path_(path) {
    const int rc = sqlite3_open_v2(path.c_str(), &db_, open_flags(mode) | SQLITE_OPEN_NOMUTEX, vfs);
    if (rc != SQLITE_OK) {
        const std::string message = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
        sqlite3_close_v2(db_);
        db_ = nullptr;
        throw DatabaseError(rc, rc, "cannot open database '" + path + "': " + message);
    }
    sqlite3_extended_result_codes(db_, 1);
    sqlite3_busy_timeout(db_, 2000);
    sqlite3_commit_hook(db_, &Database::on_commit, this);
    sqlite3_rollback_hook(db_, &Database::on_rollback, this);
    try {
        execute("PRAGMA foreign_keys = ON");
    } catch (...) {
        sqlite3_close_v2(db_);
        throw;
    }
}

Database::~Database() {
    cache_.clear(); // statements must be finalized before the connection closes
    sqlite3_close_v2(db_);
}

void Database::execute(std::string_view sql) {
    // sqlite3_exec would do, but preparing one statement at a time lets the error name the failing one.
    const char* tail = sql.data();
    const char* end = sql.data() + sql.size();
    while (tail < end) {
        sqlite3_stmt* stmt = nullptr;
        const char* next = nullptr;
        int rc = sqlite3_prepare_v2(db_, tail, static_cast<int>(end - tail), &stmt, &next);
        if (rc != SQLITE_OK) throw_sqlite_error(db_, rc, std::string_view(tail, static_cast<std::size_t>(end - tail)));
        if (!stmt) break; // only whitespace or comments left
        while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        }
        const std::string text = sqlite3_sql(stmt);
        sqlite3_finalize(stmt);
        if (rc != SQLITE_DONE) throw_sqlite_error(db_, rc, text);
        finish_commit();
        tail = next;
    }
}

StatementLease Database::prepare(std::string_view sql) {
    auto it = cache_.find(std::string(sql));
    if (it == cache_.end()) {
        it = cache_.emplace(std::string(sql), CacheSlot{std::make_unique<Statement>(db_, sql), false}).first;
        it->second.statement->record_parameters(statement_trace_ != nullptr);
    }
    CacheSlot& slot = it->second;
    if (slot.in_use) {
        auto owned = std::make_unique<Statement>(db_, sql);
        owned->record_parameters(statement_trace_ != nullptr);
        Statement* raw = owned.get();
        return StatementLease(this, raw, nullptr, std::move(owned));
    }
    slot.in_use = true;
    return StatementLease(this, slot.statement.get(), &slot.in_use, nullptr);
}

std::int64_t Database::last_insert_rowid() const { return sqlite3_last_insert_rowid(db_); }
int Database::changes() const { return sqlite3_changes(db_); }
bool Database::in_transaction() const { return sqlite3_get_autocommit(db_) == 0; }

std::string Database::quick_check() {
    auto statement = prepare("PRAGMA quick_check");
    std::string result;
    while (statement->step()) {
        if (!result.empty()) result += "; ";
        result += statement->get_text(0);
    }
    return result;
}

void Database::set_commit_listener(std::function<void()> listener) { commit_listener_ = std::move(listener); }

void Database::set_statement_listener(std::function<void(std::string_view)> listener) {
    statement_listener_ = std::move(listener);
    statement_trace_ = nullptr;
    listen_to_statements();
}

void Database::set_statement_trace(std::function<void(const StatementTrace&)> trace) {
    statement_trace_ = std::move(trace);
    statement_listener_ = nullptr;
    listen_to_statements();
}

void Database::listen_to_statements() {
    for (auto& [sql, slot] : cache_) slot.statement->record_parameters(statement_trace_ != nullptr);
    if (statement_listener_ || statement_trace_) sqlite3_trace_v2(db_, SQLITE_TRACE_STMT, &Database::on_trace, this);
    else sqlite3_trace_v2(db_, 0, nullptr, nullptr);
}

std::string Database::sqlite_version() { return sqlite3_libversion(); }

// The commit hook runs before the commit is durable and may not touch the connection, so it only notes
// the commit; the listener is told once control is back in the ORM (after the statement finished).
int Database::on_commit(void* self) {
    static_cast<Database*>(self)->commit_pending_ = true;
    return 0;
}

void Database::on_rollback(void* self) { static_cast<Database*>(self)->commit_pending_ = false; }

int Database::on_trace(unsigned type, void* self, void* statement, void* sql) {
    auto* database = static_cast<Database*>(self);
    const char* text = static_cast<const char*>(sql);
    if (type != SQLITE_TRACE_STMT || (text[0] == '-' && text[1] == '-')) return 0; // "-- TRIGGER name"
    if (database->statement_listener_) database->statement_listener_(text);
    if (database->statement_trace_) {
        static const std::vector<Value> none;
        const Statement* running = Statement::stepping();
        const bool ours = running && running->handle() == static_cast<sqlite3_stmt*>(statement);
        database->statement_trace_(StatementTrace{text, ours ? running->recorded_parameters() : none});
    }
    return 0;
}

void Database::finish_commit() {
    if (!commit_pending_ || in_transaction()) return;
    commit_pending_ = false;
    if (commit_listener_) commit_listener_();
}

} // namespace orm
