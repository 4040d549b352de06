// Internal to app::DatabaseImport: each row of a candidate file checked, value by value, against the rules a
// new row passes, in table order (users, handlers, pets, comments, contact messages: parents before
// children, so a foreign key is checked against the rows already accepted).
//
//     import_detail::RowChecker checker;
//     checker.check(import_detail::kUsers, position, values);   // values in table_specs() order
//     checker.rows().users;      // accepted, as they will be stored (trimmed)
//     checker.rows().failures;   // RowFailure per refused row
#pragma once

#include "app/database_import.h"
#include "app/database_import_survey.h"
#include "app/models.h"

#include "orm/value.h"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace app::import_detail {

struct CheckedRows {
    std::vector<User> users;
    std::vector<std::size_t> plaintext; // indexes into users whose user_password is plaintext to hash
    std::vector<PetHandler> handlers;
    std::vector<PetCategory> pets;
    std::vector<PetComment> comments;
    std::vector<ContactMessage> messages;
    std::vector<RowFailure> failures;
    std::size_t row_count() const {
        return users.size() + handlers.size() + pets.size() + comments.size() + messages.size();
    }
};

class RowChecker {
  public:
    // One row of `table`: `values[i]` is the file's value of table_specs()[table].columns[i], or nothing when
    // the file has no such (optional) column. `position` counts the table's rows from 1. Never throws except
    // std::bad_alloc.
    void check(KnownTable table, std::int64_t position, const std::vector<std::optional<orm::Value>>& values);
    CheckedRows& rows() { return rows_; }
    const CheckedRows& rows() const { return rows_; }

    struct Problems; // what one row breaks, column by column

  private:
    using Values = std::vector<std::optional<orm::Value>>;
    void check_user(std::int64_t id, const Values& values, Problems& problems);
    void check_handler(std::int64_t id, const Values& values, Problems& problems);
    void check_pet(std::int64_t id, const Values& values, Problems& problems);
    void check_comment(std::int64_t id, const Values& values, Problems& problems);
    void check_message(std::int64_t id, const Values& values, Problems& problems);

    CheckedRows rows_;
    std::array<std::unordered_set<std::int64_t>, kKnownTableCount> seen_ids_;
    std::unordered_set<std::int64_t> accepted_handlers_, accepted_pets_;
    std::unordered_map<std::string, std::int64_t> usernames_, emails_; // of accepted users (folded, lowercased)
};

} // namespace app::import_detail
