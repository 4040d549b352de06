// The walking skeleton's one window: SQLite's version, a persisted counter and the save state.
#pragma once

#include <string>

namespace app {
class CounterService;
}

namespace ui {

// What the host reports about persistence; the view only displays it.
struct StorageStatus {
    enum class Save { Saved, Saving, Failed };
    bool ready = false;         // the database is open
    Save save = Save::Saved;
    std::string save_error;     // why the last save failed
    std::string error;          // set if the database could not be opened
};

// "Saved", "Saving…" or "Save failed: <reason>".
std::string describe_save_state(const StorageStatus& storage);

struct SkeletonViewState {
    std::string last_error; // shown under the button until the next success
};

void draw_skeleton_view(SkeletonViewState& state, app::CounterService* counter, const StorageStatus& storage,
                        const std::string& sqlite_version);

} // namespace ui
