#include "app/contact_service.h"
#include "app/demo_data.h"
#include "app/pet_service.h"
#include "app/record_query_service.h"
#include "app_test_support.h"
#include "support/temp_directory.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

using app::RecordRequest;
using app::RecordTable;
using app::SortDirection;
using app_test::AppDatabase;

namespace {

// 300 synthetic users plus a few with names that matter to the filter tests.
struct Fixture : AppDatabase {
    // Contact messages are read by a signed-in account: the first synthetic user (id 1).
    app::RecordQueryService records{db, [] { return app::Actor::account(1); }};
    std::vector<std::string> statements;
    Fixture() {
        app::add_synthetic_users(db, hasher, 300);
        for (const auto& [name, email] :
             {std::pair{"percent%user", "pct@example.org"}, std::pair{"under_score", "us@example.org"},
              std::pair{"back\\slash", "bs@example.org"}, std::pair{"Zoe", "ZOE@Example.org"}})
            db.run("INSERT INTO user (username, user_email, user_password) VALUES (?, ?, ?)", name, email,
                   hasher.hash("x"));
    }
    std::vector<std::string> column(const app::RecordPage& page, std::size_t index) {
        std::vector<std::string> out;
        for (const auto& row : page.rows)
            out.push_back(row.cells.at(index));
        return out;
    }
    std::vector<std::string> usernames(RecordRequest request) { return column(records.fetch(request), 1); }
};

RecordRequest users(std::string sort, SortDirection direction, std::string filter = {}, std::int64_t offset = 0,
                    std::int64_t limit = 50) {
    return {RecordTable::Users, std::move(sort), direction, std::move(filter), offset, limit};
}

bool sorted(const std::vector<std::string>& values, bool descending) {
    return descending ? std::is_sorted(values.rbegin(), values.rend()) : std::is_sorted(values.begin(), values.end());
}

std::string lower(std::string s) {
    for (char& c : s)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return s;
}

} // namespace

TEST_CASE_FIXTURE(Fixture, "users: columns, the password shown as its algorithm, never its hash") {
    const auto page = records.fetch(users("", SortDirection::Ascending));
    REQUIRE(page.columns.size() == 4);
    CHECK(page.columns[0].key == "id");
    CHECK(page.columns[3].label == "Password");
    CHECK_FALSE(page.columns[3].sortable);
    CHECK(page.total == 304);
    REQUIRE(page.rows.size() == 50);
    CHECK(page.rows[0].id == 1);
    CHECK(page.rows[0].cells == std::vector<std::string>{"1", "user000001", "user000001@example.test", "Argon2id"});
    for (const auto& row : page.rows)
        for (const auto& cell : row.cells)
            CHECK(cell.find("$argon2") == std::string::npos);

    db.run("INSERT INTO user (username, user_email, user_password) VALUES ('legacy', 'l@example.org', 'plain')");
    const auto legacy = records.fetch(users("username", SortDirection::Ascending, "legacy"));
    REQUIRE(legacy.rows.size() == 1);
    CHECK(legacy.rows[0].cells[3] == "legacy plaintext");
}

TEST_CASE_FIXTURE(Fixture, "users sort by each sortable column in each direction, ties broken by id") {
    for (const auto direction : {SortDirection::Ascending, SortDirection::Descending}) {
        const bool descending = direction == SortDirection::Descending;
        CAPTURE(descending);
        const auto by_id = records.fetch(users("id", direction));
        CHECK(by_id.rows.front().id == (descending ? 304 : 1));
        auto names = usernames(users("username", direction));
        CHECK(sorted(names, descending));
        CHECK(names.front() == (descending ? "user000300" : "Zoe")); // BINARY order: upper case first
        auto emails = column(records.fetch(users("email", direction, {}, 0, 1000)), 2);
        std::vector<std::string> lowered;
        for (const auto& e : emails)
            lowered.push_back(lower(e));
        CHECK(sorted(lowered, descending)); // case-insensitive
    }
}

