#include "ui/record_editor.h"

#include "ui/accessibility_tree.h"
#include "app/services.h"

#include "app/registration_rules.h"

#include <imgui.h>

#include <cctype>
#include <iterator>
#include <exception>

namespace ui {

namespace {

constexpr const char* kConfirmTitle = "Delete this record?";

std::string field_value(const std::vector<std::pair<std::string, std::string>>& fields, const char* label) {
    for (const auto& [name, value] : fields)
        if (name == label) return value;
    return {};
}

std::string quoted(const std::string& text) { return "\xe2\x80\x9c" + text + "\xe2\x80\x9d"; }

RecordEditField field(const char* label, const char* id, std::string value, std::size_t max_characters) {
    return RecordEditField{label, id, std::move(value), std::nullopt, max_characters};
}

void finish(RecordEditorState& state, std::string notice) {
    state.mode = RecordEditorState::Mode::Viewing;
    state.fields.clear();
    state.problem.clear();
    state.notice = std::move(notice);
}

using DetailFields = std::vector<std::pair<std::string, std::string>>;

// --- What the editor does with each table's rows -----------------------------------------------------
// Each returns the refusal (a field's or the row's problem is set in `state`), or nothing on success.

std::vector<RecordEditField> load_user(app::Services& services, std::int64_t id, std::string& problem) {
    const auto user = services.users.find_user(id);
    if (!user) {
        problem = app::kUserGone;
        return {};
    }
    return {field("Username", "##edit-username", user->username, app::kUsernameMaxCharacters),
            field("Email", "##edit-email", user->email, app::kEmailMaxCharacters)};
}

RecordChange save_user(RecordEditorState& state, app::Services& services) {
    auto& f = state.fields;
    auto result = services.users.edit_user(services.authentication.actor(), state.id, {f[0].value, f[1].value});
    f[0].error = result.errors.username;
    f[1].error = result.errors.email;
    state.problem = result.errors.permission.value_or(result.errors.user.value_or(""));
    if (!result.ok()) return {};
    const auto& signed_in = services.authentication.current_user();
    if (signed_in && signed_in->id == state.id) services.authentication.resume(*result.value);
    finish(state, "Saved user " + quoted(result.value->username) + ".");
    return {.wrote = true};
}

std::optional<std::string> remove_user(const RecordEditorState& state, app::Services& services) {
    const app::UserErrors errors = services.users.delete_user(services.authentication.actor(), state.id);
    if (errors.permission) return errors.permission;
    if (errors.user) return errors.user;
    const auto& signed_in = services.authentication.current_user();
    if (signed_in && signed_in->id == state.id) services.authentication.logout();
    return std::nullopt;
}

std::vector<RecordEditField> load_handler(app::Services& services, std::int64_t id, std::string& problem) {
    const auto handler = services.pets.find_handler(id);
    if (!handler) {
        problem = app::kHandlerGone;
        return {};
    }
    return {field("Name", "##edit-handler-name", handler->handler_name, app::kHandlerNameMaxCharacters)};
}

RecordChange save_handler(RecordEditorState& state, app::Services& services) {
    auto result = services.pets.rename_handler(state.id, state.fields[0].value);
    state.fields[0].error = result.errors.handler_name;
    state.problem = result.errors.handler.value_or("");
    if (!result.ok()) return {};
    finish(state, "Saved pet handler " + quoted(result.value->handler_name) + ".");
    return {.wrote = true};
}

std::vector<RecordEditField> load_pet(app::Services& services, std::int64_t id, std::string& problem) {
    const auto pet = services.pets.find_pet(id);
    if (!pet) {
        problem = app::kPetGone;
        return {};
    }
    return {field("Name", "##edit-pet-name", pet->pet_name, app::kPetNameMaxCharacters),
            field("Category", "##edit-pet-category", pet->pet_category, app::kPetCategoryMaxCharacters)};
}

RecordChange save_pet(RecordEditorState& state, app::Services& services) {
    auto& f = state.fields;
    auto result = services.pets.edit_pet(state.id, {f[0].value, f[1].value});
    f[0].error = result.errors.pet_name;
    f[1].error = result.errors.pet_category;
    state.problem = result.errors.pet.value_or(result.errors.handler.value_or(""));
    if (!result.ok()) return {};
    finish(state, "Saved pet " + quoted(result.value->pet_name) + ".");
    return {.wrote = true};
}

struct TableEditing {
    app::RecordTable table;
    std::string (*describe)(const DetailFields& fields); // "user “peter”": what notices and the dialog say
    const char* delete_note;                             // said in the confirmation too, or nullptr
    // Set for the tables whose rows can be edited (users, handlers, pets: comments and messages are
    // someone's words): the form's fields with the stored values (or `problem`), and the save.
    std::vector<RecordEditField> (*load)(app::Services& services, std::int64_t id, std::string& problem);
    RecordChange (*save)(RecordEditorState& state, app::Services& services);
    std::optional<std::string> (*remove)(const RecordEditorState& state, app::Services& services);
};

// One entry per app::RecordTable, in the enum's order (checked below).
constexpr TableEditing kEditing[] = {
    {app::RecordTable::Users, [](const DetailFields& f) { return "user " + quoted(field_value(f, "Username")); },
     nullptr, load_user, save_user, remove_user},
    {app::RecordTable::PetHandlers,
     [](const DetailFields& f) { return "pet handler " + quoted(field_value(f, "Name")); }, nullptr, load_handler,
     save_handler,
     [](const RecordEditorState& state, app::Services& services) { return services.pets.delete_handler(state.id).handler; }},
    {app::RecordTable::Pets, [](const DetailFields& f) { return "pet " + quoted(field_value(f, "Name")); },
     "Its comments are deleted with it.", load_pet, save_pet,
     [](const RecordEditorState& state, app::Services& services) { return services.pets.delete_pet(state.id).pet; }},
    {app::RecordTable::Comments, [](const DetailFields& f) { return "comment #" + field_value(f, "ID"); }, nullptr,
     nullptr, nullptr,
     [](const RecordEditorState& state, app::Services& services) { return services.pets.delete_comment(state.id).comment; }},
    {app::RecordTable::ContactMessages, [](const DetailFields& f) { return "message from " + field_value(f, "Name"); },
     nullptr, nullptr, nullptr,
     [](const RecordEditorState& state, app::Services& services) -> std::optional<std::string> {
         if (services.contact.delete_message(services.authentication.actor(), state.id)) return std::nullopt;
         return "This message no longer exists.";
     }},
};

constexpr bool in_enum_order() {
    for (std::size_t i = 0; i < std::size(kEditing); ++i)
        if (static_cast<std::size_t>(kEditing[i].table) != i) return false;
    return std::size(kEditing) == static_cast<std::size_t>(app::RecordTable::ContactMessages) + 1;
}
static_assert(in_enum_order(), "kEditing has one entry per app::RecordTable, in its order");

const TableEditing& editing_of(app::RecordTable table) { return kEditing[static_cast<std::size_t>(table)]; }

RecordChange remove(RecordEditorState& state, app::Services& services) {
    if (const auto refusal = editing_of(state.table).remove(state, services)) {
        state.mode = RecordEditorState::Mode::Viewing;
        state.problem = *refusal;
        return {};
    }
    std::string what = state.what;
    if (!what.empty()) what[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(what[0])));
    finish(state, what + " deleted.");
    return {.wrote = true, .deleted = true};
}

} // namespace

