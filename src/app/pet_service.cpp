#include "app/pet_service.h"

#include "app/registration_rules.h"

#include "orm/orm.h"

namespace app {

namespace {

using orm::col;

template <class T> std::vector<T> copies(const std::vector<std::shared_ptr<T>>& objects) {
    std::vector<T> out;
    out.reserve(objects.size());
    for (const auto& object : objects)
        out.push_back(*object);
    return out;
}

std::string plural(std::int64_t n, const char* one, const char* many) {
    return std::to_string(n) + " " + (n == 1 ? one : many);
}

} // namespace

PetService::PetService(orm::Database& db) : db_(db) {}

// --- Handlers -------------------------------------------------------------------------------------------

Result<PetHandler, HandlerErrors> PetService::create_handler(std::string_view name) {
    using R = Result<PetHandler, HandlerErrors>;
    const std::string trimmed = trim(name);
    if (auto error = check_text(trimmed, kHandlerName)) return R::failure({.handler_name = std::move(error)});
    orm::Session session(db_);
    auto handler = session.add(PetHandler{0, trimmed});
    session.commit();
    return R::success(*handler);
}

Result<PetHandler, HandlerErrors> PetService::rename_handler(std::int64_t handler_id, std::string_view name) {
    using R = Result<PetHandler, HandlerErrors>;
    const std::string trimmed = trim(name);
    if (auto error = check_text(trimmed, kHandlerName)) return R::failure({.handler_name = std::move(error)});
    orm::Session session(db_);
    auto handler = session.get<PetHandler>(handler_id);
    if (!handler) return R::failure({.handler = kHandlerGone});
    handler->handler_name = trimmed;
    session.commit();
    return R::success(*handler);
}

HandlerErrors PetService::delete_handler(std::int64_t handler_id) {
    orm::Session session(db_);
    // Looked up, counted and deleted in one transaction: no pet can be added to it in between (the
    // foreign key would refuse the delete anyway), and nobody else can delete it first.
    orm::Transaction transaction(db_);
    auto handler = session.get<PetHandler>(handler_id);
    if (!handler) return {.handler = kHandlerGone};
    const auto pets = session.query<PetCategory>().filter_by(&PetCategory::handler_id, handler_id).count();
    if (pets > 0)
        return {.handler = handler->handler_name + " still has " + plural(pets, "pet", "pets") +
                           ". Move or delete them first."};
    session.remove(handler);
    session.commit();
    transaction.commit();
    return {};
}

std::optional<PetHandler> PetService::find_handler(std::int64_t handler_id) {
    orm::Session session(db_);
    auto handler = session.get<PetHandler>(handler_id);
    return handler ? std::optional<PetHandler>(*handler) : std::nullopt;
}

std::vector<PetHandler> PetService::handlers() {
    orm::Session session(db_);
    return copies(session.query<PetHandler>().order_by(&PetHandler::handler_name, &PetHandler::handler_id).all());
}

// --- Pets -----------------------------------------------------------------------------------------------

namespace {

PetErrors check_pet(const std::string& name, const std::string& category) {
    return {.pet_name = check_text(name, kPetName), .pet_category = check_text(category, kPetCategory)};
}

} // namespace

Result<PetCategory, PetErrors> PetService::create_pet(std::int64_t handler_id, const PetInput& input) {
    using R = Result<PetCategory, PetErrors>;
    const std::string name = trim(input.pet_name), category = trim(input.pet_category);
    PetErrors errors = check_pet(name, category);
    orm::Session session(db_);
    if (!session.get<PetHandler>(handler_id)) errors.handler = kHandlerGone;
    if (!errors.ok()) return R::failure(std::move(errors));
    auto pet = session.add(PetCategory{0, name, category, handler_id});
    session.commit(); // a handler deleted since the check is caught by the foreign key: orm::ConstraintError
    return R::success(*pet);
}

Result<PetCategory, PetErrors> PetService::edit_pet(std::int64_t pet_id, const PetInput& input) {
    using R = Result<PetCategory, PetErrors>;
    const std::string name = trim(input.pet_name), category = trim(input.pet_category);
    PetErrors errors = check_pet(name, category);
    orm::Session session(db_);
    auto pet = session.get<PetCategory>(pet_id);
    if (!pet) errors.pet = kPetGone;
    if (!errors.ok()) return R::failure(std::move(errors));
    pet->pet_name = name;
    pet->pet_category = category;
    session.commit();
    return R::success(*pet);
}

Result<PetCategory, PetErrors> PetService::move_pet(std::int64_t pet_id, std::int64_t new_handler_id) {
    using R = Result<PetCategory, PetErrors>;
    PetErrors errors;
    orm::Session session(db_);
    auto pet = session.get<PetCategory>(pet_id);
    if (!pet) errors.pet = kPetGone;
    if (!session.get<PetHandler>(new_handler_id)) errors.handler = kHandlerGone;
    if (!errors.ok()) return R::failure(std::move(errors));
    pet->handler_id = new_handler_id;
    session.commit();
    return R::success(*pet);
}

PetErrors PetService::delete_pet(std::int64_t pet_id) {
    orm::Session session(db_);
    orm::Transaction transaction(db_); // the comments and the pet go together
    auto pet = session.get<PetCategory>(pet_id);
    if (!pet) return {.pet = kPetGone};
    for (const auto& comment : session.query<PetComment>().filter_by(&PetComment::pet_id, pet_id).all())
        session.remove(comment);
    session.remove(pet);
    session.commit();
    transaction.commit();
    return {};
}

std::optional<PetCategory> PetService::find_pet(std::int64_t pet_id) {
    orm::Session session(db_);
    auto pet = session.get<PetCategory>(pet_id);
    return pet ? std::optional<PetCategory>(*pet) : std::nullopt;
}

std::vector<PetCategory> PetService::pets_of(std::int64_t handler_id) {
    orm::Session session(db_);
    return copies(session.query<PetCategory>()
                      .filter_by(&PetCategory::handler_id, handler_id)
                      .order_by(&PetCategory::pet_name, &PetCategory::pet_id)
                      .all());
}

std::optional<PetHandler> PetService::handler_of(const PetCategory& pet) {
    return find_handler(pet.handler_id);
}

// --- Comments -------------------------------------------------------------------------------------------

Result<PetComment, CommentErrors> PetService::add_comment(std::int64_t pet_id, std::string_view content) {
    using R = Result<PetComment, CommentErrors>;
    const std::string trimmed = trim(content);
    CommentErrors errors{.comment_content = check_text(trimmed, kCommentContent)};
    orm::Session session(db_);
    if (!session.get<PetCategory>(pet_id)) errors.pet = kPetGone;
    if (!errors.ok()) return R::failure(std::move(errors));
    auto comment = session.add(PetComment{0, trimmed, pet_id});
    session.commit();
    return R::success(*comment);
}

std::vector<PetComment> PetService::comments_for(std::int64_t pet_id) {
    orm::Session session(db_);
    return copies(
        session.query<PetComment>().filter_by(&PetComment::pet_id, pet_id).order_by(&PetComment::comment_id).all());
}

std::int64_t PetService::comment_count(std::int64_t pet_id) {
    orm::Session session(db_);
    return session.query<PetComment>().filter_by(&PetComment::pet_id, pet_id).count();
}

CommentErrors PetService::delete_comment(std::int64_t comment_id) {
    orm::Session session(db_);
    auto comment = session.get<PetComment>(comment_id);
    if (!comment) return {.comment = kCommentGone};
    session.remove(comment);
    session.commit();
    return {};
}

} // namespace app
