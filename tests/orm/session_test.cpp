#include "orm/tutorial_models.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace tutorial;
using orm::col;

namespace {
struct Fixture {
    orm::Database db{":memory:"};
    std::vector<std::string> statements;
    Fixture() {
        tutorial::metadata().create_all(db);
        db.set_statement_listener([this](std::string_view sql) { statements.emplace_back(sql); });
    }
    std::int64_t count(const char* table) {
        auto s = db.prepare(std::string("SELECT count(*) FROM ") + table);
        s->step();
        return s->get_int64(0);
    }
};
User make_user(const std::string& name) { return User{0, name, name + "@example.org", "$argon2id$placeholder"}; }
} // namespace

TEST_CASE_FIXTURE(Fixture, "the tutorial's flow: add, commit, query all, filter, get") {
    orm::Session session(db);
    auto demo = session.add(User{0, "Demo User", "demo@example.org", "hash"});
    auto peter = session.add(make_user("peter"));
    CHECK(demo->id == 0); // not flushed yet
    session.commit();
    CHECK(demo->id == 1);
    CHECK(peter->id == 2);

    auto all = session.query<User>().all();
    REQUIRE(all.size() == 2);
    CHECK(all[0] == demo); // identity map: the same objects, not copies
    CHECK(session.query<User>().filter_by(&User::username, "peter").first() == peter);
    CHECK(session.get<User>(2) == peter);

    // A second session sees the committed rows as its own objects.
    orm::Session other(db);
    auto loaded = other.get<User>(2);
    REQUIRE(loaded);
    CHECK(loaded != peter);
    CHECK(loaded->user_email == "peter@example.org");
}

TEST_CASE_FIXTURE(Fixture, "only changed columns are updated, and unchanged objects write nothing") {
    orm::Session session(db);
    auto peter = session.add(make_user("peter"));
    session.commit();
    statements.clear();
    session.commit(); // nothing changed
    CHECK(statements.empty());

    peter->user_email = "new@example.org";
    CHECK(session.is_modified(peter));
    session.commit();
    REQUIRE(statements.size() >= 1);
    CHECK(std::find(statements.begin(), statements.end(), "UPDATE \"user\" SET \"user_email\" = ? WHERE \"id\" = ?") != statements.end());
    CHECK_FALSE(session.is_modified(peter));

    orm::Session other(db);
    CHECK(other.get<User>(peter->id)->user_email == "new@example.org");
}

TEST_CASE_FIXTURE(Fixture, "bulk adds in one transaction reuse one prepared statement") {
    orm::Session session(db);
    std::vector<User> users;
    for (int i = 0; i < 500; ++i) users.push_back(make_user("user" + std::to_string(i)));
    const auto cached_before = db.cached_statement_count();
    session.add_all(std::move(users));
    statements.clear();
    session.commit();
    CHECK(db.cached_statement_count() - cached_before == 1); // one INSERT statement, compiled once
    CHECK(count("user") == 500);
    const auto inserts = std::count_if(statements.begin(), statements.end(), [](const std::string& s) { return s.rfind("INSERT", 0) == 0; });
    CHECK(inserts == 500);
    const auto begins = std::count(statements.begin(), statements.end(), "BEGIN IMMEDIATE");
    CHECK(begins == 1);
}

TEST_CASE_FIXTURE(Fixture, "an overlong value is refused before any SQL runs, naming the column and limit") {
    orm::Session session(db);
    session.add(make_user("fine"));
    auto bad = session.add(make_user(std::string(101, 'x')));
    statements.clear();
    try {
        session.commit();
        FAIL("must throw");
    } catch (const orm::ValueError& e) {
        CHECK(e.column() == "username");
        CHECK(std::string(e.what()).find("limited to 100 characters") != std::string::npos);
    }
    CHECK(statements.empty());
    CHECK(count("user") == 0);
    CHECK_FALSE(db.in_transaction());
}

TEST_CASE_FIXTURE(Fixture, "an update checks the columns it writes: a row stored over a limit by another app can still be edited") {
    // SQLite does not enforce VARCHAR(100): the tutorial's Flask app (or a hand-edited file) can store more.
    db.run("INSERT INTO user (username, user_email, user_password) VALUES (?, ?, ?)", std::string(120, 'x'), "old@example.org", "hash");
    orm::Session session(db);
    auto user = session.get<User>(1);
    REQUIRE(user);
    user->user_email = "new@example.org";
    session.commit(); // the overlong username is not written, so not refused
    CHECK(orm::Session(db).get<User>(1)->user_email == "new@example.org");

    user->username = std::string(101, 'y'); // a column the update does write is still checked
    CHECK_THROWS_AS(session.commit(), orm::ValueError);
    CHECK(orm::Session(db).get<User>(1)->username == std::string(120, 'x'));
}

