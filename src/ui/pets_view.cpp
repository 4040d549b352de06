#include "ui/pets_view.h"

#include "app/services.h"
#include "app/tutorial_calls.h"
#include "ui/accessibility_tree.h"
#include "ui/item_locator.h"
#include "ui/query_panel.h"

#include <algorithm>
#include <exception>
#include <map>
#include <string_view>

namespace ui {

void reload_pets_view(PetsViewState& state, app::PetService& pets, std::int64_t epoch, bool force) {
    if (!force && state.loaded_epoch == epoch) return;
    state.loaded_epoch = epoch;
    try {
        state.handlers = pets.handlers();
        state.handler_labels = handler_choice_labels(state.handlers);
        const auto has = [&](std::int64_t id) {
            return std::any_of(state.handlers.begin(), state.handlers.end(), [id](const auto& h) { return h.handler_id == id; });
        };
        if (state.handler_id && !has(*state.handler_id)) state.handler_id.reset();
        if (!state.handler_id && !state.handlers.empty()) state.handler_id = state.handlers.front().handler_id;
        state.pets = state.handler_id ? pets.pets_of(*state.handler_id) : std::vector<app::PetCategory>{};
        if (state.pet_id && std::none_of(state.pets.begin(), state.pets.end(), [&](const auto& p) { return p.pet_id == *state.pet_id; }))
            state.pet_id.reset();
        state.comments = state.pet_id ? pets.comments_for(*state.pet_id) : std::vector<app::PetComment>{};
    } catch (const std::exception& error) {
        state.failure = error.what();
    }
}

void request_pet_action(PetsViewState& state, PetsViewState::Action action) {
    state.notice.clear();
    state.failure.clear();
    state.pending.request(action);
}

bool complete_pet_action(PetsViewState& state, PetsViewState::Action action, app::PetService& pets) {
    try {
        switch (action) {
        case PetsViewState::Action::CreateHandler: {
            auto result = pets.create_handler(state.new_handler_name);
            state.handler_errors = result.errors;
            if (!result.ok()) return false;
            state.new_handler_name.clear();
            state.handler_id = result.value->handler_id;
            state.pet_id.reset();
            state.notice = "Handler \"" + result.value->handler_name + "\" created.";
            return true;
        }
        case PetsViewState::Action::CreatePet: {
            if (!state.handler_id) return false;
            auto result = pets.create_pet(*state.handler_id, state.new_pet);
            state.pet_errors = result.errors;
            if (!result.ok()) return false;
            state.new_pet = {};
            state.pet_id = result.value->pet_id;
            state.notice = result.value->pet_name + " added.";
            return true;
        }
        case PetsViewState::Action::MovePet: {
            if (!state.pet_id) return false;
            auto result = pets.move_pet(*state.pet_id, state.move_to_handler_id);
            state.move_errors = result.errors;
            if (!result.ok()) return false;
            state.handler_id = result.value->handler_id; // follow the pet to its new handler
            state.notice = result.value->pet_name + " moved.";
            return true;
        }
        case PetsViewState::Action::AddComment: {
            if (!state.pet_id) return false;
            auto result = pets.add_comment(*state.pet_id, state.new_comment);
            state.comment_errors = result.errors;
            if (!result.ok()) return false;
            state.new_comment.clear();
            state.notice = "Comment added.";
            return true;
        }
        }
    } catch (const std::exception& error) {
        state.failure = error.what();
    }
    return false;
}

namespace {

using Action = PetsViewState::Action;

void draw_handlers_column(PetsViewState& state, app::PetService& pets, std::int64_t epoch, bool busy) {
    heading("Handlers");
    if (form_field("New handler", "##new-handler", state.new_handler_name, state.handler_errors.handler_name,
                   app::kHandlerNameMaxCharacters) && !busy)
        request_pet_action(state, Action::CreateHandler);
    if (action_button("Create handler", state.pending.is(Action::CreateHandler), "Creating\xe2\x80\xa6") && !busy)
        request_pet_action(state, Action::CreateHandler);
    ImGui::Spacing();
    if (state.handlers.empty()) hint("No handlers yet.");
    AccessibilityTree::begin_listbox("Handlers");
    for (std::size_t i = 0; i < state.handlers.size(); ++i) {
        const app::PetHandler& handler = state.handlers[i];
        const std::string label = state.handler_labels[i] + "##handler-" + std::to_string(handler.handler_id);
        const bool chosen = state.handler_id == handler.handler_id;
        const bool clicked = ImGui::Selectable(label.c_str(), chosen);
        AccessibilityTree::option(chosen);
        if (clicked) {
            state.handler_id = handler.handler_id;
            state.pet_id.reset();
            reload_pets_view(state, pets, epoch, true);
            break; // the reload replaced the list being drawn
        }
    }
    AccessibilityTree::end_listbox();
}

void draw_pets_column(PetsViewState& state, app::PetService& pets, std::int64_t epoch, bool busy) {
    heading("Pets");
    if (!state.handler_id) {
        hint("Create or select a handler first.");
        return;
    }
    if (state.pets.empty()) hint("This handler has no pets yet.");
    AccessibilityTree::begin_listbox("Pets");
    for (const auto& pet : state.pets) {
        const std::string label = pet.pet_name + "  \xc2\xb7  " + pet.pet_category + "##pet-" + std::to_string(pet.pet_id);
        const bool chosen = state.pet_id == pet.pet_id;
        const bool clicked = ImGui::Selectable(label.c_str(), chosen);
        AccessibilityTree::option(chosen);
        if (clicked) {
            state.pet_id = pet.pet_id;
            state.move_to_handler_id = pet.handler_id;
            state.move_errors = {};
            reload_pets_view(state, pets, epoch, true);
            break; // the reload replaced the list being drawn
        }
    }
    AccessibilityTree::end_listbox();
    ImGui::Spacing();
    ImGui::TextDisabled("Add a pet to this handler");
    bool submit = form_field("Name", "##new-pet-name", state.new_pet.pet_name, state.pet_errors.pet_name, app::kPetNameMaxCharacters);
    submit |= form_field("Kind (dog, cat\xe2\x80\xa6)", "##new-pet-category", state.new_pet.pet_category, state.pet_errors.pet_category,
                         app::kPetCategoryMaxCharacters);
    if (state.pet_errors.handler) error_message(*state.pet_errors.handler);
    if (action_button("Add pet", state.pending.is(Action::CreatePet), "Adding\xe2\x80\xa6")) submit = true;
    if (submit && !busy) request_pet_action(state, Action::CreatePet);
}

void draw_pet_column(PetsViewState& state, bool busy) {
    heading("Pet");
    const auto pet = std::find_if(state.pets.begin(), state.pets.end(), [&](const auto& p) { return state.pet_id == p.pet_id; });
    if (pet == state.pets.end()) {
        hint("Select a pet to move it or comment on it.");
        return;
    }
    ImGui::Text("%s", pet->pet_name.c_str());
    ImGui::TextDisabled("%s \xc2\xb7 pet #%lld", pet->pet_category.c_str(), static_cast<long long>(pet->pet_id));

    ImGui::Spacing();
    ImGui::TextUnformatted("Move to");
    const auto current = std::find_if(state.handlers.begin(), state.handlers.end(),
                                      [&](const auto& h) { return h.handler_id == state.move_to_handler_id; });
    ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x * 0.65f);
    const char* current_label =
        current == state.handlers.end() ? "" : state.handler_labels[static_cast<std::size_t>(current - state.handlers.begin())].c_str();
    AccessibilityTree::next_combo_box("Move to");
    const bool open = ImGui::BeginCombo("##move-to", current_label);
    ItemLocator::label_last_item("##move-to"); // combos report no label of their own
    if (open) {
        for (std::size_t i = 0; i < state.handlers.size(); ++i) {
            const app::PetHandler& handler = state.handlers[i];
            const std::string label = state.handler_labels[i] + "##move-" + std::to_string(handler.handler_id);
            const bool chosen = handler.handler_id == state.move_to_handler_id;
            if (ImGui::Selectable(label.c_str(), chosen)) state.move_to_handler_id = handler.handler_id;
            AccessibilityTree::option(chosen);
        }
        ImGui::EndCombo();
    }
    ImGui::SameLine();
    const bool same = state.move_to_handler_id == pet->handler_id;
    if (same) ImGui::BeginDisabled();
    if (action_button("Move", state.pending.is(Action::MovePet), "Moving\xe2\x80\xa6") && !busy)
        request_pet_action(state, Action::MovePet);
    if (same) ImGui::EndDisabled();
    for (const auto* error : {&state.move_errors.handler, &state.move_errors.pet})
        if (*error) error_message(**error);

