// The views' state logic against a real in-memory database with the app's schema, and whole frames of
// the app drawn headless (no GPU): nothing throws, and the widgets browser tests click are there.
#include "ui/app_view.h"
#include "ui/form_widgets.h"
#include "ui/headless_app.h"
#include "ui/import_confirm.h"
#include "ui/item_locator.h"

#include "app/password_hasher.h"
#include "orm/database.h"

#include <doctest/doctest.h>
#include <imgui.h>

#include <chrono>
#include <cstdio>
#include <functional>
#include <string>

using test_support::Fixture;
using test_support::HeadlessApp;
using FakeActions = test_support::RecordingActions; // grants every write at once

namespace {

// Runs a pending DeferredWrite the way frames do: one frame to show the busy state, then the write.
bool run_deferred(ui::DeferredWrite& write, ui::StorageActions& actions) {
    for (int frame = 0; frame < 3; ++frame)
        if (write.take(actions)) return true;
    return false;
}

} // namespace

TEST_CASE("registration: rules on submit, success with the new account, a duplicate is a field error") {
    Fixture f;
    FakeActions actions;
    ui::RegisterViewState state;
    state.input = {"peter", "peter@example.org", "short", "short"};
    CHECK_FALSE(ui::request_registration(state, f.services.registration));
    CHECK(state.errors.password.has_value());
    CHECK_FALSE(state.submission.write.pending);

    state.input = {"peter", "Peter@Example.org", "correct horse", "correct horse"};
    REQUIRE(ui::request_registration(state, f.services.registration));
    CHECK(ui::registration_busy(state));
    // The hash runs a slice per frame: with a zero budget, one Argon2 segment a frame.
    int frames = 1;
    while (ui::advance_registration(state, f.services.registration, std::chrono::microseconds(0))) ++frames;
    CHECK(frames == 1 + 4); // names checked and Argon2 set up, then 4 segments (1 pass × 4 slices × 1 lane)
    CHECK_FALSE(state.registered.has_value());
    CHECK(f.services.records.fetch({}).total == 0); // nothing stored before the write turn
    CHECK_FALSE(state.submission.write.take(actions)); // the busy state is drawn first
    REQUIRE(state.submission.write.take(actions));
    ui::complete_registration(state, f.services.registration);
    CHECK_FALSE(ui::registration_busy(state));
    REQUIRE(state.registered.has_value());
    CHECK(state.registered->username == "peter");
    CHECK(state.registered->email == "peter@example.org");
    CHECK(state.input.password.empty()); // the form is emptied

    state.input = {"peter", "other@example.org", "correct horse", "correct horse"};
    REQUIRE(ui::request_registration(state, f.services.registration));
    CHECK_FALSE(ui::advance_registration(state, f.services.registration)); // the name is taken: no hashing
    CHECK_FALSE(state.submission.pending.has_value());
    CHECK_FALSE(ui::registration_busy(state));
    CHECK_FALSE(state.registered.has_value());
    REQUIRE(state.errors.username.has_value());
    CHECK(*state.errors.username == app::kUsernameTaken);
}

TEST_CASE("registration: messages appear as the person types, only for fields already edited") {
    Fixture f;
    ui::RegisterViewState state;
    state.input.username = "pe";
    ui::note_register_field_edited(state, ui::RegisterField::Username, f.services.registration);
    CHECK(state.errors.username.has_value());
    CHECK_FALSE(state.errors.email.has_value()); // not touched yet
    state.input.username = "peter";
    ui::note_register_field_edited(state, ui::RegisterField::Username, f.services.registration);
    CHECK_FALSE(state.errors.username.has_value());
}