TEST_CASE_FIXTURE(Fixture, "paging: every row exactly once, the last page short, past the end empty") {
    std::vector<std::int64_t> seen;
    for (std::int64_t offset = 0; offset < 304; offset += 64) {
        const auto page = records.fetch(users("username", SortDirection::Descending, {}, offset, 64));
        CHECK(page.offset == offset);
        CHECK(page.total == 304);
        CHECK(page.rows.size() == static_cast<std::size_t>(std::min<std::int64_t>(64, 304 - offset)));
        for (const auto& row : page.rows)
            seen.push_back(row.id);
    }
    std::sort(seen.begin(), seen.end());
    CHECK(seen.size() == 304);
    CHECK(std::adjacent_find(seen.begin(), seen.end()) == seen.end());
    const auto past = records.fetch(users("username", SortDirection::Ascending, {}, 304));
    CHECK(past.rows.empty());
    CHECK(past.total == 304);
}

TEST_CASE_FIXTURE(Fixture, "the filter matches text anywhere in the text columns, ignoring ASCII case") {
    const auto page = records.fetch(users("username", SortDirection::Ascending, "USER00029"));
    CHECK(page.total == 10); // user000290 … user000299
    CHECK(page.rows.front().cells[1] == "user000290");
    CHECK(records.fetch(users("id", SortDirection::Ascending, "example.org")).total == 4);    // by email
    CHECK(records.fetch(users("id", SortDirection::Ascending, "  zoe@EXAMPLE ")).total == 1); // trimmed
    const auto none = records.fetch(users("username", SortDirection::Descending, "no such user"));
    CHECK(none.total == 0);
    CHECK(none.rows.empty());
    CHECK(none.columns.size() == 4);
}

TEST_CASE_FIXTURE(Fixture, "hostile filter text is data: wildcards are literal, quotes and SQL do nothing") {
    auto only = [&](const std::string& filter) {
        return usernames(users("username", SortDirection::Ascending, filter));
    };
    CHECK(only("%") == std::vector<std::string>{"percent%user"});
    CHECK(only("_") == std::vector<std::string>{"under_score"});
    CHECK(only("\\") == std::vector<std::string>{"back\\slash"});
    CHECK(only("t%u") == std::vector<std::string>{"percent%user"});
    CHECK(only("user_00001").empty()); // '_' is not "any character" (user000001 exists)
    CHECK(only("' OR 1=1 --").empty());
    CHECK(only("\" OR \"\"=\"").empty());
    CHECK(only("'); DROP TABLE user; --").empty());
    CHECK(only(std::string("user\0%", 6)).size() == 50); // the filter ends at a NUL: "user"
    CHECK(only("\xff\xfe").empty());
    CHECK(only(std::string(100000, '%')).empty()); // cut to 200 characters, still literal
    std::string wide;
    for (int i = 0; i < 300; ++i)
        wide += "\xe4\xb8\xad"; // cut at a character boundary
    CHECK(only(wide).empty());
    CHECK(count("user") == 304);
}

TEST_CASE_FIXTURE(Fixture, "only whitelisted sort columns and sane windows are accepted") {
    for (const char* bad : {"password", "user_password", "username; DROP TABLE user", "1", "pet_name"}) {
        CAPTURE(bad);
        try {
            records.fetch(users(bad, SortDirection::Ascending));
            FAIL("must throw");
        } catch (const std::invalid_argument& e) {
            CHECK(std::string(e.what()).find(bad) == std::string::npos); // the input is not echoed
        }
    }
    CHECK_THROWS_AS(records.fetch(users("id", SortDirection::Ascending, {}, -1)), std::invalid_argument);
    CHECK_THROWS_AS(records.fetch(users("id", SortDirection::Ascending, {}, 0, 0)), std::invalid_argument);
    CHECK_THROWS_AS(records.fetch(users("id", SortDirection::Ascending, {}, 0, app::kMaxRecordPageRows + 1)),
                    std::invalid_argument);
    CHECK(records.fetch(users("id", SortDirection::Ascending, {}, 0, app::kMaxRecordPageRows)).rows.size() == 304);
}

