// The record the page's DOM mirror is built from (ui::AccessibilityTree), made from whole frames of the
// app drawn headless: roles, names, states and autocomplete tokens as a screen reader and a password
// manager need them; the page's requests (focus, press, an edited text, Enter) reaching the views.
#include "ui/accessibility_tree.h"
#include "ui/app_view.h"
#include "ui/item_locator.h"

#include "app/demo_data.h"
#include "app/models.h"
#include "app/password_hasher.h"
#include "orm/database.h"
#include "orm/session.h"

#include "support/recording_actions.h"

#include <doctest/doctest.h>
#include <imgui.h>
#include <imgui_internal.h>

#include <string>

namespace {

using ui::AccessibilityTree;
using ui::AccessibleNode;
using ui::AccessibleRole;

struct App {
    orm::Database db{":memory:"};
    app::PasswordHasher hasher{app::Argon2Parameters{256, 1, 1}};
    const std::unique_ptr<app::Services> opened = app::open_services(db, hasher, 1);
    app::Services& services = *opened;
    test_support::RecordingActions actions;
    ui::StorageStatus storage;
    ui::HostContext host{storage, actions, {"3.53.2", ""}};
    ui::AppViewState state;

    App() {
        storage.ready = true;
        ImGui::CreateContext();
        ImGui::GetIO().ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
        ImGui::GetIO().Fonts->Build();
        ui::ItemLocator::enable();
        AccessibilityTree::enable();
    }
    ~App() { ImGui::DestroyContext(); }

    // One frame as the browser host draws it: the page's requests first, the record complete after it.
    void frame() {
        ImGuiIO& io = ImGui::GetIO();
        io.DisplaySize = ImVec2(1280, 800);
        io.DeltaTime = 1.0f / 60.0f;
        ui::ItemLocator::begin_frame();
        AccessibilityTree::apply_requests();
        AccessibilityTree::begin_frame();
        ImGui::NewFrame();
        ui::draw_app_view(state, &services, host);
        ImGui::Render();
        AccessibilityTree::end_frame();
    }
    void frames(int n) {
        for (int i = 0; i < n; ++i)
            frame();
    }
    void open(ui::AppTab tab) {
        state.select_tab = tab;
        frames(3);
    }
    // The page moves its focus to the text field named `name` (defined below the helpers it uses).
    std::uint32_t focus_field(const std::string& name);
};

const AccessibleNode* find(AccessibleRole role, const std::string& name) {
    for (const AccessibleNode& node : AccessibilityTree::last_frame().nodes)
        if (node.role == role && node.name == name) return &node;
    return nullptr;
}

const AccessibleNode& require(AccessibleRole role, const std::string& name) {
    const AccessibleNode* node = find(role, name);
    INFO(ui::role_name(role), " \"", name, "\" not in ", AccessibilityTree::to_json());
    REQUIRE(node != nullptr);
    return *node;
}

std::uint32_t App::focus_field(const std::string& name) {
    const std::uint32_t id = require(AccessibleRole::Textbox, name).id;
    AccessibilityTree::request_focus(id);
    frames(2);
    return id;
}

int count(AccessibleRole role) {
    int n = 0;
    for (const AccessibleNode& node : AccessibilityTree::last_frame().nodes)
        n += node.role == role ? 1 : 0;
    return n;
}

} // namespace

TEST_CASE("mirror: the register view's tabs, fields with their autocomplete tokens, and its submit button") {
    App app;
    app.open(ui::AppTab::Register);
    const auto& nodes = AccessibilityTree::last_frame().nodes;
    const AccessibleNode& tab = require(AccessibleRole::Tab, "Register");
    CHECK(tab.selected);
    REQUIRE(tab.parent >= 0);
    CHECK(nodes[static_cast<std::size_t>(tab.parent)].role == AccessibleRole::TabList);
    CHECK_FALSE(require(AccessibleRole::Tab, "Records").selected);
    require(AccessibleRole::Heading, "Create an account");
    CHECK(require(AccessibleRole::Textbox, "Username").autocomplete == "username");
    CHECK(require(AccessibleRole::Textbox, "Email").autocomplete == "email");
    const AccessibleNode& password = require(AccessibleRole::Textbox, "Password");
    CHECK(password.autocomplete == "new-password");
    CHECK(password.password);
    CHECK(require(AccessibleRole::Textbox, "Confirm password").autocomplete == "new-password");
    CHECK(password.form == "register");
    CHECK_FALSE(require(AccessibleRole::Checkbox, "Show password").checked);
    const AccessibleNode& submit = require(AccessibleRole::Button, "Register");
    CHECK(submit.submits);
    CHECK(submit.form == "register");
    CHECK(require(AccessibleRole::MenuButton, "File").id != 0);
    int file_entries = 0; // once, though Dear ImGui reports the menu's Selectable and the menu
    for (const AccessibleNode& node : nodes)
        file_entries += node.id == require(AccessibleRole::MenuButton, "File").id;
    CHECK(file_entries == 1);
    CHECK(submit.x1 > submit.x0);
    CHECK(submit.y1 > submit.y0);
}

