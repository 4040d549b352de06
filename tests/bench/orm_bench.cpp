// This ORM against the raw SQLite C API and SQLiteCpp (when shell/setup.sh --bench fetched it), in the same
// binary, on the same data: 100,000 rows of the tutorial's `user` table (a benchmark, not a test).
//
//   orm_bench [rows] [runs] [cases]
//       prints one JSON object: per case the median and p95 over runs of each contestant's time (ms) and
//       of its ratio to raw SQLite in the same run; and the peak memory growth of holding all rows as
//       objects (native only). `cases` (comma-separated: load, destroy, load_streamed, page_query, update,
//       memory) runs only those, to profile one; insert always runs, since it fills the tables.
// Every run uses fresh in-memory databases, so file-system noise stays out. Times are this thread's CPU
// time (natively), which a loaded machine disturbs less than wall time. Objects to insert are built before
// the timer (for the ORM too: it is given its own copy to take), and a session's end is timed on its own.
// SQLiteCpp has no identity map or unit of work: where a case is about those (session end,
// update of loaded objects), its column is the plain-vector equivalent, and the table says so.
#include "orm/orm.h"

#include <sqlite3.h>

#ifdef SEED_BENCH_SQLITECPP
#include <SQLiteCpp/SQLiteCpp.h>
#endif

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <functional>
#include <map>
#include <string>
#include <vector>

#if !defined(__EMSCRIPTEN__) && defined(__linux__)
#include <malloc.h>
#endif

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

double now_ms() {
#ifdef __EMSCRIPTEN__
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now().time_since_epoch()).count();
#else
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_nsec) / 1e6;
#endif
}

template <class F> double time_ms(F f) {
    const double start = now_ms();
    f();
    return now_ms() - start;
}

const char* kInsertSql = "INSERT INTO user (username, user_email, user_password) VALUES (?, ?, ?)";
const char* kSelectSql = "SELECT id, username, user_email, user_password FROM user";
// The page's filter as the ORM's like() writes it: ESCAPE '\' alone made this scan 14-26% slower here, so a
// raw `LIKE ?` beside it would measure that, not the ORM.
const char* kCountPageSql = "SELECT count(*) FROM user WHERE username LIKE ? ESCAPE '\\'";
const char* kPageSql = "SELECT id, username, user_email, user_password FROM user WHERE username LIKE ? ESCAPE '\\' ORDER BY username DESC LIMIT ? OFFSET ?";
const char* kUpdateSql = "UPDATE user SET user_email = ? WHERE id = ?";
constexpr int kPages = 200;
constexpr int kUpdates = 10000;

std::string schema_sql() {
    std::string sql = orm::Metadata::create_table_sql(orm::model_of<User>());
    for (const auto& index : orm::Metadata::create_index_sql(orm::model_of<User>())) sql += ";\n" + index.sql;
    return sql;
}

std::string text_of(sqlite3_stmt* s, int column) {
    return std::string(reinterpret_cast<const char*>(sqlite3_column_text(s, column)), static_cast<std::size_t>(sqlite3_column_bytes(s, column)));
}

