#include "app/registration_rules.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

namespace {

// The rules as a host without an estimator applies them (the native host): length and username only.
// zxcvbn's verdicts are tested where it runs (tests/platform/browser_password_strength_test.cpp, wasm).
app::FieldErrors validate(const app::RegistrationInput& input) {
    return app::validate_registration(input, app::no_strength_estimate());
}

app::RegistrationInput valid_input() {
    return {"peter", "peter@example.com", "correct horse", "correct horse"};
}

std::string repeat(const std::string& piece, std::size_t times) {
    std::string result;
    for (std::size_t i = 0; i < times; ++i)
        result += piece;
    return result;
}

std::optional<std::string> username_error(const std::string& username) {
    auto input = valid_input();
    input.username = username;
    return validate(input).username;
}

std::optional<std::string> email_error(const std::string& email) {
    auto input = valid_input();
    input.email = email;
    return validate(input).email;
}

std::optional<std::string> password_error(const std::string& password) {
    auto input = valid_input();
    input.password = password;
    input.confirmation = password;
    return validate(input).password;
}

} // namespace

TEST_CASE("a complete, sensible form has no errors") {
    const app::FieldErrors errors = validate(valid_input());
    CHECK(errors.ok());
    CHECK_FALSE(errors.username);
    CHECK_FALSE(errors.email);
    CHECK_FALSE(errors.password);
    CHECK_FALSE(errors.confirmation);
}

TEST_CASE("an empty form gets one message per field") {
    const app::FieldErrors errors = validate({"", "", "", ""});
    CHECK_FALSE(errors.ok());
    CHECK(errors.username == "Enter a username.");
    CHECK(errors.email == "Enter your email address.");
    CHECK(errors.password == "Enter a password.");
    CHECK_FALSE(errors.confirmation); // two empty fields do match; the password message says what to do
}

TEST_CASE("username: 3 to 100 characters after trimming, counted in code points") {
    CHECK(username_error("ab") == "Username must be at least 3 characters.");
    CHECK_FALSE(username_error("abc"));
    CHECK(username_error("  ab  ") == "Username must be at least 3 characters.");
    CHECK(username_error(" \t\n ") == "Enter a username.");
    CHECK_FALSE(username_error(repeat("a", 100)));
    CHECK(username_error(repeat("a", 101)) == "Username must be at most 100 characters.");
    CHECK_FALSE(username_error("  " + repeat("a", 100) + "  ")); // spaces around do not count
    CHECK_FALSE(username_error("Peter Pan"));                    // spaces inside are fine
}

TEST_CASE("username: any script is welcome, each character counts once however many bytes it takes") {
    CHECK_FALSE(username_error("José"));
    CHECK_FALSE(username_error("Straße"));
    CHECK_FALSE(username_error("中文名"));
    CHECK_FALSE(username_error("Ελένη"));
    // "éé" is 4 bytes but 2 characters: too short; "中文" likewise (6 bytes).
    CHECK(username_error("éé") == "Username must be at least 3 characters.");
    CHECK(username_error("中文") == "Username must be at least 3 characters.");
    CHECK(username_error("ßß") == "Username must be at least 3 characters.");
    CHECK_FALSE(username_error("ééé"));
    CHECK_FALSE(username_error(repeat("é", 100)));
    CHECK(username_error(repeat("é", 101)) == "Username must be at most 100 characters.");
    CHECK_FALSE(username_error(repeat("中", 100)));
    CHECK(username_error(repeat("中", 101)) == "Username must be at most 100 characters.");
    CHECK_FALSE(username_error(repeat("ß", 50) + repeat("b", 50)));
    CHECK_FALSE(username_error("🐍🐍🐍")); // 4-byte sequences
}

TEST_CASE("username: control characters are refused") {
    const std::string message = "Username cannot contain line breaks, tabs or other control characters.";
    CHECK(username_error("pe\nter") == message);
    CHECK(username_error("pe\tter") == message);
    CHECK(username_error("pe\x1bter") == message);     // ESC
    CHECK(username_error("pe\x7Fter") == message);     // DEL
    CHECK(username_error("pe\xC2\x80ter") == message); // U+0080, first C1 control
    CHECK(username_error("pe\xC2\x9Fter") == message); // U+009F, last C1 control
    CHECK_FALSE(username_error("pe\xC2\xA0ter"));      // U+00A0 no-break space is not a control
}

TEST_CASE("a NUL character is refused in every field with the field's message, wherever it is") {
    const std::string nul_inside("abc\0def", 7);
    CHECK(username_error(nul_inside) == "Username must not contain a NUL character.");
    CHECK(username_error(std::string("  peter\0", 9)) ==
          "Username must not contain a NUL character."); // not trimmed away
    CHECK(email_error(std::string("a\0b@example.com", 15)) == "Email address must not contain a NUL character.");
    CHECK(password_error(std::string("nulpw\0secret", 12)) == "Password must not contain a NUL character.");
    CHECK(password_error(std::string("\0\0\0\0\0\0\0\0", 8)) == "Password must not contain a NUL character.");
}