    ImGui::Spacing();
    ImGui::TextDisabled("Comments (%zu)", state.comments.size());
    for (const auto& comment : state.comments) ImGui::BulletText("%s", comment.comment_content.c_str());
    bool submit = form_field("New comment", "##new-comment", state.new_comment, state.comment_errors.comment_content,
                              app::kCommentMaxCharacters);
    if (state.comment_errors.pet) error_message(*state.comment_errors.pet);
    if (action_button("Add comment", state.pending.is(Action::AddComment), "Adding\xe2\x80\xa6")) submit = true;
    if (submit && !busy) request_pet_action(state, Action::AddComment);
}

} // namespace

std::vector<std::string> handler_choice_labels(const std::vector<app::PetHandler>& handlers) {
    std::map<std::string_view, int> uses;
    for (const app::PetHandler& handler : handlers) ++uses[handler.handler_name];
    std::vector<std::string> labels;
    labels.reserve(handlers.size());
    for (const app::PetHandler& handler : handlers)
        labels.push_back(uses[handler.handler_name] > 1
                             ? handler.handler_name + " (#" + std::to_string(handler.handler_id) + ")"
                             : handler.handler_name);
    return labels;
}

namespace {

// What Show the query prints for the action about to run.
std::optional<app::ShownQuery> shown_action(const PetsViewState& state, PetsViewState::Action action) {
    switch (action) {
    case Action::CreateHandler: return app::tutorial::create_handler(state.new_handler_name);
    case Action::CreatePet:
        if (state.handler_id)
            return app::tutorial::create_pet(*state.handler_id, state.new_pet.pet_name, state.new_pet.pet_category);
        return std::nullopt;
    case Action::MovePet:
        if (state.pet_id) return app::tutorial::move_pet(*state.pet_id, state.move_to_handler_id);
        return std::nullopt;
    case Action::AddComment:
        if (state.pet_id) return app::tutorial::add_comment(*state.pet_id, state.new_comment);
        return std::nullopt;
    }
    return std::nullopt;
}

} // namespace

