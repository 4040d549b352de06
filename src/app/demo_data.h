// Sample rows for trying the app: the tutorial's own examples, and synthetic rows at scale.
//
//     app::add_tutorial_samples(db, hasher);         // Demo User, Peter, a handler with two pets, a comment
//     app::add_synthetic_users(db, hasher, 100000);  // user000001 … in one transaction, a few seconds
//     app::add_synthetic_pets(db, 1000, 10);         // 1,000 handlers × 10 pets
//
// Sample accounts log in with kDemoPassword. All synthetic users of one call share ONE Argon2id hash of
// kDemoPassword (computed once per call, not once per user), which is fine for demo data and nothing else.
#pragma once

#include <cstdint>
#include <string_view>

namespace orm {
class Database;
}

namespace app {

class PasswordHasher;

inline constexpr std::string_view kDemoPassword = "demo-password";

struct SampleCounts {
    int users = 0;
    int handlers = 0;
    int pets = 0;
    int comments = 0;
};

// The tutorial's sample rows: users "Demo User" (demo@example.com) and "Peter" (peter@example.com), the
// handler "Hannah" with Rex (dog) and Whiskers (cat), and a comment on Rex. What exists already (same
// username, email or handler name) is left alone, so calling it twice adds nothing. One transaction.
// Returns what was added. Throws orm::DatabaseError (nothing added) or app::SecurityError.
SampleCounts add_tutorial_samples(orm::Database& db, const PasswordHasher& hasher);

// `count` users named user000001, user000002 … (numbered on from the highest user id), with emails
// <name>@example.test, in one transaction. Returns the number added. Throws orm::DatabaseError, e.g. a
// orm::ConstraintError if a generated name is taken; then nothing was added.
std::int64_t add_synthetic_users(orm::Database& db, const PasswordHasher& hasher, std::int64_t count);

// `handlers` handlers ("Handler 0001" …) with `pets_per_handler` pets each, in one transaction.
// Returns the number of pets added. Throws orm::DatabaseError; then nothing was added.
std::int64_t add_synthetic_pets(orm::Database& db, std::int64_t handlers, std::int64_t pets_per_handler);

} // namespace app