TEST_CASE("account: log in by email, a wrong password, change the password, log out") {
    Fixture f;
    FakeActions actions;
    REQUIRE(f.services.registration.register_user({"ann", "ann@example.org", "first password", "first password"}).ok());
    ui::AccountViewState state;
    CHECK_FALSE(ui::request_login(state)); // nothing typed
    CHECK(state.login_error.has_value());

    state.identifier = "ann@example.org";
    state.password = "wrong password";
    REQUIRE(ui::request_login(state));
    CHECK(ui::login_busy(state));
    int frames = 1; // the password is checked a segment per frame (a zero budget)
    while (ui::advance_login(state, f.services.authentication, std::chrono::microseconds(0))) ++frames;
    CHECK(frames == 1 + 4);
    CHECK_FALSE(state.login_error); // the answer comes with the write turn
    REQUIRE(run_deferred(state.login.write, actions));
    ui::complete_login(state, f.services.authentication);
    CHECK(state.login_error == std::optional<std::string>(app::kWrongCredentials));
    CHECK(state.password.empty());
    CHECK_FALSE(ui::login_busy(state));

    state.password = "first password";
    REQUIRE(ui::request_login(state));
    while (ui::advance_login(state, f.services.authentication)) {
    }
    ui::complete_login(state, f.services.authentication);
    REQUIRE(f.services.authentication.current_user().has_value());
    CHECK(f.services.authentication.current_user()->username == "ann");

    state.change = {"wrong password", "second password", "second"};
    ui::request_password_change(state);
    while (ui::advance_password_change(state, f.services.authentication)) {
    }
    REQUIRE(run_deferred(state.password_change.write, actions));
    ui::complete_password_change(state, f.services.authentication);
    CHECK(state.change_errors.current_password == std::optional<std::string>("Wrong password."));
    CHECK(state.change_errors.confirmation.has_value());

    state.change = {"first password", "second password", "second password"};
    ui::request_password_change(state);
    CHECK(ui::password_change_busy(state));
    int change_frames = 1; // the current password checked, then the new one hashed: a segment per frame
    while (ui::advance_password_change(state, f.services.authentication, std::chrono::microseconds(0)))
        ++change_frames;
    CHECK(change_frames == 1 + 4 + 4);
    REQUIRE(run_deferred(state.password_change.write, actions));
    ui::complete_password_change(state, f.services.authentication);
    CHECK(state.change_errors.ok());
    CHECK(state.change_done == "Password changed.");

    ui::request_sign_out(state, false);
    REQUIRE(run_deferred(state.sign_out, actions));
    ui::complete_sign_out(state, f.services.authentication);
    CHECK(state.signed_out == "Logged out.");
    CHECK_FALSE(f.services.authentication.current_user().has_value());
    CHECK(f.services.authentication.login("ann", "second password").ok());
}

TEST_CASE("a one-step write runs once, in its turn, after its busy label was drawn; a cancelled one never") {
    enum class Action { Save, Delete };
    FakeActions actions;
    ui::PendingAction<Action> pending;
    CHECK_FALSE(pending.busy());
    CHECK_FALSE(pending.take(actions).has_value());

    pending.request(Action::Delete);
    CHECK(pending.busy());
    CHECK(pending.is(Action::Delete));
    CHECK_FALSE(pending.is(Action::Save));
    CHECK_FALSE(pending.take(actions).has_value()); // the frame that draws "Deleting…"
    actions.granted = false;                         // another tab holds the write lock
    CHECK_FALSE(pending.take(actions).has_value());
    CHECK(pending.busy());
    actions.granted = true;
    CHECK(pending.take(actions) == Action::Delete);
    CHECK_FALSE(pending.busy());
    CHECK_FALSE(pending.take(actions).has_value()); // exactly once

    pending.request(Action::Save);
    pending.cancel();
    CHECK_FALSE(pending.busy());
    for (int frame = 0; frame < 3; ++frame)
        CHECK_FALSE(pending.take(actions).has_value());
}

TEST_CASE("pets: create a handler, add a pet, move it, comment on it") {
    Fixture f;
    ui::PetsViewState state;
    state.new_handler_name = "Ann";
    ui::request_pet_action(state, ui::PetsViewState::Action::CreateHandler);
    REQUIRE(ui::complete_pet_action(state, ui::PetsViewState::Action::CreateHandler, f.services.pets));
    const std::int64_t ann = *state.handler_id;
    state.new_handler_name = "Bob";
    REQUIRE(ui::complete_pet_action(state, ui::PetsViewState::Action::CreateHandler, f.services.pets));
    const std::int64_t bob = *state.handler_id;

    state.handler_id = ann;
    state.new_pet = {"Rex", "dog"};
    REQUIRE(ui::complete_pet_action(state, ui::PetsViewState::Action::CreatePet, f.services.pets));
    const std::int64_t rex = *state.pet_id;

    state.move_to_handler_id = bob;
    REQUIRE(ui::complete_pet_action(state, ui::PetsViewState::Action::MovePet, f.services.pets));
    CHECK(state.handler_id == bob); // the view follows the pet
    ui::reload_pets_view(state, f.services.pets, 7);
    REQUIRE(state.pets.size() == 1);
    CHECK(state.pets[0].pet_id == rex);

    state.new_comment = "Loves long walks.";
    REQUIRE(ui::complete_pet_action(state, ui::PetsViewState::Action::AddComment, f.services.pets));
    ui::reload_pets_view(state, f.services.pets, 8);
    REQUIRE(state.comments.size() == 1);
    CHECK(state.comments[0].comment_content == "Loves long walks.");

    state.new_handler_name = "   ";
    CHECK_FALSE(ui::complete_pet_action(state, ui::PetsViewState::Action::CreateHandler, f.services.pets));
    CHECK(state.handler_errors.handler_name.has_value());
}

