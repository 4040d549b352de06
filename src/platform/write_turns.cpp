#include "platform/write_turns.h"

namespace platform {

WriteTurns::WriteTurns(DatabaseHost& database, Host host) : database_(database), host_(std::move(host)) {}

bool WriteTurns::may_write() {
    if (active_) return true;
    if (!database_.database()) return false;
    if (!requested_) {
        requested_ = true;
        host_.request_turn();
    }
    return false;
}

host_codes::TurnState WriteTurns::state() const {
    if (active_) return host_codes::TurnState::Active;
    return requested_ ? host_codes::TurnState::Wanted : host_codes::TurnState::Idle;
}

bool WriteTurns::grant() {
    if (!database_.database()) {
        requested_ = false;
        return false;
    }
    database_.set_writable(true);
    active_ = true;
    commits_at_grant_ = commits_;
    return true;
}

void WriteTurns::end_frame() {
    if (!active_) return;
    const bool changed = revoke();
    host_.turn_finished(changed);
}

bool WriteTurns::revoke() {
    if (!active_) return false;
    active_ = false;
    requested_ = false;
    // A frame never ends inside a transaction (they are scoped), so the pragma cannot fail here for that.
    database_.set_writable(false);
    return commits_ != commits_at_grant_;
}

bool WriteTurns::run_writable(const std::function<void()>& work) {
    const long long before = commits_;
    database_.set_writable(true);
    try {
        work();
    } catch (...) {
        database_.set_writable(active_);
        throw;
    }
    database_.set_writable(active_);
    return commits_ != before;
}

void WriteTurns::reset() {
    active_ = false;
    database_.set_writable(false);
}

} // namespace platform
