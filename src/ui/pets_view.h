// Pet handlers and their pets: create a handler, add pets to it, move a pet to another handler, comment
// on a pet. Lists come from app::PetService and are reloaded when the data epoch changes.
#pragma once

#include "app/pet_service.h"
#include "app/shown_query.h"
#include "ui/form_widgets.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace app {
class Services;
}

namespace ui {

struct PetsViewState {
    // Loaded lists, valid for `loaded_epoch`.
    std::int64_t loaded_epoch = -1;
    std::vector<app::PetHandler> handlers;
    std::vector<std::string> handler_labels;    // handler_choice_labels(handlers)
    std::vector<app::PetCategory> pets;         // of the selected handler
    std::vector<app::PetComment> comments;      // of the selected pet
    std::optional<std::int64_t> handler_id;     // selected handler
    std::optional<std::int64_t> pet_id;         // selected pet
    // Forms
    std::string new_handler_name;
    app::HandlerErrors handler_errors;
    app::PetInput new_pet;
    app::PetErrors pet_errors;
    std::int64_t move_to_handler_id = 0;
    app::PetErrors move_errors;
    std::string new_comment;
    app::CommentErrors comment_errors;
    std::string notice;   // what the last action did
    std::string failure;  // an unexpected failure (database)
    std::optional<app::ShownQuery> shown; // the last action's calls and SQL (Show the query)
    bool query_open = false;
    // The write waiting for its turn.
    enum class Action { CreateHandler, CreatePet, MovePet, AddComment };
    PendingAction<Action> pending;
};

// Reloads handlers, the selected handler's pets and the selected pet's comments if `epoch` changed (or
// the selection did; pass force). Never throws: a failure goes to `failure`.
void reload_pets_view(PetsViewState& state, app::PetService& pets, std::int64_t epoch, bool force = false);
// Asks for `action` to run at the next write turn.
void request_pet_action(PetsViewState& state, PetsViewState::Action action);
// Runs `action` (in its write turn) against the service; field problems go to the form's errors. Returns
// true if it succeeded (the data changed). Never throws.
bool complete_pet_action(PetsViewState& state, PetsViewState::Action action, app::PetService& pets);

// Returns true if it wrote to the database in this frame.
// The handlers as lists and pickers name them, in the same order: "Hannah", or "Hannah (#3)" when another
// handler has the same name, so two Hannahs can be told apart in "Move to".
std::vector<std::string> handler_choice_labels(const std::vector<app::PetHandler>& handlers);

bool draw_pets_view(PetsViewState& state, app::Services& services, StorageActions& actions, std::int64_t epoch);

} // namespace ui
