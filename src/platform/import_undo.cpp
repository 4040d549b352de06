#include "platform/import_undo.h"

#include "platform/chunk_store.h"
#include "platform/database_host.h"

#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <system_error>
#include <vector>

namespace platform {

namespace {

// Each chunk of `from` written as the same chunk of `to` (which has none yet): new files, so the save loop
// stores them (a file it loaded or saved has MEMFS timestamp 0; these do not).
void copy_chunks(const std::string& from, const std::string& to) {
    for (std::size_t i = 0, n = chunks::count(from); i < n; ++i) {
        const std::string source = chunks::chunk_path(from, i);
        const std::string target = chunks::chunk_path(to, i);
        std::ifstream in(source, std::ios::binary);
        if (!in) throw std::runtime_error("cannot read '" + source + "'");
        const std::vector<char> bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
        if (in.bad()) throw std::runtime_error("cannot read '" + source + "'");
        std::ofstream out(target, std::ios::binary | std::ios::trunc);
        if (!out.write(bytes.data(), static_cast<std::streamsize>(bytes.size())) || !out.flush())
            throw std::runtime_error("cannot write '" + target + "'");
    }
}

} // namespace

ImportUndo::ImportUndo(std::string database, std::string undo)
    : database_(std::move(database)), undo_(std::move(undo)), pending_(undo_ + ".pending") {}

bool ImportUndo::available() const {
    return chunks::exists(undo_);
}

std::uint64_t ImportUndo::size() const {
    return chunks::size(undo_);
}

void ImportUndo::prepare() {
    abandon(); // what an earlier, interrupted attempt left
    if (!chunks::exists(database_)) throw std::runtime_error("there is no database at '" + database_ + "' to keep");
    try {
        copy_chunks(database_, pending_);
        // Read back: the copy is what Undo will bring back, so it must be the same bytes.
        if (chunks::read(pending_) != chunks::read(database_))
            throw std::runtime_error("the copy of '" + database_ + "' differs from it");
    } catch (...) {
        abandon();
        throw;
    }
}

void ImportUndo::commit() {
    chunks::rename(pending_, undo_);
}

void ImportUndo::abandon() noexcept {
    try {
        chunks::remove(pending_);
    } catch (const std::exception&) {
        // a stray pending copy is removed by the next prepare(); it is never restored
    }
}

std::string ImportUndo::restore(DatabaseHost& host) {
    if (!available()) return "there is no data from before an import to bring back";
    const std::string single = undo_ + ".restore"; // an ordinary file: not a chunk, so never saved itself
    try {
        const std::vector<unsigned char> bytes = chunks::read(undo_);
        std::ofstream out(single, std::ios::binary | std::ios::trunc);
        if (!out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size())) ||
            !out.flush())
            throw std::runtime_error("cannot write '" + single + "'");
    } catch (const std::exception& e) {
        std::error_code ignored;
        std::filesystem::remove(single, ignored);
        return std::string("the kept copy could not be read (") + e.what() + ")";
    }
    // replace_with checks the file, keeps the current database until it opened, and removes `single`.
    if (std::string problem = host.replace_with(single); !problem.empty()) return problem;
    try {
        chunks::remove(undo_);
    } catch (const std::exception&) {
        // the data is back; a copy left over is only offered again, and restores the same bytes
    }
    return "";
}

void ImportUndo::discard() {
    chunks::remove(undo_);
}

} // namespace platform
