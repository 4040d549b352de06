// Text from JavaScript, the C++ half of web/host_library_text.js (SeedText): every string arrives as a
// pointer and its length in UTF-8 bytes, never as a NUL-terminated C string, so a NUL inside it cannot
// cut it short, and a lone UTF-16 surrogate arrives as bytes that are not UTF-8 (SeedText.encode) rather
// than merged with the next character. This header decides what is accepted:
//
//     extern "C" EMSCRIPTEN_KEEPALIVE void seed_storage_on_notice(const char* text, int length, int kind) {
//         const platform::JsText notice = platform::js_text(text, length);
//         if (notice.ok()) show(notice.text);                  // refused: NUL or invalid UTF-8
//     }
//     // A form field's value: the app's own rules refuse it, with the field's message.
//     input.username = std::string(platform::js_bytes(username, username_length));
//
// The other direction: C++ hands JavaScript a pointer and a byte length (SeedText.fromText decodes it
// with a fatal TextDecoder); json_text.h escapes what JSON forbids raw.
#pragma once

#include "app/text_rules.h"

#include <optional>
#include <string>
#include <string_view>

namespace platform {

// The bytes exactly as JavaScript passed them (nullptr or a length ≤ 0: empty). For text the app
// validates itself, so that the refusal names the field ("Username must not contain a NUL character.").
inline std::string_view js_bytes(const char* data, int length) {
    return data != nullptr && length > 0 ? std::string_view(data, static_cast<std::size_t>(length))
                                         : std::string_view();
}

// Text checked on arrival: the text, or why it was refused (then `text` is empty, never a part of it).
struct JsText {
    std::string text;
    std::optional<app::TextProblem> refusal;
    bool ok() const { return !refusal; }
};

inline JsText js_text(const char* data, int length) {
    const std::string_view bytes = js_bytes(data, length);
    if (const auto problem = app::find_text_problem(bytes)) return {{}, problem};
    return {std::string(bytes), std::nullopt};
}

// For text a person only reads (a browser's error message, a notice): the text, or `fallback` if it was
// refused, since saying something is better than saying nothing. Never for text that is stored.
inline std::string js_text_or(const char* data, int length, std::string_view fallback) {
    JsText received = js_text(data, length);
    return received.ok() ? std::move(received.text) : std::string(fallback);
}

} // namespace platform
