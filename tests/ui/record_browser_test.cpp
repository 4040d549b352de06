// The record browser as a person drives it, drawn headless over a real database: the selection follows
// the keyboard, Ctrl+C copies what is selected, "Go to ID" finds a row wherever the sort put it, and
// pickers tell apart handlers of the same name.
#include "ui/headless_app.h"
#include "app/demo_data.h"
#include "ui/pets_view.h"
#include "ui/record_browser.h"

#include <doctest/doctest.h>
#include <imgui.h>

#include <cstdio>
#include <string>

using test_support::Fixture;
using test_support::HeadlessApp;

namespace {

ui::RecordTableState& users_table(HeadlessApp& app) { return app.state.records.tables[0]; }

struct Rect {
    float x0 = 0, y0 = 0, x1 = 0, y1 = 0;
};
Rect rect_of(const std::string& label) {
    const std::string json = ui::ItemLocator::to_json();
    const auto at = json.find("\"label\":\"" + label + "\"");
    INFO(label, " not among ", json);
    REQUIRE(at != std::string::npos);
    Rect r;
    std::sscanf(json.c_str() + json.find("\"rect\":[", at), "\"rect\":[%f,%f,%f,%f]", &r.x0, &r.y0, &r.x1, &r.y1);
    return r;
}

// Clicks the cell of the row labelled `id` under the column header `column`.
void click_cell(HeadlessApp& app, const std::string& id, const std::string& column) {
    const Rect row = rect_of(id), header = rect_of(column);
    ImGuiIO& io = ImGui::GetIO();
    io.AddMousePosEvent((header.x0 + header.x1) / 2, (row.y0 + row.y1) / 2);
    app.frame();
    io.AddMouseButtonEvent(0, true);
    io.AddMouseButtonEvent(0, false);
    app.frames(3);
}

void type(HeadlessApp& app, const std::string& text) {
    for (const char c : text) ImGui::GetIO().AddInputCharacter(static_cast<unsigned>(c));
    app.frames(2);
}

// Empties a text field as a person does: click, select all, delete.
void clear_field(HeadlessApp& app, const std::string& label) {
    app.click(label);
    ImGui::GetIO().AddKeyEvent(ImGuiMod_Ctrl, true);
    app.press(ImGuiKey_A);
    ImGui::GetIO().AddKeyEvent(ImGuiMod_Ctrl, false);
    app.press(ImGuiKey_Backspace);
}

bool shown(const std::string& label) {
    return ui::ItemLocator::to_json().find("\"label\":\"" + label + "\"") != std::string::npos;
}

} // namespace

TEST_CASE("records: arrows, Page Down and Home move the selection, and the detail panel follows it") {
    Fixture f;
    f.services.add_synthetic_users(300);
    HeadlessApp app(f);
    app.open(ui::AppTab::Records);
    app.click("1");
    REQUIRE(users_table(app).selected_id == 1);
    app.press(ImGuiKey_DownArrow);
    CHECK(users_table(app).selected_id == 2);
    app.frames(2);
    CHECK(users_table(app).detail.id == 2); // the panel shows the row the keyboard chose
    app.press(ImGuiKey_DownArrow);
    app.press(ImGuiKey_UpArrow);
    CHECK(users_table(app).selected_id == 2);
    app.press(ImGuiKey_PageDown);
    const auto after_page = users_table(app).selected_id.value_or(0);
    CHECK(after_page > 10); // a screenful further
    CHECK(shown(std::to_string(after_page)));
    app.press(ImGuiKey_End);
    CHECK(users_table(app).selected_id == 300);
    app.press(ImGuiKey_Home);
    CHECK(users_table(app).selected_id == 1);
}

TEST_CASE("records: Ctrl+C copies the clicked cell, Ctrl+Shift+C the row, tab-separated") {
    Fixture f;
    app::add_tutorial_samples(f.db, f.hasher);
    HeadlessApp app(f);
    app.open(ui::AppTab::Records);
    click_cell(app, "1", "Username");
    REQUIRE(users_table(app).selected_id == 1);
    const auto row = users_table(app).selected_row.cells;
    REQUIRE(row.size() == 4);
    app.press({ImGuiMod_Ctrl, ImGuiKey_C});
    CHECK(std::string(ImGui::GetClipboardText()) == row[1]);
    CHECK(users_table(app).note == "Copied Username of User #1.");
    app.press({ImGuiMod_Ctrl, ImGuiMod_Shift, ImGuiKey_C});
    CHECK(std::string(ImGui::GetClipboardText()) == "1\t" + row[1] + "\t" + row[2] + "\tArgon2id");
    CHECK(users_table(app).note == "Copied the row of User #1.");

    // The keyboard keeps the column: Down, then Ctrl+C copies the next row's username.
    app.press(ImGuiKey_DownArrow);
    REQUIRE(users_table(app).selected_id == 2);
    app.press({ImGuiMod_Ctrl, ImGuiKey_C});
    CHECK(std::string(ImGui::GetClipboardText()) == users_table(app).selected_row.cells.at(1));
}

