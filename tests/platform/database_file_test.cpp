#include "orm/database.h"
#include "platform/database_file.h"
#include "support/temp_directory.h"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>

namespace {

std::string make_database(const test_support::TempDirectory& dir, const std::string& name, int rows = 50) {
    const std::string path = dir.file(name);
    orm::Database db(path);
    db.execute("CREATE TABLE user (id INTEGER PRIMARY KEY, username VARCHAR(20))");
    db.execute("BEGIN");
    for (int i = 0; i < rows; ++i)
        db.run("INSERT INTO user (username) VALUES (?)", "user" + std::to_string(i) + std::string(60, 'x'));
    db.execute("COMMIT");
    return path;
}

void write_text(const std::string& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << text;
}

} // namespace

TEST_CASE("an intact database passes the check") {
    test_support::TempDirectory dir;
    CHECK(platform::check_database_file(make_database(dir, "good.db")) == "");
}

TEST_CASE("files that are not databases are named as such") {
    test_support::TempDirectory dir;
    const std::string path = dir.file("x.db");
    write_text(path, "");
    CHECK(platform::check_database_file(path) == "this is not an SQLite database");
    write_text(path, "id,username\n1,peter\n");
    CHECK(platform::check_database_file(path) == "this is not an SQLite database");
    write_text(path, std::string(8192, '\0'));
    CHECK(platform::check_database_file(path) == "this is not an SQLite database");
    CHECK(platform::check_database_file(dir.file("missing.db")).find("cannot be read") != std::string::npos);
}

TEST_CASE("a truncated database is refused as incomplete") {
    test_support::TempDirectory dir;
    const std::string path = make_database(dir, "cut.db", 400);
    const auto size = std::filesystem::file_size(path);
    REQUIRE(size > 4 * 4096);

    SUBCASE("cut at a page boundary") {
        std::filesystem::resize_file(path, size - 4096);
    }
    SUBCASE("cut in the middle of a page") {
        std::filesystem::resize_file(path, size - 1000);
    }
    CHECK(platform::check_database_file(path).find("incomplete") != std::string::npos);
}

TEST_CASE("a damaged database is refused with SQLite's complaint") {
    test_support::TempDirectory dir;
    const std::string path = make_database(dir, "damaged.db", 400);
    {
        std::fstream file(path, std::ios::binary | std::ios::in | std::ios::out);
        file.seekp(4096 * 2 + 8);
        const std::string garbage(64, '\xff');
        file.write(garbage.data(), static_cast<std::streamsize>(garbage.size()));
    }
    const std::string problem = platform::check_database_file(path);
    CHECK_MESSAGE(problem.find("damaged") != std::string::npos, problem);
}

TEST_CASE("the schema check hook decides on an intact database, which it sees read-only") {
    test_support::TempDirectory dir;
    const std::string path = make_database(dir, "good.db");
    auto needs_pets = [](orm::Database& db) {
        auto statement = db.prepare("SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'pet'");
        statement->step();
        return statement->get_int64(0) == 1 ? std::string() : std::string("it has no pet table");
    };
    CHECK(platform::check_database_file(path, needs_pets) == "it has no pet table");
    CHECK(platform::check_database_file(path, [](orm::Database& db) {
              try {
                  db.execute("CREATE TABLE pet (id INTEGER)");
                  return std::string("wrote");
              } catch (const std::exception&) {
                  return std::string("read-only");
              }
          }) == "read-only");
}

TEST_CASE(
    "a candidate's header is checked and converted: write-ahead log switched off, formats of newer SQLite refused") {
    test_support::TempDirectory dir;
    const std::string path = make_database(dir, "wal.db", 3);
    {
        orm::Database db(path);
        db.execute("PRAGMA journal_mode = WAL");
    }
    CHECK(platform::check_database_file(path).find("write-ahead-log mode") != std::string::npos);
    const platform::HeaderCheck converted = platform::convert_header_for_reading(path);
    CHECK(converted.problem == "");
    CHECK(converted.write_ahead_log);
    CHECK(converted.schema_entries == 1);
    CHECK(platform::check_database_file(path) == "");
    CHECK_FALSE(platform::convert_header_for_reading(path).write_ahead_log); // converted once, for good

    std::fstream file(path, std::ios::binary | std::ios::in | std::ios::out);
    file.seekp(18);
    file.put(3);
    file.close();
    CHECK(platform::convert_header_for_reading(path).problem ==
          "it was written by a newer SQLite, in a file format this app cannot read");
}

TEST_CASE("the schema's entries are counted from the pages, over several pages too") {
    test_support::TempDirectory dir;
    const std::string path = dir.file("many.db");
    {
        orm::Database db(path);
        db.execute("BEGIN");
        for (int i = 0; i < 700; ++i)
            db.execute("CREATE TABLE t" + std::to_string(i) + " (x TEXT); CREATE INDEX i" + std::to_string(i) +
                       " ON t" + std::to_string(i) + " (x)");
        db.execute("COMMIT");
    }
    CHECK(platform::convert_header_for_reading(path).schema_entries == 1400);
}

TEST_CASE("a damaged file is kept aside under a dated name that is never taken") {
    test_support::TempDirectory dir;
    const std::string path = dir.file("registration.db");
    const std::time_t when = 1735787045; // 2025-01-02 03:04:05 UTC
    const std::string first = platform::damaged_copy_path(path, when);
    CHECK(first == dir.file("registration-damaged-20250102-030405.db"));
    write_text(first, "taken");
    CHECK(platform::damaged_copy_path(path, when) == dir.file("registration-damaged-20250102-030405-2.db"));
}

TEST_CASE("read_file returns the bytes, or names the file it cannot read") {
    test_support::TempDirectory dir;
    const std::string path = dir.file("raw.bin");
    write_text(path, std::string("a\0b", 3));
    CHECK(platform::read_file(path) == std::vector<unsigned char>{'a', '\0', 'b'});
    CHECK_THROWS_WITH_AS(platform::read_file(dir.file("missing")), doctest::Contains("missing"), std::runtime_error);
}