TEST_CASE("contact: a message is confirmed and listed newest first; bad input stays in the form") {
    Fixture f;
    ui::ContactViewState state;
    state.input = {"Ann", "not an email", "", "Hello"};
    CHECK_FALSE(ui::complete_contact(state, f.services.contact));
    CHECK(state.errors.email.has_value());
    CHECK(state.input.name == "Ann");
    state.input.email = "ann@example.org";
    REQUIRE(ui::complete_contact(state, f.services.contact));
    CHECK(state.confirmation == "Thank you, Ann: your message is saved in this browser.");
    ui::reload_contact_messages(state, f.services.contact, app::Actor::nobody(), 1);
    CHECK(state.messages.empty()); // signed out: counted, not shown
    CHECK(state.total == 1);
    CHECK(state.refusal == app::kSignInToReadMessages);
    ui::reload_contact_messages(state, f.services.contact, f.services.authentication.actor(), 1);
    CHECK(state.refusal == app::kSignInToReadMessages); // the same epoch: not reloaded
    REQUIRE(f.services.registration.register_user({"ann", "ann@example.org", "correct horse", "correct horse"}).ok());
    REQUIRE(f.services.authentication.login("ann", "correct horse").ok());
    ui::reload_contact_messages(state, f.services.contact, f.services.authentication.actor(), 2);
    CHECK(state.refusal.empty());
    REQUIRE(state.messages.size() == 1);
    CHECK(state.total == 1);
    CHECK(ui::format_timestamp(orm::Timestamp{std::chrono::seconds(1714572180)}) == "2024-05-01 14:03 UTC");
}

TEST_CASE("the record browser's detail panel follows relationships") {
    Fixture f;
    app::add_tutorial_samples(f.db, f.hasher);
    const auto hannah = f.services.pets.handlers().front();
    ui::RecordBrowserState browser;
    ui::RecordTableState& handlers = browser.tables[1];
    handlers.selected_id = hannah.handler_id;
    const ui::RecordDetail detail = ui::load_detail(handlers, f.services, 1);
    CHECK(detail.error.empty());
    REQUIRE(detail.links.size() == 2); // Rex and Whiskers
    ui::follow_link(browser, detail.links[0]);
    CHECK(browser.select_tab == 2);
    const ui::RecordDetail pet = ui::load_detail(browser.tables[2], f.services, 1);
    REQUIRE(pet.links.size() == 1);
    CHECK(pet.links[0].label == "Hannah");
}

TEST_CASE("demo data, row counts and the epoch") {
    Fixture f;
    ui::AppViewState state;
    ui::StorageStatus storage;
    ui::track_data_changes(state, &f.services, storage);
    const auto epoch = state.epoch;
    ui::track_data_changes(state, &f.services, storage);
    CHECK(state.epoch == epoch);
    storage.data_version = 5; // another tab's change was loaded
    ui::track_data_changes(state, &f.services, storage);
    CHECK(state.epoch == epoch + 1);

    state.demo = ui::AppViewState::Demo::Tutorial;
    REQUIRE(ui::complete_demo_load(state, f.services));
    ++state.epoch;
    ui::refresh_row_counts(state, f.services);
    CHECK(state.counts.users == 2);
    CHECK(state.counts.pets == 2);
    CHECK(ui::describe_row_counts(state.counts) ==
          "Users 2 \xc2\xb7 Handlers 1 \xc2\xb7 Pets 2 \xc2\xb7 Comments 1 \xc2\xb7 Messages 0");
}

