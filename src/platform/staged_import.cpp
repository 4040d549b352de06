#include "platform/staged_import.h"

#include "orm/connection_defenses.h"
#include "orm/database.h"
#include "orm/error.h"
#include "platform/database_file.h"

#include <sqlite3.h>

#include <filesystem>

namespace platform {

namespace {

// 10000 → "10,000"
std::string thousands(std::int64_t count) {
    std::string digits = std::to_string(count);
    for (int i = static_cast<int>(digits.size()) - 3; i > 0; i -= 3)
        digits.insert(static_cast<std::size_t>(i), ",");
    return digits;
}

void remove_file(const std::string& path) {
    std::error_code ignored;
    std::filesystem::remove(path, ignored);
    std::filesystem::remove(path + "-journal", ignored);
}

} // namespace

StagedImport::StagedImport(std::string candidate_path, std::string fresh_path, const WorkFactory& make_work)
    : candidate_path_(std::move(candidate_path)), fresh_path_(std::move(fresh_path)) {
    try {
        const HeaderCheck header = convert_header_for_reading(candidate_path_);
        if (!header.problem.empty()) throw ImportRefused(header.problem);
        if (header.schema_entries > kMaxSchemaEntries)
            throw ImportRefused("it declares more than " + thousands(kMaxSchemaEntries) +
                                " tables, indexes, views and triggers (" +
                                (header.schema_entries > kSchemaCountLimit ? "over " + thousands(kSchemaCountLimit)
                                                                           : thousands(header.schema_entries)) +
                                "), where a registration database has about twenty; reading them all would stall "
                                "this page, so it is not imported");
        write_ahead_log_ = header.write_ahead_log;
        candidate_ = std::make_unique<orm::Database>(candidate_path_, orm::Database::Mode::ReadOnly);
        orm::enable_defenses(*candidate_);
        // Corrupt cells are found as they are read (a damaged file is refused when its rows are read, without
        // a quick_check of the whole file in one go, which would stall the page for seconds).
        candidate_->execute("PRAGMA cell_size_check = ON");
        sqlite3_limit(candidate_->handle(), SQLITE_LIMIT_LENGTH, kMaxValueBytes);
        sqlite3_progress_handler(candidate_->handle(), 1000, &StagedImport::on_progress, this);
        remove_file(fresh_path_);
        fresh_ = std::make_unique<orm::Database>(fresh_path_);
        call_deadline_ = std::chrono::steady_clock::now() + kMaxCallTime;
        work_ = make_work(*candidate_, *fresh_);
        file_rows_ = work_->file_rows();
    } catch (const std::exception& error) {
        work_.reset();
        candidate_.reset();
        fresh_.reset();
        remove_file(candidate_path_);
        remove_file(fresh_path_);
        refuse(error);
    }
}

StagedImport::~StagedImport() {
    work_.reset(); // its statements first, then the connections they belong to
    candidate_.reset();
    fresh_.reset();
    remove_file(candidate_path_);
    if (!taken_) remove_file(fresh_path_);
}

int StagedImport::on_progress(void* self) {
    return std::chrono::steady_clock::now() > static_cast<StagedImport*>(self)->call_deadline_ ? 1 : 0;
}

// The refusal in a person's words: SQLite's codes translated, the app's own messages as they are.
void StagedImport::refuse(const std::exception& error) const {
    if (const auto* refused = dynamic_cast<const ImportRefused*>(&error)) throw *refused;
    if (const auto* database = dynamic_cast<const orm::DatabaseError*>(&error)) {
        switch (database->code()) {
        case SQLITE_TOOBIG:
            throw ImportRefused("it holds a value of more than 1 MB, far more than any field of this app holds");
        case SQLITE_INTERRUPT:
            throw ImportRefused("reading it took too long (more than " + std::to_string(kMaxCallTime.count()) +
                                " seconds for one step), as if it were built to slow its reader down");
        case SQLITE_NOMEM: throw ImportRefused("there is not enough memory to read it");
        case SQLITE_CORRUPT:
        case SQLITE_NOTADB:
            if (std::string(database->what()).find("malformed database schema") != std::string::npos)
                throw ImportRefused("its tables are declared in a way this app cannot read (the file's schema is "
                                    "malformed or uses features SQLite does not have here)");
            throw ImportRefused(std::string("the database is damaged (") + database->what() + ")");
        default:
            throw ImportRefused("it cannot be read as a registration database: SQLite refused part of it "
                                "(one of its declarations needs something this app never runs from a file)");
        }
    }
    throw ImportRefused(error.what());
}

bool StagedImport::step(std::chrono::microseconds budget) {
    if (done_) return true;
    if (!work_) throw std::logic_error("step() after the import was refused");
    call_deadline_ = std::chrono::steady_clock::now() + kMaxCallTime;
    try {
        done_ = work_->step(budget);
        if (done_) summary_ = work_->summary();
    } catch (const std::exception& error) {
        work_.reset();
        refuse(error);
    }
    return done_;
}

double StagedImport::progress() const {
    return done_ ? 1.0 : work_ ? work_->progress() : 0.0;
}

std::string StagedImport::summary() const {
    std::string text = summary_;
    if (write_ahead_log_)
        text += "; the file was saved in write-ahead-log mode: what it holds itself was imported (changes still in "
                "a separate \"-wal\" file never come with it)";
    return text;
}

std::string StagedImport::take_result() {
    if (!done_) throw std::logic_error("take_result() before the import is done");
    work_.reset();
    candidate_.reset();
    fresh_.reset();
    remove_file(candidate_path_);
    taken_ = true;
    return fresh_path_;
}

} // namespace platform
