#include "ui/app_view.h"

#include "ui/accessibility_tree.h"
#include "ui/form_widgets.h"
#include "ui/import_confirm.h"
#include "ui/import_report.h"
#include "ui/status_bar.h"

#include "app/demo_data.h"
#include "app/text_excerpt.h"

#include <imgui.h>

#include <algorithm>
#include <exception>
#include <iterator>
#include <vector>

namespace ui {

void track_data_changes(AppViewState& state, const app::Services* services, const StorageStatus& storage) {
    const std::int64_t generation = services ? services->generation : -1;
    const std::optional<std::int64_t> signed_in = services ? services->authentication.actor().user_id : std::nullopt;
    if (signed_in != state.seen_signed_in) {
        state.seen_signed_in = signed_in;
        ++state.epoch;
    }
    if (generation != state.seen_generation || storage.data_version != state.seen_data_version) {
        // What the demo notice reported belongs to data that another tab or an import has replaced.
        if (storage.data_version != state.seen_data_version) state.demo_notice.clear();
        if (storage.data_replaced != state.seen_data_replaced) {
            for (RecordTableState& table : state.records.tables) {
                table.selected_id.reset();
                table.selected_row = {};
                table.detail = {};
                table.editor = {};
            }
            state.pets.handler_id.reset();
            state.pets.pet_id.reset();
            state.pets.notice.clear();
            state.seen_data_replaced = storage.data_replaced;
        }
        state.seen_generation = generation;
        state.seen_data_version = storage.data_version;
        ++state.epoch;
    }
}

void refresh_row_counts(AppViewState& state, app::Services& services) {
    if (state.counts_epoch == state.epoch) return;
    state.counts_epoch = state.epoch;
    auto count = [&services](app::RecordTable table) {
        app::RecordRequest request;
        request.table = table;
        request.limit = 1;
        return services.records.fetch(request).total;
    };
    try {
        state.counts = {count(app::RecordTable::Users), count(app::RecordTable::PetHandlers), count(app::RecordTable::Pets),
                        count(app::RecordTable::Comments), services.contact.count(), true}; // a count is no reading
    } catch (const std::exception&) {
        state.counts = {};
    }
}

std::string describe_username_renames(const std::vector<app::UsernameRename>& renames) {
    if (renames.empty()) return "";
    constexpr std::size_t kNamed = 5; // a message a person reads, whatever the file held
    const std::string count = renames.size() == 1 ? std::string("1 account was")
                                                  : grouped(static_cast<std::int64_t>(renames.size())) + " accounts were";
    std::string text = "Usernames are now one name whatever their case, so " + count +
                       " renamed; each signs in with its new name and the same password: ";
    for (std::size_t i = 0; i < renames.size() && i < kNamed; ++i)
        text += (i ? ", " : "") + std::string("user ") + std::to_string(renames[i].id) + " \"" +
                app::excerpt(renames[i].from) + "\" is now \"" + app::excerpt(renames[i].to) + "\"";
    if (renames.size() > kNamed)
        text += " and " + grouped(static_cast<std::int64_t>(renames.size() - kNamed)) + " more";
    return text + ".";
}

std::string describe_row_counts(const RowCounts& counts) {
    if (!counts.known) return "";
    const char* dot = " \xc2\xb7 ";
    return "Users " + grouped(counts.users) + dot + "Handlers " + grouped(counts.handlers) + dot + "Pets " +
           grouped(counts.pets) + dot + "Comments " + grouped(counts.comments) + dot + "Messages " +
           grouped(counts.messages);
}

std::string count_of(std::int64_t count, const char* one, const char* many) {
    return grouped(count) + " " + (count == 1 ? one : many);
}

bool wants_next_frame(const AppViewState& state) {
    return registration_busy(state.register_form) || login_busy(state.account) || password_change_busy(state.account);
}


bool complete_demo_load(AppViewState& state, app::Services& services) {
    const auto demo = state.demo;
    state.demo = AppViewState::Demo::None;
    try {
        if (demo == AppViewState::Demo::Tutorial) {
            const app::SampleCounts added = services.add_tutorial_samples();
            state.demo_notice = "Demo data: added " + count_of(added.users, "user", "users") + ", " +
                                count_of(added.handlers, "handler", "handlers") + ", " + count_of(added.pets, "pet", "pets") +
                                ", " + count_of(added.comments, "comment", "comments") + ".";
        } else if (demo == AppViewState::Demo::SyntheticUsers) {
            const std::int64_t added = services.add_synthetic_users(kSyntheticDemoUsers);
            state.demo_notice = "Demo data: added " + grouped(added) + " users.";
        } else {
            return false;
        }
        state.demo_notice_is_error = false;
        return true;
    } catch (const std::exception& error) {
        state.demo_notice = std::string("Demo data was not loaded: ") + error.what();
        state.demo_notice_is_error = true;
        return false;
    }
}

namespace {

constexpr const char* kAboutPopup = "About Registration records";

void draw_menu_bar(AppViewState& state, app::Services* services, const HostContext& host) {
    if (!ImGui::BeginMainMenuBar()) return;
    const bool ready = services != nullptr;
    if (ImGui::BeginMenu("File")) {
        if (ImGui::MenuItem("Export database\xe2\x80\xa6", nullptr, false, ready)) host.actions.export_database();
        if (ImGui::MenuItem("Import database\xe2\x80\xa6", nullptr, false, ready && !host.storage.import.active))
            host.actions.import_database();
        // The data an import replaced, kept until the next import (platform/import_undo.h).
        const bool undoable = ready && host.storage.undo_available && !host.storage.import.active;
        if (ImGui::MenuItem("Undo import", nullptr, false, undoable)) host.actions.undo_import();
        if (ImGui::MenuItem("Discard undo", nullptr, false, undoable)) host.actions.discard_undo();
        // The table the Records tab shows (its sort and filter), as its own Export CSV button does.
        const std::string csv = "Export " + std::string(app::RecordQueryService::table_label(
                                    kRecordTables[static_cast<std::size_t>(state.records.active)])) + " as CSV\xe2\x80\xa6";
        if (ImGui::MenuItem(csv.c_str(), nullptr, false, ready)) {
            export_table_csv(state.records.tables[static_cast<std::size_t>(state.records.active)], *services, host.actions);
            state.select_tab = AppTab::Records; // where the result is reported
        }
        ImGui::Separator();
        const bool idle = ready && !state.demo_write.pending;
        if (ImGui::MenuItem("Load demo data", nullptr, false, idle)) {
            state.demo = AppViewState::Demo::Tutorial;
            state.demo_notice = "Loading demo data\xe2\x80\xa6";
            state.demo_notice_is_error = false;
            state.demo_write.request();
        }
        if (ImGui::MenuItem("Load 100,000 demo users", nullptr, false, idle)) {
            state.demo = AppViewState::Demo::SyntheticUsers;
            state.demo_notice = "Adding 100,000 users\xe2\x80\xa6";
            state.demo_notice_is_error = false;
            state.demo_write.request();
        }
        ImGui::EndMenu();
    }
    if (ImGui::BeginMenu("View")) {
        if (ImGui::MenuItem("Light", nullptr, state.theme == ThemeChoice::Light)) state.theme = ThemeChoice::Light;
        if (ImGui::MenuItem("Dark", nullptr, state.theme == ThemeChoice::Dark)) state.theme = ThemeChoice::Dark;
        if (ImGui::MenuItem("Follow the system", nullptr, state.theme == ThemeChoice::FollowSystem))
            state.theme = ThemeChoice::FollowSystem;
        ImGui::EndMenu();
    }
    if (ImGui::BeginMenu("Help")) {
        if (ImGui::MenuItem("About")) state.open_about = true;
        ImGui::EndMenu();
    }
    // The signed-in user, right-aligned.
    std::string who = "Not signed in";
    if (services && services->authentication.current_user())
        who = "Signed in as " + services->authentication.current_user()->username;
    const float width = ImGui::CalcTextSize(who.c_str()).x;
    ImGui::SameLine(ImGui::GetWindowWidth() - width - ImGui::GetStyle().WindowPadding.x * 2);
    if (services && services->authentication.current_user()) ImGui::TextUnformatted(who.c_str());
    else ImGui::TextDisabled("%s", who.c_str());
    ImGui::EndMainMenuBar();
}

void draw_about(AppViewState& state, const HostContext& host) {
    if (state.open_about) {
        ImGui::OpenPopup(kAboutPopup);
        state.open_about = false;
    }
    const ImGuiViewport* viewport = ImGui::GetMainViewport();
    // A fixed width (the title and the description fit it; the height follows the content), centred again
    // every frame: an auto-sized window has no size yet in the frame it appears.
    const float width = ImGui::GetFontSize() * 26.0f;
    ImGui::SetNextWindowSizeConstraints(ImVec2(width, 0.0f), ImVec2(width, FLT_MAX));
    ImGui::SetNextWindowPos(viewport->GetCenter(), ImGuiCond_Always, ImVec2(0.5f, 0.5f));
    if (!ImGui::BeginPopupModal(kAboutPopup, nullptr, ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoSavedSettings))
        return;
    AccessibilityTree::begin_dialog(kAboutPopup);
    ImGui::TextUnformatted("Registration records");
    AccessibilityTree::text(AccessibleRole::Heading, "Registration records");
    hint("The \"Flask Database Integration with SQLAlchemy\" tutorial, running in your browser.");
    ImGui::Spacing();
    if (ImGui::BeginTable("##versions", 2, ImGuiTableFlags_SizingFixedFit)) {
        auto row = [](const char* name, const std::string& value) {
            ImGui::TableNextRow();
            ImGui::TableSetColumnIndex(0);
            ImGui::TextDisabled("%s", name);
            ImGui::TableSetColumnIndex(1);
            ImGui::TextUnformatted(value.empty() ? "\xe2\x80\x94" : value.c_str());
        };
        row("App", app_version());
        row("SQLite", host.versions.sqlite);
        row("Dear ImGui", imgui_version());
        row("Emscripten", host.versions.emscripten);
        ImGui::EndTable();
    }
    ImGui::Spacing();
    if (ImGui::Button("Close") || ImGui::IsKeyPressed(ImGuiKey_Escape)) ImGui::CloseCurrentPopup();
    AccessibilityTree::end_dialog();
    ImGui::EndPopup();
}

void draw_home(AppViewState& state, app::Services& services, const HostContext& host) {
    heading("Welcome");
    ImGui::TextWrapped("Register an account, log in, browse every table, look after pets and their handlers, and "
                       "send a message through the contact form. Everything is stored in this browser: no server.");
    ImGui::Spacing();
    if (const std::string renamed = describe_username_renames(services.schema.usernames_renamed); !renamed.empty()) {
        heading("Renamed accounts");
        ImGui::TextWrapped("%s", renamed.c_str());
        AccessibilityTree::text(AccessibleRole::Status, renamed);
    }
    if (!state.counts.known || state.counts.users == 0) {
        // The demo accounts are only worth having if a person can sign in as one.
        const std::string demo = "The database is empty. File \xe2\x86\x92 Load demo data adds the tutorial's sample "
                                 "rows; their accounts sign in with the password \"" +
                                 std::string(app::kDemoPassword) + "\".";
        hint(demo.c_str());
        if (ImGui::Button("Load demo data") && !state.demo_write.pending) {
            state.demo = AppViewState::Demo::Tutorial;
            state.demo_write.request();
        }
    }
    heading("Database");
    draw_storage_panel(host.storage, host.actions, host.versions.sqlite, true);
}

struct TabSpec {
    AppTab tab;
    const char* label;
};
constexpr TabSpec kTabs[] = {{AppTab::Home, "Home"},       {AppTab::Register, "Register"},     {AppTab::Account, "Account"},
                             {AppTab::Records, "Records"}, {AppTab::Pets, "Manage pets"}, {AppTab::Contact, "Contact form"}};

bool draw_tab(AppViewState& state, AppTab tab, app::Services& services, const HostContext& host) {
    switch (tab) {
    case AppTab::Home: draw_home(state, services, host); return false;
    case AppTab::Register: return draw_register_view(state.register_form, services, host.actions);
    case AppTab::Account: return draw_account_view(state.account, services, host.actions);
    case AppTab::Records: return draw_record_browser(state.records, services, host.actions, state.epoch);
    case AppTab::Pets: return draw_pets_view(state.pets, services, host.actions, state.epoch);
    case AppTab::Contact: return draw_contact_view(state.contact, services, host.actions, state.epoch);
    }
    return false;
}

} // namespace

void draw_app_view(AppViewState& state, app::Services* services, const HostContext& host,
                   const std::string& services_error) {
    track_data_changes(state, services, host.storage);
    if (services) refresh_row_counts(state, *services);

    draw_menu_bar(state, services, host);
    const float status_height = draw_status_bar(state, host);

    const ImGuiViewport* viewport = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(viewport->WorkPos);
    ImGui::SetNextWindowSize(ImVec2(viewport->WorkSize.x, viewport->WorkSize.y - status_height));
    ImGui::PushStyleVar(ImGuiStyleVar_WindowRounding, 0.0f);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowBorderSize, 0.0f);
    ImGui::Begin("Registration records", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                     ImGuiWindowFlags_NoBringToFrontOnFocus);
    ImGui::PopStyleVar(2);