// The plan of one statement: no temporary sort over a table. A page with related data sorts (and groups)
// again after its join, but only the page: then the table is read by a co-routine (the paged subquery)
// that walks an index itself.
void check_no_table_sort(orm::Database& db, const std::string& sql) {
    CAPTURE(sql);
    struct Step {
        int id, parent;
        std::string detail;
    };
    std::vector<Step> steps;
    auto plan = db.prepare("EXPLAIN QUERY PLAN " + sql);
    while (plan->step())
        steps.push_back(
            {static_cast<int>(plan->get_int64(0)), static_cast<int>(plan->get_int64(1)), plan->get_text(3)});
    const auto page = std::find_if(steps.begin(), steps.end(),
                                   [](const Step& s) { return s.parent == 0 && s.detail.rfind("CO-ROUTINE", 0) == 0; });
    for (const Step& s : steps) {
        CAPTURE(s.detail);
        if (s.detail.find("TEMP B-TREE") == std::string::npos) continue;
        CHECK(page != steps.end()); // only over a page
        CHECK(s.parent == 0);       // not inside it
    }
}

TEST_CASE_FIXTURE(Fixture, "the page query walks an index and the related data comes in the same statement") {
    app::add_synthetic_pets(db, 20, 5);
    for (const auto& [table, key] :
         {std::pair{RecordTable::Users, "username"}, std::pair{RecordTable::Users, "email"},
          std::pair{RecordTable::PetHandlers, "handler_name"}, std::pair{RecordTable::Pets, "pet_category"},
          std::pair{RecordTable::Pets, "handler_id"}, std::pair{RecordTable::Comments, "pet_id"},
          std::pair{RecordTable::ContactMessages, "created_at"}}) {
        const std::string sort_key = key;
        CAPTURE(sort_key);
        for (const auto direction : {SortDirection::Ascending, SortDirection::Descending}) {
            statements.clear();
            db.set_statement_listener([&](std::string_view sql) { statements.emplace_back(sql); });
            records.fetch({table, sort_key, direction, "e", 0, 50});
            db.set_statement_listener(nullptr);
            CHECK(!statements.empty());
            // has-anything-changed, count, the page with its related data (and for contact messages, who reads)
            CHECK(statements.size() <= (table == RecordTable::ContactMessages ? 4u : 3u));
            for (const auto& sql : statements)
                check_no_table_sort(db, sql);
        }
    }
}

TEST_CASE("the total is counted once per filter while nothing changes, and again after any write") {
    test_support::TempDirectory dir;
    AppDatabase app(dir.file("records.db"));
    app::add_synthetic_users(app.db, app.hasher, 120);
    app::RecordQueryService records(app.db);
    int counts = 0;
    app.db.set_statement_listener([&](std::string_view sql) { counts += sql.rfind("SELECT count(*)", 0) == 0; });
    auto total = [&](const char* filter, std::int64_t offset = 0) {
        return records.fetch({RecordTable::Users, "username", SortDirection::Ascending, filter, offset, 10}).total;
    };
    CHECK(total("user0000") == 99);
    CHECK(total("user0000", 10) == 99); // next page
    CHECK(records.fetch({RecordTable::Users, "email", SortDirection::Descending, "user0000", 50, 10}).total ==
          99); // other sort
    CHECK(counts == 1);
    CHECK(total("user0001") == 21);
    CHECK(counts == 2);

    app.db.run(
        "INSERT INTO user (username, user_email, user_password) VALUES ('user0001x', 'x@example.org', 'x')"); // this
                                                                                                              // connection
    CHECK(total("user0001") == 22);
    CHECK(counts == 3);
    {
        orm::Database other(dir.file("records.db")); // another connection
        other.run("DELETE FROM user WHERE username = 'user0001x'");
    }
    CHECK(total("user0001") == 21);
    CHECK(counts == 4);
    CHECK(total("user0001") == 21);
    CHECK(counts == 4);
    app.db.set_statement_listener(nullptr);
}

