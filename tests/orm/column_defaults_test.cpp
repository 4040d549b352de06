// Column defaults (defaults.h): default_(), onupdate() and server_default() apply exactly when an
// orm::Defaulted member is unset (or, for onupdate, not changed by hand), and the object then holds what
// the row holds.
#include "orm/orm.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <optional>
#include <string>
#include <type_traits>

using orm::col;

namespace defaults {
std::int64_t slug_calls = 0;
int stamp_calls = 0;

struct Post {
    std::int64_t id = 0;
    std::string title;
    orm::Defaulted<orm::Timestamp> created_at{};         // server_default CURRENT_TIMESTAMP, NOT NULL
    orm::Defaulted<std::int64_t> votes{};                // default_(0)
    orm::Defaulted<std::string> slug{};                  // default_(a function)
    orm::Defaulted<std::optional<std::string>> status{}; // server_default 'draft', nullable
    std::optional<orm::Timestamp> edited_at{};           // onupdate(a function)
};

orm::Timestamp next_stamp() {
    ++stamp_calls;
    return orm::parse_datetime("2030-01-01 00:00:00") + std::chrono::seconds(stamp_calls);
}

const orm::Model<Post>& describe(orm::ModelTag<Post>) {
    static const orm::Model<Post> model =
        orm::Model<Post>("Post")
            .column("id", &Post::id, orm::Integer, orm::primary_key())
            .column("title", &Post::title, orm::String(40), orm::unique())
            .column("created_at", &Post::created_at, orm::DateTime, orm::server_default("CURRENT_TIMESTAMP"))
            .column("votes", &Post::votes, orm::Integer, orm::default_(0))
            .column("slug", &Post::slug, orm::String(20),
                    orm::default_([] { return "post-" + std::to_string(++slug_calls); }))
            .column("status", &Post::status, orm::String(10), orm::server_default("'draft'"))
            .column("edited_at", &Post::edited_at, orm::DateTime, orm::onupdate(next_stamp));
    return model;
}
} // namespace defaults

using defaults::Post;

namespace {
struct Fixture {
    orm::Database db{":memory:"};
    orm::Session session{db};
    Fixture() {
        orm::Metadata{&orm::model_of<Post>()}.create_all(db);
        defaults::slug_calls = 0;
        defaults::stamp_calls = 0;
    }
    std::string stored(const char* column, std::int64_t id) {
        auto s = db.prepare(std::string("SELECT coalesce(") + column + ", 'NULL') FROM post WHERE id = ?");
        s->bind(1, id);
        REQUIRE(s->step());
        return s->get_text(0);
    }
};

// A Defaulted member compares and selects as its inner type.
static_assert(std::is_same_v<orm::Col<Post, orm::Defaulted<std::int64_t>>::value_type, std::int64_t>);
static_assert(std::is_constructible_v<orm::Assignment<Post>, orm::Defaulted<std::int64_t> Post::*, int>);
static_assert(!std::is_constructible_v<orm::Assignment<Post>, orm::Defaulted<std::int64_t> Post::*, const char*>);
} // namespace

TEST_CASE("the DDL of a Defaulted member is the plain member's: nullability from the inner type, DEFAULT from "
          "server_default") {
    orm::Database db(":memory:");
    orm::Metadata{&orm::model_of<Post>()}.create_all(db);
    auto s = db.prepare("SELECT sql FROM sqlite_master WHERE name = 'post'");
    REQUIRE(s->step());
    CHECK(s->get_text(0) ==
          "CREATE TABLE post (\n\tid INTEGER NOT NULL, \n\ttitle VARCHAR(40) NOT NULL, \n\t"
          "created_at DATETIME DEFAULT CURRENT_TIMESTAMP NOT NULL, \n\tvotes INTEGER NOT NULL, \n\t"
          "slug VARCHAR(20) NOT NULL, \n\tstatus VARCHAR(10) DEFAULT 'draft', \n\tedited_at DATETIME, \n\t"
          "PRIMARY KEY (id), \n\tUNIQUE (title)\n)");
}

