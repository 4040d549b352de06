#include "ui/contact_view.h"

#include "app/tutorial_calls.h"
#include "app/services.h"
#include "ui/query_panel.h"

#include <cstdio>
#include <exception>

namespace ui {

bool complete_contact(ContactViewState& state, app::ContactService& contact) {
    try {
        auto result = contact.submit(state.input);
        state.errors = result.errors;
        if (!result.ok()) return false;
        state.confirmation = "Thank you, " + result.value->name + ": your message is saved in this browser.";
        state.input = {};
        state.focus_first_field = true;
        return true;
    } catch (const std::exception& error) {
        state.failure = std::string("The message was not saved: ") + error.what();
        return false;
    }
}

void reload_contact_messages(ContactViewState& state, app::ContactService& contact, const app::Actor& actor,
                             std::int64_t epoch) {
    if (state.loaded_epoch == epoch) return;
    state.loaded_epoch = epoch;
    state.refusal.clear();
    state.messages.clear();
    try {
        state.total = contact.count();
        state.messages = contact.newest_first(actor, kContactListRows);
    } catch (const app::PermissionError& refusal) {
        state.refusal = refusal.what();
    } catch (const std::exception& error) {
        state.messages.clear();
        state.failure = error.what();
    }
}

std::string format_timestamp(const orm::Timestamp& time) {
    // Days since 1970-01-01 to a civil date (Howard Hinnant's algorithm), so no time-zone database is needed.
    const std::int64_t seconds = std::chrono::duration_cast<std::chrono::seconds>(time.time_since_epoch()).count();
    std::int64_t days = seconds / 86400;
    std::int64_t rest = seconds % 86400;
    if (rest < 0) {
        rest += 86400;
        --days;
    }
    days += 719468;
    const std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
    const std::int64_t doe = days - era * 146097;
    const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const std::int64_t mp = (5 * doy + 2) / 153;
    const std::int64_t day = doy - (153 * mp + 2) / 5 + 1;
    const std::int64_t month = mp < 10 ? mp + 3 : mp - 9;
    const std::int64_t year = yoe + era * 400 + (month <= 2 ? 1 : 0);
    char text[96];
    std::snprintf(text, sizeof text, "%04lld-%02lld-%02lld %02lld:%02lld UTC", static_cast<long long>(year),
                  static_cast<long long>(month), static_cast<long long>(day), static_cast<long long>(rest / 3600),
                  static_cast<long long>(rest % 3600 / 60));
    return text;
}

bool draw_contact_view(ContactViewState& state, app::Services& services, StorageActions& actions, std::int64_t epoch) {
    reload_contact_messages(state, services.contact, services.authentication.actor(), epoch);
    const float form_width = ImGui::GetFontSize() * 26.0f;
    if (ImGui::BeginChild("##contact-form", ImVec2(form_width + ImGui::GetStyle().WindowPadding.x * 2, 0.0f))) {
        heading("Contact us");
        const bool busy = state.write.pending;
        if (busy) ImGui::BeginDisabled();
        if (state.focus_first_field) {
            ImGui::SetKeyboardFocusHere();
            state.focus_first_field = false;
        }
        bool submit = form_field("Name", "##contact-name", state.input.name, state.errors.name, app::kContactNameMaxCharacters);
        submit |= form_field("Email", "##contact-email", state.input.email, state.errors.email, app::kEmailMaxCharacters);
        submit |= form_field("Subject (optional)", "##contact-subject", state.input.subject, state.errors.subject,
                             app::kContactSubjectMaxCharacters);
        form_multiline_field("Message", "##contact-message", state.input.message, state.errors.message,
                             app::kContactMessageMaxCharacters, 6.0f);
        if (busy) ImGui::EndDisabled();
        ImGui::Spacing();
        if (action_button("Send message", busy, "Sending\xe2\x80\xa6")) submit = true;
        if (submit && !busy) {
            state.confirmation.clear();
            state.failure.clear();
            state.write.request();
        }
        if (!state.confirmation.empty()) success_message(state.confirmation);
        if (!state.failure.empty()) error_message(state.failure);
        ImGui::Spacing();
        draw_query_panel("contact", state.shown ? &*state.shown : nullptr, state.query_open);
    }
    ImGui::EndChild();
    ImGui::SameLine();
    if (ImGui::BeginChild("##contact-messages", ImVec2(0.0f, 0.0f), ImGuiChildFlags_Border)) {
        heading("Messages received");
        ImGui::TextDisabled("%lld in all, newest first%s", static_cast<long long>(state.total),
                            state.total > kContactListRows ? " (the 50 newest shown; all are in Records)" : "");
        if (!state.refusal.empty()) hint(state.refusal.c_str());
        else if (state.messages.empty()) hint("No messages yet.");
        for (const auto& message : state.messages) {
            ImGui::PushID(static_cast<int>(message.id));
            ImGui::Separator();
            ImGui::Text("%s", message.subject.empty() ? "(no subject)" : message.subject.c_str());
            ImGui::TextDisabled("%s <%s> \xc2\xb7 %s", message.name.c_str(), message.email.c_str(),
                                format_timestamp(message.created_at).c_str());
            ImGui::TextWrapped("%s", message.message.c_str());
            ImGui::PopID();
        }
    }
    ImGui::EndChild();

    if (!state.write.take(actions)) return false;
    state.shown = app::tutorial::send_contact_message(state.input.name, state.input.email, state.input.subject);
    auto recording = services.queries.record(*state.shown);
    return complete_contact(state, services.contact);
}

} // namespace ui
