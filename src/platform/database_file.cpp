#include "platform/database_file.h"

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

// Why the header rules the file out, or "" if it looks like a complete SQLite database.
std::string check_header(const std::string& path) {
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
    return "";
}

} // namespace

std::string check_database_file(const std::string& path, const SchemaCheck& schema_check) {
    if (std::string problem = check_header(path); !problem.empty()) return problem;
    try {
        orm::Database candidate(path, orm::Database::Mode::ReadOnly);
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

PreparedFile prepare_database_file(const std::string& path, const FilePreparation& prepare) {
    try {
        orm::Database candidate(path);
        return {"", prepare ? prepare(candidate) : std::string()};
    } catch (const std::exception& e) {
        return {e.what(), ""};
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