TEST_CASE("every tab draws headless without throwing, and the labelled widgets are there") {
    Fixture f;
    app::add_tutorial_samples(f.db, f.hasher);
    HeadlessApp app(f);
    const std::pair<ui::AppTab, const char*> tabs[] = {
        {ui::AppTab::Home, "Home"},        {ui::AppTab::Register, "##register-username"},
        {ui::AppTab::Account, "##login-identifier"},   {ui::AppTab::Records, "Username"},
        {ui::AppTab::Pets, "##new-handler"},           {ui::AppTab::Contact, "##contact-name"}};
    for (const auto& entry : tabs) {
        const ui::AppTab tab = entry.first;
        const std::string label = entry.second; // clang 14 cannot capture a structured binding in CAPTURE
        app.state.select_tab = tab;
        app.frames(3);
        CAPTURE(label);
        CHECK(app.state.active_tab == tab);
        INFO(ui::ItemLocator::to_json());
        CHECK(ui::ItemLocator::to_json().find(std::string("\"label\":\"") + label + "\"") != std::string::npos);
    }
    CHECK(app.state.counts.users >= 2);
}

TEST_CASE("Home says which accounts opening an earlier version's database renamed, and how they sign in") {
    Fixture f([](orm::Database& db) {
        app::schema_migrator().upgrade(db, 7); // before usernames were one name whatever their case
        for (const char* name : {"Peter", "peter", "Ann"})
            db.run("INSERT INTO user (username, user_email, user_password) VALUES (?, ?, 'pw')", std::string(name),
                   std::string(name) + std::to_string(db.last_insert_rowid()) + "@example.org");
    });
    CHECK(ui::describe_username_renames(f.services.schema.usernames_renamed) ==
          "Usernames are now one name whatever their case, so 1 account was renamed; each signs in with its new "
          "name and the same password: user 2 \"peter\" is now \"peter#2\".");
    HeadlessApp app(f);
    app.open(ui::AppTab::Home); // draws the notice
    CHECK(app.state.active_tab == ui::AppTab::Home);
    CHECK(ui::describe_username_renames({}) == "");
}

TEST_CASE("a mouse click on a tab switches to it") {
    Fixture f;
    HeadlessApp app(f);
    app.frames(3);
    app.click("Contact form");
    CHECK(app.state.active_tab == ui::AppTab::Contact);
}

TEST_CASE("Export CSV downloads the records table as the browser shows it") {
    Fixture f;
    app::add_tutorial_samples(f.db, f.hasher);
    HeadlessApp app(f);
    app.open(ui::AppTab::Records);
    app.click("Export CSV");
    CHECK(app.actions.saved_name == "users.csv");
    CHECK(app.actions.saved_bytes.rfind("ID,Username,Email,Password\r\n1,Demo User,demo@example.com,Argon2id\r\n", 0) == 0);
    CHECK(app.state.records.tables[0].note.rfind("Exported users.csv: 2 rows, ", 0) == 0);
}

TEST_CASE("counts a person reads are grouped by thousands") {
    CHECK(ui::grouped(0) == "0");
    CHECK(ui::grouped(999) == "999");
    CHECK(ui::grouped(1000) == "1,000");
    CHECK(ui::grouped(100002) == "100,002");
    CHECK(ui::grouped(-1234567) == "-1,234,567");
}

TEST_CASE("the status bar's storage line names the database size once it is known") {
    ui::StorageStatus storage;
    storage.persistence = ui::StorageStatus::Persistence::Persistent;
    CHECK(ui::describe_storage_space(storage) == "Storage: persistent");
    storage.database_bytes = 1500000;
    storage.usage_bytes = 2200000;
    storage.quota_bytes = 10.7e9;
    CHECK(ui::describe_storage_space(storage) ==
          "Database 1.5 MB \xc2\xb7 Storage: persistent \xc2\xb7 2.2 MB used of 10.7 GB the browser allows");
}

