// Relationship options: order_by on a relationship, options of the backref side, many-to-many backrefs
// with their own defaults, and loader options chained along relationships.
#include "orm/orm.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

namespace options_models {
struct Book;
struct Chapter;
struct Tag;
struct Author {
    std::int64_t id = 0;
    std::string name;
    orm::Collection<Book> books{};
};
struct Book {
    std::int64_t id = 0;
    std::string title;
    std::int64_t author_id = 0;
    orm::Reference<Author> author{};
    orm::Collection<Chapter> chapters{};
    orm::Collection<Tag> tags{};
};
struct Chapter {
    std::int64_t id = 0;
    std::string heading;
    int position = 0;
    std::int64_t book_id = 0;
    orm::Reference<Book> book{};
};
struct Tag {
    std::int64_t id = 0;
    std::string label;
    orm::Collection<Book> books{};
};

const orm::Model<Author>& describe(orm::ModelTag<Author>) {
    static const orm::Model<Author> model =
        orm::Model<Author>("Author")
            .column("id", &Author::id, orm::Integer, orm::primary_key())
            .column("name", &Author::name, orm::String(40))
            // relationship(order_by=Book.title.desc(), backref=backref("author", lazy="joined"))
            .one_to_many("books", &Author::books, &Book::author_id, "author", &Book::author,
                         {.order_by = orm::order_by_desc(&Book::title)}, {.loading = orm::Loading::Joined});
    return model;
}
const orm::Table& book_tag() {
    static const orm::Table table =
        orm::Table("book_tag")
            .column("book_id", orm::Integer, orm::foreign_key("book.id"), orm::primary_key())
            .column("tag_id", orm::Integer, orm::foreign_key("tag.id"), orm::primary_key());
    return table;
}
const orm::Model<Book>& describe(orm::ModelTag<Book>) {
    static const orm::Model<Book> model =
        orm::Model<Book>("Book")
            .column("id", &Book::id, orm::Integer, orm::primary_key())
            .column("title", &Book::title, orm::String(40))
            .column("author_id", &Book::author_id, orm::Integer, orm::foreign_key("author.id"))
            .one_to_many("chapters", &Book::chapters, &Chapter::book_id, "book", &Chapter::book,
                         {.order_by = orm::order_by(&Chapter::position)})
            // The forward side loads selectin, ordered by label; the backref keeps its own defaults (lazy)
            // with an order of its own.
            .many_to_many("tags", &Book::tags, book_tag(), "book_id", "tag_id", "books", &Tag::books,
                          {.loading = orm::Loading::Selectin, .order_by = orm::order_by(&Tag::label)},
                          {.order_by = orm::order_by_desc(&Book::title)});
    return model;
}
const orm::Model<Chapter>& describe(orm::ModelTag<Chapter>) {
    static const orm::Model<Chapter> model =
        orm::Model<Chapter>("Chapter")
            .column("id", &Chapter::id, orm::Integer, orm::primary_key())
            .column("heading", &Chapter::heading, orm::String(40))
            .column("position", &Chapter::position, orm::Integer)
            .column("book_id", &Chapter::book_id, orm::Integer, orm::foreign_key("book.id"));
    return model;
}
const orm::Model<Tag>& describe(orm::ModelTag<Tag>) {
    static const orm::Model<Tag> model = orm::Model<Tag>("Tag")
                                             .column("id", &Tag::id, orm::Integer, orm::primary_key())
                                             .column("label", &Tag::label, orm::String(20));
    return model;
}
} // namespace options_models

using namespace options_models;

namespace {
const orm::Metadata& metadata() {
    static const orm::Metadata metadata{&orm::model_of<Author>(), &orm::model_of<Book>(), &orm::model_of<Chapter>(),
                                        &orm::model_of<Tag>(), &book_tag()};
    return metadata;
}
} // namespace

namespace {
// A chained step must name a relationship of the model the step before loads.
template <class Path, class Member>
concept chains = requires(const Path& path, Member member) {
    path.selectin(member);
};
static_assert(chains<decltype(orm::selectin(&Author::books)), orm::Collection<Chapter> Book::*>);
static_assert(!chains<decltype(orm::selectin(&Author::books)), orm::Collection<Book> Author::*>);
static_assert(
    chains<decltype(orm::selectin(&Author::books).selectin(&Book::chapters)), orm::Reference<Book> Chapter::*>);

struct Fixture {
    orm::Database db{":memory:"};
    std::vector<std::string> statements;
    Fixture() {
        metadata().create_all(db);
        orm::Session session(db);
        auto ann = session.add(Author{.name = "Ann"});
        auto bob = session.add(Author{.name = "Bob"});
        auto fiction = session.add(Tag{.label = "fiction"});
        auto classic = session.add(Tag{.label = "classic"});
        for (const char* title : {"Beta", "Alpha", "Gamma"}) {
            auto book = orm::make<Book>({.title = title});
            ann->books.push_back(book);
            book->tags.push_back(fiction);
            for (int position : {3, 1, 2})
                book->chapters.push_back(orm::make<Chapter>(
                    {.heading = std::string(title) + " " + std::to_string(position), .position = position}));
        }
        auto delta = orm::make<Book>({.title = "Delta"});
        bob->books.push_back(delta);
        delta->tags.push_back(fiction);
        delta->tags.push_back(classic);
        session.commit();
        db.set_statement_listener([this](std::string_view sql) { statements.emplace_back(sql); });
    }
    ~Fixture() { db.set_statement_listener({}); }
    static std::vector<std::string> titles(const orm::Collection<Book>& books) {
        std::vector<std::string> out;
        for (const auto& b : books)
            out.push_back(b->title);
        return out;
    }
};
} // namespace

