// Decides whether the host draws this frame. A frame costs the same whether anything changed or not (a
// whole Dear ImGui frame, and in a browser without a GPU a software-rendered canvas), so an idle page
// draws a few frames a second instead of sixty: CPU and battery stay low, and the JavaScript around the
// module (saving to IndexedDB) is not queued behind frames nobody needs.
//
//     FramePacer pacer;
//     if (!pacer.should_draw(now_seconds, something_happened)) return; // skip this animation frame
//
// "Something happened" is the host's to say: input, a resize, a changed save state, a granted write
// turn. After it, every frame is drawn for half a second, because Dear ImGui settles over frames (hover,
// focus, auto-sized windows, input it hands out a step per frame) and a person interacting expects 60
// frames a second; without it, one frame every kIdleInterval keeps blinking cursors, tooltips and
// countdowns moving. (Three frames after activity were tried: typing into fields then lost keys.)
#pragma once

namespace platform {

class FramePacer {
  public:
    static constexpr int kFramesAfterActivity = 30; // half a second at 60 Hz
    static constexpr double kIdleInterval = 0.25; // seconds between frames while nothing happens

    bool should_draw(double now, bool activity) {
        if (activity) frames_left_ = kFramesAfterActivity;
        if (frames_left_ > 0 || now - last_drawn_ >= kIdleInterval || now < last_drawn_) {
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
