// Registrations asked for from the browser console (window.registry.register, for power users who script
// bulk sign-ups and for the end-to-end tests): run exactly as the register form's are, through
// app::RegistrationService, in this tab's write turn (so never around the cross-tab lock).
//
//     ConsoleRegistrations console;
//     console.enqueue(7, {"peter", "peter@example.com", "secret pw", "secret pw"});
//     for (auto& outcome : console.run(storage, services)) settle_in_js(outcome.id, outcome.json);
#pragma once

#include "app/registration_rules.h"

#include <deque>
#include <string>
#include <vector>

namespace app {
class Services;
}

namespace ui {
class StorageActions;
} // namespace ui

namespace platform {

class ConsoleRegistrations {
  public:
    // At most this many wait at once; more are refused at once (each costs an Argon2id run).
    static constexpr std::size_t kMaxQueued = 1000;
    // Runs per turn: a turn holds the write lock of every tab, so a long queue is worked off in slices.
    static constexpr std::size_t kMaxPerTurn = 20;

    struct Outcome {
        int id;
        std::string json; // {"ok":true,"id":12,"username":"peter"} or {"ok":false,"error":"…"}
    };

    // False (and nothing queued) once kMaxQueued are waiting.
    bool enqueue(int id, app::RegistrationInput input);
    bool idle() const { return queue_.empty(); }
    std::size_t waiting() const { return queue_.size(); } // queued, not yet run

    // Call once a frame. While registrations wait and the app is open, asks for a write turn; in a
    // granted turn registers up to kMaxPerTurn of them and returns their outcomes. While the password
    // strength estimator is still loading they wait for it, as a person at the form waits for the
    // meter, rather than come back refused with "try again in a moment". Never throws: a database
    // failure becomes that registration's error.
    std::vector<Outcome> run(ui::StorageActions& storage, app::Services* services);

  private:
    struct Request {
        int id;
        app::RegistrationInput input;
    };
    std::deque<Request> queue_;
};

} // namespace platform
