// The whole app drawn headless (no GPU) over a real in-memory database with the app's schema, as the
// browser host draws it: ready storage, every write granted at once, the item locator on so tests find
// widgets by label and click them as a pointer would.
#pragma once

#include "ui/app_view.h"
#include "ui/item_locator.h"

#include "app/password_hasher.h"
#include "orm/database.h"

#include "support/recording_actions.h"

#include <doctest/doctest.h>
#include <imgui.h>

#include <cstdio>
#include <functional>
#include <initializer_list>
#include <memory>
#include <string>

namespace test_support {

struct Fixture {
    // `before_open` fills the file before the app opens (and migrates) it, as a database saved earlier.
    explicit Fixture(const std::function<void(orm::Database&)>& before_open = {})
        : opened(app::open_services(prepared(db, before_open), hasher, 1)), services(*opened) {}
    orm::Database db{":memory:"};
    app::PasswordHasher hasher{app::Argon2Parameters{256, 1, 1}};
    std::unique_ptr<app::Services> opened;
    app::Services& services;

  private:
    static orm::Database& prepared(orm::Database& db, const std::function<void(orm::Database&)>& before_open) {
        if (before_open) before_open(db);
        return db;
    }
};

// One frame of the whole app at 1280×800 with no renderer: the draw data is built, never drawn.
inline void draw_headless_frame(ui::AppViewState& state, app::Services& services, const ui::HostContext& host) {
    ImGuiIO& io = ImGui::GetIO();
    io.DisplaySize = ImVec2(1280, 800);
    io.DeltaTime = 1.0f / 60.0f;
    ui::ItemLocator::begin_frame();
    ImGui::NewFrame();
    ui::draw_app_view(state, &services, host);
    ImGui::Render();
}

// Moves the mouse onto the widget labelled `label`, waits a frame, clicks, and draws three frames.
// Tabs (like every item that allows overlap) take a press only after a frame of hover, as a person's
// pointer gives them; browser tests therefore do the same (pointAndClick).
template <class Frame> void click_label(const std::string& label, Frame&& frame) {
    const std::string json = ui::ItemLocator::to_json();
    const auto at = json.find("\"label\":\"" + label + "\"");
    INFO(label, " not among ", json);
    REQUIRE(at != std::string::npos);
    float x0 = 0, y0 = 0, x1 = 0, y1 = 0;
    std::sscanf(json.c_str() + json.find("\"rect\":[", at), "\"rect\":[%f,%f,%f,%f]", &x0, &y0, &x1, &y1);
    ImGuiIO& io = ImGui::GetIO();
    io.AddMousePosEvent((x0 + x1) / 2, (y0 + y1) / 2);
    frame();
    io.AddMouseButtonEvent(0, true);
    io.AddMouseButtonEvent(0, false);
    for (int i = 0; i < 3; ++i) frame();
}

// The whole app drawn headless over a fixture, as the browser host would draw it (ready storage, every
// write granted at once), with the item locator on so tests find widgets by label.
struct HeadlessApp {
    Fixture& fixture;
    RecordingActions actions;
    ui::StorageStatus storage;
    ui::HostContext host{storage, actions, {"3.53.2", ""}};
    ui::AppViewState state;

    explicit HeadlessApp(Fixture& f) : fixture(f) {
        storage.ready = true;
        ImGui::CreateContext();
        ImGui::GetIO().ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard; // as the browser host
        ImGui::GetIO().Fonts->Build();
        ui::ItemLocator::enable();
    }
    ~HeadlessApp() { ImGui::DestroyContext(); }
    void frame() { draw_headless_frame(state, fixture.services, host); }
    void frames(int n) {
        for (int i = 0; i < n; ++i)
            frame();
    }
    void click(const std::string& label) { click_label(label, [this] { frame(); }); }
    void open(ui::AppTab tab) {
        state.select_tab = tab;
        frames(3);
    }
    // A key pressed and released as the browser delivers it: down in one frame, up in the next.
    void press(ImGuiKey key) { press({key}); }
    // Keys held together (a modifier first: {ImGuiMod_Ctrl, ImGuiKey_C}), released in the next frame.
    void press(std::initializer_list<ImGuiKey> chord) {
        for (const ImGuiKey key : chord) ImGui::GetIO().AddKeyEvent(key, true);
        frame();
        for (const ImGuiKey key : chord) ImGui::GetIO().AddKeyEvent(key, false);
        frames(3);
    }
};

} // namespace test_support
