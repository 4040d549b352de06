#include "platform/database_host.h"

#include "orm/error.h"
#include "platform/chunk_store.h"
#include "platform/chunk_vfs.h"

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

DatabaseHost::DatabaseHost(std::function<void()> on_commit, Storage storage)
    : on_commit_(std::move(on_commit)), storage_(storage) {}

bool DatabaseHost::stored_exists(const std::string& path) const {
    if (storage_ == Storage::Chunked) return chunks::exists(path);
    std::error_code ignored;
    return std::filesystem::exists(path, ignored);
}

void DatabaseHost::move_stored(const std::string& from, const std::string& to) const {
    if (storage_ == Storage::Chunked) return chunks::rename(from, to);
    std::error_code error;
    std::filesystem::rename(from, to, error);
    if (error) throw std::runtime_error(error.message());
}

void DatabaseHost::remove_stored(const std::string& path) const noexcept {
    try {
        if (storage_ == Storage::Chunked) return chunks::remove(path);
        std::error_code ignored;
        std::filesystem::remove(path, ignored);
    } catch (const std::exception&) {
        // what is left is overwritten or removed by the next attempt
    }
}

std::vector<unsigned char> DatabaseHost::stored_bytes() const {
    return storage_ == Storage::Chunked ? chunks::read(path_) : read_file(path_);
}

std::uint64_t DatabaseHost::stored_size() const {
    if (storage_ == Storage::Chunked) return chunks::size(path_);
    std::error_code error;
    const auto size = std::filesystem::file_size(path_, error);
    return error ? 0 : size;
}

void DatabaseHost::convert_single_file(const std::string& path) {
    chunks::split(path, path, chunks::kDefaultChunkSize);
    if (chunks::read(path) != read_file(path)) {
        chunks::remove(path);
        throw std::runtime_error("the stored database could not be converted to chunks (the copy differs)");
    }
    std::error_code error;
    std::filesystem::remove(path, error); // only now: the chunks hold the same bytes
    converted_ = true;
}

bool DatabaseHost::open(const std::string& path) {
    close();
    path_ = path;
    error_.clear();
    damaged_ = false;
    converted_ = false;
    try {
        std::error_code ignored;
        if (storage_ == Storage::Chunked && !chunks::exists(path) && std::filesystem::is_regular_file(path, ignored))
            convert_single_file(path);
        auto database = storage_ == Storage::Chunked
                            ? std::make_unique<orm::Database>(path, orm::Database::Mode::ReadWriteCreate, chunk_vfs())
                            : std::make_unique<orm::Database>(path);
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
    } catch (const std::exception& e) {
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
    // The previous database stays beside the new one until the new one has opened.
    const bool had_previous = stored_exists(path);
    try {
        if (had_previous) move_stored(path, previous);
    } catch (const std::exception& e) {
        std::filesystem::remove(candidate, ignored);
        open(path);
        return std::string("the current database could not be moved aside (") + e.what() + ")";
    }
    std::string moved_error;
    if (storage_ == Storage::Chunked) {
        try {
            chunks::split(candidate, path, chunks::kDefaultChunkSize);
        } catch (const std::exception& e) {
            moved_error = e.what();
        }
        std::filesystem::remove(candidate, ignored);
    } else {
        std::error_code error;
        move_file(candidate, path, error);
        if (error) moved_error = error.message();
    }
    auto restore_previous = [&] {
        remove_stored(path);
        if (had_previous) {
            try {
                move_stored(previous, path);
            } catch (const std::exception&) {
                // still under `previous`: nothing is lost, and the next import or start tries again
            }
        }
        open(path);
    };
    if (!moved_error.empty()) {
        std::filesystem::remove(candidate, ignored);
        restore_previous();
        return "the file could not be moved into place (" + moved_error + ")";
    }
    if (!open(path)) {
        const std::string problem = "the file could not be opened (" + error_ + ")";
        restore_previous();
        return problem;
    }
    remove_stored(previous);
    return "";
}

std::string DatabaseHost::start_fresh(std::time_t now) {
    close();
    const std::string kept = damaged_copy_path(path_, now);
    try {
        move_stored(path_, kept);
    } catch (const std::exception& e) {
        open(path_); // as it was: reported damaged again
        throw std::runtime_error(std::string("the damaged file could not be kept aside (") + e.what() + ")");
    }
    if (!open(path_)) throw std::runtime_error("a new database could not be created (" + error_ + ")");
    return kept;
}

std::string DatabaseHost::start_over(const std::string& path, std::time_t now) {
    close();
    path_ = path;
    const std::filesystem::path database(path);
    const std::string prefix = database.filename().string() + ".chunk.";
    std::vector<std::filesystem::path> remains;
    std::error_code error;
    for (const auto& entry : std::filesystem::directory_iterator(database.parent_path(), error)) {
        const std::string name = entry.path().filename().string();
        if (name.rfind(prefix, 0) == 0 && chunks::is_chunk_name(name)) remains.push_back(entry.path());
    }
    if (error) throw std::runtime_error("the remains of the lost database could not be listed (" + error.message() + ")");
    std::error_code ignored;
    if (storage_ == Storage::SingleFile && std::filesystem::is_regular_file(path, ignored)) remains.push_back(path);
    std::string kept;
    if (!remains.empty()) {
        kept = damaged_copy_path(path, now);
        for (const auto& from : remains) {
            // "<path>.chunk.000042" → "<kept>.chunk.000042"; the single file → <kept>.
            const std::string name = from.filename().string();
            const std::string to = from == database ? kept : kept + name.substr(database.filename().string().size());
            std::filesystem::rename(from, to, error);
            if (error) throw std::runtime_error("the remains of the lost database could not be kept aside (" + error.message() + ")");
        }
    }
    if (!open(path)) throw std::runtime_error("a new database could not be created (" + error_ + ")");
    return kept;
}

} // namespace platform
