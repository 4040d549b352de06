#include "ui/form_widgets.h"

#include "app/secure_wipe.h"
#include "app/text_rules.h"
#include "ui/accessibility_tree.h"

#include <algorithm>

#include <imgui_internal.h>
#include <imgui_stdlib.h>

namespace ui {
namespace {
// The label sits close above its field: half the usual spacing between them.
void field_label(const char* label) {
    ImGui::TextUnformatted(label);
    ImGui::SetCursorPosY(ImGui::GetCursorPosY() - ImGui::GetStyle().ItemSpacing.y * 0.5f);
}

bool is_continuation_byte(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

// Byte offset where character number `max_characters` starts, or npos if the text has no more.
std::size_t offset_of_character(const char* text, std::size_t length, std::size_t max_characters) {
    std::size_t characters = 0;
    for (std::size_t i = 0; i < length; ++i) {
        if (is_continuation_byte(text[i])) continue;
        if (characters++ == max_characters) return i;
    }
    return std::string::npos;
}

struct FieldLimit {
    std::size_t max_characters;
    bool cut = false;
    // The page's edit of the field (the DOM mirror's <input>), applied while Dear ImGui edits it.
    std::optional<AccessibilityTree::PageEdit> page_edit = std::nullopt;
};

// Runs after every edit, before the text reaches the caller's string (imgui_stdlib chains to it); and,
// while the field is being edited, in every frame (CallbackAlways): a page edit replaces the text whole
// and puts the caret where the page has it. Only the page's text and caret come in, never a selection:
// Dear ImGui's select-all on activation is its own and does not go back to the page.
int cut_edit_to_limit(ImGuiInputTextCallbackData* data) {
    auto& limit = *static_cast<FieldLimit*>(data->UserData);
    if (data->EventFlag == ImGuiInputTextFlags_CallbackAlways) {
        if (!limit.page_edit) return 0;
        data->DeleteChars(0, data->BufTextLen);
        data->InsertChars(0, limit.page_edit->text.data(), limit.page_edit->text.data() + limit.page_edit->text.size());
        const int caret =
            static_cast<int>(std::min<std::size_t>(limit.page_edit->caret, static_cast<std::size_t>(data->BufTextLen)));
        data->CursorPos = data->SelectionStart = data->SelectionEnd = caret;
        app::secure_wipe(limit.page_edit->text);
        limit.page_edit.reset();
    }
    const std::size_t at = offset_of_character(data->Buf, static_cast<std::size_t>(data->BufTextLen), limit.max_characters);
    if (at != std::string::npos) {
        data->DeleteChars(static_cast<int>(at), data->BufTextLen - static_cast<int>(at));
        limit.cut = true;
    }
    return 0;
}

// Text the host refused (refuse_field_input): it waits for the field that has the keyboard focus in the
// next frame, which then shows the message until its next edit. Kept here, not in each view's state: it
// arrives between frames from the browser, for whichever field is focused, as Dear ImGui's own input does.
struct RefusedInput {
    std::optional<app::TextProblem> waiting;
    int waiting_since = 0; // Dear ImGui's frame count when it arrived: unclaimed after the next frame, dropped
    ImGuiID field = 0;
    std::string message;
};

RefusedInput& refused_input() {
    static RefusedInput refused;
    return refused;
}

// The refusal's message under the field just drawn, if it is the field's.
void draw_refusal(const char* label, ImGuiID field) {
    RefusedInput& refused = refused_input();
    if (refused.waiting && ImGui::GetFrameCount() > refused.waiting_since + 1) refused.waiting.reset();
    if (refused.waiting && ImGui::IsItemActive()) {
        refused.field = field;
        refused.message = app::describe_text_problem(label, *refused.waiting);
        refused.waiting.reset();
    } else if (refused.field == field && ImGui::IsItemEdited()) {
        refused.field = 0;
        refused.message.clear();
    }
    if (refused.field == field) error_message(refused.message);
}

// Dear ImGui's copies of a password field's text (its edit buffers and the undo record, which hold what
// was typed), wiped once the field is no longer being edited: they would stay in the heap until another
// field is edited, and partly past it (the buffers only grow). Also the text Dear ImGui keeps for a field
// deactivated by a click elsewhere, once it has been handed over (its id is then 0).
void forget_secret_text(ImGuiID field) {
    ImGuiContext& g = *ImGui::GetCurrentContext();
    if (g.ActiveId == field) return;
    ImGuiInputTextState& state = g.InputTextState;
    if (state.ID == field) {
        app::secure_wipe(state.TextW.Data, static_cast<std::size_t>(state.TextW.Capacity) * sizeof(ImWchar));
        app::secure_wipe(state.TextA.Data, static_cast<std::size_t>(state.TextA.Capacity));
        app::secure_wipe(state.InitialTextA.Data, static_cast<std::size_t>(state.InitialTextA.Capacity));
        app::secure_wipe(&state.Stb, sizeof state.Stb);
        state.CurLenA = state.CurLenW = 0;
        state.TextAIsValid = false;
        state.ID = 0; // the next field activated sets the state up afresh (stb_textedit_initialize_state)
    }
    ImGuiInputTextDeactivatedState& handed_over = g.InputTextDeactivatedState;
    if (handed_over.ID == 0)
        app::secure_wipe(handed_over.TextA.Data, static_cast<std::size_t>(handed_over.TextA.Capacity));
}

// Under the field just drawn: the note that text was cut (it stays until the next edit that fits; kept in
// Dear ImGui's per-window storage under the field's id, so views need no state for it), then `error`,
// then why text given to it was refused. Callers still ask IsItemEdited() about the field afterwards, so
// the field stays the "last item".
void draw_notes(const char* label, const FieldLimit& limit, const std::optional<std::string>& error) {
    ImGuiContext& g = *ImGui::GetCurrentContext();
    const ImGuiLastItemData field = g.LastItemData;
    ImGuiStorage* storage = ImGui::GetStateStorage();
    if (ImGui::IsItemEdited()) storage->SetBool(field.ID, limit.cut);
    if (storage->GetBool(field.ID)) {
        const std::string note = "Cut to " + grouped(static_cast<std::int64_t>(limit.max_characters)) +
                                 " characters: this field holds no more.";
        hint(note.c_str());
    }
    if (error) error_message(*error);
    draw_refusal(label, field.ID);
    g.LastItemData = field;
}

} // namespace

void refuse_field_input(app::TextProblem problem) {
    RefusedInput& refused = refused_input();
    refused.waiting = problem;
    refused.waiting_since = ImGui::GetCurrentContext() != nullptr ? ImGui::GetFrameCount() : 0;
}

const std::string& refused_field_input() {
    return refused_input().message;
}

bool cut_to_characters(std::string& text, std::size_t max_characters) {
    const std::size_t at = offset_of_character(text.data(), text.size(), max_characters);
    if (at == std::string::npos) return false;
    text.resize(at);
    return true;
}

namespace {

// The page's edit of a field that Dear ImGui is not editing goes straight into its text (cut to the
// limit like typed text); one it is editing goes in through the callback. Returns whether the text changed.
bool take_page_edit(ImGuiID field, std::string& value, FieldLimit& limit) {
    auto edit = AccessibilityTree::take_page_edit(field);
    const ImGuiContext& g = *ImGui::GetCurrentContext();
    const ImGuiInputTextState& widget = g.InputTextState;
    const bool active = g.ActiveId == field && widget.ID == field;
    // The program replaced the text of the field being edited (a form emptied after a submit by the page's
    // Enter, which leaves the field focused): an active Dear ImGui field would write its own copy back over
    // it in this frame, so the program's text goes in as an edit, the caret at its end.
    if (!edit && active && widget.TextAIsValid &&
        std::string_view(widget.TextA.Data, static_cast<std::size_t>(widget.CurLenA)) != value) {
        limit.page_edit = AccessibilityTree::PageEdit{value, value.size()};
        return false;
    }
    if (!edit) return false;
    if (active) {
        limit.page_edit = std::move(edit);
        return false;
    }
    const bool changed = edit->text != value;
    app::secure_wipe(value);
    value = std::move(edit->text);
    limit.cut = cut_to_characters(value, limit.max_characters);
    return changed;
}

void mark_edited() {
    ImGui::GetCurrentContext()->LastItemData.StatusFlags |= ImGuiItemStatusFlags_Edited;
}

} // namespace

bool form_field(const char* label, const char* id, std::string& value, const std::optional<std::string>& error,
                std::size_t max_characters, ImGuiInputTextFlags flags, float width, const char* autocomplete) {
    field_label(label);
    ImGui::SetNextItemWidth(width > 0.0f ? width : -FLT_MIN);
    if (error) ImGui::PushStyleColor(ImGuiCol_Border, palette().error);
    FieldLimit limit{max_characters};
    const ImGuiID field = ImGui::GetID(id);
    const bool page_changed = take_page_edit(field, value, limit);
    bool entered = ImGui::InputText(id, &value,
                                    flags | ImGuiInputTextFlags_EnterReturnsTrue | ImGuiInputTextFlags_CallbackEdit |
                                        ImGuiInputTextFlags_CallbackAlways,
                                    cut_edit_to_limit, &limit);
    if (page_changed) mark_edited();
    if (error) ImGui::PopStyleColor();
    const bool password = (flags & ImGuiInputTextFlags_Password) != 0;
    AccessibilityTree::describe_field(label, value, password, false, error, autocomplete);
    if (AccessibilityTree::take_enter(field)) entered = true;
    if (password && !ImGui::IsItemActive()) forget_secret_text(ImGui::GetItemID());
    draw_notes(label, limit, error);
    return entered;
}

bool search_field(const char* id, const char* hint, const char* name, std::string& value, std::size_t max_characters,
                  ImGuiInputTextFlags flags) {
    FieldLimit limit{max_characters};
    const bool page_changed = take_page_edit(ImGui::GetID(id), value, limit);
    const bool edited = ImGui::InputTextWithHint(
        id, hint, &value, flags | ImGuiInputTextFlags_CallbackEdit | ImGuiInputTextFlags_CallbackAlways, cut_edit_to_limit,
        &limit);
    AccessibilityTree::describe_field(name, value, false, false, std::nullopt, nullptr);
    if (page_changed) mark_edited();
    return edited || page_changed;
}

void form_multiline_field(const char* label, const char* id, std::string& value,
                          const std::optional<std::string>& error, std::size_t max_characters, float lines, float width) {
    field_label(label);
    const ImVec2 size(width > 0.0f ? width : -FLT_MIN, ImGui::GetTextLineHeight() * lines + ImGui::GetStyle().FramePadding.y * 2);
    if (error) ImGui::PushStyleColor(ImGuiCol_Border, palette().error);
    FieldLimit limit{max_characters};
    const bool page_changed = take_page_edit(ImGui::GetID(id), value, limit);
    ImGui::InputTextMultiline(id, &value, size, ImGuiInputTextFlags_CallbackEdit | ImGuiInputTextFlags_CallbackAlways,
                              cut_edit_to_limit, &limit);
    if (page_changed) mark_edited();
    if (error) ImGui::PopStyleColor();
    AccessibilityTree::describe_field(label, value, false, true, error, nullptr);
    draw_notes(label, limit, error);
}

std::string grouped(std::int64_t count) {
    std::string digits = std::to_string(count < 0 ? -count : count);
    for (int at = static_cast<int>(digits.size()) - 3; at > 0; at -= 3)
        digits.insert(static_cast<std::size_t>(at), ",");
    return (count < 0 ? "-" : "") + digits;
}

void heading(const char* text) {
    ImGui::Dummy(ImVec2(0, ImGui::GetStyle().ItemSpacing.y * 0.5f));
    ImGui::PushStyleColor(ImGuiCol_Text, palette().heading);
    ImGui::SetWindowFontScale(1.2f);
    ImGui::TextUnformatted(text);
    AccessibilityTree::text(AccessibleRole::Heading, text);
    ImGui::SetWindowFontScale(1.0f);
    ImGui::PopStyleColor();
    ImGui::Separator();
}

void hint(const char* text) {
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    ImGui::TextWrapped("%s", text);
    AccessibilityTree::text(AccessibleRole::Text, text);
    ImGui::PopStyleColor();
}

void error_message(const std::string& text) {
    ImGui::PushStyleColor(ImGuiCol_Text, palette().error);
    ImGui::TextWrapped("%s", text.c_str());
    AccessibilityTree::text(AccessibleRole::Alert, text);
    ImGui::PopStyleColor();
}

void success_message(const std::string& text) {
    ImGui::PushStyleColor(ImGuiCol_Text, palette().success);
    ImGui::TextWrapped("%s", text.c_str());
    AccessibilityTree::text(AccessibleRole::Status, text);
    ImGui::PopStyleColor();
}

bool PasswordMeter::refresh(const app::PasswordStrengthEstimator& estimator, const std::string& password,
                            const std::vector<std::string>& context) {
    if (password.empty()) {
        verdict.reset();
        stale = false;
        return false;
    }
    if (!stale || estimator.availability() != app::PasswordStrengthEstimator::Availability::Ready) return false;
    verdict = estimator.estimate(password, context);
    stale = false;
    return true;
}

void PasswordMeter::draw(float width) const {
    if (!verdict) return;
    const int score = std::clamp(verdict->score, 0, app::kBestPasswordScore);
    const bool enough = score >= app::kMinimumPasswordScore;
    ImGui::PushStyleColor(ImGuiCol_PlotHistogram, enough ? palette().success : palette().error);
    ImGui::ProgressBar(static_cast<float>(score + 1) / (app::kBestPasswordScore + 1),
                       ImVec2(std::max(width, ImGui::GetFontSize() * 10.0f) * 0.4f, ImGui::GetFontSize() * 0.5f), "");
    ImGui::PopStyleColor();
    ImGui::SameLine();
    const std::string label = std::string("Strength: ") + app::describe_password_score(score);
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    ImGui::TextUnformatted(label.c_str());
    AccessibilityTree::text(AccessibleRole::Text, label);
    ImGui::PopStyleColor();
    if (enough && !verdict->suggestions.empty()) hint(verdict->suggestions.front().c_str());
}

bool narrow_layout() {
    constexpr float kNarrowCssPixels = 700.0f, kFontCssPixels = 15.0f; // theme.cpp's font size
    return ImGui::GetMainViewport()->WorkSize.x < ImGui::GetFontSize() * (kNarrowCssPixels / kFontCssPixels);
}

void same_line_if_fits(float width) {
    const float right = ImGui::GetCursorScreenPos().x + ImGui::GetContentRegionAvail().x;
    ImGui::SameLine();
    if (ImGui::GetCursorScreenPos().x + width > right) ImGui::NewLine();
}

int wrapping_tabs(const char* const* labels, int count, int active) {
    const ImGuiStyle& style = ImGui::GetStyle();
    const Palette& colours = palette();
    // 44 CSS pixels tall: the font is 15 of them (theme.cpp), the padding the rest.
    const float padding_y = ImGui::GetFontSize() * (44.0f - 15.0f) / 15.0f / 2.0f;
    ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, ImVec2(style.FramePadding.x, padding_y));
    ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(style.ItemInnerSpacing.x, style.ItemInnerSpacing.y));
    int tapped = -1;
    for (int i = 0; i < count; ++i) {
        const float width = ImGui::CalcTextSize(labels[i], nullptr, true).x + ImGui::GetStyle().FramePadding.x * 2;
        if (i > 0) same_line_if_fits(width);
        ImGui::PushStyleColor(ImGuiCol_Button, i == active ? colours.tab_active : colours.tab);
        ImGui::PushStyleColor(ImGuiCol_ButtonHovered, colours.tab_hovered);
        ImGui::PushStyleColor(ImGuiCol_ButtonActive, colours.tab_active);
        if (ImGui::Button(labels[i])) tapped = i;
        ImGui::PopStyleColor(3);
    }
    ImGui::PopStyleVar(2);
    return tapped;
}

bool action_button(const char* label, bool busy, const char* busy_label) {
    if (!busy) return ImGui::Button(label);
    ImGui::BeginDisabled();
    ImGui::Button(busy_label ? busy_label : label);
    ImGui::EndDisabled();
    return false;
}

} // namespace ui
