#include "orm/orm.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

namespace rel {

struct Pet;
struct Handler {
    std::int64_t handler_id = 0;
    std::string handler_name;
    orm::Collection<Pet> pets;
};
struct Pet {
    std::int64_t pet_id = 0;
    std::string pet_name;
    std::optional<std::int64_t> handler_id; // nullable: a pet may have no handler
    orm::Reference<Handler> handler;
};
// The tutorial's shape: the child's foreign key is NOT NULL, and orphans are deleted.
struct Owner;
struct Toy {
    std::int64_t id = 0;
    std::string name;
    std::int64_t owner_id = 0;
    orm::Reference<Owner> owner;
};
struct Owner {
    std::int64_t id = 0;
    std::string name;
    orm::Collection<Toy> toys;
};
// One-to-one.
struct Passport;
struct Person {
    std::int64_t id = 0;
    std::string name;
    orm::Reference<Passport> passport;
};
struct Passport {
    std::int64_t id = 0;
    std::string number;
    std::int64_t person_id = 0;
    orm::Reference<Person> person;
};
// Many-to-many.
struct Course;
struct Student {
    std::int64_t id = 0;
    std::string name;
    orm::Collection<Course> courses;
};
struct Course {
    std::int64_t id = 0;
    std::string title;
    orm::Collection<Student> students;
};

const orm::Model<Handler>& describe(orm::ModelTag<Handler>) {
    static const orm::Model<Handler> model = orm::Model<Handler>("Handler")
        .column("handler_id", &Handler::handler_id, orm::Integer, orm::primary_key())
        .column("handler_name", &Handler::handler_name, orm::String(50))
        .one_to_many("pets", &Handler::pets, &Pet::handler_id, "handler", &Pet::handler);
    return model;
}
const orm::Model<Pet>& describe(orm::ModelTag<Pet>) {
    static const orm::Model<Pet> model = orm::Model<Pet>("Pet")
        .column("pet_id", &Pet::pet_id, orm::Integer, orm::primary_key())
        .column("pet_name", &Pet::pet_name, orm::String(50))
        .column("handler_id", &Pet::handler_id, orm::Integer, orm::foreign_key("handler.handler_id"));
    return model;
}
const orm::Model<Owner>& describe(orm::ModelTag<Owner>) {
    static const orm::Model<Owner> model = orm::Model<Owner>("Owner")
        .column("id", &Owner::id, orm::Integer, orm::primary_key())
        .column("name", &Owner::name, orm::String(50))
        .one_to_many("toys", &Owner::toys, &Toy::owner_id, "owner", &Toy::owner, {.cascade = orm::Cascade::all_delete_orphan()});
    return model;
}
const orm::Model<Toy>& describe(orm::ModelTag<Toy>) {
    static const orm::Model<Toy> model = orm::Model<Toy>("Toy")
        .column("id", &Toy::id, orm::Integer, orm::primary_key())
        .column("name", &Toy::name, orm::String(50))
        .column("owner_id", &Toy::owner_id, orm::Integer, orm::foreign_key("owner.id"));
    return model;
}
const orm::Model<Person>& describe(orm::ModelTag<Person>) {
    static const orm::Model<Person> model = orm::Model<Person>("Person")
        .column("id", &Person::id, orm::Integer, orm::primary_key())
        .column("name", &Person::name, orm::String(50))
        .one_to_one("passport", &Person::passport, &Passport::person_id, "person", &Passport::person);
    return model;
}
const orm::Model<Passport>& describe(orm::ModelTag<Passport>) {
    static const orm::Model<Passport> model = orm::Model<Passport>("Passport")
        .column("id", &Passport::id, orm::Integer, orm::primary_key())
        .column("number", &Passport::number, orm::String(20))
        .column("person_id", &Passport::person_id, orm::Integer, orm::foreign_key("person.id"), orm::unique());
    return model;
}
const orm::Model<Student>& describe(orm::ModelTag<Student>) {
    static const orm::Model<Student> model = orm::Model<Student>("Student")
        .column("id", &Student::id, orm::Integer, orm::primary_key())
        .column("name", &Student::name, orm::String(50))
        .many_to_many("courses", &Student::courses, "enrollment", "student_id", "course_id", "students", &Course::students);
    return model;
}
const orm::Model<Course>& describe(orm::ModelTag<Course>) {
    static const orm::Model<Course> model = orm::Model<Course>("Course")
        .column("id", &Course::id, orm::Integer, orm::primary_key())
        .column("title", &Course::title, orm::String(50));
    return model;
}

} // namespace rel

