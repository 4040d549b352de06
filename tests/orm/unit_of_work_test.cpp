// Unit-of-work semantics a SQLAlchemy user relies on (issue 17): objects built before they are added,
// models described late, queries and sessions, primary-key changes, stale rows, two sessions on one
// Database, self-referencing rows, deleting parents, autoflush before lazy loads, expiry, DDL order.
#include "orm/orm.h"

#include <doctest/doctest.h>

#include <optional>
#include <string>

// The objects below are built with designated initializers that leave the relationship members (always
// last) default-constructed, which is what they are for; GCC's -Wextra would flag each one.
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

namespace uow {

// One-to-many with a nullable foreign key: addresses may lose their person.
struct Address;
struct Person {
    std::int64_t id = 0;
    std::string name;
    orm::Collection<Address> addresses;
};
struct Address {
    std::int64_t id = 0;
    std::string email;
    std::optional<std::int64_t> person_id;
    orm::Reference<Person> person;
};
// A NOT NULL foreign key and no delete cascade.
struct Dog;
struct Kennel {
    std::int64_t id = 0;
    std::string name;
    orm::Collection<Dog> dogs;
};
struct Dog {
    std::int64_t id = 0;
    std::string name;
    std::int64_t kennel_id = 0;
    orm::Reference<Kennel> kennel;
};
// A self-referencing table.
struct Node {
    std::int64_t id = 0;
    std::string label;
    std::optional<std::int64_t> parent_id;
    orm::Collection<Node> children;
    orm::Reference<Node> parent;
};
// Many-to-many whose forward side loads eagerly: the backref keeps its own (lazy) default.
struct Tag;
struct Page {
    std::int64_t id = 0;
    std::string title;
    orm::Collection<Tag> tags;
};
struct Tag {
    std::int64_t id = 0;
    std::string word;
    orm::Collection<Page> pages;
};

const orm::Model<Person>& describe(orm::ModelTag<Person>) {
    static const orm::Model<Person> model = orm::Model<Person>("Person")
        .column("id", &Person::id, orm::Integer, orm::primary_key())
        .column("name", &Person::name, orm::String(50))
        .one_to_many("addresses", &Person::addresses, &Address::person_id, "person", &Address::person);
    return model;
}
const orm::Model<Address>& describe(orm::ModelTag<Address>) {
    static const orm::Model<Address> model = orm::Model<Address>("Address")
        .column("id", &Address::id, orm::Integer, orm::primary_key())
        .column("email", &Address::email, orm::String(50))
        .column("person_id", &Address::person_id, orm::Integer, orm::foreign_key("person.id"));
    return model;
}
const orm::Model<Kennel>& describe(orm::ModelTag<Kennel>) {
    static const orm::Model<Kennel> model = orm::Model<Kennel>("Kennel")
        .column("id", &Kennel::id, orm::Integer, orm::primary_key())
        .column("name", &Kennel::name, orm::String(50))
        .one_to_many("dogs", &Kennel::dogs, &Dog::kennel_id, "kennel", &Dog::kennel);
    return model;
}
const orm::Model<Dog>& describe(orm::ModelTag<Dog>) {
    static const orm::Model<Dog> model = orm::Model<Dog>("Dog")
        .column("id", &Dog::id, orm::Integer, orm::primary_key())
        .column("name", &Dog::name, orm::String(50))
        .column("kennel_id", &Dog::kennel_id, orm::Integer, orm::foreign_key("kennel.id"));
    return model;
}
const orm::Model<Node>& describe(orm::ModelTag<Node>) {
    static const orm::Model<Node> model = orm::Model<Node>("Node")
        .column("id", &Node::id, orm::Integer, orm::primary_key())
        .column("label", &Node::label, orm::String(50))
        .column("parent_id", &Node::parent_id, orm::Integer, orm::foreign_key("node.id"))
        .one_to_many("children", &Node::children, &Node::parent_id, "parent", &Node::parent);
    return model;
}
const orm::Model<Page>& describe(orm::ModelTag<Page>) {
    static const orm::Model<Page> model = orm::Model<Page>("Page")
        .column("id", &Page::id, orm::Integer, orm::primary_key())
        .column("title", &Page::title, orm::String(50))
        .many_to_many("tags", &Page::tags, "page_tag", "page_id", "tag_id", "pages", &Tag::pages, {.loading = orm::Loading::Selectin});
    return model;
}
const orm::Model<Tag>& describe(orm::ModelTag<Tag>) {
    static const orm::Model<Tag> model = orm::Model<Tag>("Tag")
        .column("id", &Tag::id, orm::Integer, orm::primary_key())
        .column("word", &Tag::word, orm::String(50));
    return model;
}

// Described for the first time inside a query (no Metadata names them up front): the registry grows
// while the query iterates Blog's relationships. Two relationships on Post make it grow by more than one.
struct Post;
struct Blog {
    std::int64_t id = 0;
    std::string name;
    orm::Collection<Post> posts;
};
struct Comment;
struct Post {
    std::int64_t id = 0;
    std::string title;
    std::int64_t blog_id = 0;
    orm::Reference<Blog> blog;
    orm::Collection<Comment> comments;
};
struct Comment {
    std::int64_t id = 0;
    std::string text;
    std::int64_t post_id = 0;
    orm::Reference<Post> post;
};
const orm::Model<Blog>& describe(orm::ModelTag<Blog>) {
    static const orm::Model<Blog> model = orm::Model<Blog>("Blog")
        .column("id", &Blog::id, orm::Integer, orm::primary_key())
        .column("name", &Blog::name, orm::String(50))
        .one_to_many("posts", &Blog::posts, &Post::blog_id, "blog", &Post::blog);
    return model;
}
const orm::Model<Post>& describe(orm::ModelTag<Post>) {
    static const orm::Model<Post> model = orm::Model<Post>("Post")
        .column("id", &Post::id, orm::Integer, orm::primary_key())
        .column("title", &Post::title, orm::String(50))
        .column("blog_id", &Post::blog_id, orm::Integer, orm::foreign_key("blog.id"))
        .one_to_many("comments", &Post::comments, &Comment::post_id, "post", &Comment::post);
    return model;
}
const orm::Model<Comment>& describe(orm::ModelTag<Comment>) {
    static const orm::Model<Comment> model = orm::Model<Comment>("Comment")
        .column("id", &Comment::id, orm::Integer, orm::primary_key())
        .column("text", &Comment::text, orm::String(50))
        .column("post_id", &Comment::post_id, orm::Integer, orm::foreign_key("post.id"));
    return model;
}

} // namespace uow

