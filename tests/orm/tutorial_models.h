// The tutorial's models, declared with the ORM exactly as the Flask app declares them
// (see tests/support/flask_tutorial.py), plus one model that exercises every column type and option.
#pragma once

#include "orm/orm.h"

#include <cstdint>
#include <optional>
#include <string>

namespace tutorial {

struct User {
    std::int64_t id = 0;
    std::string username;
    std::string user_email;
    std::string user_password;
};

struct PetHandler {
    std::int64_t handler_id = 0;
    std::string handler_name;
};

struct PetCategory {
    std::int64_t pet_id = 0;
    std::string pet_name;
    std::string pet_category;
    std::int64_t handler_id = 0;
};

// Every type and option the ORM offers.
struct Gadget {
    std::int64_t id = 0;
    std::string name;
    std::optional<std::string> notes;
    bool active = true;
    double weight = 0.0;
    int rank = 0;
    orm::Timestamp created_at{};
    std::optional<orm::Bytes> thumbnail;
    std::optional<std::int64_t> owner_id;
};

const orm::Model<User>& describe(orm::ModelTag<User>);
const orm::Model<PetHandler>& describe(orm::ModelTag<PetHandler>);
const orm::Model<PetCategory>& describe(orm::ModelTag<PetCategory>);
const orm::Model<Gadget>& describe(orm::ModelTag<Gadget>);

const orm::Metadata& metadata(); // User, PetHandler, PetCategory, Gadget

} // namespace tutorial