TEST_CASE("every table: pets show and link their handler, comments their pet, messages their time") {
    AppDatabase app;
    app::PetService pets(app.db);
    const auto ann = *pets.create_handler("Ann").value;
    const auto rex = *pets.create_pet(ann.handler_id, {"Rex", "dog"}).value;
    pets.create_pet(ann.handler_id, {"Bella", "cat"});
    pets.add_comment(rex.pet_id, "Good dog.");
    app.db.run("INSERT INTO pet_comment (comment_content) VALUES ('a tutorial comment')");
    app::ContactService contact(app.db, [] { return orm::parse_datetime("2024-05-01 09:30:00.123456"); });
    contact.submit({"Ann", "ann@example.org", "Hi", "Hello there."});
    const app::Actor reader = app_test::add_actor(app.db, "reader");
    app::RecordQueryService records(app.db, [&] { return reader; });

    const auto handlers =
        records.fetch({RecordTable::PetHandlers, "handler_name", SortDirection::Ascending, "", 0, 10});
    REQUIRE(handlers.rows.size() == 1);
    CHECK(handlers.rows[0].cells == std::vector<std::string>{std::to_string(ann.handler_id), "Ann", "2"});

    const auto pet_page = records.fetch({RecordTable::Pets, "pet_name", SortDirection::Descending, "", 0, 10});
    REQUIRE(pet_page.rows.size() == 2);
    CHECK(pet_page.rows[0].cells ==
          std::vector<std::string>{std::to_string(rex.pet_id), "Rex", "dog", std::to_string(ann.handler_id), "Ann"});
    REQUIRE(pet_page.rows[0].link);
    CHECK(pet_page.rows[0].link->table == RecordTable::PetHandlers);
    CHECK(pet_page.rows[0].link->id == ann.handler_id);
    CHECK(pet_page.rows[0].link->label == "Ann");
    CHECK(records.fetch({RecordTable::Pets, "pet_id", SortDirection::Ascending, "CAT", 0, 10}).total == 1);

    const auto comments = records.fetch({RecordTable::Comments, "comment_id", SortDirection::Ascending, "", 0, 10});
    REQUIRE(comments.rows.size() == 2);
    CHECK(comments.rows[0].cells == std::vector<std::string>{"1", "Good dog.", std::to_string(rex.pet_id), "Rex"});
    CHECK(comments.rows[1].cells == std::vector<std::string>{"2", "a tutorial comment", "", ""});
    REQUIRE(comments.rows[0].link);
    CHECK(comments.rows[0].link->table == RecordTable::Pets);
    CHECK(comments.rows[0].link->id == rex.pet_id);
    CHECK(comments.rows[0].link->label == "Rex");
    CHECK_FALSE(comments.rows[1].link); // the tutorial's comments belong to no pet
    CHECK(comments.rows[1].is_null(2));   // its Pet ID is NULL, not an empty text
    CHECK(comments.rows[1].is_null(3));
    CHECK_FALSE(comments.rows[1].is_null(1));
    CHECK(comments.rows[0].null_cells == 0);
    CHECK(pet_page.rows[0].null_cells == 0);
    CHECK_FALSE(handlers.rows[0].link);

    const auto messages =
        records.fetch({RecordTable::ContactMessages, "created_at", SortDirection::Descending, "hello", 0, 10});
    REQUIRE(messages.rows.size() == 1);
    CHECK(messages.rows[0].cells ==
          std::vector<std::string>{"1", "2024-05-01 09:30:00", "Ann", "ann@example.org", "Hi", "Hello there."});

    for (const auto table : {RecordTable::Users, RecordTable::PetHandlers, RecordTable::Pets, RecordTable::Comments,
                             RecordTable::ContactMessages}) {
        CHECK_FALSE(app::RecordQueryService::table_label(table).empty());
        CHECK(app::RecordQueryService::columns(table).front().sortable);
    }
}

