// platform::ImportUndo over the chunked storage the browser host uses: the copy kept before an import is
// brought back byte for byte; a refused import, an interrupted one or a damaged copy never loses data.
#include "platform/chunk_store.h"
#include "platform/database_host.h"
#include "platform/import_undo.h"
#include "support/tally.h"
#include "support/temp_directory.h"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace {

using Storage = platform::DatabaseHost::Storage;

// An ordinary database file holding a counter at `value` and a blob spread over several chunks.
std::string make_candidate(const test_support::TempDirectory& dir, const std::string& name, int value) {
    const std::string path = dir.file(name);
    orm::Database other(path);
    test_support::Tally counter(other);
    for (int i = 0; i < value; ++i)
        counter.increment();
    other.execute("CREATE TABLE filler (x BLOB)");
    other.run("INSERT INTO filler VALUES (zeroblob(150000))");
    return path;
}

int counter_value(platform::DatabaseHost& host) {
    return static_cast<int>(test_support::Tally(*host.database()).value());
}

struct Fixture {
    test_support::TempDirectory dir;
    std::string path = dir.file("registration.db");
    platform::DatabaseHost host{[] {}, Storage::Chunked};
    platform::ImportUndo undo{path, dir.file("registration-undo.db")};

    Fixture() {
        REQUIRE(host.open(path));
        test_support::Tally counter(*host.database());
        for (int i = 0; i < 7; ++i)
            counter.increment();
        host.database()->execute("CREATE TABLE notes (text TEXT)");
        host.database()->run("INSERT INTO notes VALUES (?)", std::string(200000, 'n')); // several chunks
    }

    // What the browser host does on an import: copy, replace, then keep the copy (or drop it).
    std::string import(const std::string& candidate) {
        undo.prepare();
        std::string problem = host.replace_with(candidate);
        problem.empty() ? undo.commit() : undo.abandon();
        return problem;
    }
};

} // namespace

TEST_CASE("import undo: the data from before the import comes back, the same bytes and the same rows") {
    Fixture f;
    const std::vector<unsigned char> stored = f.host.stored_bytes();
    const std::vector<unsigned char> exported = f.host.snapshot();
    CHECK_FALSE(f.undo.available());

    REQUIRE(f.import(make_candidate(f.dir, "other.db", 42)) == "");
    CHECK(counter_value(f.host) == 42);
    REQUIRE(f.undo.available());
    CHECK(f.undo.size() == stored.size());

    REQUIRE(f.undo.restore(f.host) == "");
    CHECK(counter_value(f.host) == 7);
    CHECK(f.host.stored_bytes() == stored);
    CHECK(f.host.snapshot() == exported); // what File → Export downloads
    CHECK_FALSE(f.undo.available());     // one undo: the copy is the database again
    CHECK_FALSE(platform::chunks::exists(f.path + ".previous"));
    CHECK(f.undo.restore(f.host) == "there is no data from before an import to bring back");
    CHECK(f.host.stored_bytes() == stored);
}

TEST_CASE("import undo: the next import replaces the kept copy; a refused one keeps it and leaves no pending copy") {
    Fixture f;
    REQUIRE(f.import(make_candidate(f.dir, "first.db", 42)) == "");
    const std::vector<unsigned char> first = f.host.stored_bytes();
    REQUIRE(f.import(make_candidate(f.dir, "second.db", 99)) == "");
    // Undo goes back to before the latest import, not the first.
    REQUIRE(f.undo.restore(f.host) == "");
    CHECK(counter_value(f.host) == 42);
    CHECK(f.host.stored_bytes() == first);

    REQUIRE(f.import(make_candidate(f.dir, "third.db", 5)) == "");
    const std::vector<unsigned char> kept = platform::chunks::read(f.dir.file("registration-undo.db"));
    const std::string garbage = f.dir.file("garbage.db");
    std::ofstream(garbage, std::ios::binary) << std::string(5000, 'x');
    CHECK(f.import(garbage) == "this is not an SQLite database");
    CHECK(counter_value(f.host) == 5);
    CHECK(platform::chunks::read(f.dir.file("registration-undo.db")) == kept);
    CHECK_FALSE(platform::chunks::exists(f.dir.file("registration-undo.db.pending")));
}

TEST_CASE("import undo: stopped between the copy and the replace, nothing is lost and nothing stale is offered") {
    Fixture f;
    const std::vector<unsigned char> stored = f.host.stored_bytes();
    f.undo.prepare(); // … and the tab dies here, before replace_with()
    f.host.close();
    platform::DatabaseHost reopened([] {}, Storage::Chunked);
    REQUIRE(reopened.open(f.path));
    CHECK(reopened.stored_bytes() == stored);
    platform::ImportUndo after(f.path, f.dir.file("registration-undo.db"));
    CHECK_FALSE(after.available()); // a pending copy is never offered as an undo
    after.prepare();                // the next import starts over from the current data
    CHECK(platform::chunks::read(f.dir.file("registration-undo.db.pending")) == stored);
}

TEST_CASE("import undo: a damaged kept copy is refused and the data stays; Discard drops the copy") {
    Fixture f;
    REQUIRE(f.import(make_candidate(f.dir, "other.db", 42)) == "");
    const std::vector<unsigned char> imported = f.host.stored_bytes();
    const std::string first_chunk = platform::chunks::chunk_path(f.dir.file("registration-undo.db"), 0);
    {
        std::ofstream broken(first_chunk, std::ios::binary | std::ios::in | std::ios::out);
        broken << "not a database header";
    }
    const std::string problem = f.undo.restore(f.host);
    CHECK_FALSE(problem.empty());
    CHECK(counter_value(f.host) == 42);
    CHECK(f.host.stored_bytes() == imported);
    CHECK(f.undo.available()); // still there: the person may export it or discard it

    f.undo.discard();
    CHECK_FALSE(f.undo.available());
    CHECK(f.host.stored_bytes() == imported);
}
