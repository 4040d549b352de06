#include "app/password_hash_job.h"

#include <doctest/doctest.h>

#include <cerrno>
#include <chrono>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <utility>

namespace {

using std::chrono::microseconds;

// Cheap costs keep the suite fast under ASan and in wasm; one test runs the defaults.
constexpr app::Argon2Parameters cheap{64, 3, 1};
constexpr app::Argon2Parameters two_lanes{64, 3, 2};

constexpr microseconds no_budget{0};
constexpr microseconds whole_hash_budget = std::chrono::hours(1);

// Always the same bytes, so a test knows the salt the job draws and can compute the expected string with
// hash_with_salt().
int fixed_entropy(void* buffer, std::size_t size) {
    auto* bytes = static_cast<unsigned char*>(buffer);
    for (std::size_t i = 0; i < size; ++i)
        bytes[i] = static_cast<unsigned char>(0xA5 ^ (i * 37));
    return 0;
}

std::string fixed_salt() {
    std::string salt(app::PasswordHasher::salt_bytes, '\0');
    fixed_entropy(salt.data(), salt.size());
    return salt;
}

int failing_entropy(void*, std::size_t) {
    errno = ENOSYS;
    return -1;
}

std::uint32_t segment_count(const app::Argon2Parameters& costs) {
    return costs.iterations * 4 * costs.parallelism;
}

std::string run_to_completion(app::PasswordHashJob& job) {
    while (!job.step(no_budget)) {
    }
    return job.phc();
}

} // namespace

TEST_CASE("a hash job gives the PHC string hash_with_salt() gives for the salt it drew") {
    const std::string password = "correct horse battery staple";
    auto check_costs = [&](const app::Argon2Parameters& costs) {
        const app::PasswordHasher hasher(costs, fixed_entropy);
        app::PasswordHashJob job(hasher, password);
        CHECK(run_to_completion(job) == hasher.hash_with_salt(password, fixed_salt()));
    };
    SUBCASE("cheap costs (m=64, t=3, p=1)") {
        check_costs(cheap);
    }
    SUBCASE("OWASP's defaults (m=19456, t=2, p=1)") {
        check_costs(app::Argon2Parameters{});
    }
    SUBCASE("two lanes, filled one after the other") {
        check_costs(two_lanes);
    }
    SUBCASE("memory that is not a whole number of segments is rounded down as the reference does") {
        check_costs(app::Argon2Parameters{70, 1, 2});
    }
    SUBCASE("an empty password") {
        const app::PasswordHasher hasher(cheap, fixed_entropy);
        app::PasswordHashJob job(hasher, "");
        CHECK(run_to_completion(job) == hasher.hash_with_salt("", fixed_salt()));
    }
}

TEST_CASE("a hash job's string verifies with the hasher, and a wrong password does not") {
    const app::PasswordHasher hasher(cheap);
    app::PasswordHashJob job(hasher, "s3cret-Passw0rd");
    const std::string phc = run_to_completion(job);
    CHECK(phc.rfind("$argon2id$v=19$m=64,t=3,p=1$", 0) == 0);
    CHECK(phc.find("s3cret") == std::string::npos);
    CHECK(hasher.verify("s3cret-Passw0rd", phc));
    CHECK_FALSE(hasher.verify("s3cret-passw0rd", phc));
    CHECK_FALSE(hasher.needs_rehash(phc));
}

TEST_CASE("a hash job with a zero budget fills exactly one segment per step") {
    for (const auto& costs : {cheap, two_lanes}) {
        CAPTURE(costs.parallelism);
        const app::PasswordHasher hasher(costs, fixed_entropy);
        app::PasswordHashJob job(hasher, "password");
        const std::uint32_t segments = segment_count(costs);
        CHECK(job.progress() == 0.0);
        for (std::uint32_t step = 1; step < segments; ++step) {
            CHECK_FALSE(job.step(no_budget));
            CHECK_FALSE(job.done());
            CHECK(job.progress() == doctest::Approx(static_cast<double>(step) / segments));
        }
        CHECK(job.step(no_budget));
        CHECK(job.done());
        CHECK(job.progress() == 1.0);
        CHECK(job.phc() == hasher.hash_with_salt("password", fixed_salt()));
    }
}

TEST_CASE("a hash job with a budget long enough for the whole hash finishes in one step") {
    const app::PasswordHasher hasher(cheap, fixed_entropy);
    app::PasswordHashJob job(hasher, "password");
    CHECK(job.step(whole_hash_budget));
    CHECK(job.progress() == 1.0);
    CHECK(job.phc() == hasher.hash_with_salt("password", fixed_salt()));
}

TEST_CASE("a finished hash job ignores further steps and keeps its string") {
    const app::PasswordHasher hasher(cheap);
    app::PasswordHashJob job(hasher, "password");
    const std::string phc = run_to_completion(job);
    CHECK(job.step(no_budget));
    CHECK(job.step(whole_hash_budget));
    CHECK(job.phc() == phc);
    CHECK(job.progress() == 1.0);
}

TEST_CASE("a hash job's phc() throws std::logic_error before the hash is done") {
    const app::PasswordHasher hasher(cheap);
    app::PasswordHashJob job(hasher, "password");
    CHECK_THROWS_AS(job.phc(), std::logic_error);
    job.step(no_budget);
    CHECK_THROWS_AS(job.phc(), std::logic_error);
}