TEST_CASE_FIXTURE(Fixture, "go to ID: a row's position in every sort order and direction, within the filter") {
    // The position is where the browser shows the row: check it against the pages themselves.
    for (const std::string sort : {"id", "username", "email"}) {
        for (const auto direction : {SortDirection::Ascending, SortDirection::Descending}) {
            CAPTURE(sort);
            const auto page = records.fetch(users(sort, direction, "", 0, 1000));
            REQUIRE(page.rows.size() == 304);
            for (const std::size_t at : {std::size_t{0}, std::size_t{1}, std::size_t{150}, std::size_t{303}}) {
                const auto position = records.position_of(users(sort, direction), page.rows[at].id);
                REQUIRE(position);
                CHECK(*position == static_cast<std::int64_t>(at));
            }
        }
    }
    // Within a filter the position counts only matching rows; a row the filter hides has none.
    const auto zoe = records.fetch(users("username", SortDirection::Ascending, "zoe")).rows.at(0).id;
    CHECK(records.position_of(users("username", SortDirection::Ascending, "zoe"), zoe) == 0);
    CHECK_FALSE(records.position_of(users("username", SortDirection::Ascending, "percent"), zoe));
    CHECK_FALSE(records.position_of(users("id", SortDirection::Ascending), 999999));
    CHECK_THROWS_AS(records.position_of(users("password", SortDirection::Ascending), zoe), std::invalid_argument);
}

// Rex (Ann's dog) with the comment "Good dog.", and a comment on no pet (the tutorial's own kind).
struct CommentsWithoutPet : AppDatabase {
    app::PetService pets{db};
    app::PetCategory rex;
    CommentsWithoutPet() {
        const auto ann = *pets.create_handler("Ann").value;
        rex = *pets.create_pet(ann.handler_id, {"Rex", "dog"}).value;
        pets.add_comment(rex.pet_id, "Good dog.");
        db.run("INSERT INTO pet_comment (comment_content) VALUES ('no pet')");
    }
};

TEST_CASE_FIXTURE(CommentsWithoutPet, "go to ID over a column with NULLs: they sort first, as SQLite sorts them") {
    AppDatabase& app = *this;
    pets.add_comment(rex.pet_id, "Again.");
    app.db.run("INSERT INTO pet_comment (comment_content) VALUES ('no pet either')");
    app::RecordQueryService records(app.db);
    for (const auto direction : {SortDirection::Ascending, SortDirection::Descending}) {
        const RecordRequest request{RecordTable::Comments, "pet_id", direction, "", 0, 10};
        const auto page = records.fetch(request);
        REQUIRE(page.rows.size() == 4);
        for (std::size_t at = 0; at < page.rows.size(); ++at)
            CHECK(records.position_of(request, page.rows[at].id) == static_cast<std::int64_t>(at));
    }
}

