#include "ui/app_services.h"

#include <imgui.h>

#ifndef SEED_APP_VERSION
#define SEED_APP_VERSION "dev"
#endif

namespace ui {

AppServices::AppServices(orm::Database& db, const app::PasswordHasher& hasher, std::int64_t services_generation,
                         const app::PasswordStrengthEstimator& strength)
    : schema(app::open_schema(db, hasher)), generation(services_generation), password_strength(strength),
      registration(db, hasher, strength), authentication(db, hasher, {}, app::system_wall_clock(), strength),
      pets(db), contact(db),
      records(db, [this] { return authentication.actor(); }),
      sql(db, [this] { return authentication.actor(); }), users(db), queries(db), db_(db), hasher_(hasher) {}

app::SampleCounts AppServices::add_tutorial_samples() { return app::add_tutorial_samples(db_, hasher_); }

std::int64_t AppServices::add_synthetic_users(std::int64_t count) {
    return app::add_synthetic_users(db_, hasher_, count);
}

const char* app_version() { return SEED_APP_VERSION; }
const char* imgui_version() { return IMGUI_VERSION; }

} // namespace ui
