// The browser host's storage: the database file kept in IndexedDB by web/host_library.js, write turns
// across tabs, export and import, and the damaged-file actions, offered to the views as ui::StorageActions.
//
// host_library.js drives it between frames (never inside one, so never inside a transaction): it opens
// and reopens the database under the cross-tab write lock, grants write turns, and reports the save
// state. This class holds the C++ side of each of those steps; the protocol is in README "Persistence".
#pragma once

#include "platform/database_host.h"
#include "platform/host_codes.h"
#include "platform/import_undo.h"
#include "platform/staged_import.h"
#include "platform/write_turns.h"
#include "ui/host_interface.h"

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace platform {

class WebStorage final : public ui::StorageActions {
public:
    struct AppHooks {
        std::function<void(orm::Database&)> opened; // create the app's services (may write: schema)
        std::function<void()> closing;              // destroy them: the database is about to close
    };
    // `directory` is the IndexedDB-backed mount, `database_path` the file in it. One instance per page.
    WebStorage(std::string directory, std::string database_path, AppHooks hooks);
    ~WebStorage() override;

    // Mounts the storage and loads the latest copy; the database opens a few frames later.
    void start();
    // Call after every frame: ends a write turn, which then gets saved.
    void end_frame() { turns_.end_frame(); }
    // Call once every animation frame, drawn or not: about `budget` of the import's work, if one runs.
    // Once it is readied, host_library.js is told (seed_storage_import_ready) and swaps it in under the
    // lock (finish_import); a refusal found on the way ends it (seed_storage_import_ended) with the same
    // notice as a refusal at the start. Never throws.
    void step_import(std::chrono::microseconds budget);
    bool importing() const { return staged_ != nullptr; }
    const ui::StorageStatus& status() const { return status_; }
    const WriteTurns& turns() const { return turns_; }
    // The app's side of an import (app::DatabaseImport): it copies the chosen file's rows into a fresh
    // database, which then replaces the data. Without one, nothing can be imported.
    void set_import_work(StagedImport::WorkFactory make_work) { import_work_ = std::move(make_work); }

    // --- ui::StorageActions ---------------------------------------------------------------------------
    bool may_write() override { return turns_.may_write(); }
    void retry_save() override;
    void export_database() override;
    void import_database() override;
    void cancel_import() override;
    void confirm_import() override;
    void undo_import() override;
    void discard_undo() override;
    void export_damaged_file() override;
    void start_fresh() override;
    void save_file(const std::string& file_name, const std::string& mime_type, const std::string& bytes) override;

    // --- Steps host_library.js runs (through the extern "C" functions in web_storage.cpp) -------------
    bool begin_turn() { return turns_.grant(); }   // the lock is held with the latest copy
    bool revoke_turn() { return turns_.revoke(); } // frames stopped: end the turn now; true if it wrote
    using OpenReason = host_codes::OpenReason;
    using OpenOutcome = host_codes::OpenOutcome;
    // Closes, then opens the file now in the mount and creates the app's services. Under the lock.
    OpenOutcome open(OpenReason reason);
    void close();
    void storage_unavailable(const std::string& reason);
    // Stages the file at `candidate` (a private copy beside the data) for import: its header checked, its
    // schema surveyed, a fresh database of ours created beside it; step_import() then copies its rows a
    // slice per frame. The data is not touched, so no lock is needed. "" once started, else the reason (the
    // notice says it; the candidate is removed).
    // `confirm`: the person chose the file, so nothing is read until they say Replace (confirm_import());
    // window.registry.importDb's bytes go ahead at once.
    std::string begin_import(const std::string& candidate, const std::string& display_name, bool confirm);
    // Replaces the data by the readied import, keeping the data it replaces for "Undo import" (kept before
    // the replace; import_undo.h says why that order never loses both); "" on success, else the reason (the
    // data is unchanged then). Under the lock; the caller saves if it succeeded.
    std::string finish_import();
    // Brings back the data from before the last import (import_undo.h), byte for byte; "" on success, else
    // the reason (nothing changed then). Under the lock; the caller saves if it succeeded.
    std::string undo_import_now();
    // Drops the kept copy. Returns whether it did. Under the lock; the caller saves if it did.
    bool discard_undo_now();
    // After a damaged open, or a loss (data_missing): keeps the file, or what is left of it, aside and
    // starts an empty database. Returns whether it did (false: another tab has done it already, or it
    // failed, which the notice says). Under the lock; the caller saves both files.
    bool start_fresh_now();
    // host_library found that IndexedDB holds less than this browser saved (`details` says what): nothing
    // is opened; the window offers to import a backup, or to start fresh on the person's choice.
    void data_missing(const std::string& details);
    // `unsaved_changes`: committed in this tab, not yet in IndexedDB (what leaving now would lose).
    void save_state_changed(host_codes::SaveState state, const std::string& message, int unsaved_changes);
    void space_changed(host_codes::Persistence persistence, double usage, double quota);
    void show_notice(std::string text, bool is_error) { set_notice(std::move(text), is_error); }
    void waiting_changed(bool waiting) { status_.waiting_for_other_tab = waiting; }
    // A consistent copy of the database for window.registry.exportDb(); empty if none is open.
    const std::vector<unsigned char>& snapshot_for_console();
    // {"table": rows, …} for window.registry.counts().
    std::string table_counts();

private:
    void set_notice(std::string text, bool is_error);
    void update_database_size();
    // Downloads what `read` returns as `file_name`; the notice says `done` and the size, or why not.
    void download_copy(const std::function<std::vector<unsigned char>()>& read, const char* file_name,
                       const std::string& done);

    std::string directory_;
    std::string database_path_;
    AppHooks hooks_;
    DatabaseHost database_;
    WriteTurns turns_;
    // Ends the import in progress (refused or cancelled): the staged files go, the notice says `notice`,
    // host_library.js is told `problem`.
    void end_import(const std::string& notice, bool is_error, const std::string& problem);
    std::string refuse_import(const std::string& display_name, const std::string& problem);

    void update_undo_status(); // status_.undo_available and undo_bytes, from the kept copy
    // After a replace (import, undo) reopened a database, or none: the app's services on it. Returns
    // `problem`, or if that is empty why the services could not start.
    std::string start_services(std::string problem);

    ImportUndo undo_;
    StagedImport::WorkFactory import_work_;
    std::unique_ptr<StagedImport> staged_; // the import in progress, or null
    std::string import_name_;              // its file, as the person chose it
    ui::StorageStatus status_;
    std::vector<unsigned char> console_snapshot_;
};

} // namespace platform