TEST_CASE_FIXTURE(Fixture, "an unset member takes its server default, read back by the INSERT itself") {
    auto post = session.add(Post{.title = "Hello"});
    CHECK_FALSE(post->created_at.is_set());
    CHECK_THROWS_AS(post->created_at.value(), orm::UsageError);
    std::vector<std::string> statements;
    db.set_statement_listener([&](std::string_view sql) { statements.emplace_back(sql); });
    session.flush();
    db.set_statement_listener({});
    REQUIRE(post->created_at.is_set());
    // The database's CURRENT_TIMESTAMP, not 1970-01-01: the object holds exactly what the row holds.
    CHECK(orm::format_datetime(*post->created_at).substr(0, 19) == stored("created_at", post->id));
    CHECK(*post->created_at > orm::parse_datetime("2020-01-01 00:00:00"));
    CHECK(post->status == std::optional<std::string>("draft"));
    CHECK(stored("status", post->id) == "draft");
    CHECK_FALSE(session.is_modified(post));
    // One INSERT: every value bound, the columns left to the database returned.
    const auto insert = std::find_if(statements.begin(), statements.end(),
                                     [](const std::string& sql) { return sql.rfind("INSERT", 0) == 0; });
    REQUIRE(insert != statements.end());
    CHECK(*insert == "INSERT INTO \"post\" (\"title\", \"votes\", \"slug\", \"edited_at\") VALUES (?, ?, ?, ?) "
                     "RETURNING \"created_at\", \"status\"");
}

TEST_CASE_FIXTURE(Fixture,
                  "a member set by hand is written as it is, whatever its default; std::nullopt is NULL, not unset") {
    const auto when = orm::parse_datetime("2001-02-03 04:05:06");
    auto post =
        session.add(Post{.title = "Set", .created_at = when, .votes = 7, .slug = "mine", .status = std::nullopt});
    session.commit();
    CHECK(stored("created_at", post->id) == "2001-02-03 04:05:06.000000");
    CHECK(stored("votes", post->id) == "7");
    CHECK(stored("slug", post->id) == "mine");
    CHECK(stored("status", post->id) == "NULL"); // not the server default 'draft'
    CHECK(defaults::slug_calls == 0);            // the default function is not called for a member that is set
}

TEST_CASE_FIXTURE(Fixture,
                  "default_(): a value, or a function called once for each row inserted with the member unset") {
    auto a = session.add(Post{.title = "A"});
    auto b = session.add(Post{.title = "B", .slug = "bee"});
    auto c = session.add(Post{.title = "C"});
    session.flush();
    CHECK(*a->votes == 0);
    CHECK(stored("votes", a->id) == "0");
    CHECK(defaults::slug_calls == 2);
    CHECK(*a->slug == "post-1");
    CHECK(*b->slug == "bee");
    CHECK(*c->slug == "post-2");
    CHECK(stored("slug", c->id) == "post-2");
}

TEST_CASE_FIXTURE(Fixture, "a failed flush leaves the members unset again, and ids unassigned") {
    session.add(Post{.title = "Taken"});
    session.commit();
    auto fresh = session.add(Post{.title = "Fresh"});
    auto clash = session.add(Post{.title = "Taken"});
    CHECK_THROWS_AS(session.flush(), orm::ConstraintError);
    CHECK(fresh->id == 0);
    CHECK_FALSE(fresh->created_at.is_set());
    CHECK_FALSE(fresh->votes.is_set());
    CHECK_FALSE(fresh->slug.is_set());
    CHECK_FALSE(clash->slug.is_set());
}

TEST_CASE_FIXTURE(
    Fixture, "a default_() longer than its String(n) is refused like a value set by hand, before anything is written") {
    auto post = session.add(Post{.title = "Long"});
    defaults::slug_calls = 1'000'000'000'000'000; // the next slug, "post-1000000000000001", is 21 characters
    CHECK_THROWS_AS(session.flush(), orm::ValueError);
    CHECK(post->id == 0);
    CHECK_FALSE(post->slug.is_set());
    CHECK(orm::Session(db).query<Post>().count() == 0);
}