TEST_CASE_FIXTURE(Fixture, "a constraint failure in a flush writes nothing and leaves objects as they were") {
    orm::Session session(db);
    auto handler = session.add(PetHandler{0, "Ann"});
    session.commit();
    auto good = session.add(PetCategory{0, "Rex", "dog", handler->handler_id});
    auto orphan = session.add(PetCategory{0, "Ghost", "cat", 999}); // no such handler
    try {
        session.flush();
        FAIL("must throw");
    } catch (const orm::ConstraintError& e) {
        CHECK(e.is_foreign_key());
    }
    CHECK(good->pet_id == 0); // the insert that succeeded inside the failed flush was undone
    CHECK(count("pet_category") == 0);
    orphan->handler_id = handler->handler_id;
    session.commit(); // fixed: both go in
    CHECK(count("pet_category") == 2);
    CHECK(good->pet_id != 0);
}

TEST_CASE_FIXTURE(Fixture, "a failed flush undoes itself only: what an earlier flush of the transaction wrote stays") {
    orm::Session session(db);
    auto handler = session.add(PetHandler{0, "Ann"});
    session.commit();
    // The first flush of a transaction: undone by rolling the transaction back, which frees the writer.
    session.add(PetCategory{0, "Ghost", "cat", 999});
    CHECK_THROWS_AS(session.flush(), orm::ConstraintError);
    CHECK_FALSE(session.in_transaction());
    {
        orm::Session other(db); // nothing of the failed flush holds the write turn
        other.add(make_user("other"));
        CHECK_NOTHROW(other.commit());
    }
    session.expunge_all();
    // A later flush of a transaction: undone by its savepoint, the earlier flush's row stays.
    auto rex = session.add(PetCategory{0, "Rex", "dog", handler->handler_id});
    session.flush();
    session.add(PetCategory{0, "Ghost", "cat", 999});
    CHECK_THROWS_AS(session.flush(), orm::ConstraintError);
    CHECK(session.in_transaction());
    CHECK(count("pet_category") == 1);
    session.expunge_all();
    session.commit();
    CHECK(count("pet_category") == 1);
    CHECK(rex->pet_id != 0);
}

TEST_CASE_FIXTURE(Fixture, "parents are inserted before children whatever the order of add()") {
    orm::Session session(db);
    PetHandler handler{0, "Ann"};
    handler.handler_id = 7; // an explicit id, so the child can refer to it before the flush
    session.add(PetCategory{0, "Rex", "dog", 7});
    session.add(handler);
    CHECK_NOTHROW(session.commit());
    CHECK(count("pet_category") == 1);
}

TEST_CASE_FIXTURE(Fixture, "rollback restores the database and the objects to the last commit") {
    orm::Session session(db);
    auto kept = session.add(make_user("kept"));
    auto doomed = session.add(make_user("doomed"));
    session.commit();

    kept->user_email = "changed@example.org";
    auto added = session.add(make_user("added"));
    session.remove(doomed);
    session.flush();
    CHECK(count("user") == 2); // kept + added; doomed deleted inside the transaction
    CHECK(added->id != 0);

    session.rollback();
    CHECK(count("user") == 2); // kept + doomed
    CHECK(kept->user_email == "kept@example.org"); // reloaded
    CHECK(added->id == 0);                          // detached, new again
    CHECK_FALSE(session.contains(added));
    CHECK(session.contains(doomed));
    CHECK(session.get<User>(doomed->id) == doomed);
    CHECK_FALSE(db.in_transaction());
}

TEST_CASE_FIXTURE(Fixture, "a failed commit rolls the session back and leaves no transaction open") {
    db.execute("CREATE UNIQUE INDEX ix_user_username ON user (username)");
    orm::Session session(db);
    session.add(make_user("peter"));
    session.commit();
    auto twin = session.add(make_user("peter"));
    try {
        session.commit();
        FAIL("must throw");
    } catch (const orm::ConstraintError& e) {
        CHECK(e.is_unique());
        CHECK(e.column() == "user.username");
    }
    CHECK_FALSE(db.in_transaction());
    CHECK_FALSE(session.in_transaction());
    CHECK(twin->id == 0);
    CHECK(count("user") == 1);
}

