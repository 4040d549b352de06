// The contact form (the tutorial's exercise): submit a message, list them newest first.
//
//     app::ContactService contact(db);
//     auto sent = contact.submit({"Ann", "ann@example.org", "Hello", "Do you take parrots?"});
//     if (!sent.ok()) show(sent.errors.name, sent.errors.email, sent.errors.subject, sent.errors.message);
//     for (const auto& m : contact.newest_first(auth.actor(), 20)) …   // needs a signed-in account
//
// Anyone may send a message; reading and deleting them needs a signed-in account (account_permissions.h):
// for nobody, newest_first and delete_message throw app::PermissionError ("Sign in to read the contact
// messages."). count() is open to all (it says how many, not what).
//
// Rules (after trimming each field): name 1–100 characters on one line; email as registration checks
// it, at most 100 characters; subject optional, at most 150 characters on one line; message 1–2000
// characters, line breaks allowed. The email is stored trimmed, as typed (it is where to reply).
#pragma once

#include "app/account_permissions.h"
#include "app/models.h"
#include "app/result.h"
#include "app/text_rules.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace orm {
class Database;
}

namespace app {

inline constexpr std::size_t kContactNameMaxCharacters = 100;
inline constexpr std::size_t kContactSubjectMaxCharacters = 150;
inline constexpr std::size_t kContactMessageMaxCharacters = 2000;
inline constexpr std::int64_t kMaxContactPageRows = 1000;

// The rules each field follows (after trimming; the email is validate_email's), here and in import.
inline constexpr TextRule kContactName{"Name", "Enter your name.", 1, kContactNameMaxCharacters};
inline constexpr TextRule kContactSubject{"Subject", "", 0, kContactSubjectMaxCharacters};
inline constexpr TextRule kContactMessage{"Message", "Enter a message.", 1, kContactMessageMaxCharacters, true};

struct ContactInput {
    std::string name;
    std::string email;
    std::string subject;
    std::string message;
};

struct ContactErrors {
    std::optional<std::string> name{};
    std::optional<std::string> email{};
    std::optional<std::string> subject{};
    std::optional<std::string> message{};
    bool ok() const { return !name && !email && !subject && !message; }
};

class ContactService {
  public:
    using Clock = std::function<orm::Timestamp()>;
    // `db` must outlive the service; `clock` stamps created_at (tests pass a fake one).
    explicit ContactService(orm::Database& db, Clock clock = &orm::now);

    // Validates and stores one message. Throws orm::DatabaseError if the database fails (nothing stored).
    Result<ContactMessage, ContactErrors> submit(const ContactInput& input);
    // A page of messages, newest first (by created_at, then by id for messages of the same instant).
    // Throws std::invalid_argument unless 1 <= limit <= kMaxContactPageRows and offset >= 0, PermissionError
    // unless `actor` is signed in.
    std::vector<ContactMessage> newest_first(const Actor& actor, std::int64_t limit = 50, std::int64_t offset = 0);
    std::int64_t count();
    // Deletes one message; false if there was none with that id (deleted already, e.g. in another tab).
    // Throws PermissionError unless `actor` is signed in (then nothing is deleted).
    bool delete_message(const Actor& actor, std::int64_t id);

  private:
    orm::Database& db_;
    Clock clock_;
};

} // namespace app