bool is_editable(app::RecordTable table) { return editing_of(table).load != nullptr; }

std::string describe_record(app::RecordTable table, const DetailFields& fields) {
    return editing_of(table).describe(fields);
}

void begin_edit(RecordEditorState& state, app::RecordTable table, std::int64_t id, app::Services& services) {
    state = {};
    state.table = table;
    state.id = id;
    const TableEditing& editing = editing_of(table);
    try {
        if (editing.load) state.fields = editing.load(services, id, state.problem);
        else state.problem = "This record cannot be edited, only deleted.";
    } catch (const std::exception& error) {
        state.problem = error.what();
    }
    if (state.problem.empty()) {
        state.mode = RecordEditorState::Mode::Editing;
        state.focus_first_field = true;
    }
}

void begin_delete(RecordEditorState& state, app::RecordTable table, std::int64_t id, std::string what) {
    state = {};
    state.table = table;
    state.id = id;
    state.what = std::move(what);
    state.mode = RecordEditorState::Mode::ConfirmingDelete;
    state.open_confirmation = true;
}

void cancel_edit(RecordEditorState& state) {
    state.mode = RecordEditorState::Mode::Viewing;
    state.fields.clear();
    state.pending.cancel();
}

void request_record_action(RecordEditorState& state, RecordEditorState::Action action) {
    state.problem.clear();
    state.notice.clear();
    state.pending.request(action);
}

