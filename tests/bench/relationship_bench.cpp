// Loading 10,000 handlers × 10 pets with each strategy: lazy (N+1), selectin, joined. Times and the
// number of SQL statements SQLite ran (a benchmark, not a test).
//
//   relationship_bench [handlers] [pets_each] [runs]    prints one JSON object
#include "orm/orm.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

namespace {

struct Pet;
struct Handler {
    std::int64_t handler_id = 0;
    std::string handler_name;
    orm::Collection<Pet> pets;
};
struct Pet {
    std::int64_t pet_id = 0;
    std::string pet_name;
    std::string pet_category;
    std::int64_t handler_id = 0;
    orm::Reference<Handler> handler;
};

const orm::Model<Handler>& describe(orm::ModelTag<Handler>) {
    static const orm::Model<Handler> model = orm::Model<Handler>("PetHandler")
        .column("handler_id", &Handler::handler_id, orm::Integer, orm::primary_key())
        .column("handler_name", &Handler::handler_name, orm::String(150))
        .one_to_many("pet_category", &Handler::pets, &Pet::handler_id, "pet_handler", &Pet::handler);
    return model;
}
const orm::Model<Pet>& describe(orm::ModelTag<Pet>) {
    static const orm::Model<Pet> model = orm::Model<Pet>("PetCategory")
        .column("pet_id", &Pet::pet_id, orm::Integer, orm::primary_key())
        .column("pet_name", &Pet::pet_name, orm::String(100))
        .column("pet_category", &Pet::pet_category, orm::String(50))
        .column("handler_id", &Pet::handler_id, orm::Integer, orm::foreign_key("pet_handler.handler_id"), orm::index());
    return model;
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

} // namespace

int main(int argc, char** argv) {
    const int handlers = argc > 1 ? std::atoi(argv[1]) : 10000;
    const int pets_each = argc > 2 ? std::atoi(argv[2]) : 10;
    const int runs = argc > 3 ? std::atoi(argv[3]) : 3;

    orm::Database db(":memory:");
    orm::Metadata{&orm::model_of<Handler>(), &orm::model_of<Pet>()}.create_all(db);
    {
        orm::Session session(db);
        for (int h = 0; h < handlers; ++h) {
            auto handler = session.add(Handler{0, "handler " + std::to_string(h), {}});
            for (int p = 0; p < pets_each; ++p)
                handler->pets.push_back(std::make_shared<Pet>(Pet{0, "pet " + std::to_string(p), p % 2 ? "cat" : "dog", 0, {}}));
        }
        session.commit();
    }

    std::size_t statements = 0;
    db.set_statement_listener([&](std::string_view) { ++statements; });
    std::printf("{\"handlers\": %d, \"pets_each\": %d, \"runs\": %d, \"strategies\": {", handlers, pets_each, runs);
    const orm::Loading strategies[] = {orm::Loading::Lazy, orm::Loading::Selectin, orm::Loading::Joined};
    const char* names[] = {"lazy", "selectin", "joined"};
    for (int s = 0; s < 3; ++s) {
        std::vector<double> times;
        std::size_t counted = 0;
        for (int run = 0; run < runs; ++run) {
            statements = 0;
            const auto start = std::chrono::steady_clock::now();
            std::size_t pets = 0;
            {
                orm::Session session(db);
                auto query = session.query<Handler>();
                if (strategies[s] == orm::Loading::Selectin) query.options(orm::selectin(&Handler::pets));
                if (strategies[s] == orm::Loading::Joined) query.options(orm::joined(&Handler::pets));
                for (const auto& handler : query.all()) pets += handler->pets.size();
            }
            times.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
            counted = statements;
            if (pets != static_cast<std::size_t>(handlers) * pets_each) return 1;
        }
        std::printf("%s\"%s\": {\"ms_median\": %.1f, \"statements\": %zu}", s ? ", " : "", names[s], median(times), counted);
    }
    std::printf("}}\n");
    return 0;
}
