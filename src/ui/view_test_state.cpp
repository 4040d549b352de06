#include "ui/view_test_state.h"

#include "app/services.h"
#include "ui/form_widgets.h"
#include "ui/json_string.h"
#include "ui/theme.h"

#include <imgui.h>

#include <cmath>
#include <string>

namespace ui {

namespace {

std::string quote(std::string_view text) {
    std::string out;
    append_json_string(out, text);
    return out;
}

// [r,g,b] of a colour Dear ImGui draws with, 0-255.
std::string colour_json(const ImVec4& c) {
    auto channel = [](float v) { return std::to_string(static_cast<int>(std::lround(v * 255.0f))); };
    return "[" + channel(c.x) + "," + channel(c.y) + "," + channel(c.z) + "]";
}

// The first cell of a SQL console answer ("" for none or NULL): what `SELECT count(*)` answered.
std::string sql_first_value(const app::SqlAnswer& answer) {
    return answer.rows.empty() || answer.rows[0].empty() ? std::string() : answer.rows[0][0].value_or("");
}

} // namespace

std::string view_test_state(const AppViewState& view, const app::Services* services) {
    const auto& user = services ? services->authentication.current_user() : std::nullopt;
    const RecordTableState& table = view.records.tables[static_cast<std::size_t>(view.records.active)];
    std::string first_cells = "[";
    for (std::int64_t i = table.first_visible; i < table.first_visible + 3; ++i) {
        const app::RecordRow* row = table.cache.row(i);
        if (row == nullptr || row->cells.size() < 2) break;
        if (first_cells.size() > 1) first_cells += ',';
        first_cells += quote(row->cells[1]);
    }
    first_cells += "]";
    std::string first_edit_error;
    for (const auto& field : table.editor.fields)
        if (field.error && first_edit_error.empty()) first_edit_error = *field.error;
    const RowCounts& counts = view.counts;
    const app::FieldErrors& errors = view.register_form.errors;
    return "\"servicesReady\":" + std::string(services ? "true" : "false") +
           ",\"signedInAs\":" + quote(user ? user->username : std::string()) +
           ",\"activeTab\":" + std::to_string(static_cast<int>(view.active_tab)) +
           ",\"rows\":{\"users\":" + std::to_string(counts.users) + ",\"handlers\":" + std::to_string(counts.handlers) +
           ",\"pets\":" + std::to_string(counts.pets) + ",\"comments\":" + std::to_string(counts.comments) +
           ",\"messages\":" + std::to_string(counts.messages) + "}" +
           ",\"records\":{\"table\":" + std::to_string(view.records.active) +
           ",\"total\":" + std::to_string(table.cache.total()) + ",\"sort\":\"" + table.query.sort_column +
           "\",\"descending\":" + (table.query.direction == app::SortDirection::Descending ? "true" : "false") +
           ",\"filter\":" + quote(table.query.filter) + ",\"cached\":" + std::to_string(table.cache.window_size()) +
           ",\"first\":" + std::to_string(table.first_visible) +
           ",\"selected\":" + std::to_string(table.selected_id.value_or(0)) +
           ",\"editing\":" + (table.editor.mode == RecordEditorState::Mode::Editing ? "true" : "false") +
           ",\"notice\":" + quote(table.editor.notice) + ",\"problem\":" + quote(table.editor.problem) +
           ",\"note\":" + quote(table.note) + ",\"goToProblem\":" + quote(table.go_to_problem) +
           ",\"editError\":" + quote(first_edit_error) + ",\"firstNames\":" + first_cells + "}" +
           ",\"sql\":{\"open\":" + (view.records.sql_open ? "true" : "false") +
           ",\"summary\":" + quote(view.records.sql.answer.summary) + ",\"problem\":" + quote(view.records.sql.answer.problem) +
           ",\"firstValue\":" + quote(sql_first_value(view.records.sql.answer)) + "}" +
           ",\"registerInput\":{\"username\":" + quote(view.register_form.input.username) +
           ",\"email\":" + quote(view.register_form.input.email) + "}" + // never the password
           ",\"registered\":" +
           quote(view.register_form.registered ? view.register_form.registered->username : std::string()) +
           ",\"registerErrors\":{\"username\":" + quote(errors.username.value_or("")) +
           ",\"email\":" + quote(errors.email.value_or("")) + ",\"password\":" + quote(errors.password.value_or("")) +
           ",\"confirmation\":" + quote(errors.confirmation.value_or("")) + "}" +
           ",\"refusedInput\":" + quote(refused_field_input()) +
           ",\"loginError\":" + quote(view.account.login_error.value_or("")) +
           ",\"passwordChanged\":" + quote(view.account.change_done) +
           ",\"petsNotice\":" + quote(view.pets.failure.empty() ? view.pets.notice : view.pets.failure) +
           ",\"contactConfirmation\":" + quote(view.contact.confirmation) +
           ",\"demoNotice\":" + quote(view.demo_notice) + ",\"theme\":\"" + describe(current_scheme()) +
           "\",\"windowBackground\":" + colour_json(ImGui::GetStyle().Colors[ImGuiCol_WindowBg]) +
           ",\"textColour\":" + colour_json(ImGui::GetStyle().Colors[ImGuiCol_Text]);
}

} // namespace ui
