#include "app/models.h"

namespace app {

const orm::Model<User>& describe(orm::ModelTag<User>) {
    static const orm::Model<User> model = orm::Model<User>("User")
                                              .column("id", &User::id, orm::Integer, orm::primary_key())
                                              .column("username", &User::username, orm::String(100))
                                              .column("user_email", &User::user_email, orm::String(100))
                                              .column("user_password", &User::user_password, orm::String(150));
    return model;
}

const orm::Model<PetHandler>& describe(orm::ModelTag<PetHandler>) {
    static const orm::Model<PetHandler> model =
        orm::Model<PetHandler>("PetHandler")
            .column("handler_id", &PetHandler::handler_id, orm::Integer, orm::primary_key())
            .column("handler_name", &PetHandler::handler_name, orm::String(150))
            .one_to_many("pets", &PetHandler::pets, &PetCategory::handler_id, "pet_handler", &PetCategory::pet_handler);
    return model;
}

const orm::Model<PetCategory>& describe(orm::ModelTag<PetCategory>) {
    static const orm::Model<PetCategory> model =
        orm::Model<PetCategory>("PetCategory")
            .column("pet_id", &PetCategory::pet_id, orm::Integer, orm::primary_key())
            .column("pet_name", &PetCategory::pet_name, orm::String(100))
            .column("pet_category", &PetCategory::pet_category, orm::String(50))
            .column("handler_id", &PetCategory::handler_id, orm::Integer, orm::foreign_key("pet_handler.handler_id"))
            .one_to_many("comments", &PetCategory::comments, &PetComment::pet_id, "pet", &PetComment::pet,
                         {.cascade = orm::Cascade::all_delete_orphan()});
    return model;
}

const orm::Model<PetComment>& describe(orm::ModelTag<PetComment>) {
    static const orm::Model<PetComment> model =
        orm::Model<PetComment>("PetComment")
            .column("comment_id", &PetComment::comment_id, orm::Integer, orm::primary_key())
            .column("comment_content", &PetComment::comment_content, orm::String(200))
            .column("pet_id", &PetComment::pet_id, orm::Integer, orm::foreign_key("pet_category.pet_id"));
    return model;
}

const orm::Model<ContactMessage>& describe(orm::ModelTag<ContactMessage>) {
    static const orm::Model<ContactMessage> model =
        orm::Model<ContactMessage>("ContactMessage")
            .column("id", &ContactMessage::id, orm::Integer, orm::primary_key())
            .column("name", &ContactMessage::name, orm::String(100))
            .column("email", &ContactMessage::email, orm::String(100))
            .column("subject", &ContactMessage::subject, orm::String(150))
            .column("message", &ContactMessage::message, orm::Text)
            .column("created_at", &ContactMessage::created_at, orm::DateTime);
    return model;
}

const orm::Model<LoginBackoffRecord>& describe(orm::ModelTag<LoginBackoffRecord>) {
    static const orm::Model<LoginBackoffRecord> model =
        orm::Model<LoginBackoffRecord>("LoginBackoff")
            .column("id", &LoginBackoffRecord::id, orm::Integer, orm::primary_key())
            .column("account_key", &LoginBackoffRecord::account_key, orm::String(80), orm::index(true))
            .column("failures", &LoginBackoffRecord::failures, orm::Integer)
            .column("last_failure_ms", &LoginBackoffRecord::last_failure_ms, orm::Integer)
            .column("next_attempt_ms", &LoginBackoffRecord::next_attempt_ms, orm::Integer);
    return model;
}

const orm::Model<AccountSessionRecord>& describe(orm::ModelTag<AccountSessionRecord>) {
    static const orm::Model<AccountSessionRecord> model =
        orm::Model<AccountSessionRecord>("AccountSession")
            .column("id", &AccountSessionRecord::id, orm::Integer, orm::primary_key())
            .column("token_digest", &AccountSessionRecord::token_digest, orm::String(64), orm::index(true))
            .column("user_id", &AccountSessionRecord::user_id, orm::Integer, orm::index())
            .column("created_ms", &AccountSessionRecord::created_ms, orm::Integer)
            .column("expires_ms", &AccountSessionRecord::expires_ms, orm::Integer);
    return model;
}

UserAccount account_of(const User& user) {
    return UserAccount{user.id, user.username, user.user_email};
}

} // namespace app