TEST_CASE_FIXTURE(Fixture,
                  "onupdate(): applied to every UPDATE that does not set the member by hand, never to an INSERT") {
    auto post = session.add(Post{.title = "Draft"});
    session.commit();
    CHECK_FALSE(post->edited_at.has_value()); // INSERT: onupdate does not apply
    CHECK(defaults::stamp_calls == 0);

    post->title = "Final";
    session.commit();
    CHECK(defaults::stamp_calls == 1);
    CHECK(stored("edited_at", post->id) == "2030-01-01 00:00:01.000000");
    CHECK(post->edited_at == orm::parse_datetime("2030-01-01 00:00:01"));

    session.commit(); // nothing changed: no UPDATE, no new stamp
    CHECK(defaults::stamp_calls == 1);

    post->title = "By hand";
    post->edited_at = orm::parse_datetime("1999-12-31 23:59:59");
    session.commit();
    CHECK(defaults::stamp_calls == 1); // the value assigned wins
    CHECK(stored("edited_at", post->id) == "1999-12-31 23:59:59.000000");
}

TEST_CASE_FIXTURE(Fixture,
                  "query.update() applies onupdate() to the rows it changes, and held objects take the value") {
    auto post = session.add(Post{.title = "Bulk"});
    session.commit();
    const auto rows = session.query<Post>().filter(col(&Post::title) == "Bulk").update({{&Post::votes, 3}});
    CHECK(rows == 1);
    CHECK(defaults::stamp_calls == 1);
    CHECK(stored("edited_at", post->id) == "2030-01-01 00:00:01.000000");
    CHECK(post->edited_at == orm::parse_datetime("2030-01-01 00:00:01"));
    CHECK(*post->votes == 3);
    CHECK_FALSE(session.is_modified(post));
}

TEST_CASE_FIXTURE(Fixture, "an unset member is never written by an UPDATE: the row keeps its value") {
    auto post = session.add(Post{.title = "Keep", .slug = "kept"});
    session.commit();
    post->slug.reset();
    post->title = "Kept";
    session.commit();
    CHECK(stored("slug", post->id) == "kept");
    CHECK(stored("title", post->id) == "Kept");
    session.refresh(post);
    CHECK(*post->slug == "kept");
}

TEST_CASE_FIXTURE(
    Fixture, "loaded objects have every Defaulted member set; queries compare and select them as their inner type") {
    session.add(Post{.title = "One", .votes = 5});
    session.add(Post{.title = "Two"});
    session.commit();
    orm::Session other(db);
    auto popular = other.query<Post>().filter(col(&Post::votes) > 1).all();
    REQUIRE(popular.size() == 1);
    CHECK(popular[0]->title == "One");
    CHECK(popular[0]->created_at.is_set());
    CHECK(popular[0]->status == std::optional<std::string>("draft"));
    const auto votes = other.query<Post>().order_by(&Post::id).columns(&Post::title, &Post::votes);
    static_assert(std::is_same_v<std::tuple_element_t<1, std::decay_t<decltype(votes[0])>>, std::int64_t>);
    REQUIRE(votes.size() == 2);
    CHECK(std::get<1>(votes[1]) == 0);
    CHECK(other.query<Post>().filter_by(&Post::slug, "post-1").count() == 1);
}

TEST_CASE_FIXTURE(Fixture,
                  "merge() copies only the members that are set: an unset Defaulted member keeps the held value") {
    auto post = session.add(Post{.title = "Held", .votes = 9});
    session.commit();
    const Post edit{.id = post->id, .title = "Merged"}; // votes, slug, created_at… unset
    auto merged = session.merge(edit);
    CHECK(merged == post);
    CHECK(merged->title == "Merged");
    CHECK(*merged->votes == 9);
    session.commit();
    CHECK(stored("votes", post->id) == "9");
    CHECK(stored("title", post->id) == "Merged");
}
