// ORM vs the raw SQLite C API, in the same binary, on the same data (a benchmark, not a test).
//
//   orm_bench [rows] [runs]     prints one JSON object: for each case the ORM and raw times (median, p95
//                               over runs, milliseconds) and the ORM/raw ratio per run (median, p95).
// Each run uses a fresh in-memory database so file-system noise stays out of the comparison.
#include "orm/orm.h"

#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <string>
#include <vector>

namespace {

struct User {
    std::int64_t id = 0;
    std::string username;
    std::string user_email;
    std::string user_password;
};

const orm::Model<User>& describe(orm::ModelTag<User>) {
    static const orm::Model<User> model = orm::Model<User>("User")
        .column("id", &User::id, orm::Integer, orm::primary_key())
        .column("username", &User::username, orm::String(100), orm::index())
        .column("user_email", &User::user_email, orm::String(100))
        .column("user_password", &User::user_password, orm::String(150));
    return model;
}

// A realistic row: a PHC-sized password hash, an email of typical length.
User make_user(int i) {
    const std::string n = std::to_string(i);
    return User{0, "user" + n, "user" + n + "@example.org",
                "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$" + std::string(43, static_cast<char>('A' + i % 26))};
}

double elapsed_ms(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}

template <class F> double time_ms(F f) {
    const auto start = std::chrono::steady_clock::now();
    f();
    return elapsed_ms(start);
}

void setup(orm::Database& db) { orm::Metadata{&orm::model_of<User>()}.create_all(db); }

void fill_raw(sqlite3* db, int rows) {
    sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
    sqlite3_stmt* insert = nullptr;
    sqlite3_prepare_v2(db, "INSERT INTO user (username, user_email, user_password) VALUES (?, ?, ?)", -1, &insert, nullptr);
    for (int i = 0; i < rows; ++i) {
        const User u = make_user(i);
        sqlite3_bind_text(insert, 1, u.username.data(), static_cast<int>(u.username.size()), SQLITE_TRANSIENT);
        sqlite3_bind_text(insert, 2, u.user_email.data(), static_cast<int>(u.user_email.size()), SQLITE_TRANSIENT);
        sqlite3_bind_text(insert, 3, u.user_password.data(), static_cast<int>(u.user_password.size()), SQLITE_TRANSIENT);
        sqlite3_step(insert);
        sqlite3_reset(insert);
    }
    sqlite3_finalize(insert);
    sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
}

std::string text_of(sqlite3_stmt* s, int column) {
    return std::string(reinterpret_cast<const char*>(sqlite3_column_text(s, column)), static_cast<std::size_t>(sqlite3_column_bytes(s, column)));
}

struct Case {
    std::string name;
    std::vector<double> orm, raw, ratio;
};

double percentile(std::vector<double> v, double p) {
    std::sort(v.begin(), v.end());
    const double index = p * static_cast<double>(v.size() - 1);
    const auto low = static_cast<std::size_t>(index);
    const auto high = std::min(low + 1, v.size() - 1);
    return v[low] + (v[high] - v[low]) * (index - static_cast<double>(low));
}

} // namespace

