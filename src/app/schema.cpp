#include "app/schema.h"

#include "app/models.h"
#include "app/password_hasher.h"

#include "orm/orm.h"

#include <stdexcept>

namespace app {

namespace {

// --- Frozen declarations ---------------------------------------------------------------------------
// A migration must create the same tables tomorrow as today, whatever app/models.h says by then, so the
// tables it creates are declared here as they were at that version (Alembic keeps its scripts frozen the
// same way). The ORM writes SQLAlchemy's DDL, so version 1 is byte for byte what the Flask app creates.

namespace tutorial_v1 {

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
struct PetComment {
    std::int64_t comment_id = 0;
    std::string comment_content;
};

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
            .column("handler_name", &PetHandler::handler_name, orm::String(150));
    return model;
}
const orm::Model<PetCategory>& describe(orm::ModelTag<PetCategory>) {
    static const orm::Model<PetCategory> model =
        orm::Model<PetCategory>("PetCategory")
            .column("pet_id", &PetCategory::pet_id, orm::Integer, orm::primary_key())
            .column("pet_name", &PetCategory::pet_name, orm::String(100))
            .column("pet_category", &PetCategory::pet_category, orm::String(50))
            .column("handler_id", &PetCategory::handler_id, orm::Integer, orm::foreign_key("pet_handler.handler_id"));
    return model;
}
const orm::Model<PetComment>& describe(orm::ModelTag<PetComment>) {
    static const orm::Model<PetComment> model =
        orm::Model<PetComment>("PetComment")
            .column("comment_id", &PetComment::comment_id, orm::Integer, orm::primary_key())
            .column("comment_content", &PetComment::comment_content, orm::String(200));
    return model;
}

const orm::Metadata& metadata() {
    static const orm::Metadata metadata{&orm::model_of<User>(), &orm::model_of<PetHandler>(),
                                        &orm::model_of<PetCategory>(), &orm::model_of<PetComment>()};
    return metadata;
}

} // namespace tutorial_v1

namespace contact_v4 {

struct ContactMessage {
    std::int64_t id = 0;
    std::string name;
    std::string email;
    std::string subject;
    std::string message;
    orm::Timestamp created_at{};
};

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

const orm::Metadata& metadata() {
    static const orm::Metadata metadata{&orm::model_of<ContactMessage>()};
    return metadata;
}

} // namespace contact_v4

// --- Migration steps -------------------------------------------------------------------------------

// A unique index cannot be built over duplicates; say which rows are in the way instead of SQLite's
// bare "UNIQUE constraint failed". The values named are usernames and emails, never passwords.
void refuse_duplicates(orm::Database& db, const char* key_sql, const char* what) {
    auto statement = db.prepare(std::string("SELECT ") + key_sql + ", group_concat(id, ', ') FROM \"user\" GROUP BY " +
                                key_sql + " HAVING count(*) > 1 ORDER BY min(id) LIMIT 1");
    if (!statement->step()) return;
    throw std::runtime_error("users " + statement->get_text(1) + " share the " + what + " \"" + statement->get_text(0) +
                             "\"; give each a different one in the tutorial app, then open the file again");
}

void add_unique_user_indexes(orm::MigrationContext& m) {
    refuse_duplicates(m.database(), "username", "username");
    refuse_duplicates(m.database(), "lower(user_email)", "email address (ignoring case)");
    m.create_index("ix_user_username", "user", {"username"}, true);
    // An expression index: the ORM's create_index takes column names only.
    m.execute("CREATE UNIQUE INDEX IF NOT EXISTS ix_user_email_lower ON \"user\" (lower(user_email))");
}

void attach_comments_to_pets(orm::MigrationContext& m) {
    m.add_column("pet_comment", "pet_id INTEGER REFERENCES pet_category (pet_id)");
    m.create_index("ix_pet_comment_pet_id", "pet_comment", {"pet_id"});
}

void add_browser_indexes(orm::MigrationContext& m) {
    m.create_index("ix_pet_handler_handler_name", "pet_handler", {"handler_name"});
    m.create_index("ix_pet_category_pet_name", "pet_category", {"pet_name"});
    m.create_index("ix_pet_category_pet_category", "pet_category", {"pet_category"});
    m.create_index("ix_pet_category_handler_id", "pet_category", {"handler_id"});
    m.create_index("ix_pet_comment_comment_content", "pet_comment", {"comment_content"});
    m.create_index("ix_contact_message_created_at", "contact_message", {"created_at"});
    m.create_index("ix_contact_message_name", "contact_message", {"name"});
    m.create_index("ix_contact_message_email", "contact_message", {"email"});
    m.create_index("ix_contact_message_subject", "contact_message", {"subject"});
}

// Holds only the rows whose password is not an Argon2id string: empty once every password is hashed, so
// rehash_legacy_passwords() costs an index lookup, not a table scan, on every open. The WHERE must stay
// identical to kLegacyPasswordSql for SQLite to use it.
void add_legacy_password_index(orm::MigrationContext& m) {
    m.execute("CREATE INDEX IF NOT EXISTS ix_user_legacy_password ON \"user\" (id) "
              "WHERE substr(user_password, 1, 10) <> '$argon2id$'");
}

constexpr const char* kLegacyPasswordSql = "substr(\"user\".\"user_password\", 1, 10) <> '$argon2id$'";

} // namespace

const orm::Migrator& schema_migrator() {
    static const orm::Migrator migrator({
        {1, "the tutorial's tables, as its Flask app creates them",
         [](orm::MigrationContext& m) { m.create_tables(tutorial_v1::metadata()); }},
        {2, "unique usernames; emails unique whatever their case", add_unique_user_indexes},
        {3, "comments belong to pets", attach_comments_to_pets},
        {4, "contact messages", [](orm::MigrationContext& m) { m.create_tables(contact_v4::metadata()); }},
        {5, "indexes for sorting and filtering records", add_browser_indexes},
        {6, "find legacy plaintext passwords without a scan", add_legacy_password_index},
    });
    return migrator;
}

int latest_schema_version() {
    return schema_migrator().latest_version();
}

SchemaStatus open_schema(orm::Database& db, const PasswordHasher& hasher) {
    SchemaStatus status;
    status.previous_version = schema_migrator().current_version(db);
    schema_migrator().upgrade(db);
    status.version = schema_migrator().current_version(db);
    status.passwords_rehashed = rehash_legacy_passwords(db, hasher);
    return status;
}

int rehash_legacy_passwords(orm::Database& db, const PasswordHasher& hasher) {
    orm::Session session(db);
    const auto legacy = session.query<User>().filter(orm::Expr(kLegacyPasswordSql, {})).all();
    for (const auto& user : legacy)
        user->user_password = hasher.hash(user->user_password);
    session.commit();
    return static_cast<int>(legacy.size());
}

} // namespace app
