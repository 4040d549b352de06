#include "orm/object_pool.h"

#include <cstdlib>

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/asan_interface.h>
#define SEED_POISON(address, size) ASAN_POISON_MEMORY_REGION(address, size)
#define SEED_UNPOISON(address, size) ASAN_UNPOISON_MEMORY_REGION(address, size)
#else
#define SEED_POISON(address, size) ((void)(address), (void)(size))
#define SEED_UNPOISON(address, size) ((void)(address), (void)(size))
#endif

namespace orm::detail {

namespace {
constexpr std::size_t align_up(std::size_t value, std::size_t alignment) { return (value + alignment - 1) & ~(alignment - 1); }
} // namespace

ObjectPool::~ObjectPool() {
    if (current_) release(current_);
}

void* ObjectPool::allocate(std::size_t size, std::size_t alignment) {
    std::size_t at = align_up(used_, alignment);
    if (!current_ || at + size > kBlockSize) {
        // Blocks are aligned to their size, so an object's block is found from its address alone.
        void* memory = std::aligned_alloc(kBlockSize, kBlockSize);
        if (!memory) throw std::bad_alloc();
        auto* block = new (memory) Block{{1}};
        blocks_in_use_.fetch_add(1, std::memory_order_relaxed);
        SEED_POISON(reinterpret_cast<char*>(block) + sizeof(Block), kBlockSize - sizeof(Block));
        if (current_) release(current_);
        current_ = block;
        at = sizeof(Block);
    }
    current_->references.fetch_add(1, std::memory_order_relaxed);
    used_ = at + size;
    char* object = reinterpret_cast<char*>(current_) + at;
    SEED_UNPOISON(object, size);
    return object;
}

void ObjectPool::deallocate(void* pointer, std::size_t size) noexcept {
    SEED_POISON(pointer, size);
    release(reinterpret_cast<Block*>(reinterpret_cast<std::uintptr_t>(pointer) & ~(kBlockSize - 1)));
}

void ObjectPool::release(Block* block) noexcept {
    if (block->references.fetch_sub(1, std::memory_order_acq_rel) != 1) return;
    SEED_UNPOISON(reinterpret_cast<char*>(block) + sizeof(Block), kBlockSize - sizeof(Block)); // free() may write there
    block->~Block();
    std::free(block);
    blocks_in_use_.fetch_sub(1, std::memory_order_relaxed);
}

} // namespace orm::detail
