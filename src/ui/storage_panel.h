// The database's panel (the Home tab and the start-up screen): SQLite's version, the save state, the
// storage figures and actions (export, import; export and start fresh for a damaged database, import a
// backup for a lost one), and the words for them that other views reuse.
#pragma once

#include "ui/host_interface.h"

#include <string>

namespace ui {

// 1234567 → "1.2 MB" (powers of 1000, as the browser's storage figures).
std::string format_bytes(double bytes);
// "Saved", "Saving…", "Save failed: <reason>", or the out-of-space sentence alone.
std::string describe_save_state(const StorageStatus& storage);
// "Storage: persistent · 1.2 MB used of 10 GB the browser allows", or with "not persistent (the browser
// may clear it)"; after a save failed for space, "the device is full" instead of the browser's figure.
std::string describe_storage_space(const StorageStatus& storage);

// "Importing tutorial.db … 42%"
std::string describe_import(const ImportProgress& import);
// While an import runs: a modal window over the app with the file's name, a progress bar and Cancel
// (the rest of the app waits: the data it shows is about to be replaced). Draws nothing otherwise.
void draw_import_progress(const StorageStatus& storage, StorageActions& actions);

// The panel inside the current window. `app_open`: the app's services stand on the database, so an
// import's report is shown over every tab (import_report.h) rather than here.
void draw_storage_panel(const StorageStatus& storage, StorageActions& actions, const std::string& sqlite_version,
                        bool app_open);

} // namespace ui