TEST_CASE_FIXTURE(Fixture, "order_by on a relationship orders its collection however it is loaded") {
    using Titles = std::vector<std::string>;
    orm::Session session(db);
    auto ann = session.query<Author>().filter_by(&Author::name, "Ann").one();
    CHECK(titles(ann->books) == Titles{"Gamma", "Beta", "Alpha"}); // lazy
    std::vector<int> positions;
    for (const auto& chapter : ann->books[0]->chapters)
        positions.push_back(chapter->position);
    CHECK(positions == std::vector<int>{1, 2, 3});

    orm::Session selectin(db);
    auto eager = selectin.query<Author>().options(orm::selectin(&Author::books)).filter_by(&Author::name, "Ann").one();
    CHECK(titles(eager->books) == Titles{"Gamma", "Beta", "Alpha"});
    orm::Session joined(db);
    auto in_one = joined.query<Author>().options(orm::joined(&Author::books)).filter_by(&Author::name, "Ann").one();
    CHECK(titles(in_one->books) == Titles{"Gamma", "Beta", "Alpha"});
}

TEST_CASE_FIXTURE(Fixture,
                  "the backref side has its own options: Book.author loads joined, in the books' own statement") {
    orm::Session session(db);
    statements.clear();
    auto books = session.query<Book>().order_by(&Book::id).all();
    REQUIRE(books.size() == 4);
    REQUIRE(statements.size() == 2); // books joined with their authors; their tags (selectin)
    CHECK(statements[0].find("LEFT OUTER JOIN \"author\"") != std::string::npos);
    CHECK(books[0]->author.is_loaded());
    statements.clear();
    CHECK(books[3]->author->name == "Bob");
    CHECK(statements.empty()); // nothing left to load
}

TEST_CASE_FIXTURE(Fixture,
                  "a many-to-many backref keeps its own defaults: lazy, with its own order, not the forward side's") {
    orm::Session session(db);
    auto books = session.query<Book>().order_by(&Book::id).all();
    CHECK(books[3]->tags.is_loaded()); // the forward side: selectin
    std::vector<std::string> labels;
    for (const auto& tag : books[3]->tags)
        labels.push_back(tag->label);
    CHECK(labels == std::vector<std::string>{"classic", "fiction"}); // order_by label

    orm::Session other(db);
    auto fiction = other.query<Tag>().filter_by(&Tag::label, "fiction").one();
    CHECK_FALSE(fiction->books.is_loaded()); // the backref: lazy
    CHECK(titles(fiction->books) == std::vector<std::string>{"Gamma", "Delta", "Beta", "Alpha"});
}

TEST_CASE(
    "an association Table in the metadata: create_all makes it (composite key, foreign keys), drop_all drops it") {
    orm::Database db(":memory:");
    metadata().create_all(db);
    std::string ddl;
    {
        auto s = db.prepare("SELECT sql FROM sqlite_master WHERE name = 'book_tag'");
        REQUIRE(s->step());
        ddl = s->get_text(0);
    } // a statement still stepping would lock the table against drop_all
    CHECK(ddl == "CREATE TABLE book_tag (\n\tbook_id INTEGER NOT NULL, \n\ttag_id INTEGER NOT NULL, \n\t"
                 "PRIMARY KEY (book_id, tag_id), \n\tFOREIGN KEY(book_id) REFERENCES book (id), \n\t"
                 "FOREIGN KEY(tag_id) REFERENCES tag (id)\n)");
    metadata().drop_all(db);
    CHECK_FALSE(orm::table_exists(db, "book_tag"));
    CHECK_FALSE(orm::table_exists(db, "book"));
    CHECK_THROWS_AS(
        orm::Model<Tag>("Tag").many_to_many("x", &Tag::books, book_tag(), "tag_id", "missing", "y", &Book::tags),
        orm::UsageError);
}

TEST_CASE_FIXTURE(
    Fixture,
    "chained loader options load each level in one statement: selectin(&Author::books).selectin(&Book::chapters)") {
    orm::Session session(db);
    statements.clear();
    auto authors = session.query<Author>()
                       .options(orm::selectin(&Author::books).selectin(&Book::chapters))
                       .order_by(&Author::id)
                       .all();
    CHECK(statements.size() == 3); // authors, their books, those books' chapters
    statements.clear();
    std::size_t chapters = 0;
    for (const auto& author : authors)
        for (const auto& book : author->books)
            chapters += book->chapters.size();
    CHECK(chapters == 9);
    CHECK(statements.empty());

    orm::Session joined(db);
    statements.clear();
    auto first = joined.query<Author>()
                     .options(orm::joined(&Author::books).selectin(&Book::chapters))
                     .order_by(&Author::id)
                     .all();
    CHECK(statements.size() == 2); // authors joined with books, then chapters
    REQUIRE(first.front()->books[0]->chapters.is_loaded());
    CHECK(first.front()->books[0]->chapters.size() == 3);
}
