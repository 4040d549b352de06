// An SQLite VFS that keeps each main database file in the chunked layout of chunk_store.h, and every
// other file (rollback journal, temporary files) as SQLite's default VFS does. Chunks are plain files
// written with POSIX calls, so in the browser they live in the IndexedDB-backed mount like any file.
//
//     orm::Database db("/data/registration.db", orm::Database::Mode::ReadWriteCreate, platform::chunk_vfs());
//
// A new database gets `chunk_size`; an existing one is read with the chunk size it was written with.
// Locking is a no-op: one connection per database file (a browser tab has its own copy of the file;
// the cross-tab write lock is the host's). No WAL: the VFS offers no shared memory, so SQLite keeps a
// rollback journal (which the host never persists: saves happen between transactions).
#pragma once

#include "platform/chunk_store.h"

#include <cstddef>

namespace platform {

// Registers the VFS for `chunk_size` bytes (at least 512; a multiple of the page size keeps each page
// inside one chunk, so a page write touches one file) on first use and returns its name, for
// sqlite3_open_v2. Not thread-safe on the first call for a size.
const char* chunk_vfs(std::size_t chunk_size = chunks::kDefaultChunkSize);

} // namespace platform
