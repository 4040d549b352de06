#include "app/counter_service.h"
#include "orm/database.h"
#include "support/temp_directory.h"

#include <doctest/doctest.h>

TEST_CASE("the counter starts at zero and counts each increment") {
    orm::Database db(":memory:");
    app::CounterService counter(db);
    CHECK(counter.value() == 0);
    CHECK(counter.increment() == 1);
    CHECK(counter.increment() == 2);
    CHECK(counter.value() == 2);
}

TEST_CASE("the counter survives reopening the database file") {
    test_support::TempDirectory dir;
    {
        orm::Database db(dir.file("app.db"));
        app::CounterService counter(db);
        counter.increment();
        counter.increment();
        counter.increment();
    }
    orm::Database db(dir.file("app.db"));
    app::CounterService counter(db);
    CHECK(counter.value() == 3);
}
