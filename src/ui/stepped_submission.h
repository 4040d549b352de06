// A form's submission whose service call comes in steps, as registering, logging in and changing a
// password do: the service's start (it checks, and may refuse), its Argon2 work a slice a frame so the
// tab keeps drawing, then its finish in a write turn once the busy state has been drawn (DeferredWrite).
//
//     if (Submit pressed && the form's own rules pass) state.login.submit();
//     state.login.advance([&] { return start_or_refuse(); },          // std::optional<Pending>
//                         [&](Pending& p) { return p.step(budget); }); // true once the work is done
//     if (state.login.write.take(actions)) state.login.finish([&](Pending& p) { … service finish … });
#pragma once

#include "ui/form_widgets.h"

#include <optional>
#include <utility>

namespace ui {

template <class Pending> struct SteppedSubmission {
    bool submitted = false;         // from submit() until the stepped work is done (or refused, or failed)
    std::optional<Pending> pending; // what the service's start handed over, until finish()
    DeferredWrite write;            // the finish waits for a write turn

    // Between submit and the stored answer: the form is locked meanwhile.
    bool busy() const { return submitted || write.pending; }
    // Whether the service still needs what the form holds (the password) for a step or the finish.
    bool needs_input() const { return submitted || pending.has_value(); }

    void submit() {
        submitted = true;
        pending.reset();
    }

    // Once a frame while submitted. `start()` returns the service's pending work, or std::nullopt when it
    // refused (it has recorded why); `step(pending)` advances it by a frame's budget and returns whether it
    // is done; then the write turn is asked for. Returns whether frames are still needed. An exception
    // ends the submission and propagates, for the view to say what failed.
    template <class Start, class Step> bool advance(Start&& start, Step&& step) {
        if (!submitted) return false;
        try {
            if (!pending) {
                std::optional<Pending> started = start();
                if (!started) {
                    submitted = false;
                    return false;
                }
                pending.emplace(std::move(*started));
                return true; // this frame started it; the work begins in the next
            }
            if (!step(*pending)) return true;
            submitted = false;
            write.request();
            return false;
        } catch (...) {
            submitted = false;
            pending.reset();
            throw;
        }
    }

    // In the write turn: hands the pending work to `finish`, then it is gone (also when `finish` throws).
    // Nothing happens when nothing is pending.
    template <class Finish> void finish(Finish&& finish_work) {
        if (!pending) return;
        struct Forget {
            std::optional<Pending>& pending;
            ~Forget() { pending.reset(); }
        } forget{pending};
        finish_work(*pending);
    }
};

} // namespace ui
