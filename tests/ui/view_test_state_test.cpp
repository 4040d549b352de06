#include "ui/view_test_state.h"

#include "headless_app.h"

#include <doctest/doctest.h>

#include <string>

using test_support::Fixture;
using test_support::HeadlessApp;

namespace {

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

} // namespace

TEST_CASE("the views' test state gives what the screen shows, and never the register form's password") {
    Fixture fixture;
    HeadlessApp app(fixture);
    app.open(ui::AppTab::Register);
    app.state.register_form.input = {"peter", "peter@example.org", "correct horse", "correct horse"};
    app.frame();
    const std::string json = ui::view_test_state(app.state, &fixture.services);
    INFO(json);
    CHECK(json.rfind("\"servicesReady\":true,\"signedInAs\":\"\"", 0) == 0);
    CHECK(has(json, "\"registerInput\":{\"username\":\"peter\",\"email\":\"peter@example.org\"}"));
    CHECK(!has(json, "correct horse"));
    CHECK(has(json, "\"rows\":{\"users\":0,"));
    CHECK(json.back() == ']'); // the last member, the text colour: members only, the host adds the braces
}

TEST_CASE("the views' test state before a database is open says so and quotes what it holds as JSON") {
    Fixture fixture;
    HeadlessApp app(fixture);
    app.state.demo_notice = "a \"quoted\"\nline";
    const std::string json = ui::view_test_state(app.state, nullptr);
    CHECK(json.rfind("\"servicesReady\":false", 0) == 0);
    CHECK(has(json, "\"demoNotice\":\"a \\\"quoted\\\"\\u000aline\""));
}
