#include "platform/chunk_vfs.h"

#include <sqlite3.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <deque>
#include <fcntl.h>
#include <limits>
#include <map>
#include <memory>
#include <new>
#include <stdexcept>
#include <string>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

namespace platform {

namespace {

// At most this many chunk files are open at once per database (a 256 MB database has 4,096 chunks of
// 64 KiB; Emscripten's file system allows 4,096 descriptors in all, Linux 1,024 by default).
constexpr std::size_t kMaxOpenChunks = 32;

struct ChunkVfs {
    sqlite3_vfs vfs{};
    sqlite3_vfs* base = nullptr; // SQLite's default VFS: journals, temporary files, time, randomness
    std::size_t chunk_size = 0;
    std::string name;
};

// One open main database, or its rollback journal (a plain file: one "chunk" named like the file, which
// the unix VFS cannot open for us because it looks for the database file beside a journal).
// Allocated beside the sqlite3_file SQLite gives us (see ChunkFile).
struct ChunkedDatabase {
    std::string path;
    std::size_t chunk_size = 0;
    bool single_file = false;
    bool delete_on_close = false;
    bool read_only = false;
    std::uint64_t size = 0;
    std::size_t chunks = 0;   // chunk files that exist: 0 … chunks-1
    std::vector<int> fds;     // per chunk: an open descriptor, or -1
    std::deque<std::size_t> open_order; // chunks with a descriptor, oldest first

    ~ChunkedDatabase() {
        for (int fd : fds)
            if (fd >= 0) ::close(fd);
        if (delete_on_close) ::unlink(path.c_str());
    }

    std::string file(std::size_t index) const { return single_file ? path : chunks::chunk_path(path, index); }

    // The descriptor of chunk `index`, opening (and with `create`, creating) it; -1 if it is not there.
    int fd(std::size_t index, bool create) {
        if (index < fds.size() && fds[index] >= 0) return fds[index];
        if (fds.size() <= index) fds.resize(index + 1, -1);
        const int flags = read_only ? O_RDONLY : O_RDWR | (create ? O_CREAT : 0);
        const int descriptor = ::open(file(index).c_str(), flags, 0644);
        if (descriptor < 0) return -1;
        if (open_order.size() >= kMaxOpenChunks) {
            const std::size_t oldest = open_order.front();
            open_order.pop_front();
            ::close(fds[oldest]);
            fds[oldest] = -1;
        }
        fds[index] = descriptor;
        open_order.push_back(index);
        chunks = std::max(chunks, index + 1);
        return descriptor;
    }

    void forget(std::size_t index) {
        if (index < fds.size() && fds[index] >= 0) {
            ::close(fds[index]);
            fds[index] = -1;
            open_order.erase(std::find(open_order.begin(), open_order.end(), index));
        }
    }