// --- Raw SQLite ----------------------------------------------------------------------------------------
struct Raw {
    sqlite3* db = nullptr;
    Raw() {
        sqlite3_open(":memory:", &db);
        sqlite3_exec(db, schema_sql().c_str(), nullptr, nullptr, nullptr);
    }
    ~Raw() { sqlite3_close(db); }
    void insert(const std::vector<User>& users) {
        sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
        sqlite3_stmt* s = nullptr;
        sqlite3_prepare_v2(db, kInsertSql, -1, &s, nullptr);
        for (const User& u : users) {
            sqlite3_bind_text(s, 1, u.username.data(), static_cast<int>(u.username.size()), SQLITE_TRANSIENT);
            sqlite3_bind_text(s, 2, u.user_email.data(), static_cast<int>(u.user_email.size()), SQLITE_TRANSIENT);
            sqlite3_bind_text(s, 3, u.user_password.data(), static_cast<int>(u.user_password.size()), SQLITE_TRANSIENT);
            sqlite3_step(s);
            sqlite3_reset(s);
        }
        sqlite3_finalize(s);
        sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
    }
    std::vector<User> load() {
        std::vector<User> out;
        sqlite3_stmt* s = nullptr;
        sqlite3_prepare_v2(db, kSelectSql, -1, &s, nullptr);
        while (sqlite3_step(s) == SQLITE_ROW) out.push_back(User{sqlite3_column_int64(s, 0), text_of(s, 1), text_of(s, 2), text_of(s, 3)});
        sqlite3_finalize(s);
        return out;
    }
    std::size_t stream() {
        std::size_t visited = 0;
        User u;
        sqlite3_stmt* s = nullptr;
        sqlite3_prepare_v2(db, kSelectSql, -1, &s, nullptr);
        while (sqlite3_step(s) == SQLITE_ROW) {
            u.id = sqlite3_column_int64(s, 0);
            u.username.assign(reinterpret_cast<const char*>(sqlite3_column_text(s, 1)), static_cast<std::size_t>(sqlite3_column_bytes(s, 1)));
            u.user_email.assign(reinterpret_cast<const char*>(sqlite3_column_text(s, 2)), static_cast<std::size_t>(sqlite3_column_bytes(s, 2)));
            u.user_password.assign(reinterpret_cast<const char*>(sqlite3_column_text(s, 3)), static_cast<std::size_t>(sqlite3_column_bytes(s, 3)));
            visited += !u.username.empty();
        }
        sqlite3_finalize(s);
        return visited;
    }
    std::size_t page() {
        sqlite3_stmt* count = nullptr;
        sqlite3_prepare_v2(db, kCountPageSql, -1, &count, nullptr);
        sqlite3_bind_text(count, 1, "user4%", -1, SQLITE_STATIC);
        sqlite3_step(count);
        sqlite3_finalize(count);
        std::vector<User> out;
        sqlite3_stmt* s = nullptr;
        sqlite3_prepare_v2(db, kPageSql, -1, &s, nullptr);
        sqlite3_bind_text(s, 1, "user4%", -1, SQLITE_STATIC);
        sqlite3_bind_int(s, 2, 50);
        sqlite3_bind_int(s, 3, 100);
        while (sqlite3_step(s) == SQLITE_ROW) out.push_back(User{sqlite3_column_int64(s, 0), text_of(s, 1), text_of(s, 2), text_of(s, 3)});
        sqlite3_finalize(s);
        return out.size();
    }
    void update(std::vector<User>& users) {
        sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
        sqlite3_stmt* s = nullptr;
        sqlite3_prepare_v2(db, kUpdateSql, -1, &s, nullptr);
        for (int i = 0; i < kUpdates; ++i) {
            User& u = users[static_cast<std::size_t>(i)];
            u.user_email = "changed" + std::to_string(i) + "@example.org";
            sqlite3_bind_text(s, 1, u.user_email.data(), static_cast<int>(u.user_email.size()), SQLITE_TRANSIENT);
            sqlite3_bind_int64(s, 2, u.id);
            sqlite3_step(s);
            sqlite3_reset(s);
        }
        sqlite3_finalize(s);
        sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
    }
};

