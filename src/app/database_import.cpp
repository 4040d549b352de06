#include "app/database_import.h"

#include "app/models.h"

#include "orm/orm.h"

#include <initializer_list>

namespace app {

namespace {

bool has_column(orm::Database& db, const char* table, const char* column) {
    auto statement = db.prepare("SELECT count(*) FROM pragma_table_info(?) WHERE name = ?");
    statement->bind_all(table, column);
    statement->step();
    return statement->get_int64(0) > 0;
}

std::int64_t table_count(orm::Database& db) {
    auto statement = db.prepare("SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'");
    statement->step();
    return statement->get_int64(0);
}

// A file this app never wrote must at least have the tutorial's users, or importing it would replace the
// person's data by tables the app cannot show.
void recognise_tutorial_schema(orm::Database& db) {
    if (table_count(db) == 0) return; // an empty database: the migrations create everything
    if (!orm::table_exists(db, "user")) {
        throw ImportError("it is not a registration database (it has none of the tutorial's tables: "
                          "user, pet_handler, pet_category, pet_comment)");
    }
    for (const char* column : {"id", "username", "user_email", "user_password"}) {
        if (!has_column(db, "user", column)) {
            throw ImportError(std::string("its user table has no ") + column +
                              " column, so it is not the tutorial's (id, username, user_email, user_password)");
        }
    }
}

std::string plural(std::int64_t count, const char* one, const char* many) {
    return std::to_string(count) + " " + (count == 1 ? one : many);
}

} // namespace

std::string ImportReport::summary() const {
    std::string text = plural(users, "user", "users") + ", " + plural(handlers, "pet handler", "pet handlers") + ", " +
                       plural(pets, "pet", "pets") + ", " + plural(comments, "comment", "comments") + ", " +
                       plural(messages, "contact message", "contact messages");
    if (schema.previous_version == 0 && users + handlers + pets + comments > 0)
        text += "; upgraded from the tutorial's Flask schema";
    else if (schema.previous_version < schema.version && schema.previous_version > 0)
        text += "; upgraded from schema version " + std::to_string(schema.previous_version);
    if (schema.passwords_rehashed > 0)
        text += "; " + plural(schema.passwords_rehashed, "plaintext password", "plaintext passwords") +
                " re-hashed with Argon2id";
    return text;
}

ImportReport prepare_import(orm::Database& candidate, const PasswordHasher& hasher) {
    ImportReport report;
    const int version = schema_migrator().current_version(candidate);
    if (version > latest_schema_version()) {
        throw ImportError("it was written by a newer version of this app (schema version " + std::to_string(version) +
                          ", this one knows up to " + std::to_string(latest_schema_version()) +
                          "); update the app, then import it");
    }
    if (version == 0) recognise_tutorial_schema(candidate);
    try {
        report.schema = open_schema(candidate, hasher);
    } catch (const orm::MigrationError& e) {
        throw ImportError(std::string("it cannot be upgraded: ") + e.what());
    }
    orm::Session session(candidate);
    report.users = session.query<User>().count();
    report.handlers = session.query<PetHandler>().count();
    report.pets = session.query<PetCategory>().count();
    report.comments = session.query<PetComment>().count();
    report.messages = session.query<ContactMessage>().count();
    return report;
}

} // namespace app
