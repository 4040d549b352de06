// Timings for the closing note. Skipped in normal runs (they take seconds and assert nothing);
// run them with:  app_tests --no-skip --test-case='measure*'   (natively, or under node for wasm)
#include "app/demo_data.h"
#include "app/password_hasher.h"
#include "app/record_query_service.h"
#include "app_test_support.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <vector>

namespace {

template <class F> double milliseconds(F f) {
    const auto start = std::chrono::steady_clock::now();
    f();
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}

double median(std::vector<double> values) {
    std::sort(values.begin(), values.end());
    return values[values.size() / 2];
}

} // namespace

TEST_CASE("measure: Argon2id per hash with the default (OWASP minimum) costs" * doctest::skip()) {
    const app::PasswordHasher hasher; // m = 19 MiB, t = 2, p = 1
    std::vector<double> times;
    std::string phc;
    for (int i = 0; i < 5; ++i)
        times.push_back(milliseconds([&] { phc = hasher.hash("correct horse battery staple"); }));
    const double verify = milliseconds([&] { CHECK(hasher.verify("correct horse battery staple", phc)); });
    std::printf("argon2id m=19456 t=2 p=1: hash median %.1f ms (min %.1f, max %.1f), verify %.1f ms\n", median(times),
                *std::min_element(times.begin(), times.end()), *std::max_element(times.begin(), times.end()), verify);
}

TEST_CASE("measure: a sorted, filtered page of 100,000 users" * doctest::skip()) {
    app_test::AppDatabase app;
    const double fill = milliseconds([&] { app::add_synthetic_users(app.db, app.hasher, 100000); });
    std::printf("add_synthetic_users(100000): %.0f ms\n", fill);
    struct Case {
        const char* what;
        app::RecordRequest request;
    };
    const Case cases[] = {
        {"sorted by username, no filter, first page",
         {app::RecordTable::Users, "username", app::SortDirection::Ascending, "", 0, 50}},
        {"sorted by username desc, no filter, page 1000",
         {app::RecordTable::Users, "username", app::SortDirection::Descending, "", 50000, 50}},
        {"sorted by email, filter '12' (3,970 matches), first page",
         {app::RecordTable::Users, "email", app::SortDirection::Ascending, "12", 0, 50}},
        {"sorted by username desc, filter 'user0999' (100 matches)",
         {app::RecordTable::Users, "username", app::SortDirection::Descending, "user0999", 0, 50}},
        {"sorted by username, filter with no match",
         {app::RecordTable::Users, "username", app::SortDirection::Ascending, "nobody", 0, 50}},
        {"sorted by email desc, filter '5' (40,951 matches), last page",
         {app::RecordTable::Users, "email", app::SortDirection::Descending, "5", 40900, 50}},
    };
    for (const Case& c : cases) {
        // A fresh service counts the total; the same one again reuses it (paging, re-sorting).
        std::vector<double> counted, cached;
        app::RecordPage page;
        for (int i = 0; i < 7; ++i) {
            app::RecordQueryService fresh(app.db);
            counted.push_back(milliseconds([&] { page = fresh.fetch(c.request); }));
            cached.push_back(milliseconds([&] { page = fresh.fetch(c.request); }));
        }
        std::printf("users page (%s): total %lld, %zu rows, median %.2f ms with COUNT, %.2f ms with the total cached\n",
                    c.what, static_cast<long long>(page.total), page.rows.size(), median(counted), median(cached));
    }
}
