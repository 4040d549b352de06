// app::secure_wipe: the bytes are zero after the call (read back through the same memory), the whole
// capacity of a string included, since clear() alone leaves a password's bytes in its buffer.
#include "app/secure_wipe.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <string>

TEST_CASE("secure_wipe zeroes exactly the bytes it is given") {
    std::array<unsigned char, 32> bytes{};
    bytes.fill(0xAB);
    app::secure_wipe(bytes.data() + 4, 20);
    CHECK(std::all_of(bytes.begin() + 4, bytes.begin() + 24, [](unsigned char b) { return b == 0; }));
    CHECK(std::all_of(bytes.begin(), bytes.begin() + 4, [](unsigned char b) { return b == 0xAB; }));
    CHECK(std::all_of(bytes.begin() + 24, bytes.end(), [](unsigned char b) { return b == 0xAB; }));
    app::secure_wipe(nullptr, 0); // allowed
}

TEST_CASE("secure_wipe of a string zeroes its whole buffer and leaves it empty") {
    std::string password = "a long password, longer than any small-string buffer";
    password.resize(10); // the tail of the longer value is still in the buffer
    const std::size_t capacity = password.capacity();
    const char* buffer = password.data();
    app::secure_wipe(password);
    CHECK(password.empty());
    // The same buffer, read directly (resize() would write zeros itself): every byte it owns is zero.
    REQUIRE(password.data() == buffer);
    REQUIRE(password.capacity() == capacity);
    CHECK(std::all_of(buffer, buffer + capacity, [](char c) { return c == '\0'; }));
}

TEST_CASE("secure_wipe of a short string (kept inside the string object) zeroes it too") {
    std::string pin = "1234";
    const char* buffer = pin.data();
    app::secure_wipe(pin);
    CHECK(pin.empty());
    REQUIRE(pin.data() == buffer);
    CHECK(std::all_of(buffer, buffer + 4, [](char c) { return c == '\0'; }));
}