RecordChange complete_record_action(RecordEditorState& state, RecordEditorState::Action action, app::Services& services) {
    try {
        if (action == RecordEditorState::Action::Save && editing_of(state.table).save)
            return editing_of(state.table).save(state, services);
        if (action == RecordEditorState::Action::Delete) return remove(state, services);
    } catch (const std::exception& error) {
        state.mode = RecordEditorState::Mode::Viewing;
        state.problem = error.what();
    }
    return {};
}

namespace {

void draw_confirmation(RecordEditorState& state, bool busy) {
    if (state.open_confirmation) {
        ImGui::OpenPopup(kConfirmTitle);
        state.open_confirmation = false;
    }
    const ImVec2 centre = ImGui::GetMainViewport()->GetCenter();
    ImGui::SetNextWindowPos(centre, ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
    if (!ImGui::BeginPopupModal(kConfirmTitle, nullptr, ImGuiWindowFlags_AlwaysAutoResize)) return;
    AccessibilityTree::begin_dialog(kConfirmTitle);
    const std::string question = "Delete " + state.what + "?";
    ImGui::TextUnformatted(question.c_str());
    AccessibilityTree::text(AccessibleRole::Text, question);
    if (const char* note = editing_of(state.table).delete_note) hint(note);
    hint("This cannot be undone.");
    ImGui::Spacing();
    if (action_button("Delete", busy, "Deleting\xe2\x80\xa6") && !busy) request_record_action(state, RecordEditorState::Action::Delete);
    ImGui::SameLine();
    if (!busy && (ImGui::Button("Cancel") || ImGui::IsKeyPressed(ImGuiKey_Escape))) cancel_edit(state);
    if (state.mode != RecordEditorState::Mode::ConfirmingDelete) ImGui::CloseCurrentPopup();
    AccessibilityTree::end_dialog();
    ImGui::EndPopup();
}

void draw_edit_form(RecordEditorState& state, bool busy) {
    bool submit = false;
    for (std::size_t i = 0; i < state.fields.size(); ++i) {
        RecordEditField& f = state.fields[i];
        if (i == 0 && state.focus_first_field) {
            ImGui::SetKeyboardFocusHere(); // the next focusable item: the field (its label is plain text)
            state.focus_first_field = false;
        }
        submit |= form_field(f.label.c_str(), f.id.c_str(), f.value, f.error, f.max_characters);
    }
    ImGui::Spacing();
    if (action_button("Save", busy, "Saving\xe2\x80\xa6")) submit = true;
    ImGui::SameLine();
    const bool escape = ImGui::IsKeyPressed(ImGuiKey_Escape) && !ImGui::IsPopupOpen("", ImGuiPopupFlags_AnyPopup);
    if (!busy && (ImGui::Button("Cancel") || escape)) cancel_edit(state);
    else if (submit && !busy) request_record_action(state, RecordEditorState::Action::Save);
}

} // namespace

void draw_record_editor(RecordEditorState& state, app::RecordTable table, std::int64_t id,
                        const std::vector<std::pair<std::string, std::string>>& detail_fields, app::Services& services) {
    const bool this_row = state.table == table && state.id == id;
    if (!this_row && state.mode == RecordEditorState::Mode::Editing) cancel_edit(state);
    const bool busy = state.pending.busy();

    if (this_row && state.mode == RecordEditorState::Mode::Editing) {
        draw_edit_form(state, busy);
    } else {
        ImGui::Spacing();
        ImGui::BeginDisabled(busy);
        if (is_editable(table) && ImGui::Button("Edit")) begin_edit(state, table, id, services);
        if (is_editable(table)) ImGui::SameLine();
        if (ImGui::Button("Delete\xe2\x80\xa6")) begin_delete(state, table, id, describe_record(table, detail_fields));
        ImGui::EndDisabled();
    }
    if (this_row && !state.problem.empty()) error_message(state.problem);
    if (this_row && !state.notice.empty() && state.mode == RecordEditorState::Mode::Viewing) success_message(state.notice);
}

RecordChange run_record_editor(RecordEditorState& state, app::Services& services, StorageActions& actions) {
    if (state.mode == RecordEditorState::Mode::ConfirmingDelete || ImGui::IsPopupOpen(kConfirmTitle))
        draw_confirmation(state, state.pending.busy());
    if (const auto action = state.pending.take(actions)) return complete_record_action(state, *action, services);
    return {};
}

} // namespace ui
