// Changing the row selected in the record browser: the detail panel's Edit (users, pet handlers and pets,
// with the same rules and messages as the forms that create them) and Delete… (every table, after a
// confirmation dialog). Comments and contact messages are someone's words: they can be deleted, not
// rewritten. The state is separate from drawing so it can be tested without a GPU.
#pragma once

#include "app/record_query_service.h"
#include "ui/form_widgets.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace app {
class Services;
}

namespace ui {

struct RecordEditField {
    std::string label; // "Username"
    std::string id;    // "##edit-username": unique, and how browser tests find the field
    std::string value;
    std::optional<std::string> error;
    std::size_t max_characters = 0;
};

struct RecordEditorState {
    enum class Mode { Viewing, Editing, ConfirmingDelete };
    enum class Action { Save, Delete };
    Mode mode = Mode::Viewing;
    app::RecordTable table = app::RecordTable::Users;
    std::int64_t id = 0;
    std::string what;                   // "user “peter”": what the confirmation and notices name
    std::vector<RecordEditField> fields; // while editing
    std::string problem;                // about the row itself (gone, still has pets) or a database failure
    std::string notice;                 // "Saved user “pete”." after the last action
    PendingAction<Action> pending; // Save or Delete, waiting for its write turn
    bool focus_first_field = false;
    bool open_confirmation = false;     // the dialog opens in the next frame
};

// What a completed action changed, for the browser to follow (a deleted row is no longer selected).
struct RecordChange {
    bool wrote = false;
    bool deleted = false;
};

bool is_editable(app::RecordTable table);
// "user “peter”", "pet handler “Ann”", "this comment"… from the row's detail fields (label, value).
std::string describe_record(app::RecordTable table, const std::vector<std::pair<std::string, std::string>>& fields);

// Opens the edit form for row `id` with its current stored values. Never throws: a failure is `problem`.
void begin_edit(RecordEditorState& state, app::RecordTable table, std::int64_t id, app::Services& services);
// Asks for confirmation before deleting row `id`, named `what`.
void begin_delete(RecordEditorState& state, app::RecordTable table, std::int64_t id, std::string what);
// Back to viewing, nothing changed.
void cancel_edit(RecordEditorState& state);
// Save or Delete pressed: the action runs at the next write turn (complete_record_action).
void request_record_action(RecordEditorState& state, RecordEditorState::Action action);
// Runs `action` (in its write turn). Field problems go to the fields, the row's to `problem`; on success the
// editor is back to viewing with a `notice`. Keeps the signed-in session true to the data: editing the
// signed-in user renames the session, deleting them signs them out. Never throws.
RecordChange complete_record_action(RecordEditorState& state, RecordEditorState::Action action, app::Services& services);

// In the detail panel of row `id` (described by `detail_fields`): the Edit / Delete… buttons, or the edit
// form while that row is being edited, and the last action's problem or notice.
void draw_record_editor(RecordEditorState& state, app::RecordTable table, std::int64_t id,
                        const std::vector<std::pair<std::string, std::string>>& detail_fields, app::Services& services);
// Once a frame, whatever is selected: the confirmation dialog while it is open, and the pending action
// when its write turn comes. Returns what that changed.
RecordChange run_record_editor(RecordEditorState& state, app::Services& services, StorageActions& actions);
// Whether the detail panel of row `id` shows the edit form instead of the stored values.
inline bool is_editing(const RecordEditorState& state, app::RecordTable table, std::int64_t id) {
    return state.mode == RecordEditorState::Mode::Editing && state.table == table && state.id == id;
}

} // namespace ui
