// Text from JavaScript arrives as a pointer and a byte length (src/platform/js_text.h): nothing after a
// NUL is lost, and what a field may not hold is refused whole with the reason, never cut or merged.
// JSON handed back (json_text.h) round-trips every character, control characters included.
#include "platform/js_text.h"
#include "platform/json_text.h"

#include <doctest/doctest.h>

#include <string>

namespace {

platform::JsText received(const std::string& bytes) {
    return platform::js_text(bytes.data(), static_cast<int>(bytes.size()));
}

} // namespace

TEST_CASE("the bytes cross whole: a NUL inside does not end them") {
    const std::string bytes("abc\0def", 7);
    CHECK(platform::js_bytes(bytes.data(), 7) == bytes);
    CHECK(platform::js_bytes(bytes.data(), 7).size() == 7);
    CHECK(platform::js_bytes(nullptr, 5).empty());
    CHECK(platform::js_bytes(bytes.data(), 0).empty());
    CHECK(platform::js_bytes(bytes.data(), -1).empty());
}

TEST_CASE("valid UTF-8 is accepted exactly") {
    for (const std::string text : {"", "peter", "Ωμέγα-Жанна日本", "🐍 snake", "tab\tand\nline"}) {
        const platform::JsText got = received(text);
        CHECK(got.ok());
        CHECK(got.text == text);
    }
}

TEST_CASE("every refusal class: a NUL anywhere, and each kind of invalid UTF-8") {
    CHECK(received(std::string("\0", 1)).refusal == app::TextProblem::NulCharacter);
    CHECK(received(std::string("abc\0def", 7)).refusal == app::TextProblem::NulCharacter);
    CHECK(received(std::string("abc\0", 4)).refusal == app::TextProblem::NulCharacter);
    for (const std::string bytes : {"ab\xED\xA0\x80"
                                    "cd",             // a lone high surrogate, as SeedText.encode sends it
                                    "ab\xED\xBF\xBF", // a lone low surrogate
                                    "\xFF", "pet\xC3", "\xC0\xAF", "\xF4\x90\x80\x80", "\x80"}) {
        const platform::JsText got = received(bytes);
        CHECK(got.refusal == app::TextProblem::InvalidUtf8);
        CHECK(got.text.empty()); // never a part of it
    }
}

TEST_CASE("text a person only reads falls back to a stated replacement when refused") {
    const std::string bad("disk\0full", 9);
    CHECK(platform::js_text_or(bad.data(), 9, "no reason") == "no reason");
    CHECK(platform::js_text_or("quota", 5, "no reason") == "quota");
}

TEST_CASE("refusals read as the field's message") {
    CHECK(app::describe_text_problem("Username", app::TextProblem::NulCharacter) ==
          "Username must not contain a NUL character.");
    CHECK(app::describe_text_problem("Password", app::TextProblem::InvalidUtf8) ==
          "Password contains invalid characters.");
}

TEST_CASE("JSON strings escape control characters instead of changing them") {
    CHECK(platform::json_string(std::string("a\0b", 3)) == "\"a\\u0000b\"");
    CHECK(platform::json_string("line\nbreak\x1f") == "\"line\\u000abreak\\u001f\"");
    CHECK(platform::json_string("say \"hi\" \\ é") == "\"say \\\"hi\\\" \\\\ é\"");
}
