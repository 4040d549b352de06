// Registrations from the browser console wait for a write turn, then go through the same service as the
// register form: a good one is stored, a bad one comes back with the form's messages.
#include "platform/console_registrations.h"

#include "app/password_hasher.h"
#include "app/services.h"
#include "support/recording_actions.h"

#include "orm/orm.h"

#include <doctest/doctest.h>

namespace {

using Turns = test_support::RecordingActions; // `granted`: as the cross-tab write lock would answer

app::RegistrationInput input(const std::string& name, const std::string& password = "long enough pw") {
    return {name, name + "@example.com", password, password};
}

// An estimator the browser is still fetching (zxcvbn.js on its way) until `ready` is set; then it judges
// every password strong enough.
class ArrivingEstimator final : public app::PasswordStrengthEstimator {
  public:
    bool ready = false;
    Availability availability() const override { return ready ? Availability::Ready : Availability::Loading; }
    app::PasswordStrength estimate(std::string_view, const std::vector<std::string>&) const override {
        REQUIRE(ready);
        return {app::kBestPasswordScore, "", {}};
    }
};

} // namespace

TEST_CASE("console registrations wait while the password estimator loads, then register") {
    orm::Database db(":memory:");
    app::PasswordHasher hasher({256, 1, 1});
    ArrivingEstimator estimator;
    const auto services = app::open_services(db, hasher, 1, estimator);
    platform::ConsoleRegistrations console;
    Turns turns;
    turns.granted = true;
    REQUIRE(console.enqueue(1, input("peter")));
    CHECK(console.run(turns, services.get()).empty()); // not refused with "try again in a moment": it waits
    CHECK(turns.asked == 0);                       // and holds no other tab's lock meanwhile
    CHECK_FALSE(console.idle());
    estimator.ready = true;
    const auto outcomes = console.run(turns, services.get());
    REQUIRE(outcomes.size() == 1);
    CHECK(outcomes[0].json == "{\"ok\":true,\"id\":1,\"username\":\"peter\"}");
}

TEST_CASE("console registrations wait for a write turn, then register through the service") {
    orm::Database db(":memory:");
    app::PasswordHasher hasher({256, 1, 1});
    const auto services = app::open_services(db, hasher);
    platform::ConsoleRegistrations console;
    Turns turns;
    turns.granted = false;

    CHECK(console.run(turns, services.get()).empty());
    CHECK(turns.asked == 0); // nothing queued: no turn asked for

    REQUIRE(console.enqueue(1, input("peter")));
    REQUIRE(console.enqueue(2, input("peter")));
    REQUIRE(console.enqueue(3, input("sam", "short")));
    CHECK(console.run(turns, nullptr).empty()); // no database open yet: they wait
    CHECK(console.run(turns, services.get()).empty());
    CHECK(turns.asked == 1);
    CHECK_FALSE(console.idle());

    turns.granted = true;
    const auto outcomes = console.run(turns, services.get());
    REQUIRE(outcomes.size() == 3);
    CHECK(outcomes[0].id == 1);
    CHECK(outcomes[0].json == "{\"ok\":true,\"id\":1,\"username\":\"peter\"}");
    CHECK(outcomes[1].json == "{\"ok\":false,\"error\":\"This username is already registered. This email address "
                              "is already registered.\"}");
    CHECK(outcomes[2].json.find("{\"ok\":false,\"error\":\"") == 0);
    CHECK(outcomes[2].json.find("short") == std::string::npos); // never the password
    CHECK(console.idle());
    auto count = db.prepare("SELECT count(*) FROM user");
    count->step();
    CHECK(count->get_int64(0) == 1);
}

TEST_CASE("a long queue is worked off a slice per turn, and a full queue refuses more") {
    orm::Database db(":memory:");
    app::PasswordHasher hasher({256, 1, 1});
    const auto services = app::open_services(db, hasher);
    platform::ConsoleRegistrations console;
    Turns turns;
    turns.granted = true;
    for (int i = 0; i < 25; ++i)
        REQUIRE(console.enqueue(i, input("user" + std::to_string(i))));
    CHECK(console.run(turns, services.get()).size() == platform::ConsoleRegistrations::kMaxPerTurn);
    CHECK(console.run(turns, services.get()).size() == 25 - platform::ConsoleRegistrations::kMaxPerTurn);

    turns.granted = false;
    for (std::size_t i = 0; i < platform::ConsoleRegistrations::kMaxQueued; ++i)
        REQUIRE(console.enqueue(static_cast<int>(i), input("x")));
    CHECK_FALSE(console.enqueue(-1, input("one too many")));
}
