#include "platform/zeroed_free.h"

#include "app/secure_wipe.h"

#include <malloc.h>

#include <cstdlib>
#include <new>

namespace platform {

void free_zeroed(void* block) noexcept {
    if (block == nullptr) return;
    app::secure_wipe(block, malloc_usable_size(block));
    std::free(block);
}

void* allocate_for_imgui(std::size_t size, void*) {
    return std::malloc(size);
}

void free_zeroed_for_imgui(void* block, void*) {
    free_zeroed(block);
}

} // namespace platform

// The replaceable deallocation functions ([new.delete]): libc++'s operator new allocates with malloc, so
// these pair with it. libc++'s nothrow forms forward to these; its over-aligned forms (our code allocates
// nothing over-aligned) free directly and are not zeroed.
void operator delete(void* block) noexcept {
    platform::free_zeroed(block);
}
void operator delete(void* block, std::size_t) noexcept {
    platform::free_zeroed(block);
}
void operator delete[](void* block) noexcept {
    platform::free_zeroed(block);
}
void operator delete[](void* block, std::size_t) noexcept {
    platform::free_zeroed(block);
}
