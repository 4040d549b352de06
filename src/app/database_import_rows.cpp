#include "app/database_import_rows.h"

#include "app/contact_service.h"
#include "app/password_hasher.h"
#include "app/pet_service.h"
#include "app/registration_rules.h"
#include "app/text_excerpt.h"
#include "app/username_folding.h"

#include "orm/error.h"
#include "orm/types.h"
#include "orm/utf8.h"

#include <array>
#include <string_view>
#include <utility>

namespace app::import_detail {

namespace {

// Ids a person's browser shows exactly: JavaScript numbers are exact up to 2^53 − 1.
constexpr std::int64_t kMaxId = (std::int64_t{1} << 53) - 1;

std::string kind_of(const orm::Value& value) {
    switch (value.index()) {
    case 0: return "empty (NULL)";
    case 1: return "a whole number";
    case 2: return "a real number";
    case 3: return "text";
    default: return "binary data (a blob)";
    }
}

// The stored forms of password hashes other apps write (bcrypt, sha-crypt, yescrypt, PHC's PBKDF2 and scrypt,
// Werkzeug's generate_password_hash): taken as plaintext they would lock their owner out for good.
bool looks_like_foreign_hash(std::string_view value) {
    static constexpr std::array<std::string_view, 12> prefixes{
        "$2a$", "$2b$", "$2y$", "$1$", "$5$", "$6$", "$y$", "$pbkdf2", "$scrypt", "pbkdf2:", "scrypt:", "$argon2d$"};
    for (const std::string_view prefix : prefixes)
        if (value.substr(0, prefix.size()) == prefix) return true;
    return false;
}

std::string ascii_lower(std::string text) {
    for (char& c : text)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return text;
}

} // namespace

// What one row breaks: one entry per column (the first problem of that column).
struct RowChecker::Problems {
    std::vector<std::pair<std::string, std::string>> list;
    void add(std::string column, std::string problem) { list.emplace_back(std::move(column), std::move(problem)); }
    bool empty() const { return list.empty(); }

