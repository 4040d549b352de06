// When this copy of the database may be written, for a host where other copies write too (browser tabs).
//
// A write needs a *turn*. The host grants one only while it holds the cross-tab write lock and this
// copy is the latest (see README, "Persistence"); a turn lasts until the end of the next frame, then the
// host persists what changed and releases the lock. Between turns the database refuses writes
// (DatabaseHost::set_writable), so a write that did not wait for its turn fails loudly instead of
// overwriting another tab's work.
//
// The view's side is one call: `if (pending && turns.may_write()) { write; pending = false; }` each
// frame. Host-independent: the browser glue is in web_storage.cpp and host_library.js.
#pragma once

#include "platform/database_host.h"
#include "platform/host_codes.h"

#include <functional>

namespace platform {

class WriteTurns {
public:
    struct Host {
        std::function<void()> request_turn;              // ask for a turn; grant() answers later
        std::function<void(bool changed)> turn_finished; // a turn ended: persist if changed, release
    };
    WriteTurns(DatabaseHost& database, Host host);

    // --- For the view -------------------------------------------------------------------------------
    // True during a granted turn: write now. Otherwise asks for a turn (once) and returns false: keep
    // the write pending and ask again next frame. False without asking if no database is open.
    bool may_write();
    bool waiting() const { return requested_ && !active_; } // asked, not granted yet

    // --- For the host -------------------------------------------------------------------------------
    // The one record of the turn, which the browser host reads (seed_storage_turn_state) rather than
    // keeping its own: Active during a granted turn, Wanted once may_write() asked, Idle otherwise.
    host_codes::TurnState state() const;
    // The lock is held and the copy is the latest: writes are allowed until end_frame(). Returns false,
    // granting nothing, if no database is open (the host then releases the lock itself).
    bool grant();
    // Call after every frame. Ends a granted turn and reports turn_finished(changed).
    void end_frame();
    // Ends a granted turn at once, without turn_finished; returns whether it changed anything. For when
    // frames stopped (hidden page) or the host must close the database.
    bool revoke();
    // Runs `work` with writes allowed, for what the host itself does under the lock (opening, migrating,
    // importing). Returns whether anything was committed. Afterwards writes are refused again (unless a
    // turn is active), also when `work` throws; its exceptions propagate. `work` may reopen the database.
    bool run_writable(const std::function<void()>& work);
    // The database was closed or reopened: no turn is active and writes are refused. A request made
    // before stays: the view that asked still waits, and its turn is granted on the reopened copy.
    void reset();
    // Connect to DatabaseHost's commit listener.
    void note_commit() { ++commits_; }

    bool active() const { return active_; }

private:
    DatabaseHost& database_;
    Host host_;
    bool requested_ = false;
    bool active_ = false;
    long long commits_ = 0;
    long long commits_at_grant_ = 0;
};

} // namespace platform
