#include "app/demo_data.h"

#include "app/models.h"
#include "app/password_hasher.h"
#include "app/user_lookup.h"

#include "orm/orm.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <memory>
#include <vector>

namespace app {

namespace {

// Rows are flushed and forgotten in batches inside the one transaction, so memory stays flat for any
// count (the session would otherwise hold every object until commit).
constexpr std::int64_t kBatch = 5000;

std::string numbered(const char* format, std::int64_t n) {
    std::array<char, 32> buffer{};
    std::snprintf(buffer.data(), buffer.size(), format, static_cast<long long>(n));
    return buffer.data();
}

} // namespace

SampleCounts add_tutorial_samples(orm::Database& db, const PasswordHasher& hasher) {
    SampleCounts added;
    orm::Session session(db);
    struct SampleUser {
        const char* username;
        const char* email;
    };
    for (const SampleUser& sample :
         {SampleUser{"Demo User", "demo@example.com"}, SampleUser{"Peter", "peter@example.com"}}) {
        if (find_user_by_username(session, sample.username) || find_user_by_email(session, sample.email)) continue;
        session.add(User{0, sample.username, sample.email, hasher.hash(kDemoPassword)});
        ++added.users;
    }
    if (!session.query<PetHandler>().filter_by(&PetHandler::handler_name, "Hannah").exists()) {
        auto hannah = session.add(PetHandler{0, "Hannah"});
        session.flush(); // hannah's id, for her pets
        auto rex = session.add(PetCategory{0, "Rex", "dog", hannah->handler_id});
        session.add(PetCategory{0, "Whiskers", "cat", hannah->handler_id});
        session.flush();
        session.add(PetComment{0, "Rex loves long walks.", rex->pet_id});
        added.handlers = 1;
        added.pets = 2;
        added.comments = 1;
    }
    session.commit();
    return added;
}

std::int64_t add_synthetic_users(orm::Database& db, const PasswordHasher& hasher, std::int64_t count) {
    if (count <= 0) return 0;
    const std::string hash = hasher.hash(kDemoPassword); // one Argon2id run for all of them
    orm::Transaction transaction(db);
    orm::Session session(db);
    const auto last = session.query<User>().order_by(orm::desc(&User::id)).first();
    const std::int64_t first_number = (last ? last->id : 0) + 1;
    session.expunge_all();
    for (std::int64_t i = 0; i < count; ++i) {
        std::string name = numbered("user%06lld", first_number + i);
        std::string email = name + "@example.test";
        session.add(User{0, std::move(name), std::move(email), hash});
        if ((i + 1) % kBatch == 0 || i + 1 == count) {
            session.commit(); // a savepoint inside `transaction`
            session.expunge_all();
        }
    }
    transaction.commit();
    return count;
}

std::int64_t add_synthetic_pets(orm::Database& db, std::int64_t handlers, std::int64_t pets_per_handler) {
    if (handlers <= 0) return 0;
    static constexpr std::array<const char*, 6> kinds = {"dog", "cat", "bird", "rabbit", "hamster", "fish"};
    const std::int64_t handlers_per_batch =
        std::max<std::int64_t>(1, kBatch / std::max<std::int64_t>(1, pets_per_handler));
    orm::Transaction transaction(db);
    orm::Session session(db);
    std::int64_t pets = 0;
    for (std::int64_t first = 1; first <= handlers; first += handlers_per_batch) {
        const std::int64_t last = std::min(handlers, first + handlers_per_batch - 1);
        std::vector<std::shared_ptr<PetHandler>> batch;
        for (std::int64_t h = first; h <= last; ++h)
            batch.push_back(session.add(PetHandler{0, numbered("Handler %04lld", h)}));
        session.flush(); // the handlers' ids, for their pets
        for (const auto& handler : batch)
            for (std::int64_t p = 0; p < pets_per_handler; ++p, ++pets)
                session.add(PetCategory{0, numbered("Pet %06lld", pets + 1),
                                        kinds[static_cast<std::size_t>(pets) % kinds.size()], handler->handler_id});
        session.commit(); // a savepoint inside `transaction`
        session.expunge_all();
    }
    transaction.commit();
    return pets;
}

} // namespace app
