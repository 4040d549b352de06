// The chunked layout of a database file. IndexedDB keeps each file of the mount as one record, rewritten
// whole when the file changes; so the database is kept as fixed-size chunk files, and a commit rewrites
// only the chunks holding the pages it changed (README, "Persistence").
//
//     /data/registration.db   →  /data/registration.db.chunk.000000   bytes 0 … chunk_size-1
//                                /data/registration.db.chunk.000001   the next chunk_size bytes …
//
// Every chunk but the last is exactly chunk_size bytes; the database's bytes are the chunks concatenated.
// SQLite reads and writes this layout through chunk_vfs.h; these functions are what the host does with a
// whole database (import, export of a damaged file, keeping one aside, converting an old single file).
// All throw std::runtime_error naming the file when the file system refuses.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace platform::chunks {

// 64 KiB: chosen by measurement (README "Performance"): a commit typically touches 2–4 chunks, and
// IndexedDB's cost per record grows with its size; smaller chunks only add records.
inline constexpr std::size_t kDefaultChunkSize = 64 * 1024;

std::string chunk_path(const std::string& database, std::size_t index); // ".chunk.000042"
bool is_chunk_name(const std::string& file_name);                         // "x.db.chunk.000042"

bool exists(const std::string& database); // its first chunk is there
std::size_t count(const std::string& database);
std::uint64_t size(const std::string& database);
// The chunk size a stored database was written with: its first chunk's size when there is a second
// one; `fallback` for a database of one chunk (or none), which any chunk size reads alike.
std::size_t stored_chunk_size(const std::string& database, std::size_t fallback);

std::vector<unsigned char> read(const std::string& database);
// Writes the bytes of the ordinary file `single_file` as the chunks of `database` (replacing any).
void split(const std::string& single_file, const std::string& database, std::size_t chunk_size);
// Moves every chunk of `from` to the same chunk of `to` (whose chunks are removed first).
void rename(const std::string& from, const std::string& to);
void remove(const std::string& database);

} // namespace platform::chunks
