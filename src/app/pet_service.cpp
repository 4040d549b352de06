#include "app/pet_service.h"

#include "app/registration_rules.h"

#include "orm/orm.h"

#include <algorithm>
#include <tuple>

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

// The values of a relationship's collection (loaded now if it was not), in the order `less` gives: the
// relationships have no order of their own, and these lists are short (one handler's pets, one pet's comments).
template <class T, class Less> std::vector<T> sorted_copies(const orm::Collection<T>& related, Less less) {
    std::vector<T> out;
    out.reserve(related.size());
    for (const auto& item : related)
        out.push_back(*item);
    std::sort(out.begin(), out.end(), less);
    return out;
}

// As ORDER BY pet_name, pet_id: std::string compares bytes as unsigned, like SQLite's BINARY collation.
bool by_name_then_id(const PetCategory& a, const PetCategory& b) {
    return std::tie(a.pet_name, a.pet_id) < std::tie(b.pet_name, b.pet_id);
}

bool oldest_first(const PetComment& a, const PetComment& b) {
    return a.comment_id < b.comment_id;
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

std::optional<HandlerDetail> PetService::handler_detail(std::int64_t handler_id) {
    orm::Session session(db_);
    auto handler = session.query<PetHandler>()
                       .filter_by(&PetHandler::handler_id, handler_id)
                       .options(orm::selectin(&PetHandler::pets))
                       .first();
    if (!handler) return std::nullopt;
    return HandlerDetail{*handler, sorted_copies(handler->pets, by_name_then_id)};
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
    auto handler = session.get<PetHandler>(handler_id);
    if (!handler) errors.handler = kHandlerGone;
    if (!errors.ok()) return R::failure(std::move(errors));
    // As the tutorial writes it: PetCategory(pet_name=…, pet_handler=handler); the flush sets handler_id.
    auto pet = session.add(PetCategory{.pet_name = name, .pet_category = category, .pet_handler = handler});
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
    auto handler = session.get<PetHandler>(new_handler_id);
    if (!handler) errors.handler = kHandlerGone;
    if (!errors.ok()) return R::failure(std::move(errors));
    pet->pet_handler = handler; // the backref moves it between the handlers' pets; the flush writes handler_id
    session.commit();
    return R::success(*pet);
}

PetErrors PetService::delete_pet(std::int64_t pet_id) {
    orm::Session session(db_);
    auto pet = session.get<PetCategory>(pet_id);
    if (!pet) return {.pet = kPetGone};
    session.remove(pet); // the delete cascade of PetCategory::comments takes its comments in the same flush
    session.commit();
    return {};
}

std::optional<PetCategory> PetService::find_pet(std::int64_t pet_id) {
    orm::Session session(db_);
    auto pet = session.get<PetCategory>(pet_id);
    return pet ? std::optional<PetCategory>(*pet) : std::nullopt;
}

std::optional<PetDetail> PetService::pet_detail(std::int64_t pet_id) {
    orm::Session session(db_);
    auto pet = session.query<PetCategory>()
                   .filter_by(&PetCategory::pet_id, pet_id)
                   .options(orm::joined(&PetCategory::pet_handler))
                   .options(orm::selectin(&PetCategory::comments))
                   .first();
    if (!pet) return std::nullopt;
    PetDetail detail{*pet, std::nullopt, sorted_copies(pet->comments, oldest_first)};
    if (const auto handler = pet->pet_handler.get()) detail.handler = *handler;
    return detail;
}

std::vector<PetCategory> PetService::pets_of(std::int64_t handler_id) {
    auto detail = handler_detail(handler_id);
    return detail ? std::move(detail->pets) : std::vector<PetCategory>{};
}

std::optional<PetHandler> PetService::handler_of(const PetCategory& pet) {
    orm::Session session(db_);
    auto held = session.get<PetCategory>(pet.pet_id);
    if (!held) return std::nullopt;
    const auto handler = held->pet_handler.get();
    return handler ? std::optional<PetHandler>(*handler) : std::nullopt;
}

// --- Comments -------------------------------------------------------------------------------------------

Result<PetComment, CommentErrors> PetService::add_comment(std::int64_t pet_id, std::string_view content) {
    using R = Result<PetComment, CommentErrors>;
    const std::string trimmed = trim(content);
    CommentErrors errors{.comment_content = check_text(trimmed, kCommentContent)};
    orm::Session session(db_);
    auto pet = session.get<PetCategory>(pet_id);
    if (!pet) errors.pet = kPetGone;
    if (!errors.ok()) return R::failure(std::move(errors));
    auto comment = session.add(PetComment{.comment_content = trimmed, .pet = pet});
    session.commit();
    return R::success(*comment);
}

std::vector<PetComment> PetService::comments_for(std::int64_t pet_id) {
    orm::Session session(db_);
    auto pet = session.get<PetCategory>(pet_id);
    return pet ? sorted_copies(pet->comments, oldest_first) : std::vector<PetComment>{};
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
