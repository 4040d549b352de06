// An idle page draws a few frames a second; activity brings back every frame for a while.
#include "platform/frame_pacer.h"

#include <doctest/doctest.h>

namespace {

// Frames drawn out of `frames` animation frames at 60 per second starting at `start`.
int drawn(platform::FramePacer& pacer, double start, int frames, bool activity_first = false) {
    int count = 0;
    for (int i = 0; i < frames; ++i)
        count += pacer.should_draw(start + i / 60.0, activity_first && i == 0) ? 1 : 0;
    return count;
}

} // namespace

TEST_CASE("idle: about four frames a second; activity: every frame, then idle again") {
    platform::FramePacer pacer;
    const int start = drawn(pacer, 0.0, 60); // start-up: every frame for half a second, then idle
    CHECK(start >= platform::FramePacer::kFramesAfterActivity);
    CHECK(start <= platform::FramePacer::kFramesAfterActivity + 3);
    const int idle = drawn(pacer, 10.0, 600); // ten idle seconds
    CHECK(idle >= 38);
    CHECK(idle <= 41);
    CHECK(drawn(pacer, 30.0, platform::FramePacer::kFramesAfterActivity, true) == platform::FramePacer::kFramesAfterActivity);
    // Activity every frame keeps every frame drawn.
    for (int i = 0; i < 120; ++i)
        CHECK(pacer.should_draw(40.0 + i / 60.0, true));
}

TEST_CASE("a change of state without input draws one frame, not half a second") {
    platform::FramePacer pacer;
    drawn(pacer, 0.0, 120); // past the start-up frames
    int count = 0;
    for (int i = 0; i < 10; ++i)
        count += pacer.should_draw(10.0 + i / 60.0, false, i == 0) ? 1 : 0;
    CHECK(count == platform::FramePacer::kFramesAfterChange);
}

TEST_CASE("idle frames wait while they are held; activity is drawn all the same") {
    platform::FramePacer pacer;
    drawn(pacer, 0.0, 120);
    CHECK_FALSE(pacer.should_draw(10.0, false, false, true)); // an idle frame was due, but held
    CHECK(pacer.should_draw(10.1, true, false, true));        // input is drawn
    CHECK(pacer.should_draw(20.0, false, false, false));      // released: the due idle frame comes
}
