// The record browser's pages (app::RecordQueryService::fetch) for the tables whose rows show related
// data: pet handlers (with their pet counts), pets (with their handler's name), comments (with their
// pet's name). A benchmark, not a test.
//
//   record_bench [handlers] [pets_each] [fetches]   prints one JSON object: per table, the median and
//                                                   p95 milliseconds of one page of 50 (sorted by name,
//                                                   the total already known), and the SQL statements
//                                                   SQLite ran for it.
// The pages are taken at spread-out offsets; the first fetch of each table (which counts) is not timed.
#include "app/password_hasher.h"
#include "app/record_query_service.h"
#include "app/schema.h"

#include "orm/orm.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

namespace {

double percentile(std::vector<double> v, double p) {
    std::sort(v.begin(), v.end());
    return v[static_cast<std::size_t>(p * static_cast<double>(v.size() - 1))];
}

void fill(orm::Database& db, int handlers, int pets_each) {
    orm::Transaction transaction(db);
    for (int h = 1; h <= handlers; ++h) {
        db.run("INSERT INTO pet_handler (handler_id, handler_name) VALUES (?, ?)", h,
               "handler " + std::to_string(h * 7919 % handlers));
        for (int p = 0; p < pets_each; ++p) {
            const std::int64_t pet = static_cast<std::int64_t>(h - 1) * pets_each + p + 1;
            db.run("INSERT INTO pet_category (pet_id, pet_name, pet_category, handler_id) VALUES (?, ?, ?, ?)", pet,
                   "pet " + std::to_string(pet * 104729 % (handlers * pets_each)), p % 2 ? "cat" : "dog", h);
            db.run("INSERT INTO pet_comment (comment_content, pet_id) VALUES (?, ?)",
                   "comment on " + std::to_string(pet), pet);
        }
    }
    transaction.commit();
}

} // namespace

int main(int argc, char** argv) {
    const int handlers = argc > 1 ? std::atoi(argv[1]) : 2000;
    const int pets_each = argc > 2 ? std::atoi(argv[2]) : 10;
    const int fetches = argc > 3 ? std::atoi(argv[3]) : 200;

    orm::Database db(":memory:");
    app::PasswordHasher hasher(app::Argon2Parameters{256, 1, 1});
    app::open_schema(db, hasher);
    fill(db, handlers, pets_each);

    struct Case {
        const char* name;
        app::RecordTable table;
        const char* sort;
        std::int64_t rows;
    };
    const Case cases[] = {
        {"handlers", app::RecordTable::PetHandlers, "handler_name", handlers},
        {"pets", app::RecordTable::Pets, "pet_name", static_cast<std::int64_t>(handlers) * pets_each},
        {"comments", app::RecordTable::Comments, "comment_content", static_cast<std::int64_t>(handlers) * pets_each}};

    app::RecordQueryService records(db);
    int statements = 0;
    std::string out = "{\"handlers\":" + std::to_string(handlers) + ",\"pets_each\":" + std::to_string(pets_each) +
                      ",\"fetches\":" + std::to_string(fetches) + ",\"page\":50,\"cases\":{";
    for (const Case& c : cases) {
        app::RecordRequest request;
        request.table = c.table;
        request.sort_column = c.sort;
        request.limit = 50;
        records.fetch(request); // counts the total once; the timed fetches reuse it, as turning pages does
        std::vector<double> ms;
        int statements_per_fetch = 0;
        for (int i = 0; i < fetches; ++i) {
            request.offset = (static_cast<std::int64_t>(i) * 7727) % (c.rows - 50);
            statements = 0;
            db.set_statement_listener([&](std::string_view) { ++statements; });
            const auto start = std::chrono::steady_clock::now();
            const auto page = records.fetch(request);
            ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
            db.set_statement_listener(nullptr);
            if (page.rows.size() != 50) {
                std::fprintf(stderr, "record_bench: %s page at %lld has %zu rows\n", c.name,
                             static_cast<long long>(request.offset), page.rows.size());
                return 1;
            }
            statements_per_fetch = statements;
        }
        char entry[256];
        std::snprintf(entry, sizeof entry, "%s\"%s\":{\"ms_p50\":%.3f,\"ms_p95\":%.3f,\"statements\":%d}",
                      &c == cases ? "" : ",", c.name, percentile(ms, 0.5), percentile(ms, 0.95), statements_per_fetch);
        out += entry;
    }
    out += "}}";
    std::puts(out.c_str());
    return 0;
}
