#include "orm/error.h"
#include "platform/chunk_store.h"
#include "platform/database_host.h"
#include "support/tally.h"
#include "support/temp_directory.h"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace {

std::string read_text(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

void write_bytes(const std::string& path, const std::vector<unsigned char>& bytes) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
}

// A database with a table spread over several pages, then one of its b-tree pages overwritten: the
// header is intact (SQLite opens it) but PRAGMA quick_check fails.
std::string make_damaged_database(const test_support::TempDirectory& dir, const std::string& name) {
    const std::string path = dir.file(name);
    {
        orm::Database db(path);
        db.execute("CREATE TABLE note (id INTEGER PRIMARY KEY, text TEXT)");
        db.execute("BEGIN");
        for (int i = 0; i < 200; ++i)
            db.run("INSERT INTO note (text) VALUES (?)", std::string(100, 'a' + i % 26));
        db.execute("COMMIT");
    }
    std::fstream file(path, std::ios::binary | std::ios::in | std::ios::out);
    file.seekp(4096 * 2 + 8); // inside page 3: cell pointers of a table b-tree page
    const std::string garbage(64, '\xff');
    file.write(garbage.data(), static_cast<std::streamsize>(garbage.size()));
    return path;
}

} // namespace

TEST_CASE("every committed write asks the host to save") {
    test_support::TempDirectory dir;
    int save_requests = 0;
    platform::DatabaseHost host([&] { ++save_requests; });
    REQUIRE(host.open(dir.file("app.db")));
    test_support::Tally counter(*host.database());
    const int after_schema = save_requests;
    counter.increment();
    counter.increment();
    CHECK(save_requests == after_schema + 2);
    counter.value(); // a read persists nothing
    CHECK(save_requests == after_schema + 2);
}

TEST_CASE("a file that is not a database is reported as damaged and left as it was") {
    test_support::TempDirectory dir;
    const std::string path = dir.file("app.db");
    {
        std::ofstream garbage(path, std::ios::binary);
        garbage << "this is not an SQLite database, but it is somebody's file";
    }
    platform::DatabaseHost host([] {});
    CHECK_FALSE(host.open(path));
    CHECK(host.database() == nullptr);
    CHECK(host.damaged());
    CHECK_FALSE(host.error().empty());
    CHECK(read_text(path) == "this is not an SQLite database, but it is somebody's file");
}

TEST_CASE("a database that fails quick_check is damaged; start_fresh keeps it byte for byte") {
    test_support::TempDirectory dir;
    const std::string path = make_damaged_database(dir, "registration.db");
    const std::string damaged_bytes = read_text(path);

    platform::DatabaseHost host([] {});
    REQUIRE_FALSE(host.open(path));
    CHECK(host.damaged());
    CHECK(host.error().find("damaged") != std::string::npos);
    CHECK(read_text(path) == damaged_bytes); // opening changed nothing

    const std::string kept = host.start_fresh(1735787045); // 2025-01-02 03:04:05 UTC
    CHECK(kept == dir.file("registration-damaged-20250102-030405.db"));
    CHECK(read_text(kept) == damaged_bytes);
    REQUIRE(host.database() != nullptr);
    CHECK(host.database()->quick_check() == "ok");
    CHECK_FALSE(host.damaged());
    test_support::Tally counter(*host.database());
    CHECK(counter.value() == 0);
}

TEST_CASE("a write is refused by SQLite while the host does not allow it") {
    test_support::TempDirectory dir;
    int commits = 0;
    platform::DatabaseHost host([&] { ++commits; });
    REQUIRE(host.open(dir.file("app.db")));
    test_support::Tally counter(*host.database());
    counter.increment();
    host.set_writable(false);
    const int before = commits;
    CHECK_THROWS_AS(counter.increment(), orm::DatabaseError);
    CHECK(commits == before);
    CHECK(counter.value() == 1); // reads still work
    host.set_writable(true);
    CHECK(counter.increment() == 2);
}

TEST_CASE("snapshot is a standard database file with every committed row") {
    test_support::TempDirectory dir;
    platform::DatabaseHost host([] {});
    REQUIRE(host.open(dir.file("app.db")));
    test_support::Tally counter(*host.database());
    counter.increment();
    counter.increment();
    const std::vector<unsigned char> bytes = host.snapshot();
    REQUIRE(bytes.size() >= 100);
    CHECK(std::string(bytes.begin(), bytes.begin() + 16) == std::string("SQLite format 3\0", 16));

    const std::string copy = dir.file("copy.db");
    write_bytes(copy, bytes);
    CHECK(platform::check_database_file(copy).empty());
    orm::Database reopened(copy, orm::Database::Mode::ReadOnly);
    CHECK(test_support::Tally(reopened).value() == 2);
}