int main(int argc, char** argv) {
    const int rows = argc > 1 ? std::atoi(argv[1]) : 100000;
    const int runs = argc > 2 ? std::atoi(argv[2]) : 5;
    Case insert{"insert", {}, {}, {}}, load{"load", {}, {}, {}}, stream{"load_streamed", {}, {}, {}}, page{"page_query", {}, {}, {}};

    for (int run = 0; run < runs; ++run) {
        std::vector<User> users;
        users.reserve(static_cast<std::size_t>(rows));
        for (int i = 0; i < rows; ++i) users.push_back(make_user(i));

        // Insert: Session.add_all + commit vs one prepared INSERT in one transaction.
        orm::Database orm_db(":memory:");
        setup(orm_db);
        const double orm_insert = time_ms([&] {
            orm::Session session(orm_db);
            session.add_all(users);
            session.commit();
        });
        orm::Database raw_db(":memory:");
        setup(raw_db);
        const double raw_insert = time_ms([&] { fill_raw(raw_db.handle(), rows); });
        insert.orm.push_back(orm_insert);
        insert.raw.push_back(raw_insert);
        insert.ratio.push_back(orm_insert / raw_insert);

        // Load: query<User>().all() into held objects vs a step/column loop into a vector of structs.
        std::size_t loaded = 0;
        const double orm_load = time_ms([&] {
            orm::Session session(orm_db);
            loaded = session.query<User>().all().size();
        });
        const double raw_load = time_ms([&] {
            std::vector<User> out;
            sqlite3_stmt* s = nullptr;
            sqlite3_prepare_v2(raw_db.handle(), "SELECT id, username, user_email, user_password FROM user", -1, &s, nullptr);
            while (sqlite3_step(s) == SQLITE_ROW) out.push_back(User{sqlite3_column_int64(s, 0), text_of(s, 1), text_of(s, 2), text_of(s, 3)});
            sqlite3_finalize(s);
            loaded += out.size();
        });
        if (loaded != static_cast<std::size_t>(rows) * 2) {
            std::fprintf(stderr, "loaded %zu rows, expected %d\n", loaded, rows * 2);
            return 1;
        }
        load.orm.push_back(orm_load);
        load.raw.push_back(raw_load);
        load.ratio.push_back(orm_load / raw_load);

        // Streamed: for_each visits each row as a User without holding it (what exports and CSV use).
        std::size_t visited = 0;
        const double orm_stream = time_ms([&] {
            orm::Session session(orm_db);
            session.query<User>().for_each([&](const User& u) { visited += u.username.size() > 0; });
        });
        if (visited != static_cast<std::size_t>(rows)) return 1;
        stream.orm.push_back(orm_stream);
        stream.raw.push_back(raw_load);
        stream.ratio.push_back(orm_stream / raw_load);

        // A filtered, sorted page (what the record browser asks for), 50 rows from the middle.
        using orm::col;
        const double orm_page = time_ms([&] {
            for (int i = 0; i < 20; ++i) {
                orm::Session session(orm_db);
                auto result = session.query<User>().filter(col(&User::username).like("user4%")).order_by(orm::desc(&User::username)).paginate(3, 50);
                if (result.items.size() != 50) std::abort();
            }
        });
        const double raw_page = time_ms([&] {
            for (int i = 0; i < 20; ++i) {
                std::vector<User> out;
                sqlite3_stmt* count = nullptr;
                sqlite3_prepare_v2(raw_db.handle(), "SELECT count(*) FROM user WHERE username LIKE ?", -1, &count, nullptr);
                sqlite3_bind_text(count, 1, "user4%", -1, SQLITE_STATIC);
                sqlite3_step(count);
                sqlite3_finalize(count);
                sqlite3_stmt* s = nullptr;
                sqlite3_prepare_v2(raw_db.handle(),
                                   "SELECT id, username, user_email, user_password FROM user WHERE username LIKE ? ORDER BY username DESC LIMIT ? OFFSET ?",
                                   -1, &s, nullptr);
                sqlite3_bind_text(s, 1, "user4%", -1, SQLITE_STATIC);
                sqlite3_bind_int(s, 2, 50);
                sqlite3_bind_int(s, 3, 100);
                while (sqlite3_step(s) == SQLITE_ROW) out.push_back(User{sqlite3_column_int64(s, 0), text_of(s, 1), text_of(s, 2), text_of(s, 3)});
                sqlite3_finalize(s);
                if (out.size() != 50) std::abort();
            }
        });
        page.orm.push_back(orm_page / 20);
        page.raw.push_back(raw_page / 20);
        page.ratio.push_back(orm_page / raw_page);
    }

    std::printf("{\"rows\": %d, \"runs\": %d, \"cases\": {", rows, runs);
    const Case* cases[] = {&insert, &load, &stream, &page};
    for (std::size_t i = 0; i < 4; ++i) {
        const Case& c = *cases[i];
        std::printf("%s\"%s\": {\"orm_ms\": [%.2f, %.2f], \"raw_ms\": [%.2f, %.2f], \"ratio\": [%.3f, %.3f]}", i ? ", " : "", c.name.c_str(),
                    percentile(c.orm, 0.5), percentile(c.orm, 0.95), percentile(c.raw, 0.5), percentile(c.raw, 0.95), percentile(c.ratio, 0.5),
                    percentile(c.ratio, 0.95));
    }
    std::printf("}}\n");
    return 0;
}
