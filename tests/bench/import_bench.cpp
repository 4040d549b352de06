// How long the page would stall importing a tutorial file: the whole import in one call (what the browser
// host did before it stepped the import per frame) against the longest single step of the stepped import
// with the frame budget the host gives it (8 ms), and the final swap, the one step under the write lock.
// Default Argon2id costs (m=19 MiB, t=2), so a step with a password to hash includes a real segment.
//
// Prints one JSON object. Usage: import_bench [users=10000] [plaintext=100] [budget_ms=8]
#include "app/database_import.h"
#include "app/password_hasher.h"
#include "app/schema.h"
#include "orm/orm.h"
#include "platform/database_host.h"
#include "platform/staged_import.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// The tutorial's Flask schema with `users` users, `plaintext` of them (spread evenly) with a plaintext
// password as that app stores them, the rest with one Argon2id hash; a pet per ten users.
void make_file(const std::string& path, int users, int plaintext, const app::PasswordHasher& hasher) {
    std::filesystem::remove(path);
    orm::Database db(path);
    app::schema_migrator().upgrade(db, 1);
    db.execute("PRAGMA user_version = 0");
    const std::string hash = hasher.hash("bench password");
    const int every = plaintext > 0 ? std::max(1, users / plaintext) : users + 1;
    orm::Transaction transaction(db);
    db.run("INSERT INTO pet_handler (handler_name) VALUES ('bench handler')");
    int plain = 0;
    for (int i = 1; i <= users; ++i) {
        const bool is_plain = plain < plaintext && i % every == 0;
        plain += is_plain;
        db.run("INSERT INTO user (username, user_email, user_password) VALUES (?, ?, ?)", "user" + std::to_string(i),
               "user" + std::to_string(i) + "@example.org", is_plain ? "plain " + std::to_string(i) : hash);
        if (i % 10 == 0)
            db.run("INSERT INTO pet_category (pet_name, pet_category, handler_id) VALUES (?, 'dog', 1)",
                   "pet " + std::to_string(i));
    }
    transaction.commit();
}

platform::StagedImport stage(const std::string& file, const std::string& dir, const app::PasswordHasher& hasher) {
    const std::string candidate = dir + "/.import-candidate.db";
    std::filesystem::copy_file(file, candidate, std::filesystem::copy_options::overwrite_existing);
    return platform::StagedImport(candidate, dir + "/.import-fresh.db", [&](orm::Database& c, orm::Database& f) {
        return platform::import_work(std::make_unique<app::DatabaseImport>(c, f, hasher));
    });
}

} // namespace

int main(int argc, char** argv) {
    const int users = argc > 1 ? std::atoi(argv[1]) : 10000;
    const int plaintext = argc > 2 ? std::atoi(argv[2]) : 100;
    const auto budget = std::chrono::microseconds(static_cast<long>((argc > 3 ? std::atof(argv[3]) : 8.0) * 1000));
    // In memory where the system offers it (/dev/shm), as the browser's MEMFS: no fsync on a commit.
    const std::filesystem::path base = std::filesystem::is_directory("/dev/shm")
                                           ? std::filesystem::path("/dev/shm")
                                           : std::filesystem::temp_directory_path();
    const std::string dir = (base / "seed-import-bench").string();
    std::filesystem::create_directories(dir);
    const app::PasswordHasher hasher;
    const std::string file = dir + "/tutorial.db";
    make_file(file, users, plaintext, hasher);

    // Before: the whole import in one call.
    auto start = Clock::now();
    double one_shot_ms = 0;
    {
        platform::StagedImport staged = stage(file, dir, hasher);
        staged.step(std::chrono::hours(1));
        one_shot_ms = ms_since(start);
    }

    // After: a step per frame.
    start = Clock::now();
    platform::StagedImport staged = stage(file, dir, hasher);
    const double begin_ms = ms_since(start);
    std::vector<double> steps;
    for (bool done = false; !done;) {
        const auto step_start = Clock::now();
        done = staged.step(budget);
        steps.push_back(ms_since(step_start));
    }
    const double stepped_ms = ms_since(start);
    const std::string summary = staged.summary();

    // The final swap, under the lock in the browser: the readied file replaces a live database.
    platform::DatabaseHost host([] {}, platform::DatabaseHost::Storage::Chunked);
    std::filesystem::remove_all(dir + "/live");
    std::filesystem::create_directories(dir + "/live");
    if (!host.open(dir + "/live/registration.db")) return 1;
    app::open_schema(*host.database(), hasher);
    const std::string live_fresh = dir + "/live/.import-fresh.db";
    std::filesystem::rename(staged.take_result(), live_fresh);
    start = Clock::now();
    const std::string problem = host.replace_with(live_fresh);
    const double swap_ms = ms_since(start);
    host.close();

    std::vector<double> sorted = steps;
    std::sort(sorted.begin(), sorted.end());
    const auto pick = [&](double q) {
        return sorted[std::min(sorted.size() - 1, static_cast<std::size_t>(q * sorted.size()))];
    };
    std::printf(
        "{\"users\":%d,\"plaintext\":%d,\"budget_ms\":%.1f,\"one_shot_ms\":%.1f,\"begin_ms\":%.1f,"
        "\"steps\":%zu,\"longest_step_ms\":%.1f,\"p99_step_ms\":%.1f,\"p50_step_ms\":%.1f,\"stepped_total_ms\":%.1f,"
        "\"swap_ms\":%.1f,\"swap_problem\":\"%s\",\"summary\":\"%s\"}\n",
        users, plaintext, budget.count() / 1000.0, one_shot_ms, begin_ms, steps.size(), sorted.back(), pick(0.99),
        pick(0.5), stepped_ms, swap_ms, problem.c_str(), summary.c_str());
    std::filesystem::remove_all(dir);
    return problem.empty() ? 0 : 1;
}
