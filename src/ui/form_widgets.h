// The pieces every form view shares: a labelled field with its message under it, headings, notices,
// DeferredWrite, which runs a write once its busy state has been drawn and the host grants a write turn,
// and PendingAction, which of a view's one-step writes is waiting for it.
#pragma once

#include "app/password_strength.h"
#include "app/text_rules.h"
#include "ui/host_interface.h"
#include "ui/theme.h"

#include <imgui.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ui {

// A write a view asked for. The host allows writes only during a *turn* (StorageActions::may_write), and
// a person should see "Registering…" before the frame that hashes a password, so:
//
//     if (ImGui::Button("Register")) state.write.request();
//     … draw the busy state while state.write.pending …
//     if (state.write.take(actions)) do_the_write();   // once, after drawing
struct DeferredWrite {
    bool pending = false;
    int frames_drawn = 0; // frames drawn since request(): the busy state is on screen once this is 1

    void request() {
        pending = true;
        frames_drawn = 0;
    }
    // True exactly once: on the first frame after the busy state was drawn in which a turn is granted.
    // Until then asks for a turn each frame and returns false.
    bool take(StorageActions& actions) {
        if (!pending) return false;
        if (frames_drawn++ < 1) return false;
        if (!actions.may_write()) return false;
        pending = false;
        return true;
    }
};

// Which of a view's one-step writes (each of its buttons that writes once: create a handler, add a pet;
// save or delete a row) waits for its turn, through a DeferredWrite. One at a time: the view is busy
// until it has run.
//
//     if (ImGui::Button("Add pet") && !state.pending.busy()) state.pending.request(Action::CreatePet);
//     action_button("Add pet", state.pending.is(Action::CreatePet), "Adding…");   // its busy label
//     if (const auto action = state.pending.take(actions)) run(*action);           // once, in the turn
template <class Action> struct PendingAction {
    std::optional<Action> action; // asked for, not yet run
    DeferredWrite write;

    bool busy() const { return write.pending; }
    bool is(Action which) const { return write.pending && action == which; }
    void request(Action which) {
        action = which;
        write.request();
    }
    void cancel() { *this = {}; }
    // The action, exactly once: when DeferredWrite::take grants its turn; then nothing is pending.
    std::optional<Action> take(StorageActions& actions) {
        if (!write.take(actions)) return std::nullopt;
        std::optional<Action> taken = action;
        action.reset();
        return taken;
    }
};

// Field label above, the field across `width` (0: the rest of the line), the message below in red.
// `id` must be unique in the window ("##register-username"); browser tests find the field by it.
// The field holds at most `max_characters` Unicode characters: text typed or pasted beyond that is cut
// (at a whole character) and a grey note under the field says so, so a 1 MB paste costs one frame and
// leaves a field the person can still read and fix. Returns true when Enter was pressed in the field.
// `autocomplete` names a credential field's purpose for the page ("username", "new-password": HTML's
// autocomplete tokens; ui::AccessibilityTree), so password managers know it.
bool form_field(const char* label, const char* id, std::string& value, const std::optional<std::string>& error,
                std::size_t max_characters, ImGuiInputTextFlags flags = 0, float width = 0.0f,
                const char* autocomplete = nullptr);
// A field without a label above it (a table's filter): `hint` shows while it is empty, `name` is what a
// screen reader calls it. Returns whether its text changed (with ImGuiInputTextFlags_EnterReturnsTrue in
// `flags`: whether Enter was pressed in it, or the page's mirror field changed it).
bool search_field(const char* id, const char* hint, const char* name, std::string& value, std::size_t max_characters,
                  ImGuiInputTextFlags flags = 0);
// Same, several lines tall; Enter inserts a line break, so it never submits.
void form_multiline_field(const char* label, const char* id, std::string& value,
                          const std::optional<std::string>& error, std::size_t max_characters, float lines = 5.0f,
                          float width = 0.0f);
// Text the host received for the focused field but refused whole (a NUL character or invalid UTF-8: what
// a lone UTF-16 surrogate becomes; src/platform/browser_text_input.cpp): the field with the keyboard focus
// in the next frame shows the field's message ("Username must not contain a NUL character.") under it
// until it is edited. A field cannot hold a NUL at all (Dear ImGui's buffer is a C string), so without
// this the text after it would be lost without a word.
void refuse_field_input(app::TextProblem problem);
// The message a field shows for refused input, or empty (for the browser tests' state).
const std::string& refused_field_input();
// `text` cut to at most `max_characters` Unicode characters (whole UTF-8 sequences); whether it was cut.
bool cut_to_characters(std::string& text, std::size_t max_characters);

std::string grouped(std::int64_t count);          // 100002 → "100,002": counts a person reads
void heading(const char* text);                  // a section title, with space above
void hint(const char* text);                     // grey, wrapped
void error_message(const std::string& text);     // red, wrapped
void success_message(const std::string& text);   // green, wrapped
// The meter under a new-password field: zxcvbn's verdict, asked again only after the field or its
// context (username, email) changed, and once the estimator can answer (it may still be loading).
struct PasswordMeter {
    std::optional<app::PasswordStrength> verdict; // none while the password is empty
    bool stale = false;

    void changed() { stale = true; }
    // Returns whether a new verdict arrived in this call.
    bool refresh(const app::PasswordStrengthEstimator& estimator, const std::string& password,
                 const std::vector<std::string>& context);
    // A bar of the score and its name ("Strength: Somewhat guessable"), red below
    // app::kMinimumPasswordScore, green from there; for an accepted password, zxcvbn's first suggestion.
    void draw(float width) const;
};

// --- Narrow windows (a phone) ---
// True when the app's window is narrower than about 700 CSS pixels (measured in font sizes, so it holds at
// any devicePixelRatio and page zoom): the views reflow (tabs wrap, the record detail goes under its
// table, the status bar wraps).
bool narrow_layout();
// Tabs as buttons that wrap onto more lines, each with its whole label, at least 44 CSS pixels tall
// (a finger's size), for narrow windows, where a tab bar would cut the labels ("Regis…"). `active` is
// drawn selected. Returns the index tapped, or -1.
int wrapping_tabs(const char* const* labels, int count, int active);
// SameLine() if an item `width` wide still fits on this line, else a new line.
void same_line_if_fits(float width);

// A button that shows `busy_label` and ignores clicks while `busy`.
bool action_button(const char* label, bool busy = false, const char* busy_label = nullptr);

} // namespace ui
