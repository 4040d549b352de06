// Database files move between this ORM and the tutorial's Flask-SQLAlchemy app in both directions.
// Runs Debian's python3-flask-sqlalchemy (tests/support/flask_tutorial.py); native only (node has no Python).
#ifndef __EMSCRIPTEN__

#include "orm/tutorial_models.h"
#include "support/flask_tutorial.h"
#include "support/temp_directory.h"

#include <doctest/doctest.h>

#include <string>

using namespace tutorial;

namespace {
const auto flask = test_support::flask_tutorial;

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