using namespace rel;

namespace {
struct Fixture {
    orm::Database db{":memory:"};
    std::vector<std::string> statements;
    Fixture() {
        orm::Metadata{&orm::model_of<Handler>(), &orm::model_of<Pet>(), &orm::model_of<Owner>(), &orm::model_of<Toy>(),
                      &orm::model_of<Person>(), &orm::model_of<Passport>(), &orm::model_of<Student>(), &orm::model_of<Course>()}
            .create_all(db);
        db.execute("CREATE TABLE enrollment (\n\tstudent_id INTEGER NOT NULL, \n\tcourse_id INTEGER NOT NULL, \n\tPRIMARY KEY (student_id, course_id), "
                   "\n\tFOREIGN KEY(student_id) REFERENCES student (id), \n\tFOREIGN KEY(course_id) REFERENCES course (id)\n)");
    }
    void count_statements() {
        statements.clear();
        db.set_statement_listener([this](std::string_view sql) { statements.emplace_back(sql); });
    }
    std::int64_t scalar(const std::string& sql) {
        auto s = db.prepare(sql);
        s->step();
        return s->get_int64(0);
    }
    void make_handlers(int handlers, int pets_each) {
        orm::Session session(db);
        for (int h = 0; h < handlers; ++h) {
            auto handler = session.add(Handler{0, "handler" + std::to_string(h), {}});
            for (int p = 0; p < pets_each; ++p) handler->pets.push_back(std::make_shared<Pet>(Pet{0, "pet" + std::to_string(p), {}, {}}));
        }
        session.commit();
    }
};
} // namespace

TEST_CASE_FIXTURE(Fixture, "appending to a collection inserts the child and sets its foreign key (save-update)") {
    orm::Session session(db);
    auto ann = session.add(Handler{0, "Ann", {}});
    auto rex = std::make_shared<Pet>(Pet{0, "Rex", {}, {}});
    ann->pets.push_back(rex);
    CHECK(rex->handler.get() == ann); // the backref is in step at once
    session.commit();
    CHECK(rex->pet_id != 0);
    CHECK(rex->handler_id == ann->handler_id);
    CHECK(scalar("SELECT count(*) FROM pet WHERE handler_id = " + std::to_string(ann->handler_id)) == 1);
}

TEST_CASE_FIXTURE(Fixture, "assigning the parent sets the foreign key and moves the child between loaded collections") {
    make_handlers(2, 1);
    orm::Session session(db);
    auto first = session.get<Handler>(1);
    auto second = session.get<Handler>(2);
    auto pet = first->pets[0];
    CHECK(second->pets.size() == 1);
    pet->handler = second;
    CHECK(first->pets.empty());
    CHECK(second->pets.size() == 2);
    session.commit();
    CHECK(scalar("SELECT handler_id FROM pet WHERE pet_id = " + std::to_string(pet->pet_id)) == 2);

    orm::Session other(db);
    CHECK(other.get<Handler>(2)->pets.size() == 2);
    CHECK(other.get<Handler>(1)->pets.empty());
}

TEST_CASE_FIXTURE(Fixture, "lazy loading: a relationship is read on first access, through the owning session") {
    make_handlers(1, 3);
    orm::Session session(db);
    auto handler = session.get<Handler>(1);
    CHECK_FALSE(handler->pets.is_loaded());
    count_statements();
    CHECK(handler->pets.size() == 3);
    CHECK(statements.size() == 1);
    CHECK(handler->pets[2]->handler.get() == handler); // known from the collection: no query
    CHECK(statements.size() == 1);
    auto pet = session.get<Pet>(handler->pets[0]->pet_id);
    CHECK(pet == handler->pets[0]); // identity map
}

TEST_CASE_FIXTURE(Fixture, "a lazy relationship read after its session ended is a clear error, not a dangling pointer") {
    make_handlers(1, 2);
    std::shared_ptr<Handler> handler;
    {
        orm::Session session(db);
        handler = session.get<Handler>(1);
    }
    CHECK_THROWS_AS(handler->pets.size(), orm::DetachedError);
    try {
        (void)handler->pets.size();
    } catch (const orm::DetachedError& e) {
        CHECK(std::string(e.what()).find("'pets'") != std::string::npos);
    }
    // Loaded eagerly, it stays readable after the session.
    std::shared_ptr<Handler> eager;
    {
        orm::Session session(db);
        eager = session.query<Handler>().options(orm::selectin(&Handler::pets)).one();
    }
    CHECK(eager->pets.size() == 2);
}

