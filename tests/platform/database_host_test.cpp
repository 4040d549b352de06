#include "app/counter_service.h"
#include "platform/database_host.h"
#include "support/temp_directory.h"

#include <doctest/doctest.h>

#include <fstream>

TEST_CASE("every committed write asks the host to save") {
    test_support::TempDirectory dir;
    int save_requests = 0;
    platform::DatabaseHost host([&] { ++save_requests; });
    REQUIRE(host.open(dir.file("app.db")));
    app::CounterService counter(*host.database());
    const int after_schema = save_requests;
    counter.increment();
    counter.increment();
    CHECK(save_requests == after_schema + 2);
    counter.value(); // a read persists nothing
    CHECK(save_requests == after_schema + 2);
}

TEST_CASE("a damaged file is reported and left as it was") {
    test_support::TempDirectory dir;
    const std::string path = dir.file("app.db");
    {
        std::ofstream garbage(path, std::ios::binary);
        garbage << "this is not an SQLite database, but it is somebody's file";
    }
    platform::DatabaseHost host([] {});
    CHECK_FALSE(host.open(path));
    CHECK(host.database() == nullptr);
    CHECK_FALSE(host.error().empty());
    std::ifstream kept(path, std::ios::binary);
    std::string content((std::istreambuf_iterator<char>(kept)), std::istreambuf_iterator<char>());
    CHECK(content == "this is not an SQLite database, but it is somebody's file");
}
