// The session's objects live in pooled blocks (src/orm/object_pool.h): they must stay whole after the
// session ends, and their memory must go back once the last of them goes, whichever goes last. A use of
// a freed object is reported by the ASan build (its bytes are poisoned).
#include "orm/tutorial_models.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

using namespace tutorial;

namespace {
struct alignas(alignof(std::max_align_t)) Cell { // as aligned as the pool serves (16 natively, 8 in wasm32)
    std::uint64_t values[16];
};
struct Rows {
    orm::Database db{":memory:"};
    explicit Rows(int count) {
        tutorial::metadata().create_all(db);
        orm::Session session(db);
        for (int i = 0; i < count; ++i)
            session.add(User{0, "user" + std::to_string(i), "user" + std::to_string(i) + "@example.org", "$argon2id$placeholder"});
        session.commit();
    }
};
} // namespace

TEST_CASE("objects loaded by a session stay whole after it ends, and their blocks go with the last of them") {
    const std::size_t before = orm::detail::ObjectPool::blocks_in_use();
    Rows rows(2000);
    CHECK(orm::detail::ObjectPool::blocks_in_use() == before); // the inserting session ended, nobody kept an object

    std::vector<std::shared_ptr<User>> loaded;
    {
        orm::Session session(rows.db);
        loaded = session.query<User>().order_by(&User::id).all();
        CHECK(orm::detail::ObjectPool::blocks_in_use() > before + 1); // 2000 users take several blocks
    }
    REQUIRE(loaded.size() == 2000);
    // Made and freed meanwhile: another session's objects must not land on the ones still held.
    {
        orm::Session other(rows.db);
        for (auto& user : other.query<User>().all()) user->username = "overwritten";
    }
    CHECK(loaded[0]->username == "user0");
    CHECK(loaded[1999]->user_email == "user1999@example.org");

    // One object kept keeps its block alone; dropping it frees the last one.
    std::shared_ptr<User> kept = loaded[1000];
    loaded.clear();
    CHECK(orm::detail::ObjectPool::blocks_in_use() == before + 1);
    CHECK(kept->username == "user1000");
    kept.reset();
    CHECK(orm::detail::ObjectPool::blocks_in_use() == before);
}

TEST_CASE("objects given to a session by add() are pooled the same way and outlive it") {
    orm::Database db(":memory:");
    tutorial::metadata().create_all(db);
    const std::size_t before = orm::detail::ObjectPool::blocks_in_use();
    std::shared_ptr<User> peter;
    {
        orm::Session session(db);
        peter = session.add(User{0, "peter", "peter@example.org", "$argon2id$placeholder"});
        session.commit();
    }
    CHECK(orm::detail::ObjectPool::blocks_in_use() == before + 1);
    CHECK(peter->id == 1);
    peter->user_email = "p@example.org"; // a detached object, still writable
    orm::Session later(db);
    later.add(peter);
    later.commit();
    CHECK(later.query<User>().one()->user_email == "p@example.org");
    peter.reset();
}

TEST_CASE("the pool's allocations are distinct, aligned, and fall back to the heap when too large") {
    const std::size_t before = orm::detail::ObjectPool::blocks_in_use();
    std::vector<std::shared_ptr<Cell>> small;
    std::shared_ptr<std::array<char, orm::detail::ObjectPool::kBlockSize>> large;
    {
        orm::detail::ObjectPool pool;
        for (int i = 0; i < 500; ++i) {
            small.push_back(std::allocate_shared<Cell>(orm::detail::PoolAllocator<int>(&pool)));
            std::fill(std::begin(small.back()->values), std::end(small.back()->values), static_cast<std::uint64_t>(i));
        }
        large = std::allocate_shared<std::array<char, orm::detail::ObjectPool::kBlockSize>>(orm::detail::PoolAllocator<int>(&pool));
        large->fill('x');
    }
    for (std::size_t i = 0; i < small.size(); ++i) {
        CHECK(reinterpret_cast<std::uintptr_t>(small[i].get()) % alignof(Cell) == 0);
        CHECK(small[i]->values[15] == i); // no two objects share bytes
    }
    const std::size_t blocks = orm::detail::ObjectPool::blocks_in_use() - before;
    CHECK(blocks >= 500 * sizeof(Cell) / orm::detail::ObjectPool::kBlockSize);
    CHECK(blocks <= 500 * (sizeof(Cell) + 64) / orm::detail::ObjectPool::kBlockSize + 1);
    CHECK((*large)[orm::detail::ObjectPool::kBlockSize - 1] == 'x');
    small.clear();
    large.reset();
    CHECK(orm::detail::ObjectPool::blocks_in_use() == before);
}
