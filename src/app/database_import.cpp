#include "app/database_import.h"

#include "app/database_import_rows.h"
#include "app/database_import_survey.h"
#include "app/models.h"
#include "app/password_hasher.h"
#include "app/schema.h"

#include "orm/orm.h"

#include <algorithm>

namespace app {

namespace {

using import_detail::kKnownTableCount;
using import_detail::KnownTable;
using Clock = std::chrono::steady_clock;

// Argon2 work per password, in row-equivalents, so the progress bar moves about evenly through the phases:
// a hash takes ~70 ms in a browser, checking and writing a row ~30 µs.
constexpr double kHashWeight = 2000;
constexpr int kRowsBetweenClockChecks = 64;
constexpr std::size_t kWriteBatch = 64; // rows one flush writes: a small part of a frame's budget
constexpr std::size_t kNamedFailures = 5;

// 10000 → "10,000"
std::string thousands(std::int64_t count) {
    std::string digits = std::to_string(count);
    for (int i = static_cast<int>(digits.size()) - 3; i > (count < 0 ? 1 : 0); i -= 3)
        digits.insert(static_cast<std::size_t>(i), ",");
    return digits;
}

std::string plural(std::int64_t count, const char* one, const char* many) {
    return thousands(count) + " " + (count == 1 ? one : many);
}

std::string named_list(const std::vector<std::string>& names, const char* one, const char* many) {
    constexpr std::size_t kNamed = 3;
    if (names.size() == 1) return std::string(one) + " `" + names[0] + "`";
    std::string text = plural(static_cast<std::int64_t>(names.size()), one, many) + " (";
    for (std::size_t i = 0; i < names.size() && i < kNamed; ++i)
        text += (i ? ", `" : "`") + names[i] + "`";
    if (names.size() > kNamed) text += " and " + thousands(static_cast<std::int64_t>(names.size() - kNamed)) + " more";
    return text + ")";
}

std::string refusal_message(const std::vector<RowFailure>& failures) {
    std::string text = plural(static_cast<std::int64_t>(failures.size()), "value breaks", "values break") +
                       " the rules a new row must pass: ";
    for (std::size_t i = 0; i < failures.size() && i < kNamedFailures; ++i)
        text += (i ? "; " : "") + failures[i].describe();
    if (failures.size() > kNamedFailures)
        text += "; and " + thousands(static_cast<std::int64_t>(failures.size() - kNamedFailures)) + " more";
    return text;
}

// The rows of `refused` parents' children are refused in turn by RowChecker; here only the table order.
bool failure_order(const RowFailure& a, const RowFailure& b) {
    const auto& specs = import_detail::table_specs();
    const auto rank = [&](const std::string& table) {
        return std::find_if(specs.begin(), specs.end(), [&](const auto& s) { return table == s.name; }) - specs.begin();
    };
    if (rank(a.table) != rank(b.table)) return rank(a.table) < rank(b.table);
    return std::pair(a.id, a.row) < std::pair(b.id, b.row);
}

std::string schema_of(orm::Database& db) {
    std::string schema;
    auto statement =
        db.prepare("SELECT type || ' ' || name || ' ' || tbl_name || ': ' || coalesce(sql, '') FROM sqlite_schema "
                   "ORDER BY type, name");
    while (statement->step())
        schema += statement->get_text(0) + "\n";
    return schema;
}

} // namespace

std::string RowFailure::describe() const {
    std::string text = table + " " + (id != 0 ? std::to_string(id) : "row #" + std::to_string(row));
    if (!column.empty()) text += ", " + column;
    return text + ": " + problem;
}

std::string IgnoredSchema::describe() const {
    std::vector<std::string> parts;
    if (triggers) parts.push_back(plural(triggers, "trigger", "triggers"));
    if (views) parts.push_back(plural(views, "view", "views"));
    if (indexes) parts.push_back(plural(indexes, "index", "indexes"));
    if (!tables.empty()) parts.push_back(named_list(tables, "table", "tables"));
    if (!columns.empty()) parts.push_back(named_list(columns, "column", "columns"));
    std::string text;
    for (const std::string& part : parts)
        text += (text.empty() ? "" : ", ") + part;
    return text;
}

std::string ImportReport::summary() const {
    std::string text = plural(users, "user", "users") + ", " + plural(handlers, "pet handler", "pet handlers") + ", " +
                       plural(pets, "pet", "pets") + ", " + plural(comments, "comment", "comments") + ", " +
                       plural(messages, "contact message", "contact messages");
    if (from_tutorial && users + handlers + pets + comments > 0)
        text += "; upgraded from the tutorial's Flask schema";
    else if (file_version > 0 && file_version < latest_schema_version())
        text += "; upgraded from schema version " + std::to_string(file_version);
    if (passwords_rehashed > 0)
        text +=
            "; " + plural(passwords_rehashed, "plaintext password", "plaintext passwords") + " re-hashed with Argon2id";
    if (!left_out.empty())
        text += "; left out " + plural(static_cast<std::int64_t>(left_out.size()), "refused value", "refused values");
    if (!ignored.empty()) text += "; ignored: " + ignored.describe();
    return text;
}

struct DatabaseImport::State {
    enum class Phase { Reading, Hashing, Writing, Done };