TEST_CASE("a save that failed for lack of space is said in a person's words, and the quota is not passed off as free space") {
    ui::StorageStatus storage;
    storage.persistence = ui::StorageStatus::Persistence::BestEffort;
    storage.usage_bytes = 1951734; // what Chromium reported on a full disk: 1 GB "quota"
    storage.quota_bytes = 1075693558;
    storage.save = ui::StorageStatus::Save::Failed;
    storage.save_error = "QuotaExceededError: injected";
    CHECK(ui::describe_save_state(storage) == "Save failed: QuotaExceededError: injected");
    storage.out_of_space = true;
    storage.save_error = "The device is out of space: free some space, or export your data now.";
    CHECK(ui::describe_save_state(storage) == "The device is out of space: free some space, or export your data now.");
    CHECK(ui::describe_storage_space(storage) ==
          "Storage: not persistent (the browser may clear it) \xc2\xb7 the device is full");
}

TEST_CASE("an import in progress: its file, percentage and progress bar in a window over the app, with Cancel") {
    Fixture f;
    HeadlessApp app(f);
    app.frames(3);
    const auto shown = [](const std::string& label) {
        return ui::ItemLocator::to_json().find("\"label\":\"" + label + "\"") != std::string::npos;
    };
    CHECK_FALSE(shown("##import-progress"));

    app.storage.import = {true, "tutorial.db", 0.429, false};
    app.frames(3);
    CHECK(ui::describe_import(app.storage.import) == "Importing tutorial.db \xe2\x80\xa6 42%");
    CHECK(shown("##import-progress"));
    CHECK(shown("Cancel##cancel-import"));
    // The app behind it waits: a click on a tab does nothing while the import runs.
    app.click("Contact form");
    CHECK(app.state.active_tab == ui::AppTab::Home);
    app.click("Cancel##cancel-import");
    CHECK(app.actions.cancelled_imports == 1);

    // Readied: 100%, and too late to cancel (the swap is the next step, under the write lock).
    app.storage.import.swapping = true;
    app.frames(3);
    CHECK(ui::describe_import(app.storage.import) == "Importing tutorial.db \xe2\x80\xa6 100%");
    app.click("Cancel##cancel-import");
    CHECK(app.actions.cancelled_imports == 1);

    // Done (imported, refused or cancelled): the window goes and the app answers again.
    app.storage.import = {};
    app.frames(3);
    CHECK_FALSE(shown("##import-progress"));
    app.click("Contact form");
    CHECK(app.state.active_tab == ui::AppTab::Contact);
}

TEST_CASE("the import's percentage is rounded down: 100% only once the file is readied") {
    CHECK(ui::describe_import({true, "a.db", 0.0, false}) == "Importing a.db \xe2\x80\xa6 0%");
    CHECK(ui::describe_import({true, "a.db", 0.999, false}) == "Importing a.db \xe2\x80\xa6 99%");
    CHECK(ui::describe_import({true, "a.db", 1.0, false}) == "Importing a.db \xe2\x80\xa6 99%");
    CHECK(ui::describe_import({true, "a.db", 1.0, true}) == "Importing a.db \xe2\x80\xa6 100%");
}

TEST_CASE("while saves fail the status says how many changes closing the tab would lose") {
    ui::StorageStatus storage;
    storage.save = ui::StorageStatus::Save::Failed;
    storage.save_error = "QuotaExceededError: injected";
    storage.unsaved_changes = 1;
    CHECK(ui::describe_save_state(storage) == "Save failed: QuotaExceededError: injected 1 change is not saved yet.");
    storage.unsaved_changes = 30;
    CHECK(ui::describe_save_state(storage) ==
          "Save failed: QuotaExceededError: injected 30 changes are not saved yet.");
    storage.save = ui::StorageStatus::Save::Saved; // saved: nothing at risk, nothing said
    storage.unsaved_changes = 0;
    CHECK(ui::describe_save_state(storage) == "Saved");
}

