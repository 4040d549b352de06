// A write any test of the host can make and read back: one number in a table of its own. The host's
// tests (saving, write turns, undo) need a change whose arrival they can check, not the app's schema.
//
//   test_support::Tally(*host.database()).increment();
//   CHECK(test_support::Tally(*host.database()).value() == 1);
#pragma once

#include "orm/database.h"

#include <cstdint>

namespace test_support {

class Tally {
public:
    explicit Tally(orm::Database& db) : db_(db) {
        db_.execute("CREATE TABLE IF NOT EXISTS test_tally (name TEXT PRIMARY KEY, value INTEGER NOT NULL)");
    }

    std::int64_t value() {
        auto statement = db_.prepare("SELECT value FROM test_tally WHERE name = 'tally'");
        return statement->step() ? statement->get_int64(0) : 0;
    }

    std::int64_t increment() {
        db_.execute("INSERT INTO test_tally (name, value) VALUES ('tally', 1) "
                    "ON CONFLICT(name) DO UPDATE SET value = value + 1");
        return value();
    }

private:
    orm::Database& db_;
};

} // namespace test_support