TEST_CASE("snapshot refuses to copy in the middle of a transaction") {
    test_support::TempDirectory dir;
    platform::DatabaseHost host([] {});
    REQUIRE(host.open(dir.file("app.db")));
    host.database()->execute("CREATE TABLE t (x)");
    host.database()->execute("BEGIN");
    host.database()->execute("INSERT INTO t VALUES (1)");
    CHECK_THROWS_AS(host.snapshot(), orm::UsageError);
    host.database()->execute("COMMIT");
    CHECK_FALSE(host.snapshot().empty());
}

TEST_CASE("import: a verified file replaces the data; a bad one changes nothing") {
    test_support::TempDirectory dir;
    platform::DatabaseHost host([] {});
    const std::string path = dir.file("registration.db");
    REQUIRE(host.open(path));
    {
        test_support::Tally counter(*host.database());
        counter.increment();
    }

    SUBCASE("garbage is refused, the previous data stays open and the candidate is removed") {
        const std::string candidate = dir.file("candidate.db");
        write_bytes(candidate, std::vector<unsigned char>(4096, 'x'));
        CHECK(host.replace_with(candidate) == "this is not an SQLite database");
        CHECK_FALSE(std::filesystem::exists(candidate));
        REQUIRE(host.database() != nullptr);
        CHECK(test_support::Tally(*host.database()).value() == 1);
    }
    SUBCASE("a file the schema check refuses changes nothing") {
        const std::string candidate = dir.file("candidate.db");
        {
            orm::Database other(candidate);
            other.execute("CREATE TABLE unrelated (x)");
        }
        const std::string problem =
            host.replace_with(candidate, [](orm::Database&) { return std::string("no users table"); });
        CHECK(problem == "no users table");
        CHECK(test_support::Tally(*host.database()).value() == 1);
    }
    SUBCASE("an intact database replaces the data and the previous copy is gone afterwards") {
        const std::string candidate = dir.file("candidate.db");
        {
            orm::Database other(candidate);
            test_support::Tally counter(other);
            for (int i = 0; i < 42; ++i)
                counter.increment();
        }
        CHECK(host.replace_with(candidate) == "");
        REQUIRE(host.database() != nullptr);
        CHECK(test_support::Tally(*host.database()).value() == 42);
        CHECK_FALSE(std::filesystem::exists(candidate));
        CHECK_FALSE(std::filesystem::exists(path + ".previous"));
    }
}

// --- Chunked storage (what the browser host uses) ---------------------------------------------------------

namespace {
using Storage = platform::DatabaseHost::Storage;

std::vector<unsigned char> bytes_of(const std::string& path) {
    const std::string text = read_text(path);
    return std::vector<unsigned char>(text.begin(), text.end());
}
} // namespace

TEST_CASE("chunked: a single file stored by an earlier version is converted, byte for byte, on open") {
    test_support::TempDirectory dir;
    const std::string path = dir.file("registration.db");
    {
        orm::Database old(path);
        test_support::Tally counter(old);
        for (int i = 0; i < 7; ++i)
            counter.increment();
        old.execute("CREATE TABLE filler (x BLOB)");
        old.run("INSERT INTO filler VALUES (zeroblob(300000))"); // several chunks
    }
    const std::vector<unsigned char> original = bytes_of(path);
    platform::DatabaseHost host([] {}, Storage::Chunked);
    REQUIRE(host.open(path));
    CHECK(host.converted());
    CHECK(platform::chunks::count(path) == (original.size() + platform::chunks::kDefaultChunkSize - 1) /
                                               platform::chunks::kDefaultChunkSize);
    CHECK(host.stored_bytes() == original);
    CHECK_FALSE(std::filesystem::exists(path)); // the single file goes once the chunks are verified
    CHECK(test_support::Tally(*host.database()).value() == 7);
    REQUIRE(host.open(path));
    CHECK_FALSE(host.converted()); // once
}

