#include "app/counter_service.h"

#include "orm/database.h"
#include "orm/transaction.h"

namespace app {

CounterService::CounterService(orm::Database& db) : db_(db) {
    db_.execute("CREATE TABLE IF NOT EXISTS app_counter (name VARCHAR(50) PRIMARY KEY, value INTEGER NOT NULL)");
}

std::int64_t CounterService::value() {
    auto statement = db_.prepare("SELECT value FROM app_counter WHERE name = ?");
    statement->bind(1, "clicks");
    return statement->step() ? statement->get_int64(0) : 0;
}

std::int64_t CounterService::increment() {
    orm::Transaction transaction(db_);
    db_.run("INSERT INTO app_counter (name, value) VALUES (?, 1) "
            "ON CONFLICT(name) DO UPDATE SET value = value + 1",
            "clicks");
    const std::int64_t result = value();
    transaction.commit();
    return result;
}

} // namespace app