TEST_CASE_FIXTURE(Fixture, "remove deletes at the next flush; a pending object is simply dropped") {
    orm::Session session(db);
    auto a = session.add(make_user("a"));
    auto b = session.add(make_user("b"));
    session.commit();
    session.remove(a);
    CHECK(session.get<User>(a->id) == nullptr); // deleted in the session already
    session.commit();
    CHECK(count("user") == 1);
    CHECK_FALSE(session.contains(a));

    auto never = session.add(make_user("never"));
    session.remove(never);
    session.commit();
    CHECK(count("user") == 1);
    CHECK_THROWS_AS(session.remove(never), orm::UsageError);
}

TEST_CASE_FIXTURE(Fixture, "inserts keep the order of add() after a pending object was dropped and its place reused") {
    orm::Session session(db);
    auto a = session.add(make_user("a"));
    auto dropped = session.add(make_user("dropped"));
    auto c = session.add(make_user("c"));
    session.remove(dropped);
    auto d = session.add(make_user("d")); // takes the dropped object's place in the session's table
    session.commit();
    CHECK(a->id == 1);
    CHECK(c->id == 2);
    CHECK(d->id == 3);
    CHECK(dropped->id == 0);
}


TEST_CASE_FIXTURE(Fixture, "objects added in bulk are each found, dropped or detached before the flush, and the rest inserted") {
    orm::Session session(db);
    std::vector<User> users;
    for (int i = 0; i < 3000; ++i) users.push_back(make_user("bulk" + std::to_string(i)));
    auto added = session.add_all(std::move(users));
    for (int i = 0; i < 3000; i += 7) CHECK(session.contains(added[static_cast<std::size_t>(i)]));
    for (int i = 0; i < 3000; i += 10) session.remove(added[static_cast<std::size_t>(i)]); // 300 dropped
    auto more = session.add_all(std::vector<User>{make_user("late1"), make_user("late2")}); // reuses dropped places
    for (int i = 5; i < 3000; i += 10) session.expunge(added[static_cast<std::size_t>(i)]); // 300 detached
    session.add(added[1]); // already held: nothing changes
    CHECK(session.size() == 3000 - 600 + 2);
    session.commit();
    CHECK(count("user") == 2402);
    CHECK(added[0]->id == 0);
    CHECK(added[5]->id == 0);
    CHECK(added[1]->id != 0);
    CHECK(session.get<User>(added[1]->id) == added[1]);
    CHECK(more[1]->id != 0);
    CHECK(orm::Session(db).query<User>().filter_by(&User::username, "bulk10").first() == nullptr);
}
TEST_CASE_FIXTURE(Fixture,
                  "thousands of rows of two models with the same ids: one object per row, each found by its key") {
    constexpr int rows = 3000;
    {
        orm::Session writer(db);
        for (int i = 0; i < rows; ++i) {
            writer.add(make_user("u" + std::to_string(i)));
            writer.add(PetHandler{0, "h" + std::to_string(i)});
        }
        writer.commit();
    }
    orm::Session session(db);
    const auto users = session.query<User>().all();
    const auto handlers = session.query<PetHandler>().all();
    REQUIRE(users.size() == rows);
    REQUIRE(handlers.size() == rows);
    CHECK(session.size() == 2 * rows);
    for (int id = 1; id <= rows; id += 997) {
        CHECK(session.get<User>(id) == users[static_cast<std::size_t>(id - 1)]);
        CHECK(session.get<PetHandler>(id) == handlers[static_cast<std::size_t>(id - 1)]);
        CHECK(session.get<PetHandler>(id)->handler_name == "h" + std::to_string(id - 1));
    }
    statements.clear();
    CHECK(session.query<User>().order_by(orm::desc(&User::id)).first() == users.back()); // the held object
    session.remove(users[10]);
    session.commit();
    CHECK(session.get<User>(11) == nullptr);
    CHECK(session.get<User>(12) == users[11]);
    CHECK(count("user") == rows - 1);
}

TEST_CASE_FIXTURE(Fixture, "refresh discards unflushed changes; expunge detaches without writing") {
    orm::Session session(db);
    auto peter = session.add(make_user("peter"));
    session.commit();
    peter->username = "scribble";
    session.refresh(peter);
    CHECK(peter->username == "peter");

    peter->username = "not saved";
    session.expunge(peter);
    session.commit();
    orm::Session other(db);
    CHECK(other.get<User>(peter->id)->username == "peter");

    db.run("DELETE FROM user");
    auto gone = other.get<User>(peter->id);
    CHECK_THROWS_AS(other.refresh(gone), orm::NoResultError);
}

