// CSV export: what the record browser shows, every row, in a form spreadsheets read back exactly.
#include "app/csv_export.h"

#include "app/demo_data.h"
#include "app_test_support.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

namespace {

std::vector<std::string> lines(const std::string& csv) {
    std::vector<std::string> out;
    std::size_t start = 0;
    for (std::size_t end; (end = csv.find("\r\n", start)) != std::string::npos; start = end + 2)
        out.push_back(csv.substr(start, end - start));
    CHECK(start == csv.size()); // every line, the last included, ends with CRLF
    return out;
}

app::RecordRequest request_for(app::RecordTable table, std::string sort = {},
                               app::SortDirection direction = app::SortDirection::Ascending, std::string filter = {}) {
    app::RecordRequest request;
    request.table = table;
    request.sort_column = std::move(sort);
    request.direction = direction;
    request.filter = std::move(filter);
    return request;
}

} // namespace

TEST_CASE("fields are quoted only when needed, and formulas stay text") {
    CHECK(app::csv_field("peter") == "peter");
    CHECK(app::csv_field("") == "");
    CHECK(app::csv_field("Smith, Anna") == "\"Smith, Anna\"");
    CHECK(app::csv_field("say \"hi\"") == "\"say \"\"hi\"\"\"");
    CHECK(app::csv_field("two\nlines") == "\"two\nlines\"");
    CHECK(app::csv_field("=HYPERLINK(\"http://x\")") == "\"'=HYPERLINK(\"\"http://x\"\")\"");
    CHECK(app::csv_field("-1+2") == "'-1+2");
    CHECK(app::csv_field("@sum") == "'@sum");
    CHECK(app::csv_field("Zoë 🐕") == "Zoë 🐕"); // UTF-8 passes through as it is
}

TEST_CASE("a copied row is tab-separated; a field with a tab, quote or line break is quoted, never altered") {
    CHECK(app::tab_separated_line({"2", "Peter", "peter@example.com"}) == "2\tPeter\tpeter@example.com");
    CHECK(app::tab_separated_line({"1", "a\tb", "say \"hi\"", "two\nlines", ""}) ==
          "1\t\"a\tb\"\t\"say \"\"hi\"\"\"\t\"two\nlines\"\t");
    CHECK(app::tab_separated_line({"=1+1"}) == "=1+1"); // the value itself, unlike a CSV file's field
    CHECK(app::tab_separated_line({}).empty());
}

TEST_CASE("a table exports with the browser's columns, sort and filter, every row, never a hash") {
    app_test::AppDatabase data;
    app::RecordQueryService records(data.db);
    app::add_synthetic_users(data.db, data.hasher, 2500); // more than one batch of 1,000
    data.db.run("INSERT INTO user (username, user_email, user_password) VALUES (?, ?, ?)", "=cmd, \"x\"",
                "eve@example.org", "legacy");

    const auto all = lines(app::export_csv(records, request_for(app::RecordTable::Users)));
    REQUIRE(all.size() == 2502);
    CHECK(all[0] == "ID,Username,Email,Password");
    CHECK(all[1].find("1,user") == 0);
    CHECK(all[1].find(",Argon2id") != std::string::npos);
    CHECK(all[2501] == "2501,\"'=cmd, \"\"x\"\"\",eve@example.org,legacy plaintext");
    CHECK(all[1].find("$argon2id$") == std::string::npos);

    const auto filtered = lines(app::export_csv(records, request_for(app::RecordTable::Users, "username",
                                                                      app::SortDirection::Descending, "user00001")));
    REQUIRE(filtered.size() == 11); // header + user000010 … user000019 (user000001 has only 6 digits after)
    CHECK(filtered[1].find(",user000019,") != std::string::npos);
    CHECK(filtered[10].find(",user000010,") != std::string::npos);
}

TEST_CASE("related names are filled in across batches") {
    app_test::AppDatabase data;
    app::RecordQueryService records(data.db);
    app::add_synthetic_pets(data.db, 150, 10); // 1,500 pets: two batches
    const auto pets = lines(app::export_csv(records, request_for(app::RecordTable::Pets)));
    REQUIRE(pets.size() == 1501);
    CHECK(pets[0] == "ID,Name,Category,Handler ID,Handler");
    CHECK(pets[1500].substr(pets[1500].rfind(',') + 1) == "Handler 0150");
    CHECK(app::csv_file_name(app::RecordTable::Pets) == "pets.csv");
}