bool draw_pets_view(PetsViewState& state, app::Services& services, StorageActions& actions, std::int64_t epoch) {
    reload_pets_view(state, services.pets, epoch);
    const bool busy = state.pending.busy();
    // Three columns side by side; on a phone one under the other, each as tall as its content (the tab
    // scrolls), so no label is cut.
    const bool narrow = narrow_layout();
    const float column = narrow ? 0.0f : (ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ItemSpacing.x * 2) / 3.0f;
    const float panel = state.query_open ? query_panel_height() : ImGui::GetFrameHeightWithSpacing();
    const float height = narrow ? 0.0f : ImGui::GetContentRegionAvail().y - ImGui::GetFrameHeightWithSpacing() - panel;
    const ImGuiChildFlags flags = ImGuiChildFlags_Border | (narrow ? ImGuiChildFlags_AutoResizeY : 0);
    if (ImGui::BeginChild("##handlers-column", ImVec2(column, height), flags))
        draw_handlers_column(state, services.pets, epoch, busy);
    ImGui::EndChild();
    if (!narrow) ImGui::SameLine();
    if (ImGui::BeginChild("##pets-column", ImVec2(column, height), flags))
        draw_pets_column(state, services.pets, epoch, busy);
    ImGui::EndChild();
    if (!narrow) ImGui::SameLine();
    if (ImGui::BeginChild("##pet-column", ImVec2(column, height), flags)) draw_pet_column(state, busy);
    ImGui::EndChild();
    if (!state.failure.empty()) error_message(state.failure);
    else if (!state.notice.empty()) success_message(state.notice);
    else ImGui::NewLine(); // the line stays, so nothing moves when a message appears
    if (ImGui::BeginChild("##pets-query", ImVec2(0.0f, narrow ? 0.0f : panel), narrow ? ImGuiChildFlags_AutoResizeY : 0))
        draw_query_panel("pets", state.shown ? &*state.shown : nullptr, state.query_open);
    ImGui::EndChild();

    const std::optional<Action> action = state.pending.take(actions);
    if (!action) return false;
    state.shown = shown_action(state, *action);
    std::optional<app::QueryRecorder::Recording> recording;
    if (state.shown) recording.emplace(services.queries.record(*state.shown));
    const bool changed = complete_pet_action(state, *action, services.pets);
    if (changed) state.loaded_epoch = -1; // reload with the new rows (the caller also bumps the epoch)
    return changed;
}

} // namespace ui
