// The contact form (the tutorial's exercise): name, email, subject, message; a confirmation; the messages
// received, newest first.
#pragma once

#include "app/contact_service.h"
#include "app/shown_query.h"
#include "ui/form_widgets.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace app {
class Services;
}

namespace ui {

struct ContactViewState {
    app::ContactInput input;
    app::ContactErrors errors;
    DeferredWrite write;
    bool focus_first_field = true;
    std::string confirmation; // "Thank you, <name>: your message was sent."
    std::string failure;
    // The list, valid for `loaded_epoch`.
    std::int64_t loaded_epoch = -1;
    std::vector<app::ContactMessage> messages;
    std::int64_t total = 0;
    std::string refusal; // why the messages are not shown (nobody signed in)
    std::optional<app::ShownQuery> shown; // the last submission's calls and SQL (Show the query)
    bool query_open = false;
};

inline constexpr std::int64_t kContactListRows = 50;

// Sends the pending message; on success empties the form and sets `confirmation`. Never throws.
bool complete_contact(ContactViewState& state, app::ContactService& contact);
// Reloads the newest messages, as `actor` may read them, if `epoch` changed (the app view's epoch also
// moves when someone signs in or out). A refusal goes to `refusal`. Never throws.
void reload_contact_messages(ContactViewState& state, app::ContactService& contact, const app::Actor& actor,
                             std::int64_t epoch);
// "2024-05-01 14:03 UTC"
std::string format_timestamp(const orm::Timestamp& time);

// Returns true if it wrote to the database in this frame.
bool draw_contact_view(ContactViewState& state, app::Services& services, StorageActions& actions, std::int64_t epoch);

} // namespace ui
