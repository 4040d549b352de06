#include "platform/database_host.h"

#include "orm/error.h"

#include <sqlite3.h>

#include <filesystem>
#include <stdexcept>
#include <system_error>

namespace platform {

namespace {

// rename(), or copy and remove when the two paths are on different file systems (Emscripten mounts).
void move_file(const std::string& from, const std::string& to, std::error_code& error) {
    std::filesystem::rename(from, to, error);
    if (error != std::errc::cross_device_link) return;
    error.clear();
    std::filesystem::copy_file(from, to, std::filesystem::copy_options::overwrite_existing, error);
    if (!error) std::filesystem::remove(from, error);
}

} // namespace

DatabaseHost::DatabaseHost(std::function<void()> on_commit) : on_commit_(std::move(on_commit)) {}

bool DatabaseHost::open(const std::string& path) {
    close();
    path_ = path;
    error_.clear();
    damaged_ = false;
    try {
        auto database = std::make_unique<orm::Database>(path);
        const std::string check = database->quick_check();
        if (check != "ok") {
            error_ = "the database file is damaged (" + check + ")";
            damaged_ = true;
            return false;
        }
        database->set_commit_listener(on_commit_);
        database_ = std::move(database);
        writable_ = true;
        return true;
    } catch (const orm::DatabaseError& e) {
        // The file is there but is not a database, or SQLite finds it corrupt: the file is the problem.
        damaged_ = e.code() == SQLITE_NOTADB || e.code() == SQLITE_CORRUPT;
        error_ = damaged_ ? std::string("the database file is damaged (") + e.what() + ")" : e.what();
        return false;
    } catch (const orm::Error& e) {
        error_ = e.what();
        return false;
    }
}

void DatabaseHost::close() {
    database_.reset();
    writable_ = true;
}

void DatabaseHost::set_writable(bool writable) {
    if (!database_ || writable == writable_) return;
    database_->execute(writable ? "PRAGMA query_only = 0" : "PRAGMA query_only = 1");
    writable_ = writable;
}

std::vector<unsigned char> DatabaseHost::snapshot() {
    if (!database_) throw orm::UsageError("no database is open to copy");
    if (database_->in_transaction()) throw orm::UsageError("the database cannot be copied during a transaction");
    sqlite3_int64 size = 0;
    unsigned char* bytes = sqlite3_serialize(database_->handle(), "main", &size, 0);
    if (!bytes) throw orm::DatabaseError(SQLITE_NOMEM, SQLITE_NOMEM, "SQLite could not copy the database");
    std::vector<unsigned char> copy(bytes, bytes + size);
    sqlite3_free(bytes);
    return copy;
}

std::string DatabaseHost::replace_with(const std::string& candidate, const SchemaCheck& schema_check) {
    std::error_code ignored;
    if (std::string problem = check_database_file(candidate, schema_check); !problem.empty()) {
        std::filesystem::remove(candidate, ignored);
        return problem;
    }
    const std::string path = path_;
    const std::string previous = path + ".previous";
    close();
    // The previous file stays beside the new one until the new one has opened.
    std::error_code error;
    const bool had_previous = std::filesystem::exists(path);
    if (had_previous) std::filesystem::rename(path, previous, error);
    if (!error) move_file(candidate, path, error);
    if (error) {
        if (had_previous && !std::filesystem::exists(path)) std::filesystem::rename(previous, path, ignored);
        std::filesystem::remove(candidate, ignored);
        open(path);
        return "the file could not be moved into place (" + error.message() + ")";
    }
    if (!open(path)) {
        const std::string problem = "the file could not be opened (" + error_ + ")";
        std::filesystem::remove(path, ignored);
        if (had_previous) std::filesystem::rename(previous, path, ignored);
        open(path);
        return problem;
    }
    std::filesystem::remove(previous, ignored);
    return "";
}

std::string DatabaseHost::start_fresh(std::time_t now) {
    close();
    const std::string kept = damaged_copy_path(path_, now);
    std::error_code error;
    std::filesystem::rename(path_, kept, error);
    if (error) {
        open(path_); // as it was: reported damaged again
        throw std::runtime_error("the damaged file could not be kept aside (" + error.message() + ")");
    }
    if (!open(path_)) throw std::runtime_error("a new database could not be created (" + error_ + ")");
    return kept;
}

} // namespace platform