    // The value as a whole number, or nothing (and a problem) if it is not one.
    std::optional<std::int64_t> integer(const std::optional<orm::Value>& value, const char* column) {
        if (value && std::holds_alternative<std::int64_t>(*value)) return std::get<std::int64_t>(*value);
        add(column, "is " + (value ? kind_of(*value) : std::string("missing")) + ", not a whole number");
        return std::nullopt;
    }
    // The value as text, or nothing (and a problem).
    std::optional<std::string> text(const std::optional<orm::Value>& value, const char* column) {
        if (value && std::holds_alternative<std::string>(*value)) return std::get<std::string>(*value);
        add(column, "is " + (value ? kind_of(*value) : std::string("missing")) + ", not text");
        return std::nullopt;
    }
    // Trimmed text that passes `rule`, or nothing (and the rule's message as the problem).
    std::optional<std::string> rule_text(const std::optional<orm::Value>& value, const char* column,
                                         const TextRule& rule) {
        auto raw = text(value, column);
        if (!raw) return std::nullopt;
        std::string trimmed = trim(*raw);
        if (auto message = check_text(trimmed, rule)) {
            add(column, *message);
            return std::nullopt;
        }
        return trimmed;
    }
    // A foreign key to an accepted row of `parents`; `null_allowed` for pet_comment.pet_id.
    std::optional<std::int64_t> reference(const std::optional<orm::Value>& value, const char* column,
                                          const char* parent, const std::unordered_set<std::int64_t>& accepted,
                                          const std::unordered_set<std::int64_t>& seen, bool null_allowed) {
        if (null_allowed && (!value || std::holds_alternative<std::nullptr_t>(*value))) return std::nullopt;
        const auto id = integer(value, column);
        if (!id) return std::nullopt;
        if (!accepted.contains(*id))
            add(column, seen.contains(*id) ? "its " + std::string(parent) + " " + std::to_string(*id) + " is refused"
                                           : "names " + std::string(parent) + " " + std::to_string(*id) +
                                                 ", which the file does not have");
        return id;
    }
};

void RowChecker::check(KnownTable table, std::int64_t position, const Values& values) {
    Problems problems;
    const auto id = problems.integer(values[0], table_specs()[table].columns[0].name);
    std::int64_t usable_id = 0;
    if (id) {
        if (*id < 1 || *id > kMaxId)
            problems.add(table_specs()[table].columns[0].name, "is " + std::to_string(*id) +
                                                                   ", outside 1 to 9007199254740991 (ids a browser "
                                                                   "shows exactly)");
        else if (!seen_ids_[table].insert(*id).second)
            problems.add(table_specs()[table].columns[0].name, "is used by another row of this table too");
        else
            usable_id = *id;
    }
    if (problems.empty()) {
        switch (table) {
        case kUsers: check_user(usable_id, values, problems); break;
        case kHandlers: check_handler(usable_id, values, problems); break;
        case kPets: check_pet(usable_id, values, problems); break;
        case kComments: check_comment(usable_id, values, problems); break;
        default: check_message(usable_id, values, problems); break;
        }
    }
    for (auto& [column, problem] : problems.list)
        rows_.failures.push_back({table_specs()[table].name, usable_id, position, column, std::move(problem)});
}

void RowChecker::check_user(std::int64_t id, const Values& values, Problems& problems) {
    std::optional<std::string> username, email;
    if (auto raw = problems.text(values[1], "username")) {
        if (auto message = validate_username(*raw))
            problems.add("username", *message);
        else
            username = trim(*raw);
    }
    if (auto raw = problems.text(values[2], "user_email")) {
        // Stored trimmed, in the case it has (the tutorial's app compares it as typed); unique ignoring case.
        if (auto message = validate_email(*raw))
            problems.add("user_email", *message);
        else
            email = trim(*raw);
    }
    const auto password = problems.text(values[3], "user_password");
    bool plaintext = false;
    if (password) {
        // A hash is taken only when our verifier would run it; anything else is plaintext to hash, or refused.
        if (PasswordHasher::verifiable(*password)) {
        } else if (password->rfind("$argon2", 0) == 0 || looks_like_foreign_hash(*password)) {
            problems.add("user_password", "looks like a password hash, but not an Argon2id one this app can verify "
                                          "(malformed, another kind, or costs beyond its limits): nobody could log in "
                                          "with it");
        } else if (password->empty()) {
            problems.add("user_password", "is empty: nobody could log in with it");
        } else if (password->size() > kPasswordMaxBytes) {
            problems.add("user_password",
                         "is longer than " + std::to_string(kPasswordMaxBytes) + " bytes, more than a login accepts");
        } else if (!orm::utf8::count_code_points(*password)) {
            problems.add("user_password", "is not valid text (UTF-8), so it could never be typed");
        } else {
            plaintext = true;
        }
    }
    if (username) {
        if (const auto taken = usernames_.find(fold_username(*username)); taken != usernames_.end())
            problems.add("username", "\"" + excerpt(*username) + "\" is also user " + std::to_string(taken->second) +
                                         "'s (ignoring case)");
    }
    if (email) {
        if (const auto taken = emails_.find(ascii_lower(*email)); taken != emails_.end())
            problems.add("user_email", "\"" + excerpt(*email) + "\" is also user " + std::to_string(taken->second) +
                                           "'s (ignoring case)");
    }
    if (!problems.empty()) return;
    usernames_.emplace(fold_username(*username), id);
    emails_.emplace(ascii_lower(*email), id);
    if (plaintext) rows_.plaintext.push_back(rows_.users.size());
    rows_.users.push_back(User{id, std::move(*username), std::move(*email), *password});
}

void RowChecker::check_handler(std::int64_t id, const Values& values, Problems& problems) {
    auto name = problems.rule_text(values[1], "handler_name", kHandlerName);
    if (!problems.empty()) return;
    accepted_handlers_.insert(id);
    rows_.handlers.push_back(PetHandler{id, std::move(*name)});
}

void RowChecker::check_pet(std::int64_t id, const Values& values, Problems& problems) {
    auto name = problems.rule_text(values[1], "pet_name", kPetName);
    auto category = problems.rule_text(values[2], "pet_category", kPetCategory);
    const auto handler =
        problems.reference(values[3], "handler_id", "pet handler", accepted_handlers_, seen_ids_[kHandlers], false);
    if (!problems.empty()) return;
    accepted_pets_.insert(id);
    rows_.pets.push_back(PetCategory{id, std::move(*name), std::move(*category), *handler});
}

void RowChecker::check_comment(std::int64_t id, const Values& values, Problems& problems) {
    auto content = problems.rule_text(values[1], "comment_content", kCommentContent);
    const auto pet = problems.reference(values[2], "pet_id", "pet", accepted_pets_, seen_ids_[kPets], true);
    if (!problems.empty()) return;
    rows_.comments.push_back(PetComment{id, std::move(*content), pet});
}

void RowChecker::check_message(std::int64_t id, const Values& values, Problems& problems) {
    auto name = problems.rule_text(values[1], "name", kContactName);
    std::optional<std::string> email;
    if (auto raw = problems.text(values[2], "email")) {
        if (auto message = validate_email(*raw))
            problems.add("email", *message);
        else
            email = trim(*raw);
    }
    auto subject = problems.rule_text(values[3], "subject", kContactSubject);
    auto body = problems.rule_text(values[4], "message", kContactMessage);
    std::optional<orm::Timestamp> created_at;
    if (auto raw = problems.text(values[5], "created_at")) {
        try {
            created_at = orm::parse_datetime(*raw);
        } catch (const orm::ValueError&) {
            problems.add("created_at", "is not a date and time (YYYY-MM-DD HH:MM:SS)");
        }
    }
    if (!problems.empty()) return;
    rows_.messages.push_back(
        ContactMessage{id, std::move(*name), std::move(*email), std::move(*subject), std::move(*body), *created_at});
}

} // namespace app::import_detail