TEST_CASE("a lone UTF-16 surrogate, as JavaScript's text crosses (ED A0 80 … ED BF BF), is refused") {
    CHECK(username_error("ab\xED\xA0\x80"
                         "cd") == "Username contains invalid characters.");
    CHECK(email_error("ab\xED\xBF\xBF@example.com") == "Enter a valid email address.");
    CHECK(password_error("password\xED\xB0\x80") == "Password contains invalid characters.");
}

TEST_CASE("username: bytes that are not UTF-8 are refused") {
    const std::string message = "Username contains invalid characters.";
    CHECK(username_error("pet\xFFr") == message);
    CHECK(username_error("pet\xC3") == message);              // truncated "é"
    CHECK(username_error("pet\xC0\xAFr") == message);         // overlong "/"
    CHECK(username_error("pet\xED\xA0\x80r") == message);     // UTF-16 surrogate
    CHECK(username_error("pet\xF4\x90\x80\x80r") == message); // above U+10FFFF
    CHECK(username_error("\x80\x80\x80") == message);         // lone continuation bytes
}

TEST_CASE("trim removes white space at both ends and nothing else") {
    CHECK(app::trim("  peter  ") == "peter");
    CHECK(app::trim("\t\r\n\v\fpeter\n") == "peter");
    CHECK(app::trim("peter pan") == "peter pan");
    CHECK(app::trim("") == "");
    CHECK(app::trim("   ") == "");
    CHECK(app::trim("\xC2\xA0peter\xE3\x80\x80") == "peter");                  // no-break and ideographic spaces
    CHECK(app::trim("\xE2\x80\x83peter\xE2\x80\xAF \xE2\x80\x80") == "peter"); // em, narrow no-break, en quad
    CHECK(app::trim(" José ") == "José");
    CHECK(app::trim(" 中文 ") == "中文");
    // Characters whose last byte looks like part of a space are left whole.
    CHECK(app::trim("\xE4\xB8\x80") == "\xE4\xB8\x80"); // 一 (U+4E00) ends in 0x80, like U+3000
    CHECK(app::trim("\xC3\xA0") == "\xC3\xA0");         // à ends in 0xA0, like U+00A0
    CHECK(app::trim(" \xFF ") == "\xFF");               // invalid bytes stay as they are
}

TEST_CASE("email: a sensible address is accepted") {
    CHECK_FALSE(email_error("peter@example.com"));
    CHECK_FALSE(email_error("  Peter.Pan+pets@Mail.Example.ORG  "));
    CHECK_FALSE(email_error("jürgen@bücher.de"));
    CHECK_FALSE(email_error("a@b.co"));
}

TEST_CASE("email: malformed addresses get one clear message") {
    const std::string message = "Enter a valid email address.";
    for (const std::string email :
         {"peter", "peter@", "@example.com", "peter@example", "peter@@example.com", "pe@ter@example.com",
          "peter@.example.com", "peter@example.com.", "peter@example..com", "pe ter@example.com", "peter@exa mple.com",
          "peter@example.com\n.org", "pe\tter@example.com", "peter\xC2\xA0@example.com",
          "peter@ex\x7F"
          "ample.com",
          "peter@\xFF.com"}) {
        CAPTURE(email);
        CHECK(email_error(email) == message);
    }
    CHECK(email_error("   ") == "Enter your email address.");
}

TEST_CASE("email: at most 100 characters after trimming") {
    const std::string domain = "@example.com"; // 12 characters
    CHECK_FALSE(email_error(repeat("a", 88) + domain));
    CHECK(email_error(repeat("a", 89) + domain) == "Email address must be at most 100 characters.");
    CHECK_FALSE(email_error("  " + repeat("a", 88) + domain + "  "));
    CHECK_FALSE(email_error(repeat("ü", 88) + domain)); // 188 bytes, 100 characters
}

TEST_CASE("normalize_email trims and lowercases ASCII so addresses compare case-insensitively") {
    CHECK(app::normalize_email("  Peter@Example.COM ") == "peter@example.com");
    CHECK(app::normalize_email("PETER@EXAMPLE.COM") == app::normalize_email("peter@example.com"));
    CHECK(app::normalize_email("Jürgen@Bücher.DE") == "jürgen@bücher.de"); // UTF-8 left intact
    CHECK(app::normalize_email("ÄÖÜ@X.DE") == "ÄÖÜ@x.de");                 // non-ASCII letters unchanged
}