TEST_CASE("records: Go to ID selects the row and scrolls to it in any order; an unknown ID is said") {
    Fixture f;
    f.services.add_synthetic_users(300);
    HeadlessApp app(f);
    app.open(ui::AppTab::Records);
    app.click("Username"); // sorted by name: the row of ID 250 is far from the top
    app.click("##go-to-Users");
    type(app, "250");
    app.press(ImGuiKey_Enter);
    app.frames(3);
    CHECK(users_table(app).selected_id == 250);
    CHECK(shown("250"));                              // scrolled into view
    CHECK(users_table(app).selected_row.id == 250);   // its cells, once on screen
    CHECK(users_table(app).detail.id == 250);
    REQUIRE(users_table(app).detail.fields.size() == 4); // the panel shows the row's values, not blanks
    CHECK(users_table(app).detail.fields[0].second == "250");
    CHECK(users_table(app).detail.fields[1].second == users_table(app).selected_row.cells.at(1));
    CHECK_FALSE(users_table(app).detail.fields[1].second.empty());
    CHECK(users_table(app).go_to_problem.empty());

    clear_field(app, "##go-to-Users");
    type(app, "9999");
    app.press(ImGuiKey_Enter);
    CHECK(users_table(app).go_to_problem == "No row has ID 9999.");
    CHECK(users_table(app).selected_id == 250); // the selection stays
}

TEST_CASE("pickers tell apart handlers of the same name by their ID") {
    const std::vector<app::PetHandler> handlers{{1, "Hannah"}, {2, "Ann"}, {3, "Hannah"}};
    CHECK(ui::handler_choice_labels(handlers) == std::vector<std::string>{"Hannah (#1)", "Ann", "Hannah (#3)"});
    CHECK(ui::handler_choice_labels({{5, "Ann"}}) == std::vector<std::string>{"Ann"});
}

TEST_CASE("records: a column's filter box and the Exact toggle narrow the rows; a bad number filter is said") {
    Fixture f;
    f.services.add_synthetic_users(300);
    HeadlessApp app(f);
    app.open(ui::AppTab::Records);
    app.click("##filter-Users-id");
    type(app, "10~19");
    app.frames(2);
    CHECK(users_table(app).cache.total() == 10);
    CHECK(shown("10"));
    CHECK_FALSE(shown("1"));
    app.click("##filter-Users-username");
    type(app, "=user000012");
    app.frames(2);
    CHECK(users_table(app).cache.total() == 1); // both filters hold

    app.click("##filter-Users-id");
    type(app, "x");
    app.frames(2);
    CHECK(users_table(app).error.find("a number filter takes a whole number") != std::string::npos);

    // The table-wide filter with Exact: whole values only.
    ui::RecordTableState& table = users_table(app);
    clear_field(app, "##filter-Users-id");
    clear_field(app, "##filter-Users-username");
    CHECK(table.query.column_filters.empty());
    CHECK(table.error.empty());
    app.click("##filter-Users");
    type(app, "user00001");
    CHECK(table.cache.total() == 10); // user000010 … user000019
    app.click("Exact##exact-Users");
    CHECK(table.query.exact);
    CHECK(table.cache.total() == 0);
}

TEST_CASE("records: the SQL console answers a SELECT and refuses a DELETE with the data unchanged") {
    Fixture f;
    app::add_tutorial_samples(f.db, f.hasher);
    ui::SqlConsoleState console;
    CHECK(console.text == "SELECT count(*) FROM user"); // what the tab offers first
    ui::run_sql(console, f.services);
    CHECK(console.answered);
    CHECK(console.answer.problem.empty());
    CHECK(console.answer.rows.at(0).at(0) == "2");
    CHECK(console.answer.summary.rfind("1 row in ", 0) == 0);

    console.text = "DELETE FROM user";
    ui::run_sql(console, f.services);
    CHECK(console.answer.problem.rfind("Only statements that read are run here", 0) == 0);
    CHECK(f.services.users.find_user(1));
    CHECK(f.services.records.fetch({}).total == 2);
}