TEST_CASE("record editor: edit a user with the registration rules; the signed-in session follows the edit") {
    Fixture f;
    REQUIRE(f.services.registration.register_user({"ann", "ann@example.org", "first password", "first password"}).ok());
    const auto bob = f.services.registration.register_user({"bob", "bob@example.org", "first password", "first password"});
    REQUIRE(f.services.authentication.login("bob", "first password").ok());
    ui::RecordEditorState editor;
    ui::begin_edit(editor, app::RecordTable::Users, bob.value->id, f.services);
    REQUIRE(editor.mode == ui::RecordEditorState::Mode::Editing);
    REQUIRE(editor.fields.size() == 2);
    CHECK(editor.fields[0].value == "bob");
    CHECK(editor.fields[1].value == "bob@example.org");

    editor.fields[0].value = "ann"; // taken
    editor.fields[1].value = "no address";
    ui::request_record_action(editor, ui::RecordEditorState::Action::Save);
    CHECK_FALSE(ui::complete_record_action(editor, ui::RecordEditorState::Action::Save, f.services).wrote);
    CHECK(editor.mode == ui::RecordEditorState::Mode::Editing); // the form stays, with its messages
    CHECK(editor.fields[0].error == app::kUsernameTaken);
    CHECK(editor.fields[1].error.has_value());

    editor.fields[0].value = "robert";
    editor.fields[1].value = "Robert@Example.org";
    ui::request_record_action(editor, ui::RecordEditorState::Action::Save);
    CHECK(ui::complete_record_action(editor, ui::RecordEditorState::Action::Save, f.services).wrote);
    CHECK(editor.mode == ui::RecordEditorState::Mode::Viewing);
    CHECK(editor.notice == "Saved user \xe2\x80\x9crobert\xe2\x80\x9d.");
    REQUIRE(f.services.authentication.current_user());
    CHECK(f.services.authentication.current_user()->username == "robert"); // the menu bar shows the new name
    CHECK(f.services.authentication.current_user()->email == "robert@example.org");
}

TEST_CASE("record editor: deleting the signed-in user signs them out; a handler with pets is refused") {
    Fixture f;
    app::add_tutorial_samples(f.db, f.hasher);
    const auto bob = f.services.registration.register_user({"bob", "bob@example.org", "first password", "first password"});
    REQUIRE(f.services.authentication.login("bob", "first password").ok());
    ui::RecordEditorState editor;
    ui::begin_delete(editor, app::RecordTable::Users, bob.value->id, "user \xe2\x80\x9c" "bob\xe2\x80\x9d");
    ui::request_record_action(editor, ui::RecordEditorState::Action::Delete);
    const ui::RecordChange change = ui::complete_record_action(editor, ui::RecordEditorState::Action::Delete, f.services);
    CHECK(change.deleted);
    CHECK(editor.notice == "User \xe2\x80\x9c" "bob\xe2\x80\x9d deleted.");
    CHECK_FALSE(f.services.authentication.current_user());
    CHECK_FALSE(f.services.users.find_user(bob.value->id));

    const auto hannah = f.services.pets.handlers().front();
    ui::begin_delete(editor, app::RecordTable::PetHandlers, hannah.handler_id, "pet handler");
    ui::request_record_action(editor, ui::RecordEditorState::Action::Delete);
    CHECK_FALSE(ui::complete_record_action(editor, ui::RecordEditorState::Action::Delete, f.services).wrote);
    CHECK(editor.problem == "Hannah still has 2 pets. Move or delete them first.");
    CHECK(f.services.pets.find_handler(hannah.handler_id));

    CHECK(ui::describe_record(app::RecordTable::Pets, {{"ID", "1"}, {"Name", "Rex"}}) == "pet \xe2\x80\x9cRex\xe2\x80\x9d");
    CHECK(ui::describe_record(app::RecordTable::ContactMessages, {{"Name", "Ann"}}) == "message from Ann");
}

TEST_CASE("records: select a row, Delete… asks first; Escape keeps the row, Delete removes it") {
    Fixture f;
    app::add_tutorial_samples(f.db, f.hasher);
    HeadlessApp app(f);
    app.open(ui::AppTab::Records);
    app.click("2"); // the second user's ID cell selects the row
    REQUIRE(app.state.records.tables[0].selected_id == 2);
    app.click("Delete\xe2\x80\xa6");
    app.frames(2); // a dialog that sizes itself is drawn hidden for its first frames
    CHECK(app.state.records.tables[0].editor.mode == ui::RecordEditorState::Mode::ConfirmingDelete);
    app.press(ImGuiKey_Escape);
    CHECK(app.state.records.tables[0].editor.mode == ui::RecordEditorState::Mode::Viewing);
    CHECK(f.services.users.find_user(2));

    // Signed out: the service refuses, the panel says why, the row stays.
    app.click("Delete\xe2\x80\xa6");
    app.frames(2);
    app.click("Delete");
    app.frames(3);
    CHECK(f.services.users.find_user(2));
    CHECK(app.state.records.tables[0].editor.problem ==
          "Sign in as Peter or as the administrator to delete this account.");

    REQUIRE(f.services.authentication.login("Peter", std::string(app::kDemoPassword)).ok());
    app.click("Delete\xe2\x80\xa6");
    app.frames(2);
    app.click("Delete");
    app.frames(3);
    CHECK_FALSE(f.services.users.find_user(2));
    CHECK_FALSE(app.state.records.tables[0].selected_id);
    CHECK(app.state.counts.users == 1);
}

