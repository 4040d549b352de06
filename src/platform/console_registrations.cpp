#include "platform/console_registrations.h"

#include "app/secure_wipe.h"
#include "platform/json_text.h"
#include "app/services.h"
#include "ui/host_interface.h"

#include <exception>

namespace platform {

namespace {

// The field errors as one sentence per field, in the form's order.
std::string describe(const app::FieldErrors& errors) {
    std::string text;
    for (const auto* message : {&errors.username, &errors.email, &errors.password, &errors.confirmation}) {
        if (!*message) continue;
        if (!text.empty()) text += " ";
        text += **message;
    }
    return text;
}

} // namespace

bool ConsoleRegistrations::enqueue(int id, app::RegistrationInput input) {
    if (queue_.size() >= kMaxQueued) return false;
    queue_.push_back({id, std::move(input)});
    return true;
}

std::vector<ConsoleRegistrations::Outcome> ConsoleRegistrations::run(ui::StorageActions& storage,
                                                                     app::Services* services) {
    std::vector<Outcome> outcomes;
    if (queue_.empty() || services == nullptr) return outcomes;
    if (services->password_strength.availability() == app::PasswordStrengthEstimator::Availability::Loading)
        return outcomes;
    if (!storage.may_write()) return outcomes;
    for (std::size_t n = 0; n < kMaxPerTurn && !queue_.empty(); ++n) {
        Request request = std::move(queue_.front());
        queue_.pop_front();
        std::string json;
        try {
            const auto result = services->registration.register_user(request.input);
            json = result.ok() ? "{\"ok\":true,\"id\":" + std::to_string(result.value->id) +
                                     ",\"username\":" + json_string(result.value->username) + "}"
                               : "{\"ok\":false,\"error\":" + json_string(describe(result.errors)) + "}";
        } catch (const std::exception& e) {
            json = "{\"ok\":false,\"error\":" + json_string(e.what()) + "}";
        }
        app::secure_wipe(request.input.password);
        app::secure_wipe(request.input.confirmation);
        outcomes.push_back({request.id, std::move(json)});
    }
    return outcomes;
}

} // namespace platform
