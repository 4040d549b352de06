// Where a session makes the objects it loads and is given: one bump allocation per object out of 16 KiB
// blocks, instead of one malloc each. A 100,000-row load then costs ~800 block allocations, and a session's
// end frees ~800 blocks instead of 100,000 objects' heap blocks.
//
//   detail::ObjectPool pool;
//   std::shared_ptr<User> user = std::allocate_shared<User>(detail::PoolAllocator<User>(&pool), …);
//
// - Objects outlive their pool: they are shared_ptrs handed to the caller. Each block counts the objects
//   in it (atomically: the last owner may release its object on any thread) plus one for the pool while
//   the pool still fills it; whoever brings the count to zero frees the block. So a block is freed when
//   its last object is, whether the session is gone or not; one object kept alive keeps its block (16 KiB).
// - A freed object's place is not reused: the pool only bumps. It serves a session's loads and adds, whose
//   objects mostly live and die together; a long-lived session that keeps loading rows it drops grows by
//   the blocks of the objects still alive.
// - Objects larger than a quarter block, or over-aligned, come from operator new as usual.
// - Under AddressSanitizer a freed object's bytes are poisoned, so a use after free is still reported.
// - Not thread-safe for allocation: a pool belongs to one session, which belongs to one thread.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <new>

namespace orm::detail {

class ObjectPool {
public:
    static constexpr std::size_t kBlockSize = 16 * 1024;
    static constexpr std::size_t kLargest = kBlockSize / 4;

    ObjectPool() = default;
    ~ObjectPool(); // the blocks its objects still use stay until those objects go
    ObjectPool(const ObjectPool&) = delete;
    ObjectPool& operator=(const ObjectPool&) = delete;

    static constexpr bool pooled(std::size_t size, std::size_t alignment) {
        return size <= kLargest && alignment <= alignof(std::max_align_t);
    }
    // `size` bytes aligned to `alignment` (both within pooled()). Throws std::bad_alloc.
    void* allocate(std::size_t size, std::size_t alignment);
    // Gives back memory from allocate() of any pool, live or destroyed.
    static void deallocate(void* pointer, std::size_t size) noexcept;
    // Blocks of every pool not freed yet (what the tests watch: objects gone means their blocks gone).
    static std::size_t blocks_in_use() noexcept { return blocks_in_use_.load(std::memory_order_relaxed); }

private:
    struct alignas(std::max_align_t) Block {
        std::atomic<std::uint32_t> references; // objects in the block, plus one while it is the pool's current block
    };
    static void release(Block* block) noexcept;
    static inline std::atomic<std::size_t> blocks_in_use_{0};

    Block* current_ = nullptr;
    std::size_t used_ = 0; // bytes of current_ taken, its header included
};

// An allocator for std::allocate_shared: the object and its control block in one pooled allocation.
// Copies keep the pool's address but use it only to allocate, which a control block never does again, so
// an object may outlive its pool.
template <class T> class PoolAllocator {
public:
    using value_type = T;
    explicit PoolAllocator(ObjectPool* pool) noexcept : pool_(pool) {}
    template <class U> PoolAllocator(const PoolAllocator<U>& other) noexcept : pool_(other.pool()) {}

    T* allocate(std::size_t n) {
        if (n == 1 && ObjectPool::pooled(sizeof(T), alignof(T))) return static_cast<T*>(pool_->allocate(sizeof(T), alignof(T)));
        return static_cast<T*>(::operator new(n * sizeof(T), std::align_val_t{alignof(T)}));
    }
    void deallocate(T* pointer, std::size_t n) noexcept {
        if (n == 1 && ObjectPool::pooled(sizeof(T), alignof(T))) ObjectPool::deallocate(pointer, sizeof(T));
        else ::operator delete(pointer, n * sizeof(T), std::align_val_t{alignof(T)});
    }
    ObjectPool* pool() const noexcept { return pool_; }
    // Any copy frees what any other allocated (deallocation finds the block from the address).
    template <class U> bool operator==(const PoolAllocator<U>&) const noexcept { return true; }

private:
    ObjectPool* pool_;
};

} // namespace orm::detail
