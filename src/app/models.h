// The tutorial's models, declared once with the ORM, plus what the services hand out about a user.
//
//   user            id, username String(100), user_email String(100), user_password String(150)
//   pet_handler     handler_id, handler_name String(150)
//   pet_category    pet_id, pet_name String(100), pet_category String(50), handler_id → pet_handler
//   pet_comment     comment_id, comment_content String(200), pet_id → pet_category (ours, nullable)
//   contact_message id, name String(100), email String(100), subject String(150), message Text,
//                   created_at DateTime (the tutorial's exercise)
//   login_backoff   id, account_key String(80) unique, failures, last_failure_ms, next_attempt_ms
//                   (ours: LoginBackoff's state; the tutorial's app never sees it)
//   account_session id, token_digest String(64) unique, user_id (indexed), created_ms, expires_ms
//                   (ours: a signed-in tab's record, AccountSessions; the tutorial's app never sees it)
//
// These declarations describe the schema as it is after every migration in schema.h; the migrations,
// not these models, create and change tables (never call Metadata::create_all with them: pet_comment's
// pet_id must arrive through ALTER TABLE so a file written by the tutorial's Flask app looks the same).
//
// Relationships, as the tutorial declares them (SQLAlchemy's defaults: lazy loading, save-update cascade):
//
//   class PetHandler(db.Model):  pets = db.relationship('PetCategory', backref='pet_handler', lazy=True)
//   PetHandler::pets ↔ PetCategory::pet_handler          here, the same pair
//   PetCategory::comments ↔ PetComment::pet              ours: comments go with their pet (delete-orphan)
//
// They add no columns: the foreign keys stay plain members, and setting one directly still works (the
// unit of work writes it; a loaded reference to the parent, if set, wins). Copies of these structs, as the
// services hand out, keep what was loaded and are bound to no session: reading a relationship a copy did
// not load throws orm::DetachedError, so services return the related rows as values (PetDetail).
#pragma once

#include "orm/orm.h"

#include <cstdint>
#include <optional>
#include <string>

namespace app {

struct User {
    std::int64_t id = 0;
    std::string username;      // trimmed; compared exactly (case-sensitive), unique
    std::string user_email;    // stored as normalize_email() gives it; unique whatever its ASCII case
    std::string user_password; // an Argon2id PHC string (a legacy plaintext value only until re-hashed)
};

struct PetCategory;
struct PetComment;

struct PetHandler {
    std::int64_t handler_id = 0;
    std::string handler_name;
    orm::Collection<PetCategory> pets{}; // lazy; deleting a handler that has pets is refused (PetService)
};

struct PetCategory {
    std::int64_t pet_id = 0;
    std::string pet_name;
    std::string pet_category; // the kind of animal: "dog", "cat"…
    std::int64_t handler_id = 0;
    orm::Reference<PetHandler> pet_handler{}; // the backref of PetHandler::pets
    orm::Collection<PetComment> comments{};   // lazy; all, delete-orphan
};

struct PetComment {
    std::int64_t comment_id = 0;
    std::string comment_content;
    std::optional<std::int64_t> pet_id{}; // null for the tutorial's comments, which belong to no pet
    orm::Reference<PetCategory> pet{};  // the backref of PetCategory::comments
};

struct ContactMessage {
    std::int64_t id = 0;
    std::string name;
    std::string email;
    std::string subject; // may be empty
    std::string message;
    orm::Timestamp created_at{};
};

// Failed logins of one account (or unknown name): see login_backoff.h. Times in ms since the Unix epoch.
struct LoginBackoffRecord {
    std::int64_t id = 0;
    std::string account_key;
    std::int64_t failures = 0;
    std::int64_t last_failure_ms = 0;
    std::int64_t next_attempt_ms = 0;
};

// A signed-in browser tab: see account_session.h. Times in ms since the Unix epoch.
struct AccountSessionRecord {
    std::int64_t id = 0;
    std::string token_digest; // BLAKE2b-256 of the tab's token, hex; never the token
    std::int64_t user_id = 0;
    std::int64_t created_ms = 0;
    std::int64_t expires_ms = 0;
};

const orm::Model<User>& describe(orm::ModelTag<User>);
const orm::Model<PetHandler>& describe(orm::ModelTag<PetHandler>);
const orm::Model<PetCategory>& describe(orm::ModelTag<PetCategory>);
const orm::Model<PetComment>& describe(orm::ModelTag<PetComment>);
const orm::Model<ContactMessage>& describe(orm::ModelTag<ContactMessage>);
const orm::Model<LoginBackoffRecord>& describe(orm::ModelTag<LoginBackoffRecord>);
const orm::Model<AccountSessionRecord>& describe(orm::ModelTag<AccountSessionRecord>);

// What the services return about a user: never the password or its hash.
struct UserAccount {
    std::int64_t id = 0;
    std::string username;
    std::string email;
    bool operator==(const UserAccount&) const = default;
};

UserAccount account_of(const User& user);

} // namespace app
