// What the views work with: the app's services on one open database, and what the host reports and
// offers (save state, export/import, versions). The platform host builds both; the views never see the
// browser, the ORM or SQL.
//
//     ui::AppServices services(db, hasher);          // brings the schema up to date (app::open_schema)
//     ui::HostContext host{storage_status, storage_actions, {.sqlite = "3.53.2", .emscripten = "3.1.6"}};
//     ui::draw_app_view(view_state, &services, host); // services may be null while no database is open
#pragma once

#include "app/authentication_service.h"
#include "app/contact_service.h"
#include "app/demo_data.h"
#include "app/password_strength.h"
#include "app/pet_service.h"
#include "app/record_query_service.h"
#include "app/registration_service.h"
#include "app/schema.h"
#include "app/shown_query.h"
#include "app/sql_console.h"
#include "app/user_service.h"
#include "ui/skeleton_view.h"

#include <cstdint>
#include <string>

namespace orm {
class Database;
}

namespace app {
class PasswordHasher;
}

namespace ui {

// The services of one open database. Rebuilt by the host whenever the database is (re)opened (another
// tab's change, an import), so views must not keep pointers into it across frames: they compare
// `generation` instead and re-query when it changed.
class AppServices {
public:
    // Upgrades the schema (app::open_schema), then creates the services. `db`, `hasher` and `strength`
    // (how easy a new password is to guess: the browser host's zxcvbn) must outlive this object. Throws
    // what open_schema throws (orm::MigrationError, orm::UsageError); then nothing was built.
    AppServices(orm::Database& db, const app::PasswordHasher& hasher, std::int64_t generation = 0,
                const app::PasswordStrengthEstimator& strength = app::no_strength_estimate());

    // Adds the tutorial's sample rows (app::add_tutorial_samples). Throws orm::DatabaseError.
    app::SampleCounts add_tutorial_samples();
    // Adds `count` synthetic users (app::add_synthetic_users). Throws orm::DatabaseError.
    std::int64_t add_synthetic_users(std::int64_t count);

    const app::SchemaStatus schema;
    const std::int64_t generation;
    const app::PasswordStrengthEstimator& password_strength; // for the forms' meters
    app::RegistrationService registration;
    app::AuthenticationService authentication;
    app::PetService pets;
    app::ContactService contact;
    app::RecordQueryService records;
    app::SqlConsole sql;
    app::UserService users;
    app::QueryRecorder queries; // for the views' "Show the query" panels

private:
    orm::Database& db_;
    const app::PasswordHasher& hasher_;
};

struct Versions {
    std::string sqlite;     // "3.53.2"
    std::string emscripten; // "3.1.6", or "" for a native build
};

// What the host offers the views besides the services. Both references must outlive the frame.
struct HostContext {
    const StorageStatus& storage;
    StorageActions& actions;
    Versions versions;
};

// The app's own version (CMake's project version) and Dear ImGui's.
const char* app_version();
const char* imgui_version();

} // namespace ui
