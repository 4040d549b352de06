// Freed memory is zeroed in the browser build (zeroed_free.cpp replaces the global operator delete and
// is Dear ImGui's free): a password typed into a field passes through many short-lived buffers (the
// field's std::string as it grows, Dear ImGui's edit buffers, the strings of the registration and login
// calls), and without this their bytes would stay in the wasm heap, which any script on the page can read
// (Module.HEAPU8), until the allocator happens to reuse them. The buffers that stay alive are wiped where
// they are used (app::secure_wipe). Measured cost: README, "Security".
//
//     ImGui::SetAllocatorFunctions(platform::allocate_for_imgui, platform::free_zeroed_for_imgui);
#pragma once

#include <cstddef>

namespace platform {

// free(), after zeroing every byte the allocator gave the block (malloc_usable_size). nullptr is allowed.
void free_zeroed(void* block) noexcept;

// Dear ImGui's allocator functions (ImGui::SetAllocatorFunctions), before ImGui::CreateContext().
void* allocate_for_imgui(std::size_t size, void* user_data);
void free_zeroed_for_imgui(void* block, void* user_data);

} // namespace platform
