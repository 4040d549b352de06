// What the browser tests read of the host (Module._seed_test_state(), beside ui::view_test_state): the
// save and storage state as the person sees it, the frame and input counters the tests wait on, an
// import's progress and the CJK font's. Built from plain values so it is tested natively; the browser
// host gathers them each time a test asks.
//
//     platform::HostFacts facts{storage};
//     facts.frames_drawn = host.frames_drawn;
//     json = "{" + platform::host_test_state(facts) + "," + ui::view_test_state(view, services) + "}";
#pragma once

#include "ui/host_interface.h"

#include <cstddef>
#include <cstdint>
#include <string>

namespace platform {

struct HostFacts {
    const ui::StorageStatus& storage;
    std::int64_t frames_drawn = 0;  // a frame after the input queue emptied shows its effect
    int input_queued = 0;           // Dear ImGui's input events not yet taken by a frame
    std::size_t pending_writes = 0; // window.registry.register() calls queued, not yet run
    bool waiting_for_turn = false;  // a write turn was asked for and not yet granted
    int glyph_font = 0;             // the CJK font's state (host_library_glyph_font.js)
    int glyph_fetches = 0;          // how often it was fetched
    std::size_t glyphs_asked = 0;   // CJK characters asked for so far
    std::size_t glyphs_waiting = 0; // …drawn without a glyph yet
    double glyph_rebuild_ms = 0;    // the last atlas rebuild for them
};

// The members of a JSON object without its braces: "ready":true,"framesDrawn":12,…,"glyphs":{…}. Text
// goes through json_string (json_text.h), so a NUL or a quote in an error arrives as it is.
std::string host_test_state(const HostFacts& facts);

} // namespace platform
