// Database files move between this ORM and the tutorial's Flask-SQLAlchemy app in both directions.
// Runs Debian's python3-flask-sqlalchemy (tests/support/flask_tutorial.py); native only (node has no Python).
#ifndef __EMSCRIPTEN__

#include "orm/tutorial_models.h"
#include "support/flask_tutorial.h"
#include "support/temp_directory.h"

#include <doctest/doctest.h>

#include <optional>
#include <string>

using namespace tutorial;

namespace shapes {
// tests/support/flask_model_shapes.py, declared with the ORM.
struct Owner {
    std::int64_t id = 0;
    std::string name;
};
struct Gizmo {
    std::int64_t id = 0;
    std::optional<std::int64_t> maker_id;
    std::string code;
    std::int64_t owner_id = 0;
    std::optional<std::string> label;
    std::int64_t size = 1;
    bool active = true;
};
// Defaults: server_default is in the DDL; default_ and onupdate, and Defaulted members, are not.
struct Stamp {
    std::int64_t id = 0;
    orm::Defaulted<orm::Timestamp> created_at{};
    orm::Defaulted<std::int64_t> votes{};
    std::optional<orm::Timestamp> edited_at{};
};
const orm::Model<Owner>& describe(orm::ModelTag<Owner>) {
    static const orm::Model<Owner> model = orm::Model<Owner>("Owner")
        .column("id", &Owner::id, orm::Integer, orm::primary_key())
        .column("name", &Owner::name, orm::String(40));
    return model;
}
const orm::Model<Gizmo>& describe(orm::ModelTag<Gizmo>) {
    static const orm::Model<Gizmo> model = orm::Model<Gizmo>("Gizmo")
        .column("id", &Gizmo::id, orm::Integer, orm::primary_key())
        .column("maker_id", &Gizmo::maker_id, orm::Integer, orm::foreign_key("owner.id"))
        .column("code", &Gizmo::code, orm::String(10), orm::unique())
        .column("owner_id", &Gizmo::owner_id, orm::Integer, orm::foreign_key("owner.id", orm::OnDelete::Cascade), orm::unique())
        .column("label", &Gizmo::label, orm::String(20), orm::index(true))
        .column("size", &Gizmo::size, orm::Integer, orm::server_default("'1'"))
        .column("active", &Gizmo::active, orm::Boolean)
        .check("size > 0")
        .check("size < 100");
    return model;
}
const orm::Model<Stamp>& describe(orm::ModelTag<Stamp>) {
    static const orm::Model<Stamp> model = orm::Model<Stamp>("Stamp")
        .column("id", &Stamp::id, orm::Integer, orm::primary_key())
        .column("created_at", &Stamp::created_at, orm::DateTime, orm::server_default("CURRENT_TIMESTAMP"))
        .column("votes", &Stamp::votes, orm::Integer, orm::default_(0))
        .column("edited_at", &Stamp::edited_at, orm::DateTime, orm::onupdate(orm::now));
    return model;
}
const orm::Table& stamp_owner() {
    static const orm::Table table = orm::Table("stamp_owner")
                                        .column("stamp_id", orm::Integer, orm::foreign_key("stamp.id"), orm::primary_key())
                                        .column("owner_id", orm::Integer, orm::foreign_key("owner.id"), orm::primary_key())
                                        .column("note", orm::String(20));
    return table;
}
} // namespace shapes

namespace {
const auto flask = test_support::flask_tutorial;

std::string full_schema_of(orm::Database& db) {
    std::string schema;
    auto statement = db.prepare("SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name");
    while (statement->step()) schema += statement->get_text(0) + " " + statement->get_text(1) + ": " + statement->get_text(2) + ";\n";
    return schema;
}

std::string schema_of(orm::Database& db) {
    std::string schema;
    auto statement = db.prepare("SELECT sql FROM sqlite_master WHERE name IN ('user', 'pet_handler', 'pet_category') ORDER BY name");
    while (statement->step()) schema += statement->get_text(0) + ";\n";
    return schema;
}
} // namespace

TEST_CASE("our create_all writes the same schema as Flask-SQLAlchemy's") {
    test_support::TempDirectory dir;
    const std::string theirs = dir.file("flask.db");
    REQUIRE(flask("create " + theirs) == "");
    orm::Database flask_db(theirs);
    orm::Database ours(":memory:");
    orm::Metadata{&orm::model_of<User>(), &orm::model_of<PetHandler>(), &orm::model_of<PetCategory>()}.create_all(ours);
    CHECK(schema_of(ours) == schema_of(flask_db));
}

TEST_CASE("models with several constraints and with defaults get byte-identical DDL: CHECKs, then per column UNIQUE and FOREIGN KEY") {
    test_support::TempDirectory dir;
    const std::string theirs = dir.file("shapes.db");
    REQUIRE(test_support::flask_script("flask_model_shapes.py", "create " + theirs) == "");
    orm::Database flask_db(theirs);
    orm::Database ours(":memory:");
    orm::Metadata{&orm::model_of<shapes::Owner>(), &orm::model_of<shapes::Gizmo>(), &orm::model_of<shapes::Stamp>(),
                  &shapes::stamp_owner()}
        .create_all(ours);
    CHECK(full_schema_of(ours) == full_schema_of(flask_db));
}

TEST_CASE("a database written by us reads in the Flask app, and the other way round") {
    test_support::TempDirectory dir;
    const std::string path = dir.file("shared.db");
    {
        orm::Database db(path);
        orm::Metadata{&orm::model_of<User>(), &orm::model_of<PetHandler>(), &orm::model_of<PetCategory>()}.create_all(db);
        orm::Session session(db);
        session.add(User{0, "Zo\xc3\xab", "zoe@example.org", "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA"});
        auto handler = session.add(PetHandler{0, "Ann"});
        session.commit();
        session.add(PetCategory{0, "Tom", "cat", handler->handler_id});
        session.commit();
    }
    REQUIRE(flask("add-user " + path + " peter peter@example.org plaintext") == "");
    const std::string dump = flask("dump " + path);
    CHECK(dump.find("\"username\": \"Zo\xc3\xab\"") != std::string::npos);
    CHECK(dump.find("{\"pet_name\": \"Tom\", \"handler\": \"Ann\"}") != std::string::npos);

    orm::Database db(path);
    orm::Session session(db);
    auto peter = session.query<User>().filter_by(&User::username, "peter").one();
    CHECK(peter->user_email == "peter@example.org");
    auto rex = session.query<PetCategory>().filter_by(&PetCategory::pet_name, "Rex").one();
    CHECK(session.get<PetHandler>(rex->handler_id)->handler_name == "Flask handler");
    CHECK(db.quick_check() == "ok");
}

#endif
