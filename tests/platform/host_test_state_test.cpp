// The host's part of the state the browser tests read: what a person sees of saving and storage, with
// every text arriving as it is (a quote, a NUL), and the figures the tests wait on.
#include "platform/host_test_state.h"

#include <doctest/doctest.h>

#include <string>

namespace {

bool has(const std::string& json, const std::string& part) { return json.find(part) != std::string::npos; }

} // namespace

TEST_CASE("a failed save reads as the person sees it, its reason quoted exactly") {
    ui::StorageStatus storage;
    storage.ready = true;
    storage.save = ui::StorageStatus::Save::Failed;
    storage.save_error = std::string("the disk said \"no\"\0!", 20);
    storage.unsaved_changes = 2;
    platform::HostFacts facts{storage};
    facts.frames_drawn = 41;
    facts.pending_writes = 3;
    const std::string json = platform::host_test_state(facts);
    CHECK(json.rfind("\"ready\":true,\"framesDrawn\":41,", 0) == 0);
    CHECK(has(json, "\"pendingWrites\":3,"));
    CHECK(has(json, "\"saveState\":\"failed\",\"saveError\":\"the disk said \\\"no\\\"\\u0000!\""));
    CHECK(has(json, "\"unsavedChanges\":2,"));
    CHECK(has(json, "\"saveStatus\":\"Save failed: the disk said \\\"no\\\"\\u0000! 2 changes are not saved yet.\""));
    CHECK(has(json, "\"openError\":false,"));
    CHECK(has(json, "\"usage\":-1,\"quota\":-1,")); // not known yet
    CHECK(has(json, "\"import\":{\"active\":false,"));
    CHECK(has(json, "\"shown\":\"\"}")); // no import, nothing shown
}

TEST_CASE("an import in progress, a damaged file and the CJK font's figures") {
    ui::StorageStatus storage;
    storage.error = "file is not a database";
    storage.damaged = true;
    storage.persistence = ui::StorageStatus::Persistence::BestEffort;
    storage.import.active = true;
    storage.import.file = "tutorial.db";
    storage.import.progress = 0.426;
    storage.import.file_bytes = 81920.7;
    platform::HostFacts facts{storage};
    facts.glyph_font = 2;
    facts.glyph_fetches = 1;
    facts.glyphs_asked = 514;
    facts.glyph_rebuild_ms = 85.6;
    const std::string json = platform::host_test_state(facts);
    CHECK(has(json, "\"ready\":false,"));
    CHECK(has(json, "\"openError\":true,\"error\":\"file is not a database\",\"damaged\":true,"));
    CHECK(has(json, "\"persistence\":\"best-effort\","));
    CHECK(has(json, "\"fileBytes\":81920,"));
    CHECK(has(json, "\"shown\":\"Importing tutorial.db \xe2\x80\xa6 42%\"}"));
    CHECK(has(json, "\"glyphs\":{\"font\":2,\"fetches\":1,\"asked\":514,\"waiting\":0,\"rebuildMs\":86}"));
}
