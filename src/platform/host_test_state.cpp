#include "platform/host_test_state.h"

#include "platform/json_text.h"
#include "ui/storage_panel.h"

#include <cmath>

namespace platform {

std::string host_test_state(const HostFacts& facts) {
    static const char* const save_states[] = {"saved", "saving", "failed"};
    static const char* const persistence[] = {"unknown", "persistent", "best-effort"};
    const ui::StorageStatus& storage = facts.storage;
    const auto text = json_string;
    auto flag = [](bool value) { return std::string(value ? "true" : "false"); };
    auto whole = [](double value) { return std::to_string(static_cast<long long>(value)); };
    return "\"ready\":" + flag(storage.ready) + ",\"framesDrawn\":" + std::to_string(facts.frames_drawn) +
           ",\"inputQueued\":" + std::to_string(facts.input_queued) +
           ",\"pendingWrites\":" + std::to_string(facts.pending_writes) +
           ",\"waitingForTurn\":" + flag(facts.waiting_for_turn) +
           ",\"waitingForOtherTab\":" + flag(storage.waiting_for_other_tab) + ",\"saveState\":\"" +
           save_states[static_cast<int>(storage.save)] + "\"" + ",\"saveError\":" + text(storage.save_error) +
           ",\"unsavedChanges\":" + std::to_string(storage.unsaved_changes) +
           ",\"saveStatus\":" + text(ui::describe_save_state(storage)) +
           ",\"openError\":" + flag(!storage.error.empty()) + ",\"error\":" + text(storage.error) +
           ",\"damaged\":" + flag(storage.damaged) + ",\"dataVersion\":" + std::to_string(storage.data_version) +
           ",\"persistence\":\"" + persistence[static_cast<int>(storage.persistence)] + "\"" +
           ",\"usage\":" + whole(storage.usage_bytes) + ",\"quota\":" + whole(storage.quota_bytes) +
           ",\"notice\":" + text(storage.notice) + ",\"noticeIsError\":" + flag(storage.notice_is_error) +
           ",\"undoAvailable\":" + flag(storage.undo_available) +
           ",\"import\":{\"active\":" + flag(storage.import.active) + ",\"file\":" + text(storage.import.file) +
           ",\"progress\":" + std::to_string(storage.import.progress) +
           ",\"swapping\":" + flag(storage.import.swapping) + ",\"confirming\":" + flag(storage.import.confirming) +
           ",\"fileBytes\":" + whole(storage.import.file_bytes) +
           ",\"shown\":" + text(storage.import.active ? ui::describe_import(storage.import) : std::string()) + "}" +
           ",\"glyphs\":{\"font\":" + std::to_string(facts.glyph_font) +
           ",\"fetches\":" + std::to_string(facts.glyph_fetches) + ",\"asked\":" + std::to_string(facts.glyphs_asked) +
           ",\"waiting\":" + std::to_string(facts.glyphs_waiting) +
           ",\"rebuildMs\":" + std::to_string(static_cast<int>(std::lround(facts.glyph_rebuild_ms))) + "}";
}

} // namespace platform
