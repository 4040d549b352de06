// The whole app in one canvas: a menu bar (File: export, import, demo data; View: light, dark or the
// system's colours; Help: About; the signed-in user on the right), the views as tabs (Home, Register,
// Account, Records, Manage pets, Contact form), and a status bar (save state, storage, row counts).
// The platform host calls draw_app_view once a frame.
#pragma once

#include "app/services.h"
#include "ui/account_view.h"
#include "ui/contact_view.h"
#include "ui/import_report.h"
#include "ui/pets_view.h"
#include "ui/record_browser.h"
#include "ui/register_view.h"
#include "ui/storage_panel.h"
#include "ui/theme.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ui {

enum class AppTab { Home, Register, Account, Records, Pets, Contact };

struct RowCounts {
    std::int64_t users = 0, handlers = 0, pets = 0, comments = 0, messages = 0;
    bool known = false;
};

struct AppViewState {
    std::optional<AppTab> select_tab; // switch to this tab in the next frame
    AppTab active_tab = AppTab::Home;
    RegisterViewState register_form;
    AccountViewState account;
    RecordBrowserState records;
    PetsViewState pets;
    ContactViewState contact;

    // The data epoch: grows whenever the data may have changed (a write here, a reopened database, a
    // change from another tab), so every cached list knows when to re-query.
    std::int64_t epoch = 0;
    std::int64_t seen_generation = -1;
    std::int64_t seen_data_version = -1;
    std::int64_t seen_data_replaced = 0;
    std::optional<std::int64_t> seen_signed_in; // who may read what changes with the account signed in
    RowCounts counts;
    std::int64_t counts_epoch = -1;

    // View → Light / Dark / Follow the system. The host applies it (ui::scheme_for with the browser's
    // preferences) and remembers it across visits.
    ThemeChoice theme = ThemeChoice::FollowSystem;
    bool narrow = false; // the last frame was laid out for a narrow window (form_widgets.h, narrow_layout)

    bool open_about = false;
    enum class Demo { None, Tutorial, SyntheticUsers };
    Demo demo = Demo::None;
    DeferredWrite demo_write;
    // What loading demo data did, shown over the bottom right corner (it moves nothing else): a success
    // for kNoticeSeconds, a failure until dismissed.
    std::string demo_notice;
    bool demo_notice_is_error = false;
    std::string notice_shown;      // the notice the corner shows, and since when (ImGui::GetTime())
    double notice_since = 0.0;
    ImportReportState import_report; // the last import's (or undo's) report, over every tab
};

inline constexpr std::int64_t kSyntheticDemoUsers = 100000;
inline constexpr double kNoticeSeconds = 10.0;

// Moves the epoch on if the services were rebuilt, the host's data version changed or someone signed in
// or out (what a view may show depends on who is signed in: account_permissions.h). After an import or
// an undo replaced the whole data, no row stays selected: its id now names another row, or none.
void track_data_changes(AppViewState& state, const app::Services* services, const StorageStatus& storage);
// Re-counts the rows of every table if the epoch moved. Never throws (counts stay unknown on failure).
void refresh_row_counts(AppViewState& state, app::Services& services);
// "Users 2 · Handlers 1 · Pets 2 · Comments 1 · Messages 0"
std::string describe_row_counts(const RowCounts& counts);
// What the Home tab says after opening this database renamed accounts whose username was another's in
// another case (migration 8: "peter" beside an earlier "Peter" became "peter#7"); "" when none was.
std::string describe_username_renames(const std::vector<app::UsernameRename>& renames);
// Whether a view has work running over frames (a password being hashed or checked): the host keeps drawing.
bool wants_next_frame(const AppViewState& state);
// Runs the pending demo-data load; sets demo_notice. Returns whether it wrote. Never throws.
bool complete_demo_load(AppViewState& state, app::Services& services);

// `services` is null while no database is open (or its schema could not be brought up to date: then
// `services_error` says why).
void draw_app_view(AppViewState& state, app::Services* services, const HostContext& host,
                   const std::string& services_error = {});

} // namespace ui
