#include "platform/browser_session_token.h"

#include "app/account_session.h"

#include <array>

// Implemented in web/host_library_session_token.js.
extern "C" {
int seed_session_token_load(char* buffer, int capacity);
void seed_session_token_keep(const char* token, int length);
}

namespace platform {

std::string load_session_token() {
    std::array<char, app::kSessionTokenCharacters> buffer{};
    const int length = seed_session_token_load(buffer.data(), static_cast<int>(buffer.size()));
    return std::string(buffer.data(), static_cast<std::size_t>(length > 0 ? length : 0));
}

void keep_session_token(std::string_view token) {
    seed_session_token_keep(token.data(), static_cast<int>(token.size()));
}

} // namespace platform