TEST_CASE("password: at least 8 characters, counted in code points") {
    CHECK(password_error("1234567") == "Password must be at least 8 characters.");
    CHECK_FALSE(password_error("12345678"));
    CHECK(password_error("ééééééé") == "Password must be at least 8 characters."); // 14 bytes, 7 characters
    CHECK_FALSE(password_error("éééééééé"));
    CHECK_FALSE(password_error("中文中文中文中文"));
    CHECK(password_error("  abc  ") == "Password must be at least 8 characters."); // spaces count, never trimmed
    CHECK_FALSE(password_error("  abcd  "));
}

TEST_CASE("password: at most 1024 bytes") {
    CHECK_FALSE(password_error(repeat("a", 1024)));
    CHECK(password_error(repeat("a", 1025)) == "Password must be at most 1024 bytes long.");
    CHECK_FALSE(password_error(repeat("é", 512))); // 1024 bytes
    CHECK(password_error(repeat("é", 512) + "a") == "Password must be at most 1024 bytes long.");
    CHECK(password_error(std::string(1 << 20, 'a')) == "Password must be at most 1024 bytes long.");
}

TEST_CASE("password: invalid UTF-8 is refused") {
    CHECK(password_error("password\xFF") == "Password contains invalid characters.");
}

TEST_CASE("password: not the same as the username") {
    auto input = valid_input();
    input.username = "  peterpan123  ";
    input.password = input.confirmation = "peterpan123";
    CHECK(validate(input).password == "Password must not be the same as your username.");
    input.password = input.confirmation = "peterpan1234";
    CHECK_FALSE(validate(input).password);
}

TEST_CASE("confirmation must equal the password exactly") {
    auto input = valid_input();
    input.confirmation = "correct horse ";
    CHECK(validate(input).confirmation == "Passwords do not match.");
    input.confirmation = "Correct horse";
    CHECK(validate(input).confirmation == "Passwords do not match.");
    input.confirmation = "";
    CHECK(validate(input).confirmation == "Passwords do not match.");
}

TEST_CASE("every problem is reported at once, and no message repeats the password") {
    const std::string secret = "peter\xFF secret";
    for (const auto& password : {std::string("short"), secret, std::string("peterpan"), repeat("s", 2000)}) {
        const app::FieldErrors errors = validate({"peterpan", "not-an-email", password, "other"});
        CHECK(errors.username == std::nullopt);
        CHECK(errors.email == "Enter a valid email address.");
        REQUIRE(errors.password);
        REQUIRE(errors.confirmation);
        for (const auto* message : {&*errors.password, &*errors.confirmation, &*errors.email}) {
            CHECK(message->find(password) == std::string::npos);
            CHECK(message->find("secret") == std::string::npos);
        }
    }
}

namespace {

// An estimator the browser is still fetching (zxcvbn.js on its way): the page's state for a moment
// after it starts, which a real one only shows in a browser.
class StillLoading final : public app::PasswordStrengthEstimator {
  public:
    Availability availability() const override { return Availability::Loading; }
    app::PasswordStrength estimate(std::string_view, const std::vector<std::string>&) const override {
        FAIL("estimate() asked while loading");
        return {};
    }
};

} // namespace

TEST_CASE("password: while the estimator loads, nothing is accepted unchecked") {
    const StillLoading loading;
    const app::FieldErrors errors = app::validate_registration(valid_input(), loading);
    CHECK(errors.password == app::kPasswordCheckLoading);
    CHECK_FALSE(errors.username);
    CHECK_FALSE(errors.email);
    // The length rules come first: they need no estimator.
    auto input = valid_input();
    input.password = input.confirmation = "short";
    CHECK(app::validate_registration(input, loading).password == "Password must be at least 8 characters.");
}

TEST_CASE("password: the estimator is told the username, the email and the email's name") {
    CHECK(app::password_context("Peter", "peterdury@gmail.com") ==
          std::vector<std::string>{"Peter", "peterdury@gmail.com", "peterdury"});
    CHECK(app::password_context("Peter", "") == std::vector<std::string>{"Peter"});
    CHECK(app::password_context("", "@odd") == std::vector<std::string>{"@odd"});
    CHECK(app::password_context(std::string("ab\0cd", 5), "ann\xFF@example.com").empty()); // their fields refuse them
}

TEST_CASE("password: without an estimator only the length and username rules apply") {
    CHECK_FALSE(password_error("password")); // a browser with zxcvbn refuses it
    CHECK(app::describe_password_score(0) == std::string("Too guessable"));
    CHECK(app::describe_password_score(2) == std::string("Somewhat guessable"));
    CHECK(app::describe_password_score(4) == std::string("Very unguessable"));
}