TEST_CASE_FIXTURE(Fixture, "a detached object added to a new session is updated, not inserted again") {
    std::shared_ptr<User> peter;
    {
        orm::Session first(db);
        peter = first.add(make_user("peter"));
        first.commit();
    }
    peter->user_email = "moved@example.org";
    orm::Session second(db);
    second.add(peter);
    second.commit();
    CHECK(count("user") == 1);
    orm::Session third(db);
    CHECK(third.get<User>(peter->id)->user_email == "moved@example.org");
}

TEST_CASE_FIXTURE(Fixture, "every column type round-trips through the session") {
    orm::Session session(db);
    auto owner = session.add(make_user("owner"));
    session.commit();
    Gadget g;
    g.name = "caf\xc3\xa9";
    g.notes = "multi\nline";
    g.active = false;
    g.weight = 1.25;
    g.rank = -3;
    g.created_at = orm::parse_datetime("2024-05-01 09:30:00.123456");
    g.thumbnail = orm::Bytes{1, 2, 3, 0, 255};
    g.owner_id = owner->id;
    auto stored = session.add(g);
    session.commit();

    orm::Session other(db);
    auto loaded = other.get<Gadget>(stored->id);
    REQUIRE(loaded);
    CHECK(loaded->name == g.name);
    CHECK(loaded->notes == g.notes);
    CHECK(loaded->active == false);
    CHECK(loaded->weight == doctest::Approx(1.25));
    CHECK(loaded->rank == -3);
    CHECK(loaded->created_at == g.created_at);
    CHECK(loaded->thumbnail == g.thumbnail);
    CHECK(loaded->owner_id == owner->id);

    loaded->notes.reset();
    loaded->thumbnail.reset();
    other.commit();
    auto raw = db.prepare("SELECT notes IS NULL, thumbnail IS NULL, created_at FROM gadget");
    REQUIRE(raw->step());
    CHECK(raw->get_int64(0) == 1);
    CHECK(raw->get_int64(1) == 1);
    CHECK(raw->get_text(2) == "2024-05-01 09:30:00.123456");
}

TEST_CASE_FIXTURE(Fixture, "the session's objects outlive it, detached") {
    std::shared_ptr<User> peter;
    {
        orm::Session session(db);
        session.add(make_user("peter"));
        session.commit();
        peter = session.query<User>().one();
    }
    CHECK(peter->username == "peter");
}

TEST_CASE_FIXTURE(Fixture, "a session destroyed with uncommitted work rolls it back") {
    {
        orm::Session session(db);
        session.add(make_user("uncommitted"));
        session.flush();
        CHECK(db.in_transaction());
    }
    CHECK_FALSE(db.in_transaction());
    CHECK(count("user") == 0);
}

TEST_CASE_FIXTURE(Fixture, "savepoints: a nested transaction inside the session's rolls back alone") {
    orm::Session session(db);
    session.add(make_user("outer"));
    session.flush();
    {
        orm::Transaction nested(db);
        db.run("INSERT INTO user (username, user_email, user_password) VALUES (?, ?, ?)", "inner", "i@example.org", "x");
    }
    session.commit();
    CHECK(count("user") == 1);
}

TEST_CASE_FIXTURE(Fixture, "dirty tracking sees a change to any one byte of a text, whatever its length") {
    // Fingerprints read texts 8 bytes a step in two lanes, the last step overlapping: every byte must count.
    orm::Session session(db);
    auto user = session.add(make_user("x"));
    session.commit();
    for (std::size_t length = 0; length <= 40; ++length) {
        std::string text;
        for (std::size_t i = 0; i < length; ++i) text += static_cast<char>('a' + i % 26);
        user->user_password = text;
        session.commit();
        CHECK_FALSE(session.is_modified(user));
        for (std::size_t at = 0; at < length; ++at) {
            user->user_password = text;
            user->user_password[at] = 'Z';
            CHECK_MESSAGE(session.is_modified(user), "length ", length, ", byte ", at);
        }
        user->user_password = text;
        user->user_password.push_back('\0');
        CHECK_MESSAGE(session.is_modified(user), "a NUL appended at length ", length);
        user->user_password = text;
        CHECK_FALSE(session.is_modified(user));
    }
}
