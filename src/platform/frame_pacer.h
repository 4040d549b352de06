// Decides whether the host draws this frame. A frame costs the same whether anything changed or not (a
// whole Dear ImGui frame, and in a browser without a GPU a software-rendered canvas), so an idle page
// draws a few frames a second instead of sixty: CPU and battery stay low, and the JavaScript around the
// module (saving to IndexedDB) is not queued behind frames nobody needs.
//
//     FramePacer pacer;
//     if (!pacer.should_draw(now_seconds, person_acted, state_changed)) return; // skip this animation frame
//
// What happened is the host's to say. After the person acted (input, a resize) every frame is drawn
// for half a second, because Dear ImGui settles over frames (hover, focus, auto-sized windows, input it
// hands out a step per frame) and a person interacting expects 60 frames a second. (Three frames were
// tried: typing into fields then lost keys.) After the state changed on its own (a save finished, a
// write turn was granted) one frame shows it: IndexedDB delivers its events to this same thread between
// frames, so every frame drawn meanwhile delays a save or a load by its whole duration (25 ms each with
// software WebGL, measured: a 50 MB load took 27 s when frames were drawn throughout, one per record). Otherwise one frame every kIdleInterval keeps blinking
// cursors, tooltips and countdowns moving.
#pragma once

namespace platform {

class FramePacer {
  public:
    static constexpr int kFramesAfterActivity = 30; // half a second at 60 Hz
    static constexpr int kFramesAfterChange = 1;
    static constexpr double kIdleInterval = 0.25; // seconds between frames while nothing happens

    // `hold_idle`: skip idle frames for now (a save is in flight and a frame would delay it).
    bool should_draw(double now, bool activity, bool changed = false, bool hold_idle = false) {
        if (activity) frames_left_ = kFramesAfterActivity;
        else if (changed && frames_left_ < kFramesAfterChange) frames_left_ = kFramesAfterChange;
        const bool idle_frame_due = !hold_idle && (now - last_drawn_ >= kIdleInterval || now < last_drawn_);
        if (frames_left_ > 0 || idle_frame_due) {
            if (frames_left_ > 0) --frames_left_;
            last_drawn_ = now;
            return true;
        }
        return false;
    }

  private:
    int frames_left_ = kFramesAfterActivity; // the first frames are drawn
    double last_drawn_ = -1e9;
};

} // namespace platform
