// The chunked layout: SQLite reads and writes a database as fixed-size chunk files, the chunks
// concatenated are a standard database file, and a small change rewrites only a few chunks.
#include "platform/chunk_store.h"
#include "platform/chunk_vfs.h"
#include "platform/database_file.h"

#include "orm/database.h"
#include "support/temp_directory.h"

#include <doctest/doctest.h>

#include <sqlite3.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace {

constexpr std::size_t kSmallChunk = 4096; // small, so a small database spans many chunks

std::vector<std::vector<unsigned char>> chunk_contents(const std::string& database) {
    std::vector<std::vector<unsigned char>> contents;
    for (std::size_t i = 0, n = platform::chunks::count(database); i < n; ++i) {
        std::ifstream in(platform::chunks::chunk_path(database, i), std::ios::binary);
        contents.emplace_back(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
    return contents;
}

std::vector<unsigned char> serialized(orm::Database& db) {
    sqlite3_int64 size = 0;
    unsigned char* bytes = sqlite3_serialize(db.handle(), "main", &size, 0);
    std::vector<unsigned char> copy(bytes, bytes + size);
    sqlite3_free(bytes);
    return copy;
}

void fill(orm::Database& db, int rows) {
    db.execute("CREATE TABLE IF NOT EXISTS note (id INTEGER PRIMARY KEY, body TEXT NOT NULL)");
    db.execute("BEGIN");
    for (int i = 0; i < rows; ++i)
        db.run("INSERT INTO note (body) VALUES (?)", "note " + std::to_string(i) + std::string(200, 'x'));
    db.execute("COMMIT");
}

std::size_t chunk_files_in(const std::string& directory) {
    std::size_t n = 0;
    for (const auto& entry : std::filesystem::directory_iterator(directory))
        n += platform::chunks::is_chunk_name(entry.path().filename().string()) ? 1 : 0;
    return n;
}

} // namespace

TEST_CASE("a database written through the chunk VFS is its chunks concatenated") {
    test_support::TempDirectory dir;
    const std::string path = dir.file("records.db");
    {
        orm::Database db(path, orm::Database::Mode::ReadWriteCreate, platform::chunk_vfs(kSmallChunk));
        fill(db, 500);
        const auto chunks = chunk_contents(path);
        REQUIRE(chunks.size() > 20);
        for (std::size_t i = 0; i + 1 < chunks.size(); ++i)
            CHECK(chunks[i].size() == kSmallChunk);
        CHECK(platform::chunks::read(path) == serialized(db));
        CHECK_FALSE(std::filesystem::exists(path));             // no single file besides the chunks
        CHECK_FALSE(std::filesystem::exists(path + "-journal")); // the journal is gone after the commit
    }
    // The concatenation is a standard file the default VFS (and the sqlite3 tool) opens.
    const std::string single = dir.file("export.db");
    const auto bytes = platform::chunks::read(path);
    std::ofstream(single, std::ios::binary).write(reinterpret_cast<const char*>(bytes.data()),
                                                  static_cast<std::streamsize>(bytes.size()));
    CHECK(platform::check_database_file(single) == "");

    // Reopened, with a VFS of another chunk size: the stored chunk size wins.
    orm::Database again(path, orm::Database::Mode::ReadWrite, platform::chunk_vfs(64 * 1024));
    CHECK(again.quick_check() == "ok");
    auto count = again.prepare("SELECT count(*) FROM note");
    count->step();
    CHECK(count->get_int64(0) == 500);
}

TEST_CASE("changing one row rewrites a few chunks, not the database") {
    test_support::TempDirectory dir;
    const std::string path = dir.file("records.db");
    orm::Database db(path, orm::Database::Mode::ReadWriteCreate, platform::chunk_vfs(kSmallChunk));
    fill(db, 2000);
    const auto before = chunk_contents(path);
    db.run("UPDATE note SET body = ? WHERE id = ?", std::string("changed"), 1234);
    const auto after = chunk_contents(path);
    REQUIRE(after.size() == before.size());
    std::size_t changed = 0;
    for (std::size_t i = 0; i < after.size(); ++i)
        changed += after[i] != before[i] ? 1 : 0;
    CAPTURE(before.size());
    CHECK(changed >= 2);  // the header (change counter) and the row's page
    CHECK(changed <= 3);
}

TEST_CASE("a database that shrinks drops its trailing chunks; an empty one is one empty chunk") {
    test_support::TempDirectory dir;
    const std::string path = dir.file("records.db");
    orm::Database db(path, orm::Database::Mode::ReadWriteCreate, platform::chunk_vfs(kSmallChunk));
    CHECK(platform::chunks::count(path) == 1);
    CHECK(platform::chunks::size(path) == 0);
    fill(db, 1000);
    const std::size_t grown = platform::chunks::count(path);
    db.execute("DELETE FROM note WHERE id > 100");
    db.execute("VACUUM");
    const std::size_t shrunk = platform::chunks::count(path);
    CHECK(shrunk < grown / 4);
    CHECK(chunk_files_in(dir.file("")) == shrunk); // nothing left behind past the end
    CHECK(platform::chunks::read(path) == serialized(db));
    CHECK(db.quick_check() == "ok");
}

TEST_CASE("a single file becomes chunks, moves and is removed as a whole") {
    test_support::TempDirectory dir;
    const std::string single = dir.file("single.db");
    {
        orm::Database db(single);
        fill(db, 300);
    }
    const std::string chunked = dir.file("chunked.db");
    platform::chunks::split(single, chunked, kSmallChunk);
    CHECK(platform::chunks::stored_chunk_size(chunked, 999) == kSmallChunk);
    std::ifstream in(single, std::ios::binary);
    const std::vector<unsigned char> original((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    CHECK(platform::chunks::read(chunked) == original);
    {
        orm::Database db(chunked, orm::Database::Mode::ReadWrite, platform::chunk_vfs(kSmallChunk));
        CHECK(db.quick_check() == "ok");
    }
    const std::string moved = dir.file("moved.db");
    platform::chunks::rename(chunked, moved);
    CHECK_FALSE(platform::chunks::exists(chunked));
    CHECK(platform::chunks::read(moved) == original);
    platform::chunks::remove(moved);
    CHECK(chunk_files_in(dir.file("")) == 0);
    CHECK_THROWS_WITH_AS(platform::chunks::read(moved), doctest::Contains("there is no database"), std::runtime_error);
}

TEST_CASE("opening a missing chunked database without create fails; names are recognised") {
    test_support::TempDirectory dir;
    CHECK_THROWS(orm::Database(dir.file("missing.db"), orm::Database::Mode::ReadWrite, platform::chunk_vfs(kSmallChunk)));
    CHECK(platform::chunks::chunk_path("/data/r.db", 42) == "/data/r.db.chunk.000042");
    CHECK(platform::chunks::is_chunk_name("r.db.chunk.000042"));
    CHECK_FALSE(platform::chunks::is_chunk_name("r.db"));
    CHECK_FALSE(platform::chunks::is_chunk_name("r.db.chunk.00004x"));
    CHECK_FALSE(platform::chunks::is_chunk_name("r.db.chunk.000042-journal"));
}
