// What the platform host reports to the views and what it does for them: the save state, the storage
// figures, an import's progress, the storage actions, the versions. src/platform implements it; the
// views never see the browser. The views get it with the app's services (app/services.h):
//
//     ui::HostContext host{storage_status, storage_actions, {.sqlite = "3.53.2", .emscripten = "3.1.6"}};
//     ui::draw_app_view(view_state, services.get(), host); // services may be null while no database is open
#pragma once

#include <array>
#include <cstdint>
#include <string>

namespace ui {

// An import being readied a slice per frame (the data is untouched until the final swap).
struct ImportProgress {
    bool active = false;   // from the chosen file's staging until its swap, refusal or cancel
    std::string file;      // the name the person chose
    double progress = 0;   // 0 to 1
    bool swapping = false; // readied: waiting for the cross-tab write lock to replace the data
    // Staged and surveyed, waiting for the person's Replace (import_confirm.h): no row is read before.
    bool confirming = false;
    double file_bytes = 0; // the chosen file's size
    // The file's rows: users, pet handlers, pets, comments, contact messages (app::FileRows).
    std::array<std::int64_t, 5> file_rows{};
};

// What the host reports about persistence; the view only displays it.
struct StorageStatus {
    enum class Save { Saved, Saving, Failed };
    enum class Persistence { Unknown, Persistent, BestEffort };
    bool ready = false;         // the database is open
    Save save = Save::Saved;
    std::string save_error;     // why the last save failed
    std::string error;          // set if the database could not be opened
    bool damaged = false;       // `error` is about a damaged file: offer its export and a fresh start
    bool data_missing = false;  // `error` says the saved data was lost: offer an import and a fresh start
    bool out_of_space = false;  // the save failed for lack of space: `save_error` says so; offer an export
    int unsaved_changes = 0;    // changes not yet saved: while a save fails, what closing the tab would lose
    Persistence persistence = Persistence::Unknown; // navigator.storage.persist(): may the browser evict it?
    double usage_bytes = -1;    // navigator.storage.estimate(); -1 while unknown
    double quota_bytes = -1;
    double database_bytes = -1; // the database as stored (all its chunks); -1 while unknown
    std::string notice;         // the outcome of the last export, import or fresh start
    bool notice_is_error = false;
    bool notice_about_import = false; // the notice reports an import or its undo: shown over every tab
    bool notice_offers_undo = false;  // …an import that replaced the data: "Undo import" goes beside it
    // The data from before the last import is kept (platform/import_undo.h): offer "Undo import".
    bool undo_available = false;
    double undo_bytes = 0;
    std::int64_t data_version = 0; // grows when another tab or an import replaced the data: re-query
    std::int64_t data_replaced = 0; // grows when an import or its undo replaced all of it in this tab
    bool waiting_for_other_tab = false; // a write has waited over a second for another tab's save
    ImportProgress import;
};

// What the view asks of its host about storage. The host (src/platform) implements it; the view never
// sees the browser. Actions that take time report back through StorageStatus.
class StorageActions {
public:
    virtual ~StorageActions() = default;
    // True if the view may write in this frame: this tab holds the cross-tab write lock and its copy of
    // the database is the latest. Otherwise the host asks for the lock and the view keeps the write
    // pending and asks again next frame. A write without a true answer is refused by SQLite.
    virtual bool may_write() = 0;
    virtual void retry_save() = 0;          // after "Save failed": try again now
    virtual void export_database() = 0;     // download a consistent copy as registration.db
    virtual void import_database() = 0;     // ask for a .db file; replaces the data once it is verified
    virtual void cancel_import() = 0;       // stop the import in progress: the data stays exactly as it was
    virtual void confirm_import() = 0;      // the person said Replace: the import being confirmed goes ahead
    virtual void undo_import() = 0;         // bring back the data from before the last import, byte for byte
    virtual void discard_undo() = 0;        // drop that kept copy (it also goes with the next import)
    virtual void export_damaged_file() = 0; // download the damaged file's raw bytes
    virtual void start_fresh() = 0;         // keep the damaged file (or a lost one's remains) aside, start empty
    // Hands `bytes` to the person as a file download named `file_name` (a CSV export, say).
    virtual void save_file(const std::string& file_name, const std::string& mime_type, const std::string& bytes) = 0;
};

struct Versions {
    std::string sqlite;     // "3.53.2"
    std::string emscripten; // "3.1.6", or "" for a native build
};

// What the host offers the views besides the services. Both references must outlive the frame.
struct HostContext {
    const StorageStatus& storage;
    StorageActions& actions;
    Versions versions;
};

// The app's own version (CMake's project version) and Dear ImGui's.
const char* app_version();
const char* imgui_version();

} // namespace ui