TEST_CASE("a field holds its limit in whole characters; 1 MB pasted is cut there with a note") {
    std::string text = "\xc3\xa9t\xc3\xa9"; // "été": 3 characters, 5 bytes
    CHECK_FALSE(ui::cut_to_characters(text, 3));
    CHECK(ui::cut_to_characters(text, 2));
    CHECK(text == "\xc3\xa9t");

    Fixture f;
    HeadlessApp app(f);
    app.open(ui::AppTab::Register);
    app.click("##register-username"); // focuses the field
    ImGui::SetClipboardText(std::string(1024 * 1024, 'x').c_str());
    ImGuiIO& io = ImGui::GetIO();
    io.AddKeyEvent(ImGuiMod_Ctrl, true);
    io.AddKeyEvent(ImGuiKey_V, true);
    app.frame();
    io.AddKeyEvent(ImGuiKey_V, false);
    io.AddKeyEvent(ImGuiMod_Ctrl, false);
    app.frames(3);
    CHECK(app.state.register_form.input.username == std::string(app::kUsernameMaxCharacters, 'x'));
    CHECK_FALSE(app.state.register_form.errors.username); // 100 characters are within the rules
}

TEST_CASE("records: End scrolls the table to its very last row") {
    Fixture f;
    f.services.add_synthetic_users(300);
    HeadlessApp app(f);
    app.open(ui::AppTab::Records);
    app.click("1"); // selecting a row gives the table the keyboard focus
    app.press(ImGuiKey_End);
    const std::string items = ui::ItemLocator::to_json();
    INFO(items);
    CHECK(items.find("\"label\":\"300\"") != std::string::npos);
    CHECK(items.find("\"label\":\"1\"") == std::string::npos);
}

TEST_CASE("File → Export … as CSV downloads the table the Records tab shows, from any tab") {
    Fixture f;
    app::add_tutorial_samples(f.db, f.hasher);
    HeadlessApp app(f);
    app.state.records.active = 2; // the Pets tab was the last one open
    app.open(ui::AppTab::Contact);
    app.click("File");
    app.click("Export Pets as CSV\xe2\x80\xa6");
    CHECK(app.actions.saved_name == "pets.csv");
    CHECK(app.actions.saved_bytes.find("Rex,dog") != std::string::npos);
    CHECK(app.state.active_tab == ui::AppTab::Records); // where the notice is
}

TEST_CASE("File → Import asks first: each table's rows now and in the file, its name and size; nothing runs before Replace") {
    Fixture f;
    app::add_tutorial_samples(f.db, f.hasher);
    HeadlessApp app(f);
    app.frames(3);
    const auto shown = [](const std::string& label) {
        return ui::ItemLocator::to_json().find("\"label\":\"" + label + "\"") != std::string::npos;
    };
    app.storage.import = {true, "tutorial.db", 0.0, false};
    app.storage.import.confirming = true;
    app.storage.import.file_bytes = 12288;
    app.storage.import.file_rows = {1, 1, 1, 0, 0};
    app.frames(3);
    CHECK(shown("Replace"));
    CHECK(shown("Export current data first"));
    CHECK(shown("Cancel##confirm-import"));
    CHECK_FALSE(shown("##import-progress")); // the progress window waits for the answer
    CHECK(ui::describe_import_replacement(app.storage.import) ==
          "Everything in this browser's database is replaced by the contents of tutorial.db (12.3 KB).");
    const auto rows = ui::compare_import_rows(app.state.counts, app.storage.import.file_rows);
    CHECK(std::string(rows[0].table) == "Users");
    CHECK(rows[0].now == 2);
    CHECK(rows[0].in_file == 1);
    CHECK(std::string(rows[4].table) == "Contact messages");
    CHECK(ui::compare_import_rows(ui::RowCounts{}, app.storage.import.file_rows)[0].now == -1); // not known: "—"

    app.click("Export current data first");
    CHECK(app.actions.exports == 1);
    CHECK(shown("Replace")); // still asking
    app.click("Replace");
    CHECK(app.actions.confirmed_imports == 1);
    app.press(ImGuiKey_Escape);
    CHECK(app.actions.cancelled_imports == 1);

    app.storage.import.confirming = false; // the host goes ahead: the progress window instead
    app.frames(3);
    CHECK_FALSE(shown("Replace"));
    CHECK(shown("##import-progress"));
}

