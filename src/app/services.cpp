#include "app/services.h"

#include <utility>

namespace app {

Services::Services(orm::Database& db, const PasswordHasher& hasher, SchemaStatus schema_status,
                   std::int64_t services_generation, const PasswordStrengthEstimator& strength)
    : schema(std::move(schema_status)), generation(services_generation), password_strength(strength),
      registration(db, hasher, strength), authentication(db, hasher, {}, system_wall_clock(), strength), pets(db),
      contact(db), records(db, [this] { return authentication.actor(); }),
      sql(db, [this] { return authentication.actor(); }), users(db), queries(db), db_(db), hasher_(hasher) {}

SampleCounts Services::add_tutorial_samples() { return app::add_tutorial_samples(db_, hasher_); }

std::int64_t Services::add_synthetic_users(std::int64_t count) { return app::add_synthetic_users(db_, hasher_, count); }

std::unique_ptr<Services> open_services(orm::Database& db, const PasswordHasher& hasher, std::int64_t generation,
                                        const PasswordStrengthEstimator& strength) {
    SchemaStatus schema = open_schema(db, hasher);
    return std::make_unique<Services>(db, hasher, std::move(schema), generation, strength);
}

} // namespace app