    bool wrote = false;
    if (services == nullptr) {
        // Opening, damaged or unavailable: the storage panel says which and offers what can be done.
        ImGui::SetNextWindowSizeConstraints(ImVec2(0, 0), ImVec2(ImGui::GetFontSize() * 34.0f, FLT_MAX));
        if (ImGui::BeginChild("##startup", ImVec2(ImGui::GetFontSize() * 34.0f, 0.0f))) {
            draw_storage_panel(host.storage, host.actions, host.versions.sqlite, false);
            if (!services_error.empty() && host.storage.ready)
                error_message("The database could not be brought up to date: " + services_error);
        }
        ImGui::EndChild();
    } else {
        draw_import_report(state.import_report, host.storage, host.actions);
        const bool narrow = narrow_layout();
        // Back from the narrow layout, the tab bar opens the tab the wrapping tabs had open.
        const std::optional<AppTab> select = state.select_tab ? state.select_tab
                                             : (state.narrow && !narrow) ? std::optional<AppTab>(state.active_tab)
                                                                          : std::nullopt;
        state.select_tab.reset();
        state.narrow = narrow;
        const AppTab before = state.active_tab;
        if (narrow) {
            // A phone: the tabs wrap, each with its whole label (a tab bar would cut them to "Regis…").
            const char* labels[std::size(kTabs)];
            int active = 0;
            for (std::size_t i = 0; i < std::size(kTabs); ++i) {
                labels[i] = kTabs[i].label;
                if (kTabs[i].tab == select.value_or(state.active_tab)) active = static_cast<int>(i);
            }
            const int tapped = wrapping_tabs(labels, static_cast<int>(std::size(kTabs)), active);
            if (tapped >= 0) active = tapped;
            state.active_tab = kTabs[static_cast<std::size_t>(active)].tab;
            ImGui::Spacing();
            if (ImGui::BeginChild("##tab-content", ImVec2(0, 0), ImGuiChildFlags_None))
                wrote = draw_tab(state, state.active_tab, *services, host);
            ImGui::EndChild();
        } else if (ImGui::BeginTabBar("##main-tabs")) {
            for (const TabSpec& spec : kTabs) {
                ImGuiTabItemFlags flags = select == spec.tab ? ImGuiTabItemFlags_SetSelected : 0;
                if (ImGui::BeginTabItem(spec.label, nullptr, flags)) {
                    state.active_tab = spec.tab;
                    ImGui::Spacing();
                    if (ImGui::BeginChild("##tab-content", ImVec2(0, 0), ImGuiChildFlags_None))
                        wrote = draw_tab(state, spec.tab, *services, host);
                    ImGui::EndChild();
                    ImGui::EndTabItem();
                }
            }
            ImGui::EndTabBar();
        }
        // A form left behind keeps no password: its fields are empty when the person comes back.
        if (state.active_tab != before && before == AppTab::Register) forget_passwords(state.register_form);
        if (state.active_tab != before && before == AppTab::Account) forget_passwords(state.account);
        if (state.demo_write.take(host.actions)) wrote |= complete_demo_load(state, *services);
    }
    ImGui::End();
    if (services != nullptr) draw_notice(state, status_height);
    draw_about(state, host);
    draw_import_confirmation(host.storage, state.counts, host.actions);
    draw_import_progress(host.storage, host.actions);
    if (wrote) ++state.epoch;
}

} // namespace ui
