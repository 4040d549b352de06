#include "ui/item_locator.h"

#include <doctest/doctest.h>
#include <imgui.h>

#include <string>

namespace {
// Runs one headless ImGui frame (no renderer: the draw data is simply not drawn).
template <class Draw> void run_frame(Draw draw) {
    ImGuiIO& io = ImGui::GetIO();
    io.DisplaySize = ImVec2(800, 600);
    io.DeltaTime = 1.0f / 60.0f;
    ui::ItemLocator::begin_frame();
    ImGui::NewFrame();
    draw();
    ImGui::Render();
}
} // namespace

TEST_CASE("the locator reports each labelled widget of the last frame with its rectangle") {
    ImGui::CreateContext();
    ImGui::GetIO().Fonts->Build();
    ui::ItemLocator::enable();
    auto draw = [] {
        ImGui::SetNextWindowPos(ImVec2(10, 20));
        ImGui::Begin("Form");
        ImGui::Button("Save \"now\"");
        ImGui::End();
    };
    run_frame(draw);
    run_frame(draw);
    const std::string json = ui::ItemLocator::to_json();
    CHECK(json.find("\"label\":\"Save \\\"now\\\"\",\"window\":\"Form\"") != std::string::npos);
    CHECK(json.find("\"label\":\"Form\"") != std::string::npos);
    ImGui::DestroyContext();
}

TEST_CASE("a widget scrolled out of its window is not reported") {
    ImGui::CreateContext();
    ImGui::GetIO().Fonts->Build();
    ui::ItemLocator::enable();
    auto draw = [] {
        ImGui::SetNextWindowPos(ImVec2(0, 0));
        ImGui::SetNextWindowSize(ImVec2(200, 100));
        ImGui::Begin("Small");
        for (int i = 0; i < 50; ++i) ImGui::Button(("Row " + std::to_string(i)).c_str());
        ImGui::End();
    };
    run_frame(draw);
    run_frame(draw);
    const std::string json = ui::ItemLocator::to_json();
    CHECK(json.find("\"Row 0\"") != std::string::npos);
    CHECK(json.find("\"Row 49\"") == std::string::npos);
    ImGui::DestroyContext();
}
