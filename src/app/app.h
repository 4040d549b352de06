// The app layer's table of contents: what the tutorial's Flask app does, as plain C++ services over the
// ORM. No UI types here; the UI calls these and shows what they return. Include what you use, or this.
//
//   Opening       services.h              open_services(db, hasher): the schema brought up to date, then every
//                                         service below on that database (what the host builds, the views use)
//   Schema        schema.h                open_schema(db, hasher): defences on, migrate any file (incl. the
//                                         tutorial's) to the latest version, check our indexes, re-hash legacy
//                                         plaintext passwords
//                 database_import.h       DatabaseImport: a file's known rows, checked by the rules of new ones,
//                                         copied into a fresh database of ours, a slice at a time; never its schema
//                 models.h                User, PetHandler, PetCategory, PetComment, ContactMessage; UserAccount
//   Accounts      registration_service.h  RegistrationService::register_user → UserAccount or FieldErrors;
//                                         start_/finish_registration around a stepped hash
//                 user_service.h          UserService: find, edit (registration rules), delete a user row
//                 authentication_service.h AuthenticationService: login (username or email), logout,
//                                         change_password; per-account backoff kept in the database (login_backoff.h)
//                 registration_rules.h    validate_registration, validate_email, trim, normalize_email
//                 password_strength.h     PasswordStrengthEstimator (zxcvbn, handed in by the host), the score rule
//                 password_hasher.h       PasswordHasher: Argon2id PHC strings, verify, needs_rehash
//                 password_hash_job.h     PasswordHashJob: the same hash a segment at a time (UI frames)
//   Pets          pet_service.h           handlers, pets, comments; handler → pets, pet → comments
//   Contact form  contact_service.h       ContactService::submit, newest_first, delete_message
//   Browsing      record_query_service.h  RecordQueryService::fetch: a sorted, filtered page of any table
//                 csv_export.h            export_csv: a whole table as the browser shows it, as CSV
//   Teaching      shown_query.h           QueryRecorder: the SQL a service ran, with its bound values
//                 tutorial_calls.h        the tutorial's Python and this ORM's C++ for each form's call
//   Samples       demo_data.h             the tutorial's sample rows; synthetic users and pets at scale
//   Plumbing      result.h                Result<T, Errors>: a value or one message per field
//                 text_rules.h            check_text: the length/control-character rule of text fields
//                 text_excerpt.h          excerpt: at most 40 characters of a value, for messages
#pragma once

#include "app/authentication_service.h"
#include "app/contact_service.h"
#include "app/csv_export.h"
#include "app/database_import.h"
#include "app/demo_data.h"
#include "app/login_backoff.h"
#include "app/models.h"
#include "app/password_hash_job.h"
#include "app/password_hasher.h"
#include "app/password_strength.h"
#include "app/pet_service.h"
#include "app/record_query_service.h"
#include "app/registration_rules.h"
#include "app/registration_service.h"
#include "app/result.h"
#include "app/schema.h"
#include "app/services.h"
#include "app/shown_query.h"
#include "app/text_excerpt.h"
#include "app/text_rules.h"
#include "app/tutorial_calls.h"
#include "app/user_service.h"
