// The browser host's password strength estimator: zxcvbn 4.4.2 (npm), run by
// web/host_library_password_strength.js, behind app::PasswordStrengthEstimator. It is fetched on first
// use, so availability() is Loading for a moment after the page starts (web_main.cpp asks once the
// database is open, so it is ready by the time anyone types); Unavailable when it cannot be loaded
// (offline before the service worker kept it), retried 10 s later. Under node (the wasm test suites) it is
// node_modules' zxcvbn, at once.
//
//     platform::BrowserPasswordStrength strength;
//     app::Services services(db, hasher, generation, strength);
#pragma once

#include "app/password_strength.h"

namespace platform {

class BrowserPasswordStrength final : public app::PasswordStrengthEstimator {
  public:
    Availability availability() const override;
    // A failure inside zxcvbn (it should not happen) is a score of 0 with its reason, so the password is
    // refused rather than accepted unchecked.
    app::PasswordStrength estimate(std::string_view password, const std::vector<std::string>& context) const override;
};

} // namespace platform