    // Grows the database to `new_size` with zeros (SQLite may write past the end, leaving a gap).
    bool extend_to(std::uint64_t new_size) {
        while (size < new_size) {
            const std::size_t index = static_cast<std::size_t>(size / chunk_size);
            const std::uint64_t chunk_end = std::min<std::uint64_t>((index + 1) * std::uint64_t(chunk_size), new_size);
            const int descriptor = fd(index, true);
            if (descriptor < 0 || ::ftruncate(descriptor, static_cast<off_t>(chunk_end - index * std::uint64_t(chunk_size))) != 0)
                return false;
            size = chunk_end;
        }
        return true;
    }
};

// What SQLite allocates for each open file (ChunkVfs::vfs.szOsFile bytes): for a main database our
// methods and state; for any other file, the default VFS's own sqlite3_file in the same bytes.
struct ChunkFile {
    sqlite3_file base;
    ChunkedDatabase* database;
};

ChunkedDatabase& database_of(sqlite3_file* file) { return *reinterpret_cast<ChunkFile*>(file)->database; }

int chunk_close(sqlite3_file* file) {
    delete reinterpret_cast<ChunkFile*>(file)->database;
    reinterpret_cast<ChunkFile*>(file)->database = nullptr;
    return SQLITE_OK;
}

// Full reads or writes: a regular file only returns less at its end.
template <class Io> sqlite3_int64 repeat(Io io, sqlite3_int64 amount) {
    sqlite3_int64 done = 0;
    while (done < amount) {
        const ssize_t n = io(done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return n < 0 ? -1 : done;
        done += n;
    }
    return done;
}

int chunk_read(sqlite3_file* file, void* buffer, int amount, sqlite3_int64 offset) {
    ChunkedDatabase& db = database_of(file);
    auto* out = static_cast<unsigned char*>(buffer);
    bool short_read = false;
    for (std::uint64_t position = static_cast<std::uint64_t>(offset), remaining = static_cast<std::uint64_t>(amount);
         remaining > 0;) {
        const std::size_t index = static_cast<std::size_t>(position / db.chunk_size);
        const std::uint64_t within = position % db.chunk_size;
        const std::uint64_t n = std::min<std::uint64_t>(remaining, db.chunk_size - within);
        sqlite3_int64 got = 0;
        if (position < db.size) {
            const int descriptor = db.fd(index, false);
            if (descriptor >= 0) {
                got = repeat([&](sqlite3_int64 done) {
                    return ::pread(descriptor, out + done, static_cast<std::size_t>(n - done), static_cast<off_t>(within + done));
                }, static_cast<sqlite3_int64>(n));
                if (got < 0) return SQLITE_IOERR_READ;
            }
        }
        if (static_cast<std::uint64_t>(got) < n) {
            std::memset(out + got, 0, static_cast<std::size_t>(n - got)); // SQLite requires the zero fill
            short_read = true;
        }
        out += n;
        position += n;
        remaining -= n;
    }
    return short_read ? SQLITE_IOERR_SHORT_READ : SQLITE_OK;
}

int chunk_write(sqlite3_file* file, const void* buffer, int amount, sqlite3_int64 offset) {
    ChunkedDatabase& db = database_of(file);
    if (db.read_only) return SQLITE_READONLY;
    if (static_cast<std::uint64_t>(offset) > db.size && !db.extend_to(static_cast<std::uint64_t>(offset)))
        return SQLITE_IOERR_WRITE;
    const auto* in = static_cast<const unsigned char*>(buffer);
    for (std::uint64_t position = static_cast<std::uint64_t>(offset), remaining = static_cast<std::uint64_t>(amount);
         remaining > 0;) {
        const std::size_t index = static_cast<std::size_t>(position / db.chunk_size);
        const std::uint64_t within = position % db.chunk_size;
        const std::uint64_t n = std::min<std::uint64_t>(remaining, db.chunk_size - within);
        const int descriptor = db.fd(index, true);
        if (descriptor < 0) return errno == ENOSPC ? SQLITE_FULL : SQLITE_IOERR_WRITE;
        const sqlite3_int64 written = repeat([&](sqlite3_int64 done) {
            return ::pwrite(descriptor, in + done, static_cast<std::size_t>(n - done), static_cast<off_t>(within + done));
        }, static_cast<sqlite3_int64>(n));
        if (written != static_cast<sqlite3_int64>(n)) return errno == ENOSPC ? SQLITE_FULL : SQLITE_IOERR_WRITE;
        in += n;
        position += n;
        remaining -= n;
        db.size = std::max(db.size, position);
    }
    return SQLITE_OK;
}

int chunk_truncate(sqlite3_file* file, sqlite3_int64 new_size) {
    ChunkedDatabase& db = database_of(file);
    if (db.read_only) return SQLITE_READONLY;
    const auto target = static_cast<std::uint64_t>(new_size);
    if (target >= db.size) return db.extend_to(target) ? SQLITE_OK : SQLITE_IOERR_TRUNCATE;
    // Chunk 0 always stays (an empty database is one empty chunk).
    const std::size_t keep = target == 0 ? 1 : static_cast<std::size_t>((target - 1) / db.chunk_size) + 1;
    for (std::size_t index = db.chunks; index > keep; --index) {
        db.forget(index - 1);
        if (::unlink(db.file(index - 1).c_str()) != 0 && errno != ENOENT) return SQLITE_IOERR_TRUNCATE;
    }
    db.chunks = std::min(db.chunks, keep);
    const int descriptor = db.fd(keep - 1, true);
    if (descriptor < 0 || ::ftruncate(descriptor, static_cast<off_t>(target - (keep - 1) * std::uint64_t(db.chunk_size))) != 0)
        return SQLITE_IOERR_TRUNCATE;
    db.size = target;
    return SQLITE_OK;
}

// Durability is the host's (IndexedDB, between transactions), not the file system's.
int chunk_sync(sqlite3_file*, int) { return SQLITE_OK; }

int chunk_file_size(sqlite3_file* file, sqlite3_int64* size) {
    *size = static_cast<sqlite3_int64>(database_of(file).size);
    return SQLITE_OK;
}

int chunk_lock(sqlite3_file*, int) { return SQLITE_OK; }
int chunk_unlock(sqlite3_file*, int) { return SQLITE_OK; }
int chunk_check_reserved_lock(sqlite3_file*, int* reserved) {
    *reserved = 0;
    return SQLITE_OK;
}
int chunk_file_control(sqlite3_file*, int, void*) { return SQLITE_NOTFOUND; }
int chunk_sector_size(sqlite3_file*) { return 0; } // SQLite's default (512)
int chunk_device_characteristics(sqlite3_file*) { return 0; }

const sqlite3_io_methods kChunkMethods = {
    1, // no shared memory: no WAL
    chunk_close,         chunk_read,        chunk_write,
    chunk_truncate,      chunk_sync,        chunk_file_size,
    chunk_lock,          chunk_unlock,      chunk_check_reserved_lock,
    chunk_file_control,  chunk_sector_size, chunk_device_characteristics,
    nullptr,             nullptr,           nullptr,
    nullptr,             nullptr,           nullptr,
};

ChunkVfs& self(sqlite3_vfs* vfs) { return *static_cast<ChunkVfs*>(vfs->pAppData); }

int vfs_open(sqlite3_vfs* vfs, sqlite3_filename name, sqlite3_file* file, int flags, int* out_flags) {
    ChunkVfs& chunked = self(vfs);
    const bool journal = (flags & SQLITE_OPEN_MAIN_JOURNAL) != 0;
    if (!(flags & SQLITE_OPEN_MAIN_DB) && !journal) {
        // Temporary files: the default VFS opens them in the same bytes and its methods take over.
        return chunked.base->xOpen(chunked.base, name, file, flags, out_flags);
    }
    auto* chunk_file = reinterpret_cast<ChunkFile*>(file);
    chunk_file->base.pMethods = nullptr; // SQLite calls no xClose unless pMethods is set
    if (name == nullptr) return SQLITE_CANTOPEN;
    auto database = std::unique_ptr<ChunkedDatabase>(new (std::nothrow) ChunkedDatabase);
    if (!database) return SQLITE_NOMEM;
    database->path = name;
    database->read_only = (flags & SQLITE_OPEN_READONLY) != 0;
    database->delete_on_close = (flags & SQLITE_OPEN_DELETEONCLOSE) != 0;
    try {
        if (journal) {
            database->single_file = true;
            database->chunk_size = std::numeric_limits<std::size_t>::max() / 2;
            struct stat info {};
            database->chunks = ::stat(name, &info) == 0 ? 1 : 0;
            database->size = database->chunks ? static_cast<std::uint64_t>(info.st_size) : 0;
        } else {
            database->chunk_size = chunks::stored_chunk_size(database->path, chunked.chunk_size);
            database->chunks = chunks::count(database->path);
            database->size = chunks::size(database->path);
        }
    } catch (const std::exception&) {
        return SQLITE_CANTOPEN;
    }
    if (database->chunks == 0) {
        if (!(flags & SQLITE_OPEN_CREATE) || database->read_only) return SQLITE_CANTOPEN;
        if (database->fd(0, true) < 0) return SQLITE_CANTOPEN; // an empty database is one empty chunk
    }
    if (out_flags) *out_flags = flags;
    chunk_file->database = database.release();
    chunk_file->base.pMethods = &kChunkMethods;
    return SQLITE_OK;
}

int vfs_delete(sqlite3_vfs* vfs, const char* name, int sync_dir) {
    return self(vfs).base->xDelete(self(vfs).base, name, sync_dir);
}

int vfs_access(sqlite3_vfs* vfs, const char* name, int flags, int* result) {
    if (flags == SQLITE_ACCESS_EXISTS && chunks::exists(name)) {
        *result = 1;
        return SQLITE_OK;
    }
    return self(vfs).base->xAccess(self(vfs).base, name, flags, result);
}

int vfs_full_pathname(sqlite3_vfs* vfs, const char* name, int size, char* out) {
    return self(vfs).base->xFullPathname(self(vfs).base, name, size, out);
}
void* vfs_dl_open(sqlite3_vfs* vfs, const char* name) { return self(vfs).base->xDlOpen(self(vfs).base, name); }
void vfs_dl_error(sqlite3_vfs* vfs, int size, char* out) { self(vfs).base->xDlError(self(vfs).base, size, out); }
void (*vfs_dl_sym(sqlite3_vfs* vfs, void* handle, const char* symbol))(void) {
    return self(vfs).base->xDlSym(self(vfs).base, handle, symbol);
}
void vfs_dl_close(sqlite3_vfs* vfs, void* handle) { self(vfs).base->xDlClose(self(vfs).base, handle); }
int vfs_randomness(sqlite3_vfs* vfs, int size, char* out) { return self(vfs).base->xRandomness(self(vfs).base, size, out); }
int vfs_sleep(sqlite3_vfs* vfs, int microseconds) { return self(vfs).base->xSleep(self(vfs).base, microseconds); }
int vfs_current_time(sqlite3_vfs* vfs, double* now) { return self(vfs).base->xCurrentTime(self(vfs).base, now); }
int vfs_get_last_error(sqlite3_vfs* vfs, int size, char* out) {
    return self(vfs).base->xGetLastError ? self(vfs).base->xGetLastError(self(vfs).base, size, out) : 0;
}
int vfs_current_time_int64(sqlite3_vfs* vfs, sqlite3_int64* now) {
    sqlite3_vfs* base = self(vfs).base;
    if (base->iVersion >= 2 && base->xCurrentTimeInt64) return base->xCurrentTimeInt64(base, now);
    double days = 0;
    const int rc = base->xCurrentTime(base, &days);
    *now = static_cast<sqlite3_int64>(days * 86400000.0);
    return rc;
}

} // namespace

const char* chunk_vfs(std::size_t chunk_size) {
    static std::map<std::size_t, std::unique_ptr<ChunkVfs>> registered;
    if (chunk_size < 512) throw std::invalid_argument("a chunk must hold at least 512 bytes");
    auto& entry = registered[chunk_size];
    if (entry) return entry->name.c_str();
    if (sqlite3_initialize() != SQLITE_OK) throw std::runtime_error("SQLite could not be initialised");
    auto chunked = std::make_unique<ChunkVfs>();
    chunked->base = sqlite3_vfs_find(nullptr);
    if (!chunked->base) throw std::runtime_error("SQLite has no default VFS");
    chunked->chunk_size = chunk_size;
    chunked->name = "seed-chunks-" + std::to_string(chunk_size);
    sqlite3_vfs& vfs = chunked->vfs;
    vfs.iVersion = 2;
    vfs.szOsFile = std::max(static_cast<int>(sizeof(ChunkFile)), chunked->base->szOsFile);
    vfs.mxPathname = chunked->base->mxPathname;
    vfs.zName = chunked->name.c_str();
    vfs.pAppData = chunked.get();
    vfs.xOpen = vfs_open;
    vfs.xDelete = vfs_delete;
    vfs.xAccess = vfs_access;
    vfs.xFullPathname = vfs_full_pathname;
    vfs.xDlOpen = vfs_dl_open;
    vfs.xDlError = vfs_dl_error;
    vfs.xDlSym = vfs_dl_sym;
    vfs.xDlClose = vfs_dl_close;
    vfs.xRandomness = vfs_randomness;
    vfs.xSleep = vfs_sleep;
    vfs.xCurrentTime = vfs_current_time;
    vfs.xGetLastError = vfs_get_last_error;
    vfs.xCurrentTimeInt64 = vfs_current_time_int64;
    if (sqlite3_vfs_register(&vfs, 0) != SQLITE_OK) throw std::runtime_error("the chunk VFS could not be registered");
    entry = std::move(chunked);
    return entry->name.c_str();
}

} // namespace platform
