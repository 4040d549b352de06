#include "orm/tutorial_models.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

using namespace tutorial;

namespace {
std::vector<std::string> table_names(orm::Database& db) {
    std::vector<std::string> names;
    auto statement = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY rowid");
    while (statement->step()) names.push_back(statement->get_text(0));
    return names;
}
} // namespace

TEST_CASE("the tutorial's tables get exactly the DDL Flask-SQLAlchemy emits") {
    CHECK(orm::Metadata::create_table_sql(orm::model_of<User>()) ==
          "CREATE TABLE user (\n\tid INTEGER NOT NULL, \n\tusername VARCHAR(100) NOT NULL, \n\tuser_email VARCHAR(100) NOT NULL, "
          "\n\tuser_password VARCHAR(150) NOT NULL, \n\tPRIMARY KEY (id)\n)");
    CHECK(orm::Metadata::create_table_sql(orm::model_of<PetCategory>()) ==
          "CREATE TABLE pet_category (\n\tpet_id INTEGER NOT NULL, \n\tpet_name VARCHAR(100) NOT NULL, \n\tpet_category VARCHAR(50) NOT "
          "NULL, \n\thandler_id INTEGER NOT NULL, \n\tPRIMARY KEY (pet_id), \n\tFOREIGN KEY(handler_id) REFERENCES pet_handler "
          "(handler_id)\n)");
}

TEST_CASE("every column type and option appears in the DDL") {
    const std::string sql = orm::Metadata::create_table_sql(orm::model_of<Gadget>());
    CHECK(sql ==
          "CREATE TABLE gadget (\n\tid INTEGER NOT NULL, \n\tname VARCHAR(20) NOT NULL, \n\tnotes TEXT, \n\tactive BOOLEAN DEFAULT 1 "
          "NOT NULL, \n\tweight FLOAT NOT NULL, \n\trank INTEGER NOT NULL, \n\tcreated_at DATETIME NOT NULL, \n\tthumbnail BLOB, "
          "\n\towner_id INTEGER, \n\tPRIMARY KEY (id), \n\tCHECK (weight >= 0), \n\tUNIQUE (name), "
          "\n\tFOREIGN KEY(owner_id) REFERENCES user (id) ON DELETE SET NULL\n)"); // SQLAlchemy's order
    const auto indexes = orm::Metadata::create_index_sql(orm::model_of<Gadget>());
    REQUIRE(indexes.size() == 1);
    CHECK(indexes[0].sql == "CREATE INDEX ix_gadget_rank ON gadget (rank)");
}

TEST_CASE("reserved words are quoted in DDL as SQLAlchemy quotes them") {
    CHECK(orm::ddl_identifier("user") == "user");
    CHECK(orm::ddl_identifier("order") == "\"order\"");
    CHECK(orm::ddl_identifier("Mixed") == "\"Mixed\"");
}

TEST_CASE("create_all creates parents before children, once, and drop_all removes them all") {
    orm::Database db(":memory:");
    tutorial::metadata().create_all(db);
    const auto names = table_names(db);
    REQUIRE(names.size() == 4);
    // pet_handler before pet_category, user before gadget, though declared the other way round.
    auto position = [&](const std::string& n) { return std::find(names.begin(), names.end(), n) - names.begin(); };
    CHECK(position("pet_handler") < position("pet_category"));
    CHECK(position("user") < position("gadget"));

    db.run("INSERT INTO user (username, user_email, user_password) VALUES (?, ?, ?)", "kept", "k@example.org", "x");
    tutorial::metadata().create_all(db); // idempotent: the existing table and its row stay
    {
        auto count = db.prepare("SELECT count(*) FROM user");
        REQUIRE(count->step());
        CHECK(count->get_int64(0) == 1);
    } // the statement is reset here; a running statement would lock the table against DROP

    tutorial::metadata().drop_all(db);
    CHECK(table_names(db).empty());
    tutorial::metadata().drop_all(db); // nothing left to drop is fine
}

TEST_CASE("create_all is one transaction: a failure leaves no table behind") {
    struct Broken {
        std::int64_t id = 0;
        double value = 0;
    };
    static const orm::Model<Broken> broken = orm::Model<Broken>("Broken")
        .column("id", &Broken::id, orm::Integer, orm::primary_key())
        .column("value", &Broken::value, orm::Float)
        .check("value >"); // a syntax error, found only when the table is created
    orm::Metadata metadata{&orm::model_of<User>(), &broken};
    orm::Database db(":memory:");
    CHECK_THROWS_AS(metadata.create_all(db), orm::DatabaseError);
    CHECK(table_names(db).empty());
    CHECK_FALSE(db.in_transaction());
}

TEST_CASE("foreign-key cycles between tables are reported") {
    struct A {
        std::int64_t id = 0;
        std::int64_t b_id = 0;
    };
    struct B {
        std::int64_t id = 0;
        std::int64_t a_id = 0;
    };
    static const orm::Model<A> a = orm::Model<A>("A").column("id", &A::id, orm::Integer, orm::primary_key()).column("b_id", &A::b_id, orm::Integer, orm::foreign_key("b.id"));
    static const orm::Model<B> b = orm::Model<B>("B").column("id", &B::id, orm::Integer, orm::primary_key()).column("a_id", &B::a_id, orm::Integer, orm::foreign_key("a.id"));
    orm::Metadata metadata{&a, &b};
    CHECK_THROWS_AS(metadata.sorted_models(), orm::UsageError);
}
