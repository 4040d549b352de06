#include "platform/database_file.h"

#include "orm/connection_defenses.h"
#include "orm/database.h"
#include "orm/error.h"
#include "platform/chunk_store.h"

#include <sqlite3.h>

#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <vector>

namespace platform {

namespace {

// The database header (https://www.sqlite.org/fileformat.html#the_database_header): big-endian fields.
constexpr std::size_t kHeaderSize = 100;
constexpr char kMagic[] = "SQLite format 3"; // followed by a NUL: 16 bytes in all

std::uint32_t big_endian(const unsigned char* bytes, int count) {
    std::uint32_t value = 0;
    for (int i = 0; i < count; ++i)
        value = (value << 8) | bytes[i];
    return value;
}

// Why the header rules the file out, or "" if it looks like a complete SQLite database. `wal` is set if
// the file is in write-ahead-log mode (file format 2), which only `allow_wal` accepts.
std::string check_header(const std::string& path, bool* wal = nullptr) {
    std::error_code error;
    const auto size = std::filesystem::file_size(path, error);
    if (error) return "the file cannot be read (" + error.message() + ")";
    std::ifstream in(path, std::ios::binary);
    unsigned char header[kHeaderSize] = {};
    if (size < kHeaderSize || !in.read(reinterpret_cast<char*>(header), kHeaderSize) ||
        std::memcmp(header, kMagic, sizeof kMagic) != 0) {
        return "this is not an SQLite database";
    }
    std::uint32_t page_size = big_endian(header + 16, 2);
    if (page_size == 1) page_size = 65536;
    if (page_size < 512 || page_size > 65536 || (page_size & (page_size - 1)) != 0) {
        return "this is not an SQLite database (its page size is invalid)";
    }
    const bool incomplete = size % page_size != 0;
    // The page count in the header is only trusted when the "version valid for" number matches the
    // change counter (older writers did not maintain it).
    const std::uint32_t header_pages = big_endian(header + 28, 4);
    const bool count_valid = header_pages > 0 && big_endian(header + 24, 4) == big_endian(header + 92, 4);
    if (incomplete || (count_valid && static_cast<std::uintmax_t>(header_pages) * page_size > size)) {
        return "the file is incomplete: it is shorter than the database it holds, so the copy was probably cut short";
    }
    // File format versions (1 rollback journal, 2 write-ahead log) and the text encoding (1 UTF-8, 2 and 3
    // UTF-16): anything else comes from a newer SQLite, or is no database at all.
    const unsigned write_version = header[18], read_version = header[19];
    if (write_version > 2 || read_version > 2 || write_version == 0 || read_version == 0)
        return "it was written by a newer SQLite, in a file format this app cannot read";
    const std::uint32_t encoding = big_endian(header + 56, 4);
    if (encoding < 1 || encoding > 3) return "this is not an SQLite database (its text encoding is unknown)";
    if (write_version == 2 || read_version == 2) {
        if (!wal)
            return "it was saved in write-ahead-log mode, so its latest changes may be in a separate \"-wal\" file";
        *wal = true;
    }
    return "";
}

// The number of cells in the table b-tree rooted at page 1 (sqlite_schema), read from the file without SQLite,
// so that a file declaring thousands of objects can be refused before SQLite parses every declaration (which
// it does in one go, stalling the page). Stops at `limit` + 1; -1 for pages that are not a table b-tree.
// https://www.sqlite.org/fileformat.html#b_tree_pages
std::int64_t count_schema_entries(std::ifstream& in, std::uint32_t page_size, std::uintmax_t file_size,
                                  std::int64_t limit) {
    std::vector<std::uint32_t> pending{1};
    std::vector<unsigned char> page(page_size);
    std::int64_t entries = 0;
    std::int64_t visited = 0;
    const std::uintmax_t pages_in_file = file_size / page_size;
    while (!pending.empty()) {
        const std::uint32_t number = pending.back();
        pending.pop_back();
        if (number == 0 || number > pages_in_file || ++visited > static_cast<std::int64_t>(pages_in_file)) return -1;
        in.clear();
        if (!in.seekg(static_cast<std::streamoff>(number - 1) * page_size) ||
            !in.read(reinterpret_cast<char*>(page.data()), page_size))
            return -1;
        const std::size_t header = number == 1 ? kHeaderSize : 0; // page 1 starts with the database header
        const unsigned type = page[header];
        const std::uint32_t cells = big_endian(page.data() + header + 3, 2);
        if (type == 0x0D) {
            entries += cells;
            if (entries > limit) return entries;
            continue;
        }
        if (type != 0x05) return -1;
        pending.push_back(big_endian(page.data() + header + 8, 4)); // the right-most child
        const std::size_t pointers = header + 12;
        if (pointers + 2 * std::size_t{cells} > page_size) return -1;
        for (std::uint32_t i = 0; i < cells; ++i) {
            const std::uint32_t offset = big_endian(page.data() + pointers + 2 * i, 2);
            if (offset + 4 > page_size) return -1;
            pending.push_back(big_endian(page.data() + offset, 4)); // each cell starts with its left child
        }
    }
    return entries;
}

} // namespace

HeaderCheck convert_header_for_reading(const std::string& path) {
    HeaderCheck result;
    result.problem = check_header(path, &result.write_ahead_log);
    if (!result.problem.empty()) return result;
    {
        std::error_code error;
        const auto size = std::filesystem::file_size(path, error);
        std::ifstream in(path, std::ios::binary);
        unsigned char header[kHeaderSize] = {};
        if (!error && in.read(reinterpret_cast<char*>(header), kHeaderSize)) {
            std::uint32_t page_size = big_endian(header + 16, 2);
            if (page_size == 1) page_size = 65536;
            result.schema_entries = count_schema_entries(in, page_size, size, kSchemaCountLimit);
        }
    }
    if (!result.write_ahead_log) return result;
    std::fstream file(path, std::ios::binary | std::ios::in | std::ios::out);
    const char rollback_journal[2] = {1, 1};
    if (!file.seekp(18) || !file.write(rollback_journal, 2) || !file.flush())
        result.problem = "the file cannot be read (it is in write-ahead-log mode and could not be converted)";
    return result;
}

std::string check_database_file(const std::string& path, const SchemaCheck& schema_check) {
    if (std::string problem = check_header(path); !problem.empty()) return problem;
    try {
        orm::Database candidate(path, orm::Database::Mode::ReadOnly);
        orm::enable_defenses(candidate);
        const std::string check = candidate.quick_check();
        if (check != "ok") return "the database is damaged (" + check + ")";
        if (schema_check) return schema_check(candidate);
        return "";
    } catch (const orm::DatabaseError& e) {
        // quick_check itself may stop with SQLITE_CORRUPT instead of listing the damage.
        const bool damaged = e.code() == SQLITE_CORRUPT || e.code() == SQLITE_NOTADB;
        return std::string(damaged ? "the database is damaged (" : "the database cannot be read (") + e.what() + ")";
    } catch (const orm::Error& e) {
        return std::string("the database cannot be read (") + e.what() + ")";
    }
}

std::vector<unsigned char> read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read '" + path + "'");
    std::vector<unsigned char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (in.bad()) throw std::runtime_error("cannot read '" + path + "'");
    return bytes;
}

std::string damaged_copy_path(const std::string& path, std::time_t when) {
    const std::filesystem::path original(path);
    std::tm utc{};
    gmtime_r(&when, &utc);
    char stamp[32];
    std::strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &utc);
    const std::string base = (original.parent_path() / original.stem()).string() + "-damaged-" + stamp;
    const std::string extension = original.extension().string();
    std::string candidate = base + extension;
    for (int n = 2; std::filesystem::exists(candidate) || chunks::exists(candidate); ++n)
        candidate = base + "-" + std::to_string(n) + extension;
    return candidate;
}

} // namespace platform
