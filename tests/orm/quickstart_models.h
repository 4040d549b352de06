// The models of SQLAlchemy 2.0's ORM Quick Start (User ↔ Address, one-to-many with a backref), plus a
// many-to-many pair (Article ↔ Keyword through the association table "article_keyword"), for the query
// suites: joins, any()/has(), aggregates, bulk statements.
//
//   class User(Base):    id, name String(30), fullname Optional[str], addresses = relationship(back_populates="user")
//   class Address(Base): id, email_address String, user_id ForeignKey("user_account.id"), user = relationship(...)
#pragma once

#include "orm/orm.h"

#include <cstdint>
#include <optional>
#include <string>

namespace quickstart {

struct Address;
struct Keyword;
struct User {
    std::int64_t id = 0;
    std::string name;
    std::optional<std::string> fullname;
    orm::Collection<Address> addresses{};
};
struct Address {
    std::int64_t id = 0;
    std::string email_address;
    std::int64_t user_id = 0;
    orm::Reference<User> user{};
};
struct Article {
    std::int64_t id = 0;
    std::string title;
    std::optional<std::int64_t> author_id{}; // → user_account.id; an article may have no author
    orm::Collection<Keyword> keywords{};
};
struct Keyword {
    std::int64_t id = 0;
    std::string word;
    orm::Collection<Article> articles{};
};

const orm::Model<User>& describe(orm::ModelTag<User>);
const orm::Model<Address>& describe(orm::ModelTag<Address>);
const orm::Model<Article>& describe(orm::ModelTag<Article>);
const orm::Model<Keyword>& describe(orm::ModelTag<Keyword>);
const orm::Table& article_keyword(); // the association table, in the metadata

// The tables above in an in-memory database, and a session on it holding the Quick Start's data:
//   spongebob (Spongebob Squarepants): spongebob@sqlalchemy.org
//   sandy (Sandy Cheeks):              sandy@sqlalchemy.org, sandy@squirrelpower.org
//   patrick (Patrick Star):            none
//   squidward (no fullname):           squidward@bikini_bottom.net
// and articles "Jellyfish" (by sandy: science, sea), "Krabby" (by spongebob: food, sea), "Untitled"
// (no author, no keyword); keywords science, sea, food, unused.
struct QuickstartDatabase {
    orm::Database db{":memory:"};
    QuickstartDatabase();
    void fill(orm::Session& session);
};

} // namespace quickstart
