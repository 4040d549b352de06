// The import the browser host runs a slice per frame (platform::StagedImport over app::DatabaseImport,
// stepped by WebStorage::step_import): its progress only grows, Cancel (destroying it half-way) leaves the
// data exactly as it was, the database it readies is the one the one-shot import gives, row for row and
// hash for hash, and a refusal found on the way says what the one-shot import says.
#include "app/database_import.h"
#include "app/password_hasher.h"
#include "app/schema.h"
#include "orm/orm.h"
#include "platform/database_host.h"
#include "platform/staged_import.h"
#include "support/temp_directory.h"

#include <doctest/doctest.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>

namespace {

constexpr app::Argon2Parameters kCheap{256, 1, 1}; // 4 Argon2 segments a hash

// A salt source that repeats itself from reset_entropy(): two imports that hash the same passwords in the
// same order then store the same PHC strings, so their databases can be compared byte for byte.
std::uint64_t g_entropy = 0;
int repeatable_entropy(void* buffer, std::size_t size) {
    auto* bytes = static_cast<unsigned char*>(buffer);
    for (std::size_t i = 0; i < size; ++i)
        bytes[i] = static_cast<unsigned char>(g_entropy++ * 131 + 7);
    return 0;
}
void reset_entropy() {
    g_entropy = 0;
}

// The tutorial's tables as its Flask app leaves them: `users` users (every tenth with a plaintext password,
// the rest with an Argon2id hash), 3 handlers, 130 pets and 70 comments: more rows than one batch of the
// copy in each table but the handlers'. `duplicate_at` (if not 0) gives that user the first one's name.
std::string make_tutorial_file(const test_support::TempDirectory& dir, const std::string& name, int users,
                               int duplicate_at = 0) {
    const std::string path = dir.file(name);
    orm::Database db(path);
    app::schema_migrator().upgrade(db, 1);
    db.execute("PRAGMA user_version = 0");
    const std::string hash = app::PasswordHasher(kCheap).hash("hashed password");
    orm::Transaction transaction(db);
    for (int i = 1; i <= users; ++i)
        db.run("INSERT INTO user (username, user_email, user_password) VALUES (?, ?, ?)",
               i == duplicate_at ? std::string("user1") : "user" + std::to_string(i),
               "user" + std::to_string(i) + "@example.org", i % 10 == 0 ? "plain " + std::to_string(i) : hash);
    for (int i = 1; i <= 3; ++i)
        db.run("INSERT INTO pet_handler (handler_name) VALUES (?)", "handler " + std::to_string(i));
    for (int i = 1; i <= 130; ++i)
        db.run("INSERT INTO pet_category (pet_name, pet_category, handler_id) VALUES (?, 'dog', ?)",
               "pet " + std::to_string(i), i % 3 + 1);
    for (int i = 1; i <= 70; ++i)
        db.run("INSERT INTO pet_comment (comment_content) VALUES (?)", "comment " + std::to_string(i));
    transaction.commit();
    return path;
}

// Every row of every table, in order, as text: two databases with equal dumps hold the same data.
std::string dump(orm::Database& db) {
    std::string text;
    std::vector<std::string> tables;
    {
        auto names = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name");
        while (names->step())
            tables.push_back(names->get_text(0));
    }
    for (const std::string& table : tables) {
        text += "[" + table + "]\n";
        auto rows = db.prepare("SELECT * FROM \"" + table + "\" ORDER BY rowid");
        while (rows->step()) {
            for (int c = 0; c < rows->column_count(); ++c)
                text += (c ? "|" : "") + (rows->is_null(c) ? std::string("NULL") : rows->get_text(c));
            text += "\n";
        }
    }
    return text;
}

std::int64_t integer(orm::Database& db, const std::string& sql) {
    auto statement = db.prepare(sql);
    statement->step();
    return statement->get_int64(0);
}

// The browser host's staging: the chosen file copied beside the data, read by app::DatabaseImport.
struct Staging {
    test_support::TempDirectory& dir;
    app::PasswordHasher hasher{kCheap, repeatable_entropy};

    platform::StagedImport stage(const std::string& file) {
        const std::string candidate = dir.file(".import-candidate.db");
        std::filesystem::copy_file(file, candidate, std::filesystem::copy_options::overwrite_existing);
        return platform::StagedImport(
            candidate, dir.file(".import-fresh.db"), [this](orm::Database& c, orm::Database& f) {
                return platform::import_work(std::make_unique<app::DatabaseImport>(c, f, hasher));
            });
    }
};

// A live database with data of its own, as the person has it before importing.
struct LiveData {
    test_support::TempDirectory& dir;
    platform::DatabaseHost host{[] {}};
    explicit LiveData(test_support::TempDirectory& d, const app::PasswordHasher& hasher) : dir(d) {
        REQUIRE(host.open(dir.file("registration.db")));
        app::open_schema(*host.database(), hasher);
        host.database()->run("INSERT INTO user (username, user_email, user_password) VALUES (?, ?, ?)", "resident",
                             "resident@example.org", app::PasswordHasher(kCheap).hash("resident password"));
    }
    orm::Database& db() { return *host.database(); }
};

bool staged_files_left(const test_support::TempDirectory& dir) {
    return std::filesystem::exists(dir.file(".import-candidate.db")) ||
           std::filesystem::exists(dir.file(".import-fresh.db")) ||
           std::filesystem::exists(dir.file(".import-fresh.db-journal"));
}

} // namespace