#ifdef SEED_BENCH_SQLITECPP
// --- SQLiteCpp, written the way its README and examples do ---------------------------------------------
struct Peer {
    SQLite::Database db{":memory:", SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE};
    Peer() { db.exec(schema_sql()); }
    void insert(const std::vector<User>& users) {
        SQLite::Transaction transaction(db);
        SQLite::Statement s(db, kInsertSql);
        for (const User& u : users) {
            s.bind(1, u.username);
            s.bind(2, u.user_email);
            s.bind(3, u.user_password);
            s.exec();
            s.reset();
        }
        transaction.commit();
    }
    static User row(SQLite::Statement& s) {
        return User{s.getColumn(0).getInt64(), s.getColumn(1).getString(), s.getColumn(2).getString(), s.getColumn(3).getString()};
    }
    std::vector<User> load() {
        std::vector<User> out;
        SQLite::Statement s(db, kSelectSql);
        while (s.executeStep()) out.push_back(row(s));
        return out;
    }
    std::size_t stream() {
        std::size_t visited = 0;
        User u;
        SQLite::Statement s(db, kSelectSql);
        while (s.executeStep()) {
            u.id = s.getColumn(0).getInt64();
            u.username = s.getColumn(1).getString();
            u.user_email = s.getColumn(2).getString();
            u.user_password = s.getColumn(3).getString();
            visited += !u.username.empty();
        }
        return visited;
    }
    std::size_t page() {
        SQLite::Statement count(db, kCountPageSql);
        count.bind(1, "user4%");
        count.executeStep();
        std::vector<User> out;
        SQLite::Statement s(db, kPageSql);
        s.bind(1, "user4%");
        s.bind(2, 50);
        s.bind(3, 100);
        while (s.executeStep()) out.push_back(row(s));
        return out.size();
    }
    void update(std::vector<User>& users) {
        SQLite::Transaction transaction(db);
        SQLite::Statement s(db, kUpdateSql);
        for (int i = 0; i < kUpdates; ++i) {
            User& u = users[static_cast<std::size_t>(i)];
            u.user_email = "changed" + std::to_string(i) + "@example.org";
            s.bind(1, u.user_email);
            s.bind(2, u.id);
            s.exec();
            s.reset();
        }
        transaction.commit();
    }
};
#endif

// --- Peak memory growth (native Linux: VmHWM after a reset of it, minus VmRSS before) ------------------
long status_kb(const char* field) {
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line))
        if (line.rfind(field, 0) == 0) return std::atol(line.c_str() + std::string(field).size());
    return -1;
}
template <class F> double memory_growth_mb(F hold) {
#if !defined(__EMSCRIPTEN__) && defined(__linux__)
    malloc_trim(0);
    { std::ofstream("/proc/self/clear_refs") << "5"; } // resets the peak (VmHWM) to the current RSS
    const long before = status_kb("VmRSS:");
    hold();
    const long peak = status_kb("VmHWM:");
    if (before < 0 || peak < 0) return -1;
    return static_cast<double>(peak - before) / 1024.0;
#else
    hold();
    return -1; // not measured: no per-process peak to read
#endif
}

struct Series {
    std::vector<double> ms;
    std::vector<double> ratio;
};
struct Case {
    std::map<std::string, Series> by; // "raw", "orm", "sqlitecpp"
};

double percentile(std::vector<double> v, double p) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    const double index = p * static_cast<double>(v.size() - 1);
    const auto low = static_cast<std::size_t>(index);
    const auto high = std::min(low + 1, v.size() - 1);
    return v[low] + (v[high] - v[low]) * (index - static_cast<double>(low));
}

void note(Case& c, const std::string& who, double ms, double raw_ms) {
    c.by[who].ms.push_back(ms);
    c.by[who].ratio.push_back(ms / raw_ms);
}

} // namespace

