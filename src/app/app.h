// The app layer's table of contents: what the tutorial's Flask app does, as plain C++ services over the
// ORM. No UI types here; the UI calls these and shows what they return. Include what you use, or this.
//
//   Schema        schema.h                open_schema(db, hasher): migrate any file (incl. the tutorial's) to
//                                         the latest version, re-hash legacy plaintext passwords
//                 database_import.h       prepare_import(candidate, hasher): recognise, upgrade and count a file
//                                         (an export, or the tutorial's) before it replaces the data
//                 models.h                User, PetHandler, PetCategory, PetComment, ContactMessage; UserAccount
//   Accounts      registration_service.h  RegistrationService::register_user → UserAccount or FieldErrors;
//                                         start_/finish_registration around a stepped hash
//                 user_service.h          UserService: find, edit (registration rules), delete a user row
//                 authentication_service.h AuthenticationService: login (username or email), logout,
//                                         change_password; per-account backoff (login_backoff.h)
//                 registration_rules.h    validate_registration, validate_email, trim, normalize_email
//                 password_hasher.h       PasswordHasher: Argon2id PHC strings, verify, needs_rehash
//                 password_hash_job.h     PasswordHashJob: the same hash a segment at a time (UI frames)
//   Pets          pet_service.h           handlers, pets, comments; handler → pets, pet → comments
//   Contact form  contact_service.h       ContactService::submit, newest_first, delete_message
//   Browsing      record_query_service.h  RecordQueryService::fetch: a sorted, filtered page of any table
//                 csv_export.h            export_csv: a whole table as the browser shows it, as CSV
//   Samples       demo_data.h             the tutorial's sample rows; synthetic users and pets at scale
//   Plumbing      result.h                Result<T, Errors>: a value or one message per field
//                 text_rules.h            check_text: the length/control-character rule of text fields
//                 counter_service.h       the walking skeleton's counter
#pragma once

#include "app/authentication_service.h"
#include "app/contact_service.h"
#include "app/counter_service.h"
#include "app/csv_export.h"
#include "app/database_import.h"
#include "app/demo_data.h"
#include "app/login_backoff.h"
#include "app/models.h"
#include "app/password_hash_job.h"
#include "app/password_hasher.h"
#include "app/pet_service.h"
#include "app/record_query_service.h"
#include "app/registration_rules.h"
#include "app/registration_service.h"
#include "app/result.h"
#include "app/schema.h"
#include "app/text_rules.h"
#include "app/user_service.h"
