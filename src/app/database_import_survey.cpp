#include "app/database_import_survey.h"

#include "app/schema.h"

#include "orm/orm.h"

#include <algorithm>
#include <optional>

namespace app::import_detail {

namespace {

// SQLite's rule for names: equal ignoring ASCII case.
std::string ascii_lower(std::string text) {
    for (char& c : text)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return text;
}

bool starts_with_words(const std::string& sql, const std::string& lowered_prefix) {
    std::string squeezed;
    for (const char c : ascii_lower(sql.substr(0, 64))) {
        const bool space = c == ' ' || c == '\t' || c == '\n' || c == '\r';
        if (space && (squeezed.empty() || squeezed.back() == ' ')) continue;
        squeezed += space ? ' ' : c;
    }
    return squeezed.rfind(lowered_prefix, 0) == 0;
}

// Tables of ours that are not copied (state of this browser, not data: the login backoff, the sessions of
// signed-in tabs, the saving check earlier builds kept on the Home tab) and SQLite's own.
bool silently_skipped_table(const std::string& lowered) {
    return lowered == "login_backoff" || lowered == "account_session" || lowered == "app_counter" ||
           lowered.rfind("sqlite_", 0) == 0;
}

// Index names our migrations use: whatever the file holds under them is replaced by ours, so they are not
// "ignored" data worth mentioning (an export of this app has every one of them).
bool our_index(const std::string& lowered) {
    static const char* const ours[] = {"ix_user_username",
                                       "ix_user_username_lower",
                                       "ix_user_username_unicode",
                                       "ix_user_email_lower",
                                       "ix_user_legacy_password",
                                       "ix_pet_comment_pet_id",
                                       "ix_pet_handler_handler_name",
                                       "ix_pet_category_pet_name",
                                       "ix_pet_category_pet_category",
                                       "ix_pet_category_handler_id",
                                       "ix_pet_comment_comment_content",
                                       "ix_contact_message_created_at",
                                       "ix_contact_message_name",
                                       "ix_contact_message_email",
                                       "ix_contact_message_subject",
                                       "ix_login_backoff_account_key",
                                       "ix_account_session_token_digest",
                                       "ix_account_session_user_id"};
    return std::any_of(std::begin(ours), std::end(ours), [&](const char* name) { return lowered == name; });
}

struct SchemaEntry {
    std::string type;
    std::string name;
    std::string sql;
};

std::vector<SchemaEntry> schema_entries(orm::Database& db) {
    std::vector<SchemaEntry> entries;
    auto statement = db.prepare("SELECT type, name, coalesce(sql, '') FROM sqlite_schema");
    while (statement->step())
        entries.push_back({statement->get_text(0), statement->get_text(1), statement->get_text(2)});
    return entries;
}

std::string column_list(const TableSpec& spec) {
    std::string list;
    for (const KnownColumn& column : spec.columns)
        list += (list.empty() ? "" : ", ") + std::string(column.name);
    return list;
}

std::string missing_column_message(const TableSpec& spec, const KnownColumn& column, bool generated) {
    const std::string table = spec.name;
    if (generated)
        return "its " + table + " table computes " + column.name +
               " from other columns (a generated column) instead of storing it, so there is no " + column.name +
               " to import";
    if (table == "user")
        return "its user table has no " + std::string(column.name) + " column, so it is not the tutorial's (" +
               column_list(spec) + ")";
    return "its " + table + " table has no " + column.name + " column (" + table + " has " + column_list(spec) + ")";
}

// Which known columns `table` has, and which of its columns are not ours (reported as ignored).
TableSurvey survey_table(orm::Database& db, const TableSpec& spec, const std::string& stored_name,
                         std::vector<std::string>& ignored_columns) {
    TableSurvey result;
    result.present = true;
    result.has_column.assign(spec.columns.size(), false);
    std::vector<bool> generated(spec.columns.size(), false);
    auto columns = db.prepare("SELECT name, hidden FROM pragma_table_xinfo(?) ORDER BY cid");
    columns->bind(1, stored_name);
    while (columns->step()) {
        const std::string name = columns->get_text(0);
        const bool is_generated = columns->get_int64(1) != 0; // 2 virtual, 3 stored; 1 only for virtual tables
        const auto known = std::find_if(spec.columns.begin(), spec.columns.end(),
                                        [&](const KnownColumn& c) { return ascii_lower(name) == c.name; });
        if (known == spec.columns.end() || is_generated) {
            ignored_columns.push_back(std::string(spec.name) + "." + name);
            if (known != spec.columns.end()) generated[static_cast<std::size_t>(known - spec.columns.begin())] = true;
            continue;
        }
        result.has_column[static_cast<std::size_t>(known - spec.columns.begin())] = true;
    }
    std::string select;
    for (std::size_t i = 0; i < spec.columns.size(); ++i) {
        if (!result.has_column[i]) {
            if (spec.columns[i].required)
                throw ImportError(missing_column_message(spec, spec.columns[i], generated[i]));
            continue;
        }
        select += (select.empty() ? "" : ", ") + orm::quote_identifier(spec.columns[i].name);
    }
    // NOT INDEXED: the rows are read from the table itself, never through an index the file declared (whose
    // expressions or WHERE clauses are the file's); no ORDER BY, so no step sorts the whole table at once.
    result.select_sql = "SELECT " + select + " FROM " + orm::quote_identifier(stored_name) + " NOT INDEXED";
    return result;
}

} // namespace

const std::array<TableSpec, kKnownTableCount>& table_specs() {
    static const std::array<TableSpec, kKnownTableCount> specs{{
        {"user", {{"id", true}, {"username", true}, {"user_email", true}, {"user_password", true}}},
        {"pet_handler", {{"handler_id", true}, {"handler_name", true}}},
        {"pet_category", {{"pet_id", true}, {"pet_name", true}, {"pet_category", true}, {"handler_id", true}}},
        {"pet_comment", {{"comment_id", true}, {"comment_content", true}, {"pet_id", false}}},
        {"contact_message",
         {{"id", true}, {"name", true}, {"email", true}, {"subject", true}, {"message", true}, {"created_at", true}}},
    }};
    return specs;
}

Survey survey(orm::Database& candidate) {
    Survey result;
    {
        auto version = candidate.prepare("PRAGMA user_version");
        version->step();
        result.file_version = static_cast<int>(version->get_int64(0));
    }
    if (result.file_version > latest_schema_version()) {
        throw ImportError("it was written by a newer version of this app (schema version " +
                          std::to_string(result.file_version) + ", this one knows up to " +
                          std::to_string(latest_schema_version()) + "); update the app, then import it");
    }
    const std::vector<SchemaEntry> entries = schema_entries(candidate);
    const auto& specs = table_specs();
    std::array<std::optional<SchemaEntry>, kKnownTableCount> known;
    bool any_table = false;
    for (const SchemaEntry& entry : entries) {
        const std::string lowered = ascii_lower(entry.name);
        const auto spec =
            std::find_if(specs.begin(), specs.end(), [&](const TableSpec& s) { return lowered == s.name; });
        const bool ours = spec != specs.end();
        if (entry.type == "table") {
            if (silently_skipped_table(lowered)) continue;
            any_table = true;
            const bool is_virtual = starts_with_words(entry.sql, "create virtual table");
            if (ours && is_virtual)
                throw ImportError("its " + std::string(spec->name) +
                                  " table is a virtual table (one a program module computes), not stored rows; this "
                                  "app never runs what a file brings along");
            if (ours)
                known[static_cast<std::size_t>(spec - specs.begin())] = entry;
            else
                result.ignored.tables.push_back(entry.name);
        } else if (entry.type == "view") {
            if (ours)
                throw ImportError("its " + std::string(spec->name) +
                                  " is a view (rows computed from other tables when it is read), not a table; this "
                                  "app never runs what a file brings along");
            ++result.ignored.views;
        } else if (entry.type == "trigger") {
            ++result.ignored.triggers;
        } else if (entry.type == "index") {
            if (lowered.rfind("sqlite_autoindex_", 0) != 0 && !our_index(lowered)) ++result.ignored.indexes;
        }
    }
    if (!any_table) {
        result.empty = true;
        return result;
    }
    if (!known[kUsers]) {
        const bool any_tutorial_table = known[kHandlers] || known[kPets] || known[kComments];
        throw ImportError(any_tutorial_table
                              ? "it is not a registration database: it has no user table, which every registration "
                                "database has"
                              : "it is not a registration database (it has none of the tutorial's tables: user, "
                                "pet_handler, pet_category, pet_comment)");
    }
    for (std::size_t t = 0; t < kKnownTableCount; ++t)
        if (known[t]) result.tables[t] = survey_table(candidate, specs[t], known[t]->name, result.ignored.columns);
    return result;
}

FileRows count_rows(orm::Database& candidate, const Survey& survey) {
    std::array<std::int64_t, kKnownTableCount> counts{};
    for (std::size_t t = 0; t < kKnownTableCount; ++t) {
        if (!survey.tables[t].present) continue;
        auto statement =
            candidate.prepare(std::string("SELECT count(*) FROM \"") + table_specs()[t].name + "\" NOT INDEXED");
        if (statement->step()) counts[t] = statement->get_int64(0);
    }
    return {counts[kUsers], counts[kHandlers], counts[kPets], counts[kComments], counts[kMessages]};
}

} // namespace app::import_detail