TEST_CASE_FIXTURE(Fixture, "no N+1: 100 handlers with their pets load in 2 statements with selectin, 1 with joined") {
    make_handlers(100, 3);
    {
        orm::Session session(db);
        count_statements();
        auto handlers = session.query<Handler>().options(orm::selectin(&Handler::pets)).all();
        std::size_t pets = 0;
        for (const auto& h : handlers) pets += h->pets.size();
        CHECK(handlers.size() == 100);
        CHECK(pets == 300);
        CHECK(statements.size() == 2);
    }
    {
        orm::Session session(db);
        count_statements();
        auto handlers = session.query<Handler>().options(orm::joined(&Handler::pets)).order_by(orm::desc(&Handler::handler_id)).all();
        std::size_t pets = 0;
        for (const auto& h : handlers) pets += h->pets.size();
        CHECK(handlers.size() == 100);
        CHECK(handlers.front()->handler_id == 100);
        CHECK(pets == 300);
        CHECK(statements.size() == 1);
    }
    {
        orm::Session session(db);
        count_statements();
        auto handlers = session.query<Handler>().all();
        std::size_t pets = 0;
        for (const auto& h : handlers) pets += h->pets.size();
        CHECK(pets == 300);
        CHECK(statements.size() == 101); // lazy: what the eager strategies avoid
    }
}

TEST_CASE_FIXTURE(Fixture, "joined loading with a limit counts parents, not joined rows") {
    make_handlers(10, 4);
    orm::Session session(db);
    auto page = session.query<Handler>().options(orm::joined(&Handler::pets)).order_by(&Handler::handler_id).limit(3).offset(2).all();
    REQUIRE(page.size() == 3);
    CHECK(page[0]->handler_id == 3);
    CHECK(page[2]->pets.size() == 4);
}

TEST_CASE_FIXTURE(Fixture, "selectin loads the many-to-one side too: each pet's handler in one more statement") {
    make_handlers(20, 2);
    orm::Session session(db);
    count_statements();
    auto pets = session.query<Pet>().options(orm::selectin(&Pet::handler)).all();
    for (const auto& p : pets) CHECK(p->handler->handler_name.rfind("handler", 0) == 0);
    CHECK(pets.size() == 40);
    CHECK(statements.size() == 2);
}

TEST_CASE_FIXTURE(Fixture, "removing from a collection without delete-orphan clears the nullable foreign key") {
    make_handlers(1, 2);
    orm::Session session(db);
    auto handler = session.get<Handler>(1);
    auto pet = handler->pets[0];
    handler->pets.remove(pet);
    CHECK_FALSE(pet->handler);
    session.commit();
    CHECK(scalar("SELECT count(*) FROM pet WHERE handler_id IS NULL") == 1);
    CHECK(scalar("SELECT count(*) FROM pet") == 2);
}

TEST_CASE_FIXTURE(Fixture, "delete-orphan deletes a child taken out of its collection; delete cascades from the parent") {
    orm::Session session(db);
    auto owner = session.add(Owner{0, "Olga", {}});
    for (const char* name : {"ball", "kite", "yo-yo"}) owner->toys.push_back(std::make_shared<Toy>(Toy{0, name, 0, {}}));
    session.commit();
    CHECK(scalar("SELECT count(*) FROM toy") == 3);
    owner->toys.remove(owner->toys[0]);
    session.commit();
    CHECK(scalar("SELECT count(*) FROM toy") == 2);
    session.remove(owner);
    session.commit();
    CHECK(scalar("SELECT count(*) FROM toy") == 0);
    CHECK(scalar("SELECT count(*) FROM owner") == 0);
}

TEST_CASE_FIXTURE(Fixture, "without delete cascade, deleting a parent sets its children free (nullable foreign key to NULL)") {
    make_handlers(1, 1);
    orm::Session session(db);
    session.remove(session.get<Handler>(1));
    session.commit();
    CHECK(scalar("SELECT count(*) FROM handler") == 0);
    CHECK(scalar("SELECT count(*) FROM pet WHERE handler_id IS NULL") == 1);
}

