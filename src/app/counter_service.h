// The walking skeleton's domain: one named counter kept in the database, incremented transactionally.
#pragma once

#include <cstdint>

namespace orm {
class Database;
}

namespace app {

class CounterService {
public:
    // Creates the counter table if it does not exist. Throws orm::DatabaseError on failure.
    explicit CounterService(orm::Database& db);

    std::int64_t value();
    // Adds one in its own transaction and returns the new value. Throws orm::DatabaseError; then the
    // stored value is unchanged.
    std::int64_t increment();

private:
    orm::Database& db_;
};

} // namespace app
