// Opens the app's database file for a host (browser or native) and tells the host when a commit needs
// persisting. A database that fails SQLite's quick_check is reported, never silently replaced: the host
// can export its raw bytes, or keep it aside under another name and start fresh.
#pragma once

#include "orm/database.h"
#include "platform/database_file.h"

#include <cstdint>
#include <ctime>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace platform {

class DatabaseHost {
public:
    // How the database is stored under its path: one ordinary file, or fixed-size chunk files
    // (chunk_store.h, read and written by SQLite through chunk_vfs.h) so that a commit changes only the
    // chunks it touched, which is what the browser host persists.
    enum class Storage { SingleFile, Chunked };

    // `on_commit` is called after every committed write; the host persists the file from there.
    explicit DatabaseHost(std::function<void()> on_commit, Storage storage = Storage::SingleFile);

    // --- Opening and closing ------------------------------------------------------------------------
    // Opens (creating if needed) the database at `path`. Returns false and sets error() if the file
    // cannot be opened or fails quick_check; the file is left untouched in that case, and damaged() says
    // whether the file itself is bad (not a database, or quick_check failed) rather than unreachable.
    // A newly opened database is writable.
    // Chunked storage converts an ordinary file found at `path` (what earlier versions stored) into
    // chunks first; the file is removed only once the chunks hold the same bytes (converted() says so).
    bool open(const std::string& path);
    // Closes the connection (statements, sessions and services on it must be gone). Never throws.
    void close();
    orm::Database* database() { return database_.get(); }
    const std::string& path() const { return path_; }   // of the last open()
    const std::string& error() const { return error_; } // why the last open() failed
    bool damaged() const { return damaged_; }
    bool converted() const { return converted_; } // the last open() turned a single file into chunks
    Storage storage() const { return storage_; }

    // The stored bytes of path() as they are (also when damaged), and their size. Throw std::runtime_error.
    std::vector<unsigned char> stored_bytes() const;
    std::uint64_t stored_size() const;

    // --- Who may write ------------------------------------------------------------------------------
    // While not writable, SQLite itself refuses every write (PRAGMA query_only: "attempt to write a
    // readonly database"), so a write the host did not allow can never reach the file. The browser host
    // allows writes only while this tab holds the cross-tab write lock with the latest copy.
    // Throws orm::DatabaseError if the pragma fails; does nothing if no database is open.
    void set_writable(bool writable);
    bool writable() const { return writable_; }

    // --- Copies in and out --------------------------------------------------------------------------
    // A consistent copy of the open database, as the bytes of a standard database file (sqlite3_serialize
    // reads it through SQLite, as a reader would). Throws orm::UsageError if no database is open or a
    // transaction is in progress, orm::DatabaseError if SQLite cannot produce it.
    std::vector<unsigned char> snapshot();

    // Replaces the open database by the ordinary file at `candidate` (moved into place, or split into
    // chunks with chunked storage), once check_database_file() accepts it and it opens; the previous
    // database is kept aside until then. Returns "" on success, otherwise why not; then the previous
    // database is open again, unchanged. `candidate` is gone either way. Never throws.
    std::string replace_with(const std::string& candidate, const SchemaCheck& schema_check = {});

    // After an open() that found the file damaged: keeps the damaged file aside under
    // damaged_copy_path(path(), now) and opens a new, empty database at path(). Returns the path the
    // damaged file was kept under. Throws std::runtime_error if it cannot be moved (nothing changed then)
    // or the new database cannot be created (the damaged file stays where it was kept).
    std::string start_fresh(std::time_t now);

    // After the host found that the stored data was lost (some or all of its chunks gone, so it opened
    // nothing): keeps whatever is left of `path` aside under damaged_copy_path(path, now), every chunk
    // that is there (gaps and all, so no stray chunk becomes part of the new database), and opens a new,
    // empty database at `path`. Returns the path the remains were kept under, "" if nothing was left.
    // Throws std::runtime_error if a remain cannot be moved or the new database cannot be created.
    std::string start_over(const std::string& path, std::time_t now);

private:
    bool stored_exists(const std::string& path) const;
    void move_stored(const std::string& from, const std::string& to) const; // throws std::runtime_error
    void remove_stored(const std::string& path) const noexcept;
    void convert_single_file(const std::string& path); // throws std::runtime_error

    std::function<void()> on_commit_;
    Storage storage_;
    bool converted_ = false;
    std::unique_ptr<orm::Database> database_;
    std::string path_;
    std::string error_;
    bool damaged_ = false;
    bool writable_ = true;
};

} // namespace platform
