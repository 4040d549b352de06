// UTF-8 helpers the ORM needs to enforce String(n) the way Python does: lengths in code points.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace orm::utf8 {

// The number of Unicode code points in `text`, or nullopt if it is not valid UTF-8 (overlong forms,
// surrogates, truncated sequences and values above U+10FFFF are invalid).
std::optional<std::size_t> count_code_points(std::string_view text);

} // namespace orm::utf8