TEST_CASE("chunked: import replaces the chunks; a refused file leaves them as they were") {
    test_support::TempDirectory dir;
    const std::string path = dir.file("registration.db");
    platform::DatabaseHost host([] {}, Storage::Chunked);
    REQUIRE(host.open(path));
    test_support::Tally(*host.database()).increment();
    const std::vector<unsigned char> before = host.stored_bytes();

    const std::string garbage = dir.file("garbage.db");
    write_bytes(garbage, std::vector<unsigned char>(5000, 'x'));
    CHECK(host.replace_with(garbage) == "this is not an SQLite database");
    CHECK(host.stored_bytes() == before);

    const std::string candidate = dir.file("candidate.db");
    {
        orm::Database other(candidate);
        test_support::Tally counter(other);
        for (int i = 0; i < 42; ++i)
            counter.increment();
        other.execute("CREATE TABLE filler (x BLOB)");
        other.run("INSERT INTO filler VALUES (zeroblob(200000))");
    }
    const std::vector<unsigned char> imported = bytes_of(candidate);
    CHECK(host.replace_with(candidate) == "");
    CHECK(test_support::Tally(*host.database()).value() == 42);
    CHECK(platform::chunks::read(path) == imported);
    CHECK_FALSE(std::filesystem::exists(candidate));
    CHECK_FALSE(platform::chunks::exists(path + ".previous"));
    CHECK_FALSE(std::filesystem::exists(path));
}

TEST_CASE("chunked: a damaged database is reported; start_fresh keeps its chunks aside byte for byte") {
    test_support::TempDirectory dir;
    const std::string path = make_damaged_database(dir, "registration.db"); // a single file: converted first
    const std::vector<unsigned char> damaged = bytes_of(path);
    platform::DatabaseHost host([] {}, Storage::Chunked);
    REQUIRE_FALSE(host.open(path));
    CHECK(host.damaged());
    CHECK(host.stored_bytes() == damaged); // what "export the damaged file" downloads
    const std::string kept = host.start_fresh(1735787045);
    CHECK(kept == dir.file("registration-damaged-20250102-030405.db"));
    CHECK(platform::chunks::read(kept) == damaged);
    REQUIRE(host.database() != nullptr);
    CHECK(host.database()->quick_check() == "ok");
    CHECK(host.stored_size() < damaged.size());
}

TEST_CASE("chunked: start_over after a loss keeps every chunk left aside, gaps and all, and opens an empty database") {
    test_support::TempDirectory dir;
    const std::string path = dir.file("registration.db");
    {
        platform::DatabaseHost host([] {}, Storage::Chunked);
        REQUIRE(host.open(path));
        host.database()->execute("CREATE TABLE note (id INTEGER PRIMARY KEY, text TEXT)");
        for (int i = 0; i < 80; ++i)
            host.database()->run("INSERT INTO note (text) VALUES (?)", std::string(4000, 'a'));
        host.close();
    }
    REQUIRE(platform::chunks::count(path) >= 4);
    // The browser lost chunks 0 and 2: what is left must not become part of the new database.
    const std::string chunk1 = read_text(platform::chunks::chunk_path(path, 1));
    std::filesystem::remove(platform::chunks::chunk_path(path, 0));
    std::filesystem::remove(platform::chunks::chunk_path(path, 2));
    const auto left = std::distance(std::filesystem::directory_iterator(std::filesystem::path(path).parent_path()), std::filesystem::directory_iterator());

    platform::DatabaseHost host([] {}, Storage::Chunked);
    const std::string kept = host.start_over(path, 1735787045);
    CHECK(kept == dir.file("registration-damaged-20250102-030405.db"));
    CHECK(read_text(platform::chunks::chunk_path(kept, 1)) == chunk1);
    CHECK_FALSE(std::filesystem::exists(platform::chunks::chunk_path(path, 3)));
    REQUIRE(host.database() != nullptr);
    CHECK(host.database()->quick_check() == "ok");
    CHECK(host.stored_size() <= platform::chunks::kDefaultChunkSize); // a new, empty database: one chunk
    CHECK(std::distance(std::filesystem::directory_iterator(std::filesystem::path(path).parent_path()), std::filesystem::directory_iterator()) ==
          left + 1); // the remains moved (not copied), plus the new database's chunk

    SUBCASE("with nothing left, it just starts empty") {
        host.close();
        platform::chunks::remove(path);
        platform::DatabaseHost again([] {}, Storage::Chunked);
        CHECK(again.start_over(path, 1735787046) == "");
        CHECK(again.database() != nullptr);
    }
}
