// A value quoted in a message, cut short: a refusal must name what is in the way ("users 1, 2 share the
// username \"peter\"") without copying a megabyte of it onto the screen.
//
//     app::excerpt(name)        // "peter", or the first 40 characters and "…"
//     app::excerpt(name, 10)    // at most 10 characters and "…"
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace app {

inline constexpr std::size_t kExcerptCharacters = 40;

// At most `max_characters` Unicode characters of `value`, followed by "…" when anything was left out. Never
// cuts a character in half; bytes that are not valid UTF-8 become U+FFFD and control characters (line breaks,
// tabs, escapes) a space, so the excerpt is always one printable line. Never throws (except std::bad_alloc).
std::string excerpt(std::string_view value, std::size_t max_characters = kExcerptCharacters);

} // namespace app