TEST_CASE("mirror: the page's text reaches the field, its error is tied to it, a password never leaves C++") {
    App app;
    app.open(ui::AppTab::Register);
    const std::uint32_t username = require(AccessibleRole::Textbox, "Username").id;
    AccessibilityTree::set_page_text(username, "pe", 2, 1);
    app.frames(2);
    CHECK(app.state.register_form.input.username == "pe");
    const AccessibleNode& field = require(AccessibleRole::Textbox, "Username");
    CHECK(field.value == "pe");
    CHECK(field.invalid);
    REQUIRE(field.described_by >= 0);
    const AccessibleNode& message = AccessibilityTree::last_frame().nodes[static_cast<std::size_t>(field.described_by)];
    CHECK(message.role == AccessibleRole::Alert);
    CHECK(message.name == "Username must be at least 3 characters.");
    CHECK(AccessibilityTree::to_json().find("\"q\":1") != std::string::npos); // the page's edit 1 applied

    const std::uint32_t password = require(AccessibleRole::Textbox, "Password").id;
    AccessibilityTree::set_page_text(password, "correct horse", 13, 2);
    app.frames(2);
    CHECK(app.state.register_form.input.password == "correct horse");
    CHECK(require(AccessibleRole::Textbox, "Password").secret_length == 13);
    CHECK(AccessibilityTree::to_json().find("correct horse") == std::string::npos);
}

TEST_CASE("mirror: focus from the page starts editing a field; a press and Enter run the form's submit") {
    App app;
    app.open(ui::AppTab::Register);
    const std::uint32_t email = app.focus_field("Email");
    CHECK(ImGui::GetCurrentContext()->ActiveId == email);
    CHECK(AccessibilityTree::last_frame().focused_id == email);
    // A page edit while Dear ImGui edits the field replaces its text and caret whole (no select-all).
    AccessibilityTree::set_page_text(email, "peter@example.org", 17, 3);
    app.frames(2);
    CHECK(app.state.register_form.input.email == "peter@example.org");
    CHECK(ImGui::GetCurrentContext()->InputTextState.GetCursorPos() == 17);

    AccessibilityTree::request_press(require(AccessibleRole::Button, "Register").id);
    app.frames(3);
    CHECK(app.state.register_form.errors.username.has_value()); // submitted: every rule judged
    const AccessibleNode& alert = require(AccessibleRole::Alert, "Enter a username.");
    CHECK_FALSE(alert.in_place);

    AccessibilityTree::set_page_text(require(AccessibleRole::Textbox, "Username").id, "peter", 5, 4);
    AccessibilityTree::set_page_text(require(AccessibleRole::Textbox, "Password").id, "correct horse", 13, 5);
    AccessibilityTree::set_page_text(require(AccessibleRole::Textbox, "Confirm password").id, "correct horse", 13, 6);
    app.frames(2);
    AccessibilityTree::request_enter(require(AccessibleRole::Textbox, "Confirm password").id);
    const std::uint64_t accepted = AccessibilityTree::last_frame().credentials_accepted;
    for (int i = 0; i < 40 && !app.state.register_form.registered; ++i)
        app.frame();
    REQUIRE(app.state.register_form.registered.has_value());
    CHECK(app.state.register_form.registered->username == "peter");
    app.frame();
    require(AccessibleRole::Status, "User registration successful");
    CHECK(AccessibilityTree::last_frame().credentials_accepted == accepted + 1);
    CHECK(AccessibilityTree::last_frame().accepted_form == "register");
}

TEST_CASE("mirror: a table of 100,000 users is a grid of its visible rows, with the whole row count") {
    App app;
    app::add_synthetic_users(app.db, app.hasher, 100000);
    app.open(ui::AppTab::Records);
    app.frames(2);
    const AccessibleNode& grid = require(AccessibleRole::Grid, "Users");
    CHECK(grid.row_index == 100001);
    CHECK(grid.column_count == 4);
    require(AccessibleRole::ColumnHeader, "Username");
    const int rows = count(AccessibleRole::Row);
    CHECK(rows > 10);
    CHECK(rows < 60); // the header row and the visible window only
    const AccessibleNode& first = require(AccessibleRole::Cell, "user000001");
    const AccessibleNode& row = AccessibilityTree::last_frame().nodes[static_cast<std::size_t>(first.parent)];
    CHECK(row.role == AccessibleRole::Row);
    CHECK(row.row_index == 2);
    const std::uint32_t row_id = row.id; // (the next frame replaces the record)
    // Nothing changed: the same record, the same hash (the host hands the page nothing).
    const std::uint64_t hash = AccessibilityTree::hash();
    app.frame();
    CHECK(AccessibilityTree::hash() == hash);
    AccessibilityTree::request_press(row_id);
    app.frames(2);
    CHECK(AccessibilityTree::hash() != hash);
    require(AccessibleRole::Heading, "User #1");
}