    orm::Database& candidate;
    orm::Database& fresh;
    const PasswordHasher& hasher;
    ImportOptions options;
    import_detail::Survey survey;
    FileRows file_rows;
    import_detail::RowChecker checker;
    ImportReport report;
    Phase phase = Phase::Reading;

    // Reading: the table and its open statement (a read transaction on the private candidate across steps).
    std::size_t table = 0;
    std::optional<orm::StatementLease> reader;
    std::int64_t position = 0;
    // Hashing: the next password of rows().plaintext and its job.
    std::size_t hashed = 0;
    std::optional<PasswordHashJob> hash_job;
    // Writing: the table being written and how many of its rows are in.
    std::size_t written_table = 0;
    std::size_t written_in_table = 0;
    std::size_t written = 0;

    State(orm::Database& c, orm::Database& f, const PasswordHasher& h, ImportOptions o)
        : candidate(c), fresh(f), hasher(h), options(o) {}

    void read(Clock::time_point deadline);
    void finish_reading();
    void hash(std::chrono::microseconds budget);
    void write(Clock::time_point deadline);
    void verify();
};

void DatabaseImport::State::read(Clock::time_point deadline) {
    const auto& specs = import_detail::table_specs();
    for (int rows = 0; table < kKnownTableCount; ++rows) {
        const import_detail::TableSurvey& surveyed = survey.tables[table];
        if (!surveyed.present) {
            ++table;
            continue;
        }
        if (rows > 0 && rows % kRowsBetweenClockChecks == 0 && Clock::now() >= deadline) return;
        if (!reader) {
            reader.emplace(candidate.prepare(surveyed.select_sql));
            position = 0;
        }
        if (!(*reader)->step()) {
            reader.reset();
            ++table;
            continue;
        }
        if (++position > options.max_rows_per_table)
            throw ImportError("its " + std::string(specs[table].name) + " table holds more than " +
                              plural(options.max_rows_per_table, "row", "rows") + ", more than one import takes");
        // The present known columns come in spec order; absent optional ones are left empty.
        std::vector<std::optional<orm::Value>> values(specs[table].columns.size());
        int column = 0;
        for (std::size_t i = 0; i < values.size(); ++i)
            if (surveyed.has_column[i]) values[i] = (*reader)->get_value(column++);
        checker.check(static_cast<KnownTable>(table), position, values);
    }
    finish_reading();
}

void DatabaseImport::State::finish_reading() {
    import_detail::CheckedRows& rows = checker.rows();
    std::stable_sort(rows.failures.begin(), rows.failures.end(), failure_order);
    if (!rows.failures.empty()) {
        if (!options.leave_out_refused_rows) throw ImportError(refusal_message(rows.failures));
        report.left_out = rows.failures;
    }
    if (rows.plaintext.size() > options.max_plaintext_passwords)
        throw ImportError(
            "it holds " +
            plural(static_cast<std::int64_t>(rows.plaintext.size()), "plaintext password", "plaintext passwords") +
            "; each is hashed with Argon2id on import (about a tenth of a second each), and at most " +
            std::to_string(options.max_plaintext_passwords) + " can be hashed in one import");
    phase = rows.plaintext.empty() ? Phase::Writing : Phase::Hashing;
}

void DatabaseImport::State::hash(std::chrono::microseconds budget) {
    import_detail::CheckedRows& rows = checker.rows();
    std::string& password = rows.users[rows.plaintext[hashed]].user_password;
    if (!hash_job) {
        hash_job.emplace(hasher, password);
        // The job holds what it needs; the plaintext is overwritten at once, not left for the allocator.
        std::fill(password.begin(), password.end(), '\0');
    }
    if (!hash_job->step(budget)) return;
    password = hash_job->phc();
    hash_job.reset();
    if (++hashed == rows.plaintext.size()) phase = Phase::Writing;
}

void DatabaseImport::State::write(Clock::time_point deadline) {
    import_detail::CheckedRows& rows = checker.rows();
    // Our models, our session: each row goes in as a new one would, checked by the ORM once more (String(n)),
    // with our constraints (unique indexes, foreign keys) in force. The rows are flushed kWriteBatch at a time
    // and the clock read after each flush, so the INSERTs themselves are inside the budget (adding to the
    // session costs nothing; the flush is the work). One transaction a step: `fresh` is private, and a
    // cancelled import throws it away.
    orm::Session session(fresh);
    const auto add_batch = [&](auto& list) {
        const std::size_t end = std::min(list.size(), written_in_table + kWriteBatch);
        for (; written_in_table < end; ++written_in_table, ++written)
            session.add(list[written_in_table]);
        return written_in_table == list.size();
    };
    do {
        bool table_done = true;
        switch (written_table) {
        case import_detail::kUsers: table_done = add_batch(rows.users); break;
        case import_detail::kHandlers: table_done = add_batch(rows.handlers); break;
        case import_detail::kPets: table_done = add_batch(rows.pets); break;
        case import_detail::kComments: table_done = add_batch(rows.comments); break;
        default: table_done = add_batch(rows.messages); break;
        }
        session.flush();
        if (table_done) {
            ++written_table;
            written_in_table = 0;
        }
    } while (written_table < kKnownTableCount && Clock::now() < deadline);
    session.commit();
    if (written_table == kKnownTableCount) verify();
}

void DatabaseImport::State::verify() {
    // Belt and braces: what `fresh` holds is exactly our schema, and every foreign key resolves.
    static const std::string ours = [] {
        orm::Database reference(":memory:");
        schema_migrator().upgrade(reference);
        return schema_of(reference);
    }();
    if (schema_of(fresh) != ours) throw orm::UsageError("the imported database does not have exactly the app's schema");
    if (fresh.prepare("PRAGMA foreign_key_check")->step())
        throw orm::UsageError("an imported row refers to a row that is not there");
    const import_detail::CheckedRows& rows = checker.rows();
    report.users = static_cast<std::int64_t>(rows.users.size());
    report.handlers = static_cast<std::int64_t>(rows.handlers.size());
    report.pets = static_cast<std::int64_t>(rows.pets.size());
    report.comments = static_cast<std::int64_t>(rows.comments.size());
    report.messages = static_cast<std::int64_t>(rows.messages.size());
    report.passwords_rehashed = static_cast<int>(rows.plaintext.size());
    phase = Phase::Done;
}

DatabaseImport::DatabaseImport(orm::Database& candidate, orm::Database& fresh, const PasswordHasher& hasher,
                               ImportOptions options)
    : state_(std::make_unique<State>(candidate, fresh, hasher, options)) {
    orm::enable_defenses(candidate);
    candidate.execute("PRAGMA query_only = 1");
    {
        auto tables = fresh.prepare("SELECT count(*) FROM sqlite_schema");
        tables->step();
        if (tables->get_int64(0) != 0 || schema_migrator().current_version(fresh) != 0)
            throw orm::UsageError("DatabaseImport needs an empty database to import into");
    }
    state_->survey = import_detail::survey(candidate);
    state_->file_rows = import_detail::count_rows(candidate, state_->survey);
    state_->report.file_version = state_->survey.file_version;
    state_->report.from_tutorial = state_->survey.file_version <= 0;
    state_->report.ignored = state_->survey.ignored;
    orm::enable_defenses(fresh);
    schema_migrator().upgrade(fresh);
}

DatabaseImport::~DatabaseImport() = default;

bool DatabaseImport::step(std::chrono::microseconds budget) {
    State& s = *state_;
    const auto deadline = Clock::now() + budget;
    do {
        switch (s.phase) {
        case State::Phase::Reading: s.read(deadline); break;
        case State::Phase::Hashing:
            s.hash(std::chrono::duration_cast<std::chrono::microseconds>(deadline - Clock::now()));
            break;
        case State::Phase::Writing: s.write(deadline); break;
        case State::Phase::Done: return true;
        }
    } while (s.phase != State::Phase::Done && Clock::now() < deadline);
    return done();
}

bool DatabaseImport::done() const {
    return state_->phase == State::Phase::Done;
}

double DatabaseImport::progress() const {
    const State& s = *state_;
    if (s.phase == State::Phase::Done) return 1.0;
    constexpr double kReadingShare = 0.05;
    if (s.phase == State::Phase::Reading)
        return kReadingShare * static_cast<double>(s.table) / static_cast<double>(kKnownTableCount);
    const import_detail::CheckedRows& rows = s.checker.rows();
    const double hashes = static_cast<double>(rows.plaintext.size()) * kHashWeight;
    // + 1: the final check of `fresh` (verify()), so 1.0 means done.
    const double total = hashes + static_cast<double>(rows.row_count()) + 1;
    const double current = s.hash_job ? s.hash_job->progress() : 0.0;
    const double done = (static_cast<double>(s.hashed) + current) * kHashWeight + static_cast<double>(s.written);
    return kReadingShare + (1.0 - kReadingShare) * std::min(1.0, done / total);
}

const FileRows& DatabaseImport::file_rows() const {
    return state_->file_rows;
}

const ImportReport& DatabaseImport::report() const {
    return state_->report;
}

const std::vector<RowFailure>& DatabaseImport::failures() const {
    return state_->checker.rows().failures;
}

ImportReport import_database(orm::Database& candidate, orm::Database& fresh, const PasswordHasher& hasher,
                             ImportOptions options) {
    DatabaseImport import(candidate, fresh, hasher, options);
    while (!import.step(std::chrono::hours(1))) {
    }
    return import.report();
}

} // namespace app