TEST_CASE("stepped a slice at a time, the import's progress only grows and it readies what the one-shot import does") {
    test_support::TempDirectory dir;
    const std::string file = make_tutorial_file(dir, "tutorial.db", 300);
    Staging staging{dir};

    reset_entropy();
    std::string one_shot;
    {
        platform::StagedImport staged = staging.stage(file);
        CHECK(staged.step(std::chrono::hours(1))); // what the host did before: everything in one call
        orm::Database fresh(staged.take_result());
        one_shot = dump(fresh);
        CHECK(integer(fresh, "SELECT count(*) FROM user") == 300);
    }

    reset_entropy();
    platform::StagedImport staged = staging.stage(file);
    double progress = staged.progress();
    CHECK(progress == 0.0);
    int steps = 0;
    while (!staged.step(std::chrono::microseconds(0))) {
        CHECK(staged.progress() >= progress);
        CHECK(staged.progress() < 1.0);
        progress = staged.progress();
        ++steps;
    }
    CHECK(staged.progress() == 1.0);
    // 30 plaintext passwords of 4 Argon2 segments, one segment a step, and the rows 64 at a time.
    CHECK(steps >= 30 * 4 + 300 / 64);
    CHECK(staged.summary() == "300 users, 3 pet handlers, 130 pets, 70 comments, 0 contact messages; upgraded from "
                              "the tutorial's Flask schema; 30 plaintext passwords re-hashed with Argon2id");
    orm::Database fresh(staged.take_result());
    CHECK(dump(fresh) == one_shot);
    CHECK(integer(fresh, "SELECT count(*) FROM user WHERE substr(user_password, 1, 10) <> '$argon2id$'") == 0);
    auto stored = fresh.prepare("SELECT user_password FROM user WHERE id = 10");
    REQUIRE(stored->step());
    CHECK(staging.hasher.verify("plain 10", stored->get_text(0)));
}

TEST_CASE("Cancel half-way (the staged import destroyed) leaves the data exactly as it was, and no file behind") {
    test_support::TempDirectory dir;
    const std::string file = make_tutorial_file(dir, "tutorial.db", 300);
    Staging staging{dir};
    LiveData live(dir, staging.hasher);
    const std::string before = dump(live.db());

    int total = 1;
    {
        platform::StagedImport staged = staging.stage(file);
        while (!staged.step(std::chrono::microseconds(0)))
            ++total;
    }
    REQUIRE(total > 130);
    for (const int steps : {1, total / 2, total - 1}) { // while reading, while hashing, while writing
        CAPTURE(steps);
        {
            platform::StagedImport staged = staging.stage(file);
            for (int i = 0; i < steps; ++i)
                REQUIRE_FALSE(staged.step(std::chrono::microseconds(0)));
            if (steps > 1) CHECK(staged.progress() > 0.0);
        } // Cancel
        CHECK_FALSE(staged_files_left(dir));
        CHECK(dump(live.db()) == before);
    }
    // The data is still the live, writable database it was.
    live.db().run("INSERT INTO pet_handler (handler_name) VALUES ('after cancel')");
    CHECK(integer(live.db(), "SELECT count(*) FROM user") == 1);
}

TEST_CASE("a refusal found half-way through the rows is the one-shot import's, and leaves the data as it was") {
    test_support::TempDirectory dir;
    const std::string file = make_tutorial_file(dir, "duplicates.db", 300, 250);
    Staging staging{dir};
    LiveData live(dir, staging.hasher);
    const std::string before = dump(live.db());

    std::string one_shot;
    try {
        staging.stage(file).step(std::chrono::hours(1));
    } catch (const platform::ImportRefused& refused) {
        one_shot = refused.what();
    }
    CHECK(
        one_shot ==
        "1 value breaks the rules a new row must pass: user 250, username: \"user1\" is also user 1's (ignoring case)");

    std::string stepped;
    int steps = 0;
    try {
        platform::StagedImport staged = staging.stage(file);
        while (!staged.step(std::chrono::microseconds(0)))
            ++steps;
    } catch (const platform::ImportRefused& refused) {
        stepped = refused.what();
    }
    CHECK(stepped == one_shot);
    CHECK(steps >= 1); // found after some steps, not when the file was opened
    CHECK_FALSE(staged_files_left(dir));
    CHECK(dump(live.db()) == before);
}