using namespace uow;

namespace {
struct Fixture {
    orm::Database db{":memory:"};
    std::vector<std::string> statements;
    Fixture() {
        orm::Metadata{&orm::model_of<Person>(), &orm::model_of<Address>(), &orm::model_of<Kennel>(), &orm::model_of<Dog>(),
                      &orm::model_of<Node>(), &orm::model_of<Page>(), &orm::model_of<Tag>()}
            .create_all(db);
        db.execute("CREATE TABLE page_tag (page_id INTEGER NOT NULL REFERENCES page (id), tag_id INTEGER NOT NULL REFERENCES tag (id), "
                   "PRIMARY KEY (page_id, tag_id))");
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
};
} // namespace

TEST_CASE_FIXTURE(Fixture, "a graph built before it is added is saved whole, from either side, and reads right before the flush") {
    orm::Session session(db);
    auto p = orm::make<Person>({.name = "Pat"});
    auto a = orm::make<Address>({.email = "pat@example.org"});
    a->person = p; // the child side only
    CHECK(p->addresses.size() == 1); // the backref is in step before any session holds either
    CHECK(p->addresses[0] == a);
    session.add(p); // the parent only: the save-update cascade reaches the address through the backref
    session.commit();
    CHECK(scalar("SELECT count(*) FROM address WHERE person_id = " + std::to_string(p->id)) == 1);
    CHECK(a->person_id == p->id);

    // Objects from session.add(T) are in step too, and a plain make_shared child is bound when reached.
    auto q = session.add(Person{.name = "Quinn"});
    auto b = std::make_shared<Address>(Address{.email = "quinn@example.org"});
    q->addresses.push_back(b);
    CHECK(b->person.get() == q);
    auto c = orm::make<Address>({.email = "moved@example.org"});
    c->person = q;
    c->person = p; // moves between the two parents' collections
    CHECK(q->addresses.size() == 1);
    CHECK(p->addresses.size() == 2);
    session.commit();
    CHECK(scalar("SELECT count(*) FROM address") == 3);
    CHECK(scalar("SELECT person_id FROM address WHERE email = 'moved@example.org'") == p->id);
}

TEST_CASE("a model described for the first time during a query does not invalidate the relationships being iterated") {
    orm::Database db(":memory:");
    db.execute("CREATE TABLE blog (id INTEGER NOT NULL, name VARCHAR(50) NOT NULL, PRIMARY KEY (id));"
               "CREATE TABLE post (id INTEGER NOT NULL, title VARCHAR(50) NOT NULL, blog_id INTEGER NOT NULL, PRIMARY KEY (id), FOREIGN KEY(blog_id) REFERENCES blog (id));"
               "CREATE TABLE comment (id INTEGER NOT NULL, text VARCHAR(50) NOT NULL, post_id INTEGER NOT NULL, PRIMARY KEY (id), FOREIGN KEY(post_id) REFERENCES post (id));"
               "INSERT INTO blog VALUES (1, 'news'); INSERT INTO post VALUES (1, 'first', 1), (2, 'second', 1); INSERT INTO comment VALUES (1, 'hi', 2);");
    orm::Session session(db);
    // Post is described inside this call (loading Blog::posts needs it), which registers two more relationships.
    auto blogs = session.query<Blog>().options(orm::selectin(&Blog::posts)).all();
    REQUIRE(blogs.size() == 1);
    REQUIRE(blogs[0]->posts.size() == 2);
    CHECK(blogs[0]->posts[1]->comments.size() == 1);
    CHECK(blogs[0]->posts[1]->comments[0]->post.get() == blogs[0]->posts[1]);
}

TEST_CASE_FIXTURE(Fixture, "a query run after its session ended is a DetachedError, not a dangling pointer") {
    std::optional<orm::Query<Person>> query;
    {
        orm::Session session(db);
        query.emplace(session.query<Person>().filter_by(&Person::name, "Pat"));
    }
    CHECK_THROWS_AS(query->all(), orm::DetachedError);
    CHECK_THROWS_AS(query->count(), orm::DetachedError);
}

TEST_CASE_FIXTURE(Fixture, "changing a primary key moves the row, as SQLAlchemy does; the identity map follows") {
    orm::Session session(db);
    auto pat = session.add(Person{.name = "Pat"});
    session.commit();
    const std::int64_t old_id = pat->id;
    pat->id = 42;
    pat->name = "Patricia";
    session.commit();
    CHECK(scalar("SELECT count(*) FROM person WHERE id = 42 AND name = 'Patricia'") == 1);
    CHECK(scalar("SELECT count(*) FROM person WHERE id = " + std::to_string(old_id)) == 0);
    CHECK(session.get<Person>(42) == pat);
    CHECK(session.get<Person>(old_id) == nullptr);

    // Rolled back, the key goes back too.
    pat->id = 43;
    session.flush();
    session.rollback();
    CHECK(pat->id == 42);
    CHECK(session.get<Person>(42) == pat);
    CHECK(scalar("SELECT count(*) FROM person WHERE id = 42") == 1);
}

TEST_CASE_FIXTURE(Fixture, "an UPDATE or DELETE of a row another connection deleted is a StaleDataError, and nothing is written") {
    orm::Session session(db);
    auto pat = session.add(Person{.name = "Pat"});
    auto sam = session.add(Person{.name = "Sam"});
    session.commit();
    (void)session.get<Person>(pat->id); // reloaded after the commit's expiry
    (void)session.get<Person>(sam->id);
    db.run("DELETE FROM person WHERE id = ?", pat->id); // another tab's save, say
    pat->name = "Patricia";
    sam->name = "Samuel";
    CHECK_THROWS_AS(session.commit(), orm::StaleDataError);
    CHECK(scalar("SELECT count(*) FROM person WHERE name = 'Samuel'") == 0); // the whole flush was undone

    orm::Session other(db);
    auto sam_again = other.get<Person>(sam->id);
    db.run("DELETE FROM person WHERE id = ?", sam->id);
    other.remove(sam_again);
    CHECK_THROWS_AS(other.commit(), orm::StaleDataError);
}

TEST_CASE_FIXTURE(Fixture, "two sessions on one Database: the second cannot write inside the first's transaction") {
    orm::Session first(db);
    orm::Session second(db);
    first.add(Person{.name = "first"});
    first.flush(); // first's write transaction is open
    auto late = second.add(Person{.name = "second"});
    CHECK_THROWS_AS(second.commit(), orm::UsageError);
    CHECK_THROWS_AS(second.flush(), orm::UsageError);
    CHECK(second.contains(late)); // refused before anything ran: second's work is still there
    first.rollback();
    CHECK(scalar("SELECT count(*) FROM person") == 0);
    second.commit(); // first is done: second writes in a transaction of its own
    first.rollback();
    CHECK(scalar("SELECT count(*) FROM person WHERE name = 'second'") == 1);
}

TEST_CASE_FIXTURE(Fixture, "an object held by one session cannot be added to another") {
    std::shared_ptr<Person> pat;
    {
        orm::Session first(db);
        pat = first.add(Person{.name = "Pat"});
        first.commit();
        orm::Session second(db);
        CHECK_THROWS_AS(second.add(pat), orm::UsageError);
        first.expunge(pat);
        CHECK_NOTHROW(second.add(pat));
    }
    orm::Session third(db);
    CHECK_NOTHROW(third.add(pat)); // its sessions ended: it is detached
}

TEST_CASE_FIXTURE(Fixture, "self-referencing rows: a child added before its parent is inserted after it, with its key") {
    orm::Session session(db);
    auto leaf = session.add(Node{.label = "leaf"});
    auto child = session.add(Node{.label = "child"});
    auto root = session.add(Node{.label = "root"});
    leaf->parent = child;
    root->children.push_back(child);
    session.commit();
    CHECK(scalar("SELECT count(*) FROM node WHERE parent_id IS NULL") == 1);
    CHECK(child->parent_id == root->id);
    CHECK(leaf->parent_id == child->id);
    CHECK(scalar("SELECT parent_id FROM node WHERE label = 'leaf'") == child->id);

    // Deleting parent and child together deletes the child first.
    session.remove(child);
    session.remove(leaf);
    CHECK_NOTHROW(session.commit());
    CHECK(scalar("SELECT count(*) FROM node") == 1);
}

TEST_CASE_FIXTURE(Fixture, "deleting a parent without a delete cascade sets its children's nullable foreign key to NULL") {
    {
        orm::Session session(db);
        auto pat = session.add(Person{.name = "Pat"});
        pat->addresses.push_back(orm::make<Address>({.email = "a@example.org"}));
        pat->addresses.push_back(orm::make<Address>({.email = "b@example.org"}));
        session.commit();
    }
    orm::Session session(db);
    auto pat = session.get<Person>(1); // its addresses are not loaded: the flush loads them
    session.remove(pat);
    session.commit();
    CHECK(scalar("SELECT count(*) FROM person") == 0);
    CHECK(scalar("SELECT count(*) FROM address WHERE person_id IS NULL") == 2);
}

TEST_CASE_FIXTURE(Fixture, "deleting a parent whose children's foreign key is NOT NULL is refused clearly, before any SQL") {
    {
        orm::Session session(db);
        auto kennel = session.add(Kennel{.name = "North"});
        kennel->dogs.push_back(orm::make<Dog>({.name = "Rex"}));
        session.commit();
    }
    orm::Session session(db);
    session.remove(session.get<Kennel>(1));
    try {
        session.commit();
        FAIL("must throw");
    } catch (const orm::ValueError& e) {
        CHECK(e.column() == "kennel_id");
        CHECK(std::string(e.what()).find("dog.kennel_id cannot be NULL") != std::string::npos);
    }
    CHECK(scalar("SELECT count(*) FROM kennel") == 1);
    CHECK(scalar("SELECT count(*) FROM dog") == 1);
}

TEST_CASE_FIXTURE(Fixture, "a lazy load sees what the session was told: it autoflushes first") {
    {
        orm::Session session(db);
        auto a = session.add(Person{.name = "A"});
        session.add(Person{.name = "B"});
        a->addresses.push_back(orm::make<Address>({.email = "x@example.org"}));
        session.commit();
    }
    orm::Session session(db);
    auto a = session.get<Person>(1);
    auto b = session.get<Person>(2);
    auto address = a->addresses[0];
    address->person = b;               // b's addresses are not loaded: only the reference changes
    CHECK(b->addresses.size() == 1);   // the lazy load flushed the move first
    CHECK(b->addresses[0] == address);
    auto added = session.add(Address{.email = "y@example.org", .person_id = 1});
    CHECK(a->addresses.size() == 0);   // a's collection was loaded before: it followed the move
    auto fresh = session.get<Person>(1);
    session.expire(fresh);
    CHECK(fresh->addresses.size() == 1); // loaded again, after the pending address was flushed
    CHECK(fresh->addresses[0] == added);
}

TEST_CASE_FIXTURE(Fixture, "commit expires: get() and queries see a row another connection changed; expire() and expire_all() too") {
    orm::Session session(db);
    auto pat = session.add(Person{.name = "Pat"});
    session.commit();
    db.run("UPDATE person SET name = 'Patricia' WHERE id = ?", pat->id); // another writer
    CHECK(session.get<Person>(pat->id) == pat);
    CHECK(pat->name == "Patricia"); // reloaded on the way out of the identity map

    db.run("UPDATE person SET name = 'Pam' WHERE id = ?", pat->id);
    CHECK(session.query<Person>().one()->name == "Pat" + std::string("ricia")); // not expired: the session's copy
    session.expire(pat);
    CHECK(session.query<Person>().one()->name == "Pam");

    db.run("UPDATE person SET name = 'Penny' WHERE id = ?", pat->id);
    pat->name = "mine"; // changed in memory after the expiry: kept, and written
    session.expire_all();
    CHECK(session.get<Person>(pat->id)->name == "mine");
    session.commit();
    CHECK(scalar("SELECT count(*) FROM person WHERE name = 'mine'") == 1);

    // Rows deleted underneath are gone from the session on the next get().
    db.run("DELETE FROM person");
    CHECK(session.get<Person>(pat->id) == nullptr);

    // expire_on_commit can be turned off: then the session trusts its copies after commit.
    orm::Session keeping(db, {.expire_on_commit = false});
    auto kim = keeping.add(Person{.name = "Kim"});
    keeping.commit();
    db.run("UPDATE person SET name = 'Kimberly' WHERE id = ?", kim->id);
    CHECK(keeping.get<Person>(kim->id)->name == "Kim");
}

TEST_CASE_FIXTURE(Fixture, "a many-to-many backref has its own defaults, not the forward side's options") {
    {
        orm::Session session(db);
        auto page = session.add(Page{.title = "home"});
        page->tags.push_back(orm::make<Tag>({.word = "intro"}));
        session.commit();
    }
    orm::Session session(db);
    count_statements();
    auto tags = session.query<Tag>().all();
    REQUIRE(tags.size() == 1);
    CHECK_FALSE(tags[0]->pages.is_loaded()); // Tag.pages is lazy
    CHECK(statements.size() == 1);
    auto pages = session.query<Page>().all(); // Page.tags loads selectin
    REQUIRE(pages.size() == 1);
    CHECK(pages[0]->tags.is_loaded());
}