TEST_CASE_FIXTURE(Fixture, "one-to-one: a single reference both ways, backed by a unique foreign key") {
    {
        orm::Session session(db);
        auto person = session.add(Person{0, "Pat", {}});
        person->passport = std::make_shared<Passport>(Passport{0, "X123", 0, {}});
        session.commit();
        CHECK(person->passport->person_id == person->id);
    }
    orm::Session session(db);
    auto person = session.get<Person>(1);
    REQUIRE(person->passport);
    CHECK(person->passport->number == "X123");
    CHECK(person->passport->person.get() == person);
    // A second passport for the same person breaks the unique foreign key.
    session.add(Passport{0, "Y456", person->id, {}});
    CHECK_THROWS_AS(session.commit(), orm::ConstraintError);
}

TEST_CASE_FIXTURE(Fixture, "many-to-many: add and remove on either side; association rows stay exact, no duplicates") {
    orm::Session session(db);
    auto ada = session.add(Student{0, "Ada", {}});
    auto bob = session.add(Student{0, "Bob", {}});
    auto math = std::make_shared<Course>(Course{0, "Math", {}});
    auto art = std::make_shared<Course>(Course{0, "Art", {}});
    ada->courses.push_back(math);
    ada->courses.push_back(art);
    ada->courses.push_back(math); // already there: no duplicate
    bob->courses.push_back(math);
    session.commit();
    CHECK(scalar("SELECT count(*) FROM enrollment") == 3);
    CHECK(math->students.size() == 2); // kept in step in memory

    math->students.remove(ada); // from the other side
    session.commit();
    CHECK(scalar("SELECT count(*) FROM enrollment") == 2);
    CHECK(scalar("SELECT count(*) FROM enrollment WHERE student_id = " + std::to_string(ada->id) + " AND course_id = " + std::to_string(math->id)) == 0);

    orm::Session other(db);
    auto loaded = other.get<Student>(ada->id);
    REQUIRE(loaded->courses.size() == 1);
    CHECK(loaded->courses[0]->title == "Art");
    auto math_loaded = other.query<Course>().options(orm::selectin(&Course::students)).filter_by(&Course::title, "Math").one();
    CHECK(math_loaded->students.size() == 1);
    CHECK(math_loaded->students[0]->name == "Bob");

    other.remove(loaded); // its association rows go with it
    other.commit();
    CHECK(scalar("SELECT count(*) FROM enrollment") == 1);
}

TEST_CASE_FIXTURE(Fixture, "rollback expires relationships: they are read again from the database") {
    make_handlers(1, 2);
    orm::Session session(db);
    auto handler = session.get<Handler>(1);
    handler->pets.push_back(std::make_shared<Pet>(Pet{0, "temporary", {}, {}}));
    session.flush();
    CHECK(handler->pets.size() == 3);
    session.rollback();
    CHECK(handler->pets.size() == 2);
}

TEST_CASE_FIXTURE(Fixture, "an unknown relationship in query options is a usage error") {
    orm::Session session(db);
    CHECK_THROWS_AS(session.query<Pet>().options(orm::selectin(&Handler::pets)).all(), orm::UsageError);
}

TEST_CASE_FIXTURE(Fixture, "objects outlive their session without keeping each other alive: no leak, no dangling pointer") {
    make_handlers(1, 2);
    std::shared_ptr<Pet> pet;
    std::weak_ptr<Handler> handler_alive;
    {
        orm::Session session(db);
        auto handler = session.query<Handler>().options(orm::selectin(&Handler::pets)).one();
        pet = handler->pets[0];
        handler_alive = handler;
        CHECK(pet->handler.get() == handler);
    }
    // Only the pet is held now: its handler (which owned the pet through its collection) is freed, and
    // reading the reference says so clearly instead of touching freed memory.
    CHECK(handler_alive.expired());
    CHECK_THROWS_AS(pet->handler.get(), orm::DetachedError);

    // Pets loaded with their handler (no collection on the handler side loaded) keep it.
    std::shared_ptr<Pet> other;
    {
        orm::Session session(db);
        other = session.query<Pet>().options(orm::selectin(&Pet::handler)).first();
    }
    CHECK(other->handler->handler_name == "handler0");
}
