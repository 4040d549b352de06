// The schema's history: each migration in turn with the tables it created frozen as they were then
// (schema.h says what open_schema does with them). Over 400 lines because it reads top to bottom as that
// history; splitting it by version would scatter one sequence.
#include "app/schema.h"

#include "app/models.h"
#include "app/password_hasher.h"
#include "app/registration_rules.h"
#include "app/text_excerpt.h"
#include "app/username_folding.h"

#include "orm/orm.h"

#include <stdexcept>
#include <unordered_map>
#include <vector>

namespace app {

namespace {

// --- Frozen declarations ---------------------------------------------------------------------------
// A migration must create the same tables tomorrow as today, whatever app/models.h says by then, so the
// tables it creates are declared here as they were at that version (Alembic keeps its scripts frozen the
// same way). The ORM writes SQLAlchemy's DDL, so version 1 is byte for byte what the Flask app creates.

namespace tutorial_v1 {

struct User {
    std::int64_t id = 0;
    std::string username;
    std::string user_email;
    std::string user_password;
};
struct PetHandler {
    std::int64_t handler_id = 0;
    std::string handler_name;
};
struct PetCategory {
    std::int64_t pet_id = 0;
    std::string pet_name;
    std::string pet_category;
    std::int64_t handler_id = 0;
};
struct PetComment {
    std::int64_t comment_id = 0;
    std::string comment_content;
};

const orm::Model<User>& describe(orm::ModelTag<User>) {
    static const orm::Model<User> model = orm::Model<User>("User")
                                              .column("id", &User::id, orm::Integer, orm::primary_key())
                                              .column("username", &User::username, orm::String(100))
                                              .column("user_email", &User::user_email, orm::String(100))
                                              .column("user_password", &User::user_password, orm::String(150));
    return model;
}
const orm::Model<PetHandler>& describe(orm::ModelTag<PetHandler>) {
    static const orm::Model<PetHandler> model =
        orm::Model<PetHandler>("PetHandler")
            .column("handler_id", &PetHandler::handler_id, orm::Integer, orm::primary_key())
            .column("handler_name", &PetHandler::handler_name, orm::String(150));
    return model;
}
const orm::Model<PetCategory>& describe(orm::ModelTag<PetCategory>) {
    static const orm::Model<PetCategory> model =
        orm::Model<PetCategory>("PetCategory")
            .column("pet_id", &PetCategory::pet_id, orm::Integer, orm::primary_key())
            .column("pet_name", &PetCategory::pet_name, orm::String(100))
            .column("pet_category", &PetCategory::pet_category, orm::String(50))
            .column("handler_id", &PetCategory::handler_id, orm::Integer, orm::foreign_key("pet_handler.handler_id"));
    return model;
}
const orm::Model<PetComment>& describe(orm::ModelTag<PetComment>) {
    static const orm::Model<PetComment> model =
        orm::Model<PetComment>("PetComment")
            .column("comment_id", &PetComment::comment_id, orm::Integer, orm::primary_key())
            .column("comment_content", &PetComment::comment_content, orm::String(200));
    return model;
}

const orm::Metadata& metadata() {
    static const orm::Metadata metadata{&orm::model_of<User>(), &orm::model_of<PetHandler>(),
                                        &orm::model_of<PetCategory>(), &orm::model_of<PetComment>()};
    return metadata;
}

} // namespace tutorial_v1

namespace contact_v4 {

struct ContactMessage {
    std::int64_t id = 0;
    std::string name;
    std::string email;
    std::string subject;
    std::string message;
    orm::Timestamp created_at{};
};

const orm::Model<ContactMessage>& describe(orm::ModelTag<ContactMessage>) {
    static const orm::Model<ContactMessage> model =
        orm::Model<ContactMessage>("ContactMessage")
            .column("id", &ContactMessage::id, orm::Integer, orm::primary_key())
            .column("name", &ContactMessage::name, orm::String(100))
            .column("email", &ContactMessage::email, orm::String(100))
            .column("subject", &ContactMessage::subject, orm::String(150))
            .column("message", &ContactMessage::message, orm::Text)
            .column("created_at", &ContactMessage::created_at, orm::DateTime);
    return model;
}

const orm::Metadata& metadata() {
    static const orm::Metadata metadata{&orm::model_of<ContactMessage>()};
    return metadata;
}

} // namespace contact_v4

namespace backoff_v7 {

// One row per account (or per unknown name) with failed logins: LoginBackoff's state, so every tab and
// every reload sees the same wait. Times are milliseconds since the Unix epoch (wall-clock time: the only
// clock two page loads share).
struct LoginBackoffRecord {
    std::int64_t id = 0;
    std::string account_key;
    std::int64_t failures = 0;
    std::int64_t last_failure_ms = 0;
    std::int64_t next_attempt_ms = 0;
};

const orm::Model<LoginBackoffRecord>& describe(orm::ModelTag<LoginBackoffRecord>) {
    static const orm::Model<LoginBackoffRecord> model =
        orm::Model<LoginBackoffRecord>("LoginBackoff")
            .column("id", &LoginBackoffRecord::id, orm::Integer, orm::primary_key())
            .column("account_key", &LoginBackoffRecord::account_key, orm::String(80), orm::index(true))
            .column("failures", &LoginBackoffRecord::failures, orm::Integer)
            .column("last_failure_ms", &LoginBackoffRecord::last_failure_ms, orm::Integer)
            .column("next_attempt_ms", &LoginBackoffRecord::next_attempt_ms, orm::Integer);
    return model;
}

const orm::Metadata& metadata() {
    static const orm::Metadata metadata{&orm::model_of<LoginBackoffRecord>()};
    return metadata;
}

} // namespace backoff_v7

namespace session_v9 {

// One row per signed-in browser tab (app::AccountSessions): the digest of its random token, never the token.
struct AccountSessionRecord {
    std::int64_t id = 0;
    std::string token_digest;
    std::int64_t user_id = 0;
    std::int64_t created_ms = 0;
    std::int64_t expires_ms = 0;
};

const orm::Model<AccountSessionRecord>& describe(orm::ModelTag<AccountSessionRecord>) {
    static const orm::Model<AccountSessionRecord> model =
        orm::Model<AccountSessionRecord>("AccountSession")
            .column("id", &AccountSessionRecord::id, orm::Integer, orm::primary_key())
            .column("token_digest", &AccountSessionRecord::token_digest, orm::String(64), orm::index(true))
            .column("user_id", &AccountSessionRecord::user_id, orm::Integer, orm::index())
            .column("created_ms", &AccountSessionRecord::created_ms, orm::Integer)
            .column("expires_ms", &AccountSessionRecord::expires_ms, orm::Integer);
    return model;
}

const orm::Metadata& metadata() {
    static const orm::Metadata metadata{&orm::model_of<AccountSessionRecord>()};
    return metadata;
}

} // namespace session_v9

// --- Indexes ---------------------------------------------------------------------------------------
// Every index the latest version has. The migrations that introduced them create them from these
// definitions, and open_schema() checks after every upgrade that each one exists and is exactly this (a
// file can hold an index with one of our names but another definition). A later migration that changes an
// index gets a new entry here, and the migration that first made it keeps a frozen copy of the old one.

struct ColumnIndex {
    const char* name;
    const char* table;
    std::vector<std::string> columns;
    bool unique = false;
};

const ColumnIndex kUsernameIndex{"ix_user_username", "user", {"username"}, true};
const ColumnIndex kCommentPetIndex{"ix_pet_comment_pet_id", "pet_comment", {"pet_id"}};
const std::vector<ColumnIndex>& browser_indexes() {
    static const std::vector<ColumnIndex> indexes{
        {"ix_pet_handler_handler_name", "pet_handler", {"handler_name"}},
        {"ix_pet_category_pet_name", "pet_category", {"pet_name"}},
        {"ix_pet_category_pet_category", "pet_category", {"pet_category"}},
        {"ix_pet_category_handler_id", "pet_category", {"handler_id"}},
        {"ix_pet_comment_comment_content", "pet_comment", {"comment_content"}},
        {"ix_contact_message_created_at", "contact_message", {"created_at"}},
        {"ix_contact_message_name", "contact_message", {"name"}},
        {"ix_contact_message_email", "contact_message", {"email"}},
        {"ix_contact_message_subject", "contact_message", {"subject"}},
    };
    return indexes;
}

// Indexes on expressions, as SQLite stores their statements in sqlite_master.
struct ExpressionIndex {
    const char* name;
    const char* sql;
    bool unique;
};

// An expression index: the ORM's create_index takes column names only.
const ExpressionIndex kEmailIndex{"ix_user_email_lower",
                                  "CREATE UNIQUE INDEX ix_user_email_lower ON \"user\" (lower(user_email))", true};
// Usernames are one name whatever their case (app::fold_username): for ASCII names SQLite's built-in lower()
// is that folding, so the database itself refuses "peter" beside "Peter", for the tutorial's Flask app too
// (a custom SQL function here would make the file unwritable for it).
const ExpressionIndex kUsernameLowerIndex{
    "ix_user_username_lower", "CREATE UNIQUE INDEX ix_user_username_lower ON \"user\" (lower(username))", true};
// The rows whose username has a character beyond ASCII, the only ones lower() does not fold: the lookup
// compares their fold in C++ (user_lookup.cpp), reading just these rows. The WHERE is kNonAsciiUsernameSql's.
const ExpressionIndex kUsernameUnicodeIndex{
    "ix_user_username_unicode", "CREATE INDEX ix_user_username_unicode ON \"user\" (id) WHERE username GLOB '*[^ -~]*'",
    false};
// Holds only the rows whose password is not an Argon2id string: empty once every password is hashed, so
// rehash_legacy_passwords() costs an index lookup, not a table scan, on every open. The WHERE must stay
// identical to kLegacyPasswordSql for SQLite to use it.
const ExpressionIndex kLegacyPasswordIndex{
    "ix_user_legacy_password",
    "CREATE INDEX ix_user_legacy_password ON \"user\" (id) WHERE substr(user_password, 1, 10) <> '$argon2id$'", false};

void create(orm::MigrationContext& m, const ColumnIndex& index) {
    m.create_index(index.name, index.table, index.columns, index.unique);
}

// --- Migration steps -------------------------------------------------------------------------------

// A unique index cannot be built over duplicates; say which rows are in the way instead of SQLite's
// bare "UNIQUE constraint failed". The values named are usernames and emails (an excerpt of at most 40
// characters: the message must stay readable whatever the file holds), never passwords; at most five ids.
void refuse_duplicates(orm::Database& db, const std::string& key_sql, const char* what) {
    auto statement = db.prepare("SELECT " + key_sql + ", count(*) FROM \"user\" GROUP BY " + key_sql +
                                " HAVING count(*) > 1 ORDER BY min(id) LIMIT 1");
    if (!statement->step()) return;
    const std::string value = statement->get_text(0);
    const std::int64_t sharing = statement->get_int64(1);
    constexpr std::int64_t kNamedIds = 5;
    std::string ids;
    auto rows = db.prepare("SELECT id FROM \"user\" WHERE " + key_sql + " = ? ORDER BY id LIMIT " +
                           std::to_string(kNamedIds)); // an int we own, not input
    rows->bind(1, value);
    while (rows->step())
        ids += (ids.empty() ? "" : ", ") + std::to_string(rows->get_int64(0));
    if (sharing > kNamedIds) ids += " and " + std::to_string(sharing - kNamedIds) + " more";
    throw std::runtime_error("users " + ids + " share the " + what + " \"" + excerpt(value) +
                             "\"; give each its own, then open the file again");
}

void refuse_duplicate_users(orm::Database& db) {
    refuse_duplicates(db, "username", "username");
    refuse_duplicates(db, "lower(user_email)", "email address (ignoring case)");
}

void refuse_duplicate_users_ignoring_case(orm::Database& db) {
    refuse_duplicate_users(db);
    refuse_duplicates(db, "lower(username)", "username (ignoring case)");
}

// The first `count` code points of `text` (valid UTF-8 in, valid UTF-8 out).
std::string first_code_points(const std::string& text, std::size_t count) {
    std::size_t end = 0;
    for (std::size_t seen = 0; end < text.size(); ++end)
        if ((static_cast<unsigned char>(text[end]) & 0xC0) != 0x80 && seen++ == count) break;
    return text.substr(0, end);
}

// Before version 8 "Peter" and "peter" could both register. Nothing is dropped and nobody is locked out:
// the earliest account (lowest id) keeps its name, and each later one that is the same name ignoring case
// gets "#<its id>" appended ("peter#7"; the name shortened first if it would pass the length limit, and
// another "#" added in the unlikely case that is taken too). Its password and everything else stay.
// Read-only and deterministic: open_schema() plans before upgrading to report what migration 8 then does.
std::vector<UsernameRename> plan_case_renames(orm::Database& db) {
    std::unordered_map<std::string, std::int64_t> holders; // fold_username(name) → id of its holder
    std::vector<UsernameRename> renames;
    auto rows = db.prepare("SELECT id, username FROM \"user\" ORDER BY id");
    while (rows->step()) {
        const std::int64_t id = rows->get_int64(0);
        std::string name = rows->get_text(1);
        if (holders.emplace(fold_username(name), id).second) continue;
        renames.push_back({id, std::move(name), {}});
    }
    for (UsernameRename& rename : renames) {
        for (std::string suffix = "#" + std::to_string(rename.id);; suffix += "#") {
            // The suffix is ASCII: one code point a byte.
            rename.to = first_code_points(rename.from, kUsernameMaxCharacters - suffix.size()) + suffix;
            if (holders.emplace(fold_username(rename.to), rename.id).second) break;
        }
    }
    return renames;
}

bool has_user_table(orm::Database& db) {
    auto statement = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'user'");
    return statement->step();
}

void fold_username_case(orm::MigrationContext& m) {
    auto update = m.database().prepare("UPDATE \"user\" SET username = ? WHERE id = ?");
    for (const UsernameRename& rename : plan_case_renames(m.database())) {
        update->reset();
        update->bind(1, rename.to);
        update->bind(2, rename.id);
        update->step();
    }
    m.create_index_sql(kUsernameLowerIndex.name, kUsernameLowerIndex.sql);
    m.create_index_sql(kUsernameUnicodeIndex.name, kUsernameUnicodeIndex.sql);
}

void add_unique_user_indexes(orm::MigrationContext& m) {
    refuse_duplicate_users(m.database());
    create(m, kUsernameIndex);
    m.create_index_sql(kEmailIndex.name, kEmailIndex.sql);
}

void attach_comments_to_pets(orm::MigrationContext& m) {
    m.add_column("pet_comment", "pet_id INTEGER REFERENCES pet_category (pet_id)");
    create(m, kCommentPetIndex);
}

void add_browser_indexes(orm::MigrationContext& m) {
    for (const ColumnIndex& index : browser_indexes())
        create(m, index);
}

void add_legacy_password_index(orm::MigrationContext& m) {
    m.create_index_sql(kLegacyPasswordIndex.name, kLegacyPasswordIndex.sql);
}


// After an upgrade (or none): every index of the latest version is there and is what it should be. A file
// can claim our version without them, or hold look-alikes with our names (non-unique, other columns);
// those are dropped and rebuilt, which for a unique index first needs the duplicates gone (refused, named).
// Reads only when everything is in order, so an open changes nothing then.
void repair_indexes(orm::Database& db) {
    orm::MigrationContext m(db);
    std::vector<const ColumnIndex*> columns{&kUsernameIndex, &kCommentPetIndex};
    for (const ColumnIndex& index : browser_indexes())
        columns.push_back(&index);
    const ExpressionIndex* expressions[] = {&kEmailIndex, &kLegacyPasswordIndex, &kUsernameLowerIndex,
                                            &kUsernameUnicodeIndex};
    bool in_order = true;
    for (const ExpressionIndex* index : expressions)
        in_order = in_order && m.index_sql_is(index->name, index->sql);
    for (const ColumnIndex* index : columns)
        in_order = in_order && m.index_is(index->name, index->table, index->columns, index->unique);
    if (in_order) return;
    orm::Transaction transaction(db);
    try {
        refuse_duplicate_users_ignoring_case(db);
        for (const ColumnIndex* index : columns)
            create(m, *index);
        for (const ExpressionIndex* index : expressions)
            m.create_index_sql(index->name, index->sql);
    } catch (const std::exception& e) {
        throw orm::MigrationError(latest_schema_version(), std::string("(our indexes, rebuilt) ") + e.what());
    }
    transaction.commit();
}

constexpr const char* kLegacyPasswordSql = "substr(\"user\".\"user_password\", 1, 10) <> '$argon2id$'";

} // namespace

const orm::Migrator& schema_migrator() {
    static const orm::Migrator migrator({
        {1, "the tutorial's tables, as its Flask app creates them",
         [](orm::MigrationContext& m) { m.create_tables(tutorial_v1::metadata()); }},
        {2, "unique usernames and emails", add_unique_user_indexes},
        {3, "comments belong to pets", attach_comments_to_pets},
        {4, "contact messages", [](orm::MigrationContext& m) { m.create_tables(contact_v4::metadata()); }},
        {5, "indexes for sorting and filtering records", add_browser_indexes},
        {6, "find legacy plaintext passwords without a scan", add_legacy_password_index},
        {7, "failed-login backoff kept with the accounts",
         [](orm::MigrationContext& m) { m.create_tables(backoff_v7::metadata()); }},
        {8, "usernames are one name whatever their case", fold_username_case},
        {9, "sign-in kept across a reload (session records)",
         [](orm::MigrationContext& m) { m.create_tables(session_v9::metadata()); }},
        // Earlier builds kept the walking skeleton's "Saving check" number in a table of its own; a file
        // from before never needs it, and one from the tutorial never had it.
        {10, "the walking skeleton's counter table dropped",
         [](orm::MigrationContext& m) { m.execute("DROP TABLE IF EXISTS app_counter"); }},
    });
    return migrator;
}

int latest_schema_version() {
    return schema_migrator().latest_version();
}

SchemaStatus open_schema(orm::Database& db, const PasswordHasher& hasher) {
    orm::enable_defenses(db);
    SchemaStatus status;
    status.previous_version = schema_migrator().current_version(db);
    if (status.previous_version < 8 && has_user_table(db)) status.usernames_renamed = plan_case_renames(db);
    schema_migrator().upgrade(db);
    status.version = schema_migrator().current_version(db);
    repair_indexes(db);
    status.passwords_rehashed = rehash_legacy_passwords(db, hasher);
    return status;
}

int rehash_legacy_passwords(orm::Database& db, const PasswordHasher& hasher) {
    orm::Session session(db);
    const auto legacy = session.query<User>().filter(orm::Expr(kLegacyPasswordSql, {})).all();
    for (const auto& user : legacy)
        user->user_password = hasher.hash(user->user_password);
    session.commit();
    return static_cast<int>(legacy.size());
}

} // namespace app