int main(int argc, char** argv) {
    const int rows = argc > 1 ? std::atoi(argv[1]) : 100000;
    const int runs = argc > 2 ? std::atoi(argv[2]) : 5;
    if (rows < kUpdates || runs < 1) {
        std::fprintf(stderr, "orm_bench: needs at least %d rows (the update case changes that many) and one run\n", kUpdates);
        return 2;
    }
    const char* names[] = {"insert", "load", "destroy", "load_streamed", "page_query", "update"};
    std::map<std::string, Case> cases;
    std::map<std::string, std::vector<double>> memory;
    const std::string only = argc > 3 ? "," + std::string(argv[3]) + "," : "";
    const auto want = [&](const char* name) { return only.empty() || only.find("," + std::string(name) + ",") != std::string::npos; };

    for (int run = 0; run < runs; ++run) {
        std::vector<User> users;
        users.reserve(static_cast<std::size_t>(rows));
        for (int i = 0; i < rows; ++i) users.push_back(make_user(i));
        auto fail = [](const char* what) {
            std::fprintf(stderr, "orm_bench: %s\n", what);
            std::exit(1);
        };

        // Insert: each contestant in one transaction with one prepared statement.
        Raw raw;
        const double raw_insert = time_ms([&] { raw.insert(users); });
        orm::Database orm_db(":memory:");
        orm_db.execute(schema_sql());
        // The ORM takes ownership of what it inserts: its copy of the objects is built before the timer, as
        // the others' are, and the session ends after it (the "destroy" case measures a session's end).
        double orm_insert = 0;
        {
            std::vector<User> owned = users;
            orm::Session session(orm_db);
            orm_insert = time_ms([&] {
                session.add_all(std::move(owned));
                session.commit();
            });
        }
        note(cases["insert"], "raw", raw_insert, raw_insert);
        note(cases["insert"], "orm", orm_insert, raw_insert);
#ifdef SEED_BENCH_SQLITECPP
        Peer peer;
        note(cases["insert"], "sqlitecpp", time_ms([&] { peer.insert(users); }), raw_insert);
#endif

        // Load into objects, then destroy them (for the ORM: the session's end and its identity map).
        if (want("load") || want("destroy")) {
            std::vector<User> raw_loaded;
            const double raw_load = time_ms([&] { raw_loaded = raw.load(); });
            if (raw_loaded.size() != static_cast<std::size_t>(rows)) fail("raw load");
            const double raw_destroy = time_ms([&] { std::vector<User>().swap(raw_loaded); });
            note(cases["load"], "raw", raw_load, raw_load);
            note(cases["destroy"], "raw", raw_destroy, raw_destroy);
            {
                auto session = std::make_unique<orm::Session>(orm_db);
                std::vector<std::shared_ptr<User>> held;
                note(cases["load"], "orm", time_ms([&] { held = session->query<User>().all(); }), raw_load);
                if (held.size() != static_cast<std::size_t>(rows)) fail("orm load");
                note(cases["destroy"], "orm", time_ms([&] {
                         held.clear();
                         held.shrink_to_fit();
                         session.reset();
                     }),
                     raw_destroy);
            }
#ifdef SEED_BENCH_SQLITECPP
            {
                std::vector<User> loaded;
                note(cases["load"], "sqlitecpp", time_ms([&] { loaded = peer.load(); }), raw_load);
                if (loaded.size() != static_cast<std::size_t>(rows)) fail("sqlitecpp load");
                note(cases["destroy"], "sqlitecpp", time_ms([&] { std::vector<User>().swap(loaded); }), raw_destroy);
            }
#endif
        }

        // Streamed: each row visited as a User without holding it.
        if (want("load_streamed")) {
            std::size_t visited = 0;
            const double raw_stream = time_ms([&] { visited = raw.stream(); });
            note(cases["load_streamed"], "raw", raw_stream, raw_stream);
            note(cases["load_streamed"], "orm", time_ms([&] {
                     orm::Session session(orm_db);
                     session.query<User>().for_each([&](const User& u) { visited += u.username.size() > 0; });
                 }),
                 raw_stream);
            if (visited != static_cast<std::size_t>(rows) * 2) fail("stream");
#ifdef SEED_BENCH_SQLITECPP
            note(cases["load_streamed"], "sqlitecpp", time_ms([&] { visited = peer.stream(); }), raw_stream);
#endif
        }

        // 200 filtered, sorted pages of 50 (count + page, what the record browser asks for), a session each.
        using orm::col;
        if (want("page_query")) {
            const double raw_page = time_ms([&] {
                for (int i = 0; i < kPages; ++i)
                    if (raw.page() != 50) fail("raw page");
            });
            note(cases["page_query"], "raw", raw_page, raw_page);
            note(cases["page_query"], "orm", time_ms([&] {
                     for (int i = 0; i < kPages; ++i) {
                         orm::Session session(orm_db);
                         auto result = session.query<User>().filter(col(&User::username).like("user4%")).order_by(orm::desc(&User::username)).paginate(3, 50);
                         if (result.items.size() != 50) fail("orm page");
                     }
                 }),
                 raw_page);
#ifdef SEED_BENCH_SQLITECPP
            note(cases["page_query"], "sqlitecpp", time_ms([&] {
                     for (int i = 0; i < kPages; ++i)
                         if (peer.page() != 50) fail("sqlitecpp page");
                 }),
                 raw_page);
#endif
        }

        // Update one column of 10,000 loaded objects and commit (loaded before the timer).
        if (want("update")) {
            std::vector<User> raw_rows = raw.load();
            const double raw_update = time_ms([&] { raw.update(raw_rows); });
            note(cases["update"], "raw", raw_update, raw_update);
            {
                orm::Session session(orm_db);
                auto held = session.query<User>().limit(kUpdates).all();
                note(cases["update"], "orm", time_ms([&] {
                         for (int i = 0; i < kUpdates; ++i) held[static_cast<std::size_t>(i)]->user_email = "changed" + std::to_string(i) + "@example.org";
                         session.commit();
                     }),
                     raw_update);
            }
#ifdef SEED_BENCH_SQLITECPP
            std::vector<User> peer_rows = peer.load();
            note(cases["update"], "sqlitecpp", time_ms([&] { peer.update(peer_rows); }), raw_update);
#endif
            raw_rows.clear();
            raw_rows.shrink_to_fit();
        }

        // Peak memory growth while all rows are held as objects (first run only: it is deterministic).
        if (run == 0 && want("memory")) {
            memory["raw"].push_back(memory_growth_mb([&] { volatile std::size_t n = raw.load().size(); (void)n; }));
            memory["orm"].push_back(memory_growth_mb([&] {
                orm::Session session(orm_db);
                volatile std::size_t n = session.query<User>().all().size();
                (void)n;
            }));
#ifdef SEED_BENCH_SQLITECPP
            memory["sqlitecpp"].push_back(memory_growth_mb([&] { volatile std::size_t n = peer.load().size(); (void)n; }));
#endif
        }
    }

    std::printf("{\"rows\": %d, \"runs\": %d, \"cases\": {", rows, runs);
    bool first_case = true;
    for (const char* name : names) {
        const Case& c = cases[name];
        if (c.by.empty()) continue; // not asked for
        std::printf("%s\"%s\": {", first_case ? "" : ", ", name);
        first_case = false;
        bool first = true;
        for (const auto& [who, series] : c.by) {
            const std::string prefix = who == "orm" ? "" : who + "_";
            // "orm_ms"/"raw_ms"/"ratio" keep the names earlier results used; peers add "<peer>_ms"/"<peer>_ratio".
            if (who == "raw") std::printf("%s\"raw_ms\": [%.2f, %.2f]", first ? "" : ", ", percentile(series.ms, 0.5), percentile(series.ms, 0.95));
            else
                std::printf("%s\"%s_ms\": [%.2f, %.2f], \"%sratio\": [%.3f, %.3f]", first ? "" : ", ", who.c_str(), percentile(series.ms, 0.5),
                            percentile(series.ms, 0.95), prefix.c_str(), percentile(series.ratio, 0.5), percentile(series.ratio, 0.95));
            first = false;
        }
        std::printf("}");
    }
    std::printf("}, \"memory_mb\": {");
    bool first = true;
    for (const auto& [who, values] : memory) {
        std::printf("%s\"%s\": %.1f", first ? "" : ", ", who.c_str(), values.empty() ? -1.0 : values.front());
        first = false;
    }
    std::printf("}}\n");
    return 0;
}
