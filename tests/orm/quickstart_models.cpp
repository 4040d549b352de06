#include "orm/quickstart_models.h"

namespace quickstart {

const orm::Model<User>& describe(orm::ModelTag<User>) {
    static const orm::Model<User> model =
        orm::Model<User>("User")
            .table_name("user_account")
            .column("id", &User::id, orm::Integer, orm::primary_key())
            .column("name", &User::name, orm::String(30))
            .column("fullname", &User::fullname, orm::String())
            .one_to_many("addresses", &User::addresses, &Address::user_id, "user", &Address::user);
    return model;
}

const orm::Model<Address>& describe(orm::ModelTag<Address>) {
    static const orm::Model<Address> model =
        orm::Model<Address>("Address")
            .column("id", &Address::id, orm::Integer, orm::primary_key())
            .column("email_address", &Address::email_address, orm::String())
            .column("user_id", &Address::user_id, orm::Integer, orm::foreign_key("user_account.id"));
    return model;
}

// Declared once, in the metadata: create_all makes it, many_to_many uses it.
const orm::Table& article_keyword() {
    static const orm::Table table = orm::Table("article_keyword")
                                        .column("article_id", orm::Integer, orm::foreign_key("article.id"), orm::primary_key())
                                        .column("keyword_id", orm::Integer, orm::foreign_key("keyword.id"), orm::primary_key());
    return table;
}

const orm::Model<Article>& describe(orm::ModelTag<Article>) {
    static const orm::Model<Article> model =
        orm::Model<Article>("Article")
            .column("id", &Article::id, orm::Integer, orm::primary_key())
            .column("title", &Article::title, orm::String(50))
            .column("author_id", &Article::author_id, orm::Integer, orm::foreign_key("user_account.id"))
            .many_to_many("keywords", &Article::keywords, article_keyword(), "article_id", "keyword_id", "articles",
                          &Keyword::articles);
    return model;
}

const orm::Model<Keyword>& describe(orm::ModelTag<Keyword>) {
    static const orm::Model<Keyword> model = orm::Model<Keyword>("Keyword")
                                                 .column("id", &Keyword::id, orm::Integer, orm::primary_key())
                                                 .column("word", &Keyword::word, orm::String(20));
    return model;
}

QuickstartDatabase::QuickstartDatabase() {
    orm::Metadata{&orm::model_of<User>(), &orm::model_of<Address>(), &orm::model_of<Article>(),
                  &orm::model_of<Keyword>(), &article_keyword()}
        .create_all(db);
}

void QuickstartDatabase::fill(orm::Session& session) {
    auto user = [&](const char* name, std::optional<std::string> fullname, std::initializer_list<const char*> emails) {
        auto u = session.add(User{.name = name, .fullname = std::move(fullname)});
        for (const char* email : emails)
            u->addresses.push_back(std::make_shared<Address>(Address{.email_address = email}));
        return u;
    };
    auto spongebob = user("spongebob", "Spongebob Squarepants", {"spongebob@sqlalchemy.org"});
    auto sandy = user("sandy", "Sandy Cheeks", {"sandy@sqlalchemy.org", "sandy@squirrelpower.org"});
    user("patrick", "Patrick Star", {});
    user("squidward", std::nullopt, {"squidward@bikini_bottom.net"});
    session.flush();
    auto keyword = [&](const char* word) { return session.add(Keyword{.word = word}); };
    auto science = keyword("science"), sea = keyword("sea"), food = keyword("food");
    keyword("unused");
    auto jellyfish = session.add(Article{.title = "Jellyfish", .author_id = sandy->id});
    jellyfish->keywords.push_back(science);
    jellyfish->keywords.push_back(sea);
    auto krabby = session.add(Article{.title = "Krabby", .author_id = spongebob->id});
    krabby->keywords.push_back(food);
    krabby->keywords.push_back(sea);
    session.add(Article{.title = "Untitled"});
    session.commit();
}

} // namespace quickstart
