#include "platform/chunk_store.h"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <system_error>

namespace platform::chunks {

namespace {

constexpr const char* kInfix = ".chunk.";
constexpr std::size_t kDigits = 6;

std::uintmax_t file_size_or_zero(const std::string& path) {
    std::error_code error;
    const auto size = std::filesystem::file_size(path, error);
    return error ? 0 : size;
}

[[noreturn]] void fail(const std::string& what, const std::string& path, const std::error_code& error) {
    throw std::runtime_error(what + " '" + path + "': " + error.message());
}

} // namespace

std::string chunk_path(const std::string& database, std::size_t index) {
    char digits[16];
    std::snprintf(digits, sizeof digits, "%06zu", index);
    return database + kInfix + digits;
}

bool is_chunk_name(const std::string& file_name) {
    const auto at = file_name.rfind(kInfix);
    if (at == std::string::npos || file_name.size() != at + std::char_traits<char>::length(kInfix) + kDigits)
        return false;
    for (std::size_t i = file_name.size() - kDigits; i < file_name.size(); ++i)
        if (file_name[i] < '0' || file_name[i] > '9') return false;
    return true;
}

bool exists(const std::string& database) {
    std::error_code error;
    return std::filesystem::is_regular_file(chunk_path(database, 0), error);
}

std::size_t count(const std::string& database) {
    std::size_t n = 0;
    std::error_code error;
    while (std::filesystem::is_regular_file(chunk_path(database, n), error))
        ++n;
    return n;
}

std::uint64_t size(const std::string& database) {
    std::uint64_t total = 0;
    for (std::size_t i = 0, n = count(database); i < n; ++i)
        total += file_size_or_zero(chunk_path(database, i));
    return total;
}

std::size_t stored_chunk_size(const std::string& database, std::size_t fallback) {
    std::error_code error;
    if (!std::filesystem::is_regular_file(chunk_path(database, 1), error)) return fallback;
    const auto first = file_size_or_zero(chunk_path(database, 0));
    return first > 0 ? static_cast<std::size_t>(first) : fallback;
}

std::vector<unsigned char> read(const std::string& database) {
    std::vector<unsigned char> bytes;
    for (std::size_t i = 0, n = count(database); i < n; ++i) {
        const std::string path = chunk_path(database, i);
        std::ifstream in(path, std::ios::binary);
        if (!in) throw std::runtime_error("cannot read '" + path + "'");
        bytes.insert(bytes.end(), std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
        if (in.bad()) throw std::runtime_error("cannot read '" + path + "'");
    }
    if (bytes.empty() && !exists(database)) throw std::runtime_error("there is no database at '" + database + "'");
    return bytes;
}

void split(const std::string& single_file, const std::string& database, std::size_t chunk_size) {
    std::ifstream in(single_file, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read '" + single_file + "'");
    remove(database);
    std::vector<char> buffer(chunk_size);
    std::size_t index = 0;
    do {
        in.read(buffer.data(), static_cast<std::streamsize>(chunk_size));
        const auto got = static_cast<std::size_t>(in.gcount());
        if (in.bad()) throw std::runtime_error("cannot read '" + single_file + "'");
        if (got == 0 && index > 0) break;
        const std::string path = chunk_path(database, index++);
        std::ofstream out(path, std::ios::binary | std::ios::trunc);
        if (!out.write(buffer.data(), static_cast<std::streamsize>(got)) || !out.flush())
            throw std::runtime_error("cannot write '" + path + "'");
    } while (in);
}

void rename(const std::string& from, const std::string& to) {
    remove(to);
    for (std::size_t i = 0, n = count(from); i < n; ++i) {
        std::error_code error;
        std::filesystem::rename(chunk_path(from, i), chunk_path(to, i), error);
        if (error) fail("cannot move", chunk_path(from, i), error);
    }
}

void remove(const std::string& database) {
    // From the end, so a failure half-way leaves a shorter database rather than a gap.
    for (std::size_t n = count(database); n > 0; --n) {
        std::error_code error;
        std::filesystem::remove(chunk_path(database, n - 1), error);
        if (error) fail("cannot remove", chunk_path(database, n - 1), error);
    }
}

} // namespace platform::chunks
