// The app's services on one open database, built by open_services() once the schema is up to date. The
// platform host opens the database and calls it; the views work with what it returns and never see how
// the database was opened.
//
//     orm::Database db("registration.db");
//     app::PasswordHasher hasher;
//     std::unique_ptr<app::Services> services = app::open_services(db, hasher); // migrates first
//     services->registration.register_user({"Peter", "peter@example.com", "a long passphrase", "a long passphrase"});
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

#include <cstdint>
#include <memory>

namespace orm {
class Database;
}

namespace app {

class PasswordHasher;

// The services of one open database. The host builds a new one whenever the database is (re)opened
// (another tab's change, an import), so a view must not keep pointers into it across frames: it compares
// `generation` instead and re-queries when it changed.
class Services {
public:
    // Use open_services(); `schema` is what its upgrade reported.
    Services(orm::Database& db, const PasswordHasher& hasher, SchemaStatus schema, std::int64_t generation,
             const PasswordStrengthEstimator& strength);
    Services(const Services&) = delete;
    Services& operator=(const Services&) = delete;

    // Adds the tutorial's sample rows (add_tutorial_samples). Throws orm::DatabaseError.
    SampleCounts add_tutorial_samples();
    // Adds `count` synthetic users (add_synthetic_users). Throws orm::DatabaseError.
    std::int64_t add_synthetic_users(std::int64_t count);

    const SchemaStatus schema;
    const std::int64_t generation; // which opening of the database these services stand on
    const PasswordStrengthEstimator& password_strength; // for the forms' meters
    RegistrationService registration;
    AuthenticationService authentication;
    PetService pets;
    ContactService contact;
    RecordQueryService records;
    SqlConsole sql;
    UserService users;
    QueryRecorder queries; // for the views' "Show the query" panels

private:
    orm::Database& db_;
    const PasswordHasher& hasher_;
};

// Brings the schema up to date (open_schema: migrations, index checks, re-hashing legacy passwords), then
// builds the services. `db`, `hasher` and `strength` (how easy a new password is to guess: the browser
// host's zxcvbn) must outlive the result. Throws what open_schema throws (orm::MigrationError,
// orm::UsageError, orm::DatabaseError); then nothing was built and the file is as open_schema left it.
std::unique_ptr<Services> open_services(orm::Database& db, const PasswordHasher& hasher, std::int64_t generation = 0,
                                        const PasswordStrengthEstimator& strength = no_strength_estimate());

} // namespace app