TEST_CASE("a hash job does not keep the caller's password buffer after construction") {
    const app::PasswordHasher hasher(cheap, fixed_entropy);
    std::string password = "original password";
    app::PasswordHashJob job(hasher, password);
    password.assign(password.size(), 'X'); // what the UI's input buffer may hold by the next frame
    CHECK(run_to_completion(job) == hasher.hash_with_salt("original password", fixed_salt()));
}

TEST_CASE("a hash job leaves the caller's password as it was: Argon2 clears only its own copy") {
    // ARGON2_FLAG_CLEAR_PASSWORD wipes the buffer Argon2 is given; that must be the job's copy, never the
    // caller's (a login still needs its password for a re-hash after the check).
    const app::PasswordHasher hasher(cheap, fixed_entropy);
    const std::string password = "original password";
    app::PasswordHashJob job(hasher, password);
    CHECK(password == "original password");
    CHECK(run_to_completion(job) == hasher.hash_with_salt(password, fixed_salt()));
}

TEST_CASE("a hash job moved mid-way carries on to the same string") {
    const app::PasswordHasher hasher(two_lanes, fixed_entropy);
    app::PasswordHashJob first(hasher, "password");
    first.step(no_budget);
    first.step(no_budget);
    app::PasswordHashJob moved(std::move(first));
    CHECK(moved.progress() == doctest::Approx(2.0 / segment_count(two_lanes)));
    app::PasswordHashJob assigned(hasher, "another password");
    assigned = std::move(moved);
    CHECK(run_to_completion(assigned) == hasher.hash_with_salt("password", fixed_salt()));
}

TEST_CASE("a hash job without a secure random source throws SecurityError and never falls back") {
    const app::PasswordHasher hasher(cheap, failing_entropy);
    CHECK_THROWS_AS(app::PasswordHashJob(hasher, "top secret password"), app::SecurityError);
    try {
        app::PasswordHashJob job(hasher, "top secret password");
    } catch (const app::SecurityError& error) {
        const std::string message = error.what();
        CHECK(message.find("random") != std::string::npos);
        CHECK(message.find("top secret") == std::string::npos);
    }
}

TEST_CASE("two hash jobs for the same password give different strings (random salt), both verify") {
    const app::PasswordHasher hasher(cheap);
    app::PasswordHashJob first_job(hasher, "same password");
    app::PasswordHashJob second_job(hasher, "same password");
    const std::string first = run_to_completion(first_job);
    const std::string second = run_to_completion(second_job);
    CHECK(first != second);
    CHECK(hasher.verify("same password", first));
    CHECK(hasher.verify("same password", second));
}

TEST_CASE("make_salt() draws salt_bytes bytes from the hasher's entropy source, as hash() does") {
    CHECK(app::PasswordHasher(cheap, fixed_entropy).make_salt() == fixed_salt());
    const app::PasswordHasher hasher(cheap);
    CHECK(hasher.make_salt().size() == app::PasswordHasher::salt_bytes);
    CHECK(hasher.make_salt() != hasher.make_salt());
    CHECK_THROWS_AS(app::PasswordHasher(cheap, failing_entropy).make_salt(), app::SecurityError);
}

TEST_CASE("a verification job answers as PasswordHasher::verify, a segment at a time") {
    const app::PasswordHasher hasher(cheap);
    const std::string stored = hasher.hash("correct horse");
    // (No structured binding: clang 14 cannot capture one in CAPTURE.)
    for (const auto& attempt : {std::pair<std::string, bool>{"correct horse", true}, {"correct horsf", false},
                                {"", false}}) {
        const std::string& password = attempt.first;
        const bool expected = attempt.second;
        CAPTURE(password);
        auto job = app::PasswordHashJob::verification(stored, password);
        REQUIRE(job.has_value());
        CHECK_THROWS_AS(job->matches(), std::logic_error); // not done yet
        int steps = 1;
        while (!job->step(no_budget)) ++steps;
        CHECK(steps == 3 * 4); // t=3 passes × 4 slices, one lane
        CHECK(job->matches() == expected);
        CHECK(hasher.verify(password, stored) == expected);
        CHECK_THROWS_AS(job->phc(), std::logic_error); // a verification makes no new string
    }
    // Another hasher's costs and two lanes: the costs come from the string, not from any hasher.
    const std::string other = app::PasswordHasher(two_lanes).hash("pass phrase");
    auto job = app::PasswordHashJob::verification(other, "pass phrase");
    REQUIRE(job.has_value());
    job->step(whole_hash_budget);
    CHECK(job->matches());
}

TEST_CASE("a verification job is refused for what verify() would not run") {
    CHECK_FALSE(app::PasswordHashJob::verification("correct horse", "correct horse")); // legacy plaintext
    CHECK_FALSE(app::PasswordHashJob::verification("", "x"));
    // Costs beyond the hasher's limits: verify() refuses them without running Argon2, and so does this.
    const std::string huge = "$argon2id$v=19$m=" + std::to_string(app::PasswordHasher::max_memory_kib * 2) +
                             ",t=2,p=1$c29tZXNhbHRzb21lc2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g";
    CHECK_FALSE(app::PasswordHasher::verifiable(huge));
    CHECK_FALSE(app::PasswordHashJob::verification(huge, "x"));
    CHECK_FALSE(app::PasswordHashJob(app::PasswordHasher(cheap), "x").done());
    app::PasswordHashJob fresh(app::PasswordHasher(cheap), "x");
    fresh.step(whole_hash_budget);
    CHECK_THROWS_AS(fresh.matches(), std::logic_error); // a new hash has no answer to give
}
