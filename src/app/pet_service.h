// Pet handlers, their pets and comments on pets: the tutorial's one-to-many half.
//
//     app::PetService pets(db);
//     auto ann = pets.create_handler("Ann");                          // Result<PetHandler, HandlerErrors>
//     auto rex = pets.create_pet(ann.value->handler_id, {"Rex", "dog"});
//     pets.add_comment(rex.value->pet_id, "Loves long walks.");
//     pets.pets_of(ann.value->handler_id);                             // handler → pets
//     pets.comments_for(rex.value->pet_id);                            // pet → comments, oldest first
//     pets.pet_detail(rex.value->pet_id);                              // the pet, its handler and comments
//
// Policies:
// - A handler is deleted only when it has no pets: delete_handler() refuses otherwise, saying how many
//   ("Ann still has 2 pets. Move or delete them first."). pet_category.handler_id is NOT NULL in the
//   tutorial's schema, so pets cannot outlive their handler; silently deleting them is the worse surprise.
// - Deleting a pet deletes its comments with it, in one transaction (the delete-orphan cascade of
//   PetCategory::comments, see models.h).
// - Related rows come through the models' relationships (PetHandler::pets, PetCategory::pet_handler,
//   PetCategory::comments), loaded eagerly where a call needs them all: a detail is one session and
//   at most three statements, however many comments.
// - Names are trimmed; limits follow the columns: handler 150, pet name 100, category 50, comment 200.
// Every call runs in its own session and transaction and returns copies; a failed call changed nothing.
// Database failures other than a vanished row throw orm::DatabaseError.
#pragma once

#include "app/models.h"
#include "app/result.h"
#include "app/text_rules.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace orm {
class Database;
}

namespace app {

struct HandlerErrors {
    std::optional<std::string> handler_name{};
    std::optional<std::string> handler{}; // about the handler itself: gone, or still has pets
    bool ok() const { return !handler_name && !handler; }
};

struct PetInput {
    std::string pet_name;
    std::string pet_category;
};

struct PetErrors {
    std::optional<std::string> pet_name{};
    std::optional<std::string> pet_category{};
    std::optional<std::string> handler{}; // the handler chosen does not exist
    std::optional<std::string> pet{};     // the pet itself is gone
    bool ok() const { return !pet_name && !pet_category && !handler && !pet; }
};

struct CommentErrors {
    std::optional<std::string> comment_content{};
    std::optional<std::string> pet{};
    std::optional<std::string> comment{}; // the comment itself is gone
    bool ok() const { return !comment_content && !pet && !comment; }
};

inline constexpr std::size_t kHandlerNameMaxCharacters = 150;
inline constexpr std::size_t kPetNameMaxCharacters = 100;
inline constexpr std::size_t kPetCategoryMaxCharacters = 50;
inline constexpr std::size_t kCommentMaxCharacters = 200;

// The rules each field follows (after trimming), here and wherever rows arrive from elsewhere (import).
inline constexpr TextRule kHandlerName{"Name", "Enter the handler's name.", 1, kHandlerNameMaxCharacters};
inline constexpr TextRule kPetName{"Name", "Enter the pet's name.", 1, kPetNameMaxCharacters};
inline constexpr TextRule kPetCategory{"Category", "Enter the kind of animal (dog, cat\xe2\x80\xa6).", 1,
                                       kPetCategoryMaxCharacters};
inline constexpr TextRule kCommentContent{"Comment", "Enter a comment.", 1, kCommentMaxCharacters, true};

// A pet with what it refers to and what refers to it, as values (see models.h on copies).
struct PetDetail {
    PetCategory pet;
    std::optional<PetHandler> handler; // always set while the foreign key holds
    std::vector<PetComment> comments;  // oldest first
};

// A handler with its pets, as values.
struct HandlerDetail {
    PetHandler handler;
    std::vector<PetCategory> pets; // by name, then id
};

inline constexpr const char* kHandlerGone = "This handler no longer exists.";
inline constexpr const char* kPetGone = "This pet no longer exists.";
inline constexpr const char* kCommentGone = "This comment no longer exists.";

class PetService {
  public:
    explicit PetService(orm::Database& db); // needs the schema of open_schema()

    // --- Handlers ---------------------------------------------------------------------------------
    Result<PetHandler, HandlerErrors> create_handler(std::string_view name);
    Result<PetHandler, HandlerErrors> rename_handler(std::int64_t handler_id, std::string_view name);
    // Refused (errors.handler) while the handler has pets, or if it is gone.
    HandlerErrors delete_handler(std::int64_t handler_id);
    std::optional<PetHandler> find_handler(std::int64_t handler_id);
    std::optional<HandlerDetail> handler_detail(std::int64_t handler_id); // handler and pets: 2 statements
    std::vector<PetHandler> handlers(); // by name, then id

    // --- Pets -------------------------------------------------------------------------------------
    Result<PetCategory, PetErrors> create_pet(std::int64_t handler_id, const PetInput& input);
    Result<PetCategory, PetErrors> edit_pet(std::int64_t pet_id, const PetInput& input);
    Result<PetCategory, PetErrors> move_pet(std::int64_t pet_id, std::int64_t new_handler_id);
    PetErrors delete_pet(std::int64_t pet_id); // with its comments
    std::optional<PetCategory> find_pet(std::int64_t pet_id);
    std::optional<PetDetail> pet_detail(std::int64_t pet_id); // pet, handler (joined) and comments (selectin)
    // The relationship handler → pets (by name, then id) and its backref pet → handler.
    std::vector<PetCategory> pets_of(std::int64_t handler_id);
    std::optional<PetHandler> handler_of(const PetCategory& pet);

    // --- Comments ---------------------------------------------------------------------------------
    Result<PetComment, CommentErrors> add_comment(std::int64_t pet_id, std::string_view content);
    std::vector<PetComment> comments_for(std::int64_t pet_id); // oldest first
    std::int64_t comment_count(std::int64_t pet_id);
    CommentErrors delete_comment(std::int64_t comment_id);

  private:
    orm::Database& db_;
};

} // namespace app
