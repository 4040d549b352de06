#include "orm/tutorial_models.h"

namespace tutorial {

const orm::Model<User>& describe(orm::ModelTag<User>) {
    static const orm::Model<User> model = orm::Model<User>("User")
        .column("id", &User::id, orm::Integer, orm::primary_key())
        .column("username", &User::username, orm::String(100))
        .column("user_email", &User::user_email, orm::String(100))
        .column("user_password", &User::user_password, orm::String(150));
    return model;
}

const orm::Model<PetHandler>& describe(orm::ModelTag<PetHandler>) {
    static const orm::Model<PetHandler> model = orm::Model<PetHandler>("PetHandler")
        .column("handler_id", &PetHandler::handler_id, orm::Integer, orm::primary_key())
        .column("handler_name", &PetHandler::handler_name, orm::String(150));
    return model;
}

const orm::Model<PetCategory>& describe(orm::ModelTag<PetCategory>) {
    static const orm::Model<PetCategory> model = orm::Model<PetCategory>("PetCategory")
        .column("pet_id", &PetCategory::pet_id, orm::Integer, orm::primary_key())
        .column("pet_name", &PetCategory::pet_name, orm::String(100))
        .column("pet_category", &PetCategory::pet_category, orm::String(50))
        .column("handler_id", &PetCategory::handler_id, orm::Integer, orm::foreign_key("pet_handler.handler_id"));
    return model;
}

const orm::Model<Gadget>& describe(orm::ModelTag<Gadget>) {
    static const orm::Model<Gadget> model = orm::Model<Gadget>("Gadget")
        .column("id", &Gadget::id, orm::Integer, orm::primary_key())
        .column("name", &Gadget::name, orm::String(20), orm::unique())
        .column("notes", &Gadget::notes, orm::Text)
        .column("active", &Gadget::active, orm::Boolean, orm::server_default("1"))
        .column("weight", &Gadget::weight, orm::Float)
        .column("rank", &Gadget::rank, orm::Integer, orm::index())
        .column("created_at", &Gadget::created_at, orm::DateTime)
        .column("thumbnail", &Gadget::thumbnail, orm::Blob)
        .column("owner_id", &Gadget::owner_id, orm::Integer, orm::foreign_key("user.id", orm::OnDelete::SetNull))
        .check("weight >= 0");
    return model;
}

const orm::Metadata& metadata() {
    // Declared children first on purpose: create_all must still create parents first.
    static const orm::Metadata metadata{&orm::model_of<Gadget>(), &orm::model_of<PetCategory>(), &orm::model_of<PetHandler>(),
                                        &orm::model_of<User>()};
    return metadata;
}

} // namespace tutorial
