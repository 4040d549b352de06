#include "app/secure_wipe.h"

namespace app {

void secure_wipe(void* data, std::size_t size) noexcept {
    volatile unsigned char* byte = static_cast<volatile unsigned char*>(data);
    for (std::size_t i = 0; i < size; ++i)
        byte[i] = 0;
}

void secure_wipe(std::string& text) noexcept {
    // Every owned byte becomes part of the string's size first, so the wipe stays inside the string (the
    // bytes past size() are the string's, but writing them through data() is not promised to be allowed).
    text.resize(text.capacity());
    secure_wipe(text.data(), text.size());
    text.clear();
}

} // namespace app