TEST_CASE_FIXTURE(Fixture, "column filters: contains, =exact, ^prefix on text; numbers, comparisons and ranges on IDs") {
    const auto total = [&](std::vector<app::ColumnFilter> filters, std::string filter = {}, bool exact = false) {
        RecordRequest request = users("id", SortDirection::Ascending, std::move(filter));
        request.column_filters = std::move(filters);
        request.exact = exact;
        return records.fetch(request).total;
    };
    CHECK(total({{"username", "zoe"}}) == 1);          // contains, ignoring ASCII case
    CHECK(total({{"username", "=Zoe"}}) == 1);         // exactly
    CHECK(total({{"username", "=zoe"}}) == 0);         // exactly means case too
    CHECK(total({{"username", "^user0001"}}) == 100);  // user000100 … user000199
    CHECK(total({{"username", "^ser"}}) == 0);         // a prefix, not anywhere
    CHECK(total({{"email", "=zoe@EXAMPLE.org"}}) == 1); // one address whatever its ASCII case
    CHECK(total({{"id", ">=10"}, {"id", "<=19"}}) == 10); // every filter must match
    CHECK(total({{"id", "10~19"}}) == 10);
    CHECK(total({{"id", "=7"}}) == 1);
    CHECK(total({{"id", "7"}}) == 1);
    CHECK(total({{"id", ">300"}}) == 4);
    CHECK(total({{"id", "<2"}}) == 1);
    CHECK(total({{"username", "  "}}) == 304); // blank: no filter
    CHECK(total({{"username", "^user"}}, "Zoe") == 0); // and the table-wide filter too
    CHECK_THROWS_AS(total({{"id", "seven"}}), std::invalid_argument);
    CHECK_THROWS_AS(total({{"id", "1~"}}), std::invalid_argument);
    CHECK_THROWS_AS(total({{"password", "argon"}}), std::invalid_argument); // never filterable
    CHECK_THROWS_AS(total({{"user_password", "x"}}), std::invalid_argument);

    // The table-wide filter's exact match: whole values, case and all.
    CHECK(total({}, "zoe") == 1);
    CHECK(total({}, "zoe", true) == 0);
    CHECK(total({}, "Zoe", true) == 1);
    CHECK(total({}, "user0001", true) == 0); // not a whole value

    const auto& columns = app::RecordQueryService::columns(RecordTable::Users);
    CHECK(columns[0].filterable);
    CHECK(columns[0].numeric);
    CHECK(columns[1].filterable);
    CHECK_FALSE(columns[1].numeric);
    CHECK_FALSE(columns[3].filterable); // the password
}

TEST_CASE_FIXTURE(Fixture, "an exact or numeric column filter walks an index: no scan of 100,000 rows") {
    for (const auto& [key, text] : {std::pair{"username", "=Zoe"}, std::pair{"email", "=zoe@example.org"},
                                    std::pair{"id", "10~19"}, std::pair{"id", ">=250"}}) {
        const std::string filter_text = text;
        CAPTURE(filter_text);
        RecordRequest request = users("id", SortDirection::Ascending);
        request.column_filters = {{key, text}};
        statements.clear();
        db.set_statement_listener([&](std::string_view sql) { statements.emplace_back(sql); });
        records.fetch(request);
        db.set_statement_listener(nullptr);
        const auto count = std::find_if(statements.begin(), statements.end(),
                                        [](const std::string& sql) { return sql.find("count(") != std::string::npos; });
        REQUIRE(count != statements.end());
        const auto plan = app_test::query_plan(db, *count);
        CAPTURE(*count);
        REQUIRE(!plan.empty());
        for (const auto& step : plan) {
            CAPTURE(step);
            CHECK(step.find("USING") != std::string::npos); // an index or the primary key, never SCAN user
        }
    }
}

TEST_CASE_FIXTURE(CommentsWithoutPet, "a column filter on a column that may be NULL: NULL finds the rows without a value") {
    app::RecordQueryService records(db);
    RecordRequest request{RecordTable::Comments, "comment_id", SortDirection::Ascending, "", 0, 10};
    request.column_filters = {{"pet_id", "NULL"}};
    const auto page = records.fetch(request);
    REQUIRE(page.rows.size() == 1);
    CHECK(page.rows[0].cells[1] == "no pet");
    request.column_filters = {{"pet_id", std::to_string(rex.pet_id)}};
    CHECK(records.fetch(request).rows.at(0).cells[1] == "Good dog.");
    request.column_filters = {{"comment_content", "^good"}};
    CHECK(records.fetch(request).total == 1);
}
