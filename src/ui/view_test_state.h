// What the browser tests read of the views (the host's seed_test_state() hook): who is signed in, the
// open tab, row counts, the record browser's visible window, each form's last message. Never a password:
// the register form's username and email are given, its password and confirmation are not.
#pragma once

#include "ui/app_view.h"

#include <string>

namespace app {
class Services;
}

namespace ui {

// JSON object members (no braces: the host adds its own beside them), read from what the last frame showed,
// so calling it changes nothing. `services` is null while no database is open. Needs a Dear ImGui context
// (the theme's colours are part of it).
std::string view_test_state(const AppViewState& view, const app::Services* services);

} // namespace ui