namespace {

// The first option of the listbox named `listbox` whose text starts with `prefix`.
const AccessibleNode* find_option(const std::string& listbox, const std::string& prefix) {
    const auto& nodes = AccessibilityTree::last_frame().nodes;
    for (const AccessibleNode& node : nodes) {
        if (node.role != AccessibleRole::Option || node.parent < 0) continue;
        const AccessibleNode& parent = nodes[static_cast<std::size_t>(node.parent)];
        if (parent.role == AccessibleRole::Listbox && parent.name == listbox && node.name.rfind(prefix, 0) == 0) return &node;
    }
    return nullptr;
}

const AccessibleNode& require_option(const std::string& listbox, const std::string& prefix) {
    const AccessibleNode* node = find_option(listbox, prefix);
    INFO("option \"", prefix, "\" of listbox \"", listbox, "\" not in ", AccessibilityTree::to_json());
    REQUIRE(node != nullptr);
    return *node;
}

} // namespace

TEST_CASE("mirror: the pets view's handlers and pets are listboxes of options, and Move to is a named combo box whose popup is one") {
    App app;
    app::add_tutorial_samples(app.db, app.hasher);
    {
        orm::Session session(app.db);
        session.add(app::PetHandler{0, "Omar"});
        session.commit();
    }
    app.open(ui::AppTab::Pets);
    // The view opens on the first handler, no pet of hers chosen yet.
    CHECK(require_option("Handlers", "Hannah").selected);
    CHECK_FALSE(require_option("Pets", "Rex").selected);

    AccessibilityTree::request_press(require_option("Handlers", "Omar").id);
    app.frames(3);
    CHECK(require_option("Handlers", "Omar").selected);
    CHECK_FALSE(require_option("Handlers", "Hannah").selected);
    CHECK(find(AccessibleRole::Listbox, "Pets") == nullptr); // Omar has no pets: no empty listbox
    require(AccessibleRole::Text, "This handler has no pets yet.");

    AccessibilityTree::request_press(require_option("Handlers", "Hannah").id);
    app.frames(3);
    CHECK_FALSE(require_option("Pets", "Whiskers").selected);
    AccessibilityTree::request_press(require_option("Pets", "Whiskers").id);
    app.frames(3);
    CHECK(require_option("Pets", "Whiskers").selected);
    CHECK_FALSE(require_option("Pets", "Rex").selected);

    const AccessibleNode& combo = require(AccessibleRole::Combobox, "Move to");
    CHECK_FALSE(combo.expanded);
    CHECK(find(AccessibleRole::Listbox, "Move to") == nullptr);
    AccessibilityTree::request_press(combo.id);
    app.frames(3);
    CHECK(require(AccessibleRole::Combobox, "Move to").expanded);
    CHECK(require(AccessibleRole::Listbox, "Move to").parent == -1);
    CHECK(require_option("Move to", "Hannah").selected); // where Whiskers is now
    const AccessibleNode& omar = require_option("Move to", "Omar");
    CHECK_FALSE(omar.selected);
    AccessibilityTree::request_press(omar.id);
    app.frames(3);
    CHECK(find(AccessibleRole::Listbox, "Move to") == nullptr); // chosen: the popup closed
    CHECK(app.state.pets.move_to_handler_id != 0);
    CHECK(app.state.pets.move_to_handler_id != app.state.pets.handler_id.value_or(0));
}

TEST_CASE("mirror: a form submitted by the page's Enter empties its focused field, and the next entry is typed afresh") {
    App app;
    app.open(ui::AppTab::Pets);
    const std::uint32_t field = app.focus_field("New handler");
    REQUIRE(ImGui::GetCurrentContext()->ActiveId == field);
    AccessibilityTree::set_page_text(field, "Ann", 3, 1);
    app.frames(2);
    AccessibilityTree::request_enter(field);
    app.frames(4);
    require_option("Handlers", "Ann");
    // The field kept the focus (the page's Enter does not end Dear ImGui's edit) and still shows empty:
    // Dear ImGui's own copy of "Ann" did not come back over the emptied text.
    CHECK(ImGui::GetCurrentContext()->ActiveId == field);
    CHECK(app.state.pets.new_handler_name.empty());
    CHECK(require(AccessibleRole::Textbox, "New handler").value.empty());

    AccessibilityTree::set_page_text(field, "Bob", 3, 2);
    app.frames(2);
    AccessibilityTree::request_enter(field);
    app.frames(4);
    require_option("Handlers", "Bob");
    CHECK(find_option("Handlers", "AnnBob") == nullptr);
    CHECK(app.state.pets.new_handler_name.empty());
}
