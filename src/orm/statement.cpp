#include "orm/statement.h"

#include "orm/error.h"

#include <sqlite3.h>

#include <utility>

namespace orm {

void throw_sqlite_error(sqlite3* db, int rc, std::string_view sql) {
    const int extended = db ? sqlite3_extended_errcode(db) : rc;
    std::string message = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    const int primary = rc & 0xff;
    if (primary == SQLITE_CONSTRAINT) throw ConstraintError(primary, extended, message, std::string(sql));
    if (!sql.empty()) message += " (in: " + std::string(sql) + ")";
    throw DatabaseError(primary, extended, message, std::string(sql));
}

Statement::Statement(sqlite3* db, std::string_view sql) : db_(db) {
    const int rc = sqlite3_prepare_v3(db, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                                      &stmt_, nullptr);
    if (rc != SQLITE_OK) {
        sqlite3_finalize(stmt_);
        throw_sqlite_error(db, rc, sql);
    }
}

Statement::~Statement() { sqlite3_finalize(stmt_); }

void Statement::fail(int rc) const { throw_sqlite_error(db_, rc, sql()); }

void Statement::check_bind(int rc) const {
    if (rc != SQLITE_OK) fail(rc);
}

namespace {
thread_local const Statement* g_stepping = nullptr;
}

const Statement* Statement::stepping() { return g_stepping; }

void Statement::record_parameters(bool on) {
    recording_ = on;
    if (!on) recorded_.clear();
}

template <class V> void Statement::remember(int index, V&& value) {
    if (!recording_ || index < 1) return;
    if (recorded_.size() < static_cast<std::size_t>(index)) recorded_.resize(static_cast<std::size_t>(index));
    recorded_[static_cast<std::size_t>(index) - 1] = Value(std::forward<V>(value));
}

void Statement::bind(int index, std::nullptr_t) {
    check_bind(sqlite3_bind_null(stmt_, index));
    remember(index, nullptr);
}
void Statement::bind(int index, std::int64_t value) {
    check_bind(sqlite3_bind_int64(stmt_, index, value));
    remember(index, value);
}
void Statement::bind(int index, double value) {
    check_bind(sqlite3_bind_double(stmt_, index, value));
    remember(index, value);
}
void Statement::bind(int index, std::string_view text) {
    check_bind(sqlite3_bind_text64(stmt_, index, text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8));
    if (recording_) remember(index, std::string(text));
}
void Statement::bind(int index, const Bytes& blob) {
    // A zero-length blob must still be a BLOB, not NULL: sqlite3_bind_blob64 with a null pointer binds NULL.
    static const std::uint8_t empty = 0;
    check_bind(sqlite3_bind_blob64(stmt_, index, blob.empty() ? &empty : blob.data(), blob.size(), SQLITE_TRANSIENT));
    remember(index, blob);
}
void Statement::bind(int index, const Value& value) {
    std::visit([&](const auto& v) { bind(index, v); }, value);
}

int Statement::parameter_count() const { return sqlite3_bind_parameter_count(stmt_); }

bool Statement::step() {
    int rc;
    if (recording_) {
        // Restored after the step: a user function may run a statement of its own inside this one.
        const Statement* outer = std::exchange(g_stepping, this);
        rc = sqlite3_step(stmt_);
        g_stepping = outer;
    } else {
        rc = sqlite3_step(stmt_);
    }
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    sqlite3_reset(stmt_);
    fail(rc);
}

void Statement::run() {
    while (step()) {
    }
}

void Statement::reset() { sqlite3_reset(stmt_); }
void Statement::clear_bindings() {
    sqlite3_clear_bindings(stmt_);
    recorded_.clear();
}

int Statement::column_count() const { return sqlite3_column_count(stmt_); }
std::string Statement::column_name(int column) const { return sqlite3_column_name(stmt_, column); }
bool Statement::is_null(int column) const { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }
std::int64_t Statement::get_int64(int column) const { return sqlite3_column_int64(stmt_, column); }
double Statement::get_double(int column) const { return sqlite3_column_double(stmt_, column); }

std::string_view Statement::get_text_view(int column) const {
    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
    const int size = sqlite3_column_bytes(stmt_, column);
    return text ? std::string_view(text, static_cast<std::size_t>(size)) : std::string_view();
}

std::string Statement::get_text(int column) const { return std::string(get_text_view(column)); }

Bytes Statement::get_blob(int column) const {
    const auto* data = static_cast<const std::uint8_t*>(sqlite3_column_blob(stmt_, column));
    const int size = sqlite3_column_bytes(stmt_, column);
    return data ? Bytes(data, data + size) : Bytes();
}

Value Statement::get_value(int column) const {
    switch (sqlite3_column_type(stmt_, column)) {
    case SQLITE_INTEGER: return get_int64(column);
    case SQLITE_FLOAT: return get_double(column);
    case SQLITE_TEXT: return get_text(column);
    case SQLITE_BLOB: return get_blob(column);
    default: return nullptr;
    }
}

const char* Statement::sql() const { return sqlite3_sql(stmt_); }

} // namespace orm