TEST_CASE("after an import or its undo no row stays selected, and the report with Undo import is on every tab") {
    Fixture f;
    app::add_tutorial_samples(f.db, f.hasher);
    HeadlessApp app(f);
    const auto shown = [](const std::string& label) {
        return ui::ItemLocator::to_json().find("\"label\":\"" + label + "\"") != std::string::npos;
    };
    app.open(ui::AppTab::Records);
    app.click("2");
    REQUIRE(app.state.records.tables[0].selected_id == 2);
    app.state.pets.handler_id = 1; // Manage pets' selection too
    app.storage.notice = "Imported tutorial.db (12.3 KB): 1 user.";
    app.storage.notice_about_import = true;
    app.storage.notice_offers_undo = true;
    app.storage.undo_available = true;
    app.storage.undo_bytes = 81920;
    ++app.storage.data_version;
    ++app.storage.data_replaced; // the whole data was replaced: id 2 is another row now, or none
    app.frames(3);
    CHECK_FALSE(app.state.records.tables[0].selected_id);
    CHECK_FALSE(app.state.pets.handler_id);
    CHECK(app.state.active_tab == ui::AppTab::Records); // the report comes to the person
    CHECK(shown("Undo import##report"));
    app.click("Undo import##report");
    CHECK(app.actions.undos == 1);
    app.click("Dismiss##import-report");
    app.frames(2);
    CHECK_FALSE(shown("Undo import##report"));
    app.storage.notice = "Undo import: your data from before the import is back (81.9 KB).";
    app.storage.notice_offers_undo = false;
    app.frames(3);
    CHECK(shown("Dismiss##import-report")); // a new report shows again
    CHECK_FALSE(shown("Undo import##report"));
}

TEST_CASE("the demo notice shows in the corner without moving the tabs, leaves after a while or when dismissed") {
    Fixture f;
    HeadlessApp app(f);
    app.frames(3);
    const auto rect_of = [](const std::string& label) {
        const std::string json = ui::ItemLocator::to_json();
        const auto at = json.find("\"label\":\"" + label + "\"");
        std::string rect;
        if (at != std::string::npos) rect = json.substr(json.find("\"rect\":[", at), 40);
        return rect;
    };
    const std::string home_before = rect_of("Home");
    REQUIRE_FALSE(home_before.empty());
    app.click("File");
    app.click("Load demo data");
    app.frames(4);
    CHECK(app.state.demo_notice.rfind("Demo data: added", 0) == 0);
    CHECK_FALSE(rect_of("Dismiss##notice").empty());
    CHECK(rect_of("Home") == home_before); // nothing moved down
    app.click("File");                     // a menu (or a dialog) open: the notice waits under it
    CHECK(rect_of("Dismiss##notice").empty());
    app.press(ImGuiKey_Escape);
    CHECK_FALSE(rect_of("Dismiss##notice").empty());

    app.state.notice_since = ImGui::GetTime() - ui::kNoticeSeconds - 1; // ten seconds later
    app.frames(2);
    CHECK(app.state.demo_notice.empty());
    CHECK(rect_of("Dismiss##notice").empty());

    app.state.demo_notice = "Demo data was not loaded: disk full";
    app.state.demo_notice_is_error = true;
    app.frames(2);
    app.state.notice_since = ImGui::GetTime() - ui::kNoticeSeconds - 1;
    app.frames(2);
    CHECK_FALSE(app.state.demo_notice.empty()); // a failure waits for the person
    app.click("Dismiss##notice");
    CHECK(app.state.demo_notice.empty());
}
