// An import readied a slice at a time, beside the data and without touching it: the chosen file (a private
// copy) is opened read-only with SQLite's defences on, its rows are copied by the app's import work into a
// fresh database, and only then does the host swap that fresh file in (DatabaseHost::replace_with), which is
// the one step that needs the cross-tab write lock.
//
//     platform::StagedImport staged("/data/.import-candidate.db", "/data/.import-fresh.db",
//                                   [&](orm::Database& candidate, orm::Database& fresh) {
//                                       return platform::import_work(std::make_unique<app::DatabaseImport>(
//                                           candidate, fresh, hasher));
//                                   });
//     while (!staged.step(8ms)) draw_progress(staged.progress());   // one slice per frame
//     host.replace_with(staged.take_result());                        // under the lock
//
// Every refusal is a platform::ImportRefused whose message is written for a person (SQLite's own words
// appear only in parentheses, for a damaged file). Destroying a StagedImport cancels it: both files are
// removed, nothing else was touched.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>

namespace orm {
class Database;
}

namespace platform {

class ImportRefused : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

// The app's side of an import: what app::DatabaseImport does, seen from the platform (which does not know
// the app's models). step() throws std::exception to refuse, with a message for a person.
class ImportWork {
  public:
    virtual ~ImportWork() = default;
    virtual bool step(std::chrono::microseconds budget) = 0; // true once done
    virtual double progress() const = 0;                     // 0 to 1
    virtual std::string summary() const = 0;                 // once done: what was imported
    // The file's rows per table, known from the start (users, pet handlers, pets, comments, contact
    // messages): what the person is asked to confirm replacing their data with.
    virtual std::array<std::int64_t, 5> file_rows() const = 0;
};

// ImportWork over any job with step(budget), progress() and report().summary() (app::DatabaseImport).
template <class Job> std::unique_ptr<ImportWork> import_work(std::unique_ptr<Job> job) {
    struct Adapter final : ImportWork {
        explicit Adapter(std::unique_ptr<Job> j) : job(std::move(j)) {}
        bool step(std::chrono::microseconds budget) override { return job->step(budget); }
        double progress() const override { return job->progress(); }
        std::string summary() const override { return job->report().summary(); }
        std::array<std::int64_t, 5> file_rows() const override {
            const auto& rows = job->file_rows();
            return {rows.users, rows.handlers, rows.pets, rows.comments, rows.messages};
        }
        std::unique_ptr<Job> job;
    };
    return std::make_unique<Adapter>(std::move(job));
}

class StagedImport {
  public:
    using WorkFactory = std::function<std::unique_ptr<ImportWork>(orm::Database& candidate, orm::Database& fresh)>;

    // How long one SQLite call on the candidate may run before it is interrupted (a file can be built to make
    // a single read slow: a deep schema, a huge overflow chain). Far above what an honest file needs.
    static constexpr std::chrono::seconds kMaxCallTime{10};
    // The largest single value read from the candidate; no field of the app holds a hundredth of it.
    static constexpr int kMaxValueBytes = 1000 * 1000;
    // The most schema entries (tables, indexes, views, triggers) a candidate may declare. SQLite parses them
    // all in one go before the first read (10,000 tables: ~0.4 s natively, more in a browser), so more are
    // refused before SQLite sees them. A registration database has about twenty.
    static constexpr std::int64_t kMaxSchemaEntries = 1000;

    // Checks the header of the file at `candidate_path` (converting a write-ahead-log file in place: it is a
    // private copy), opens it read-only with SQLite's defences, creates an empty database at `fresh_path`
    // (replacing whatever is there) and lets `make_work` survey the candidate. Throws ImportRefused; then
    // both files are removed.
    StagedImport(std::string candidate_path, std::string fresh_path, const WorkFactory& make_work);
    ~StagedImport();
    StagedImport(const StagedImport&) = delete;
    StagedImport& operator=(const StagedImport&) = delete;

    // One slice of the work (see ImportWork). Throws ImportRefused; the import is dead then.
    bool step(std::chrono::microseconds budget);
    bool done() const { return done_; }
    double progress() const;
    // ImportWork::file_rows(), from construction on.
    std::array<std::int64_t, 5> file_rows() const { return file_rows_; }
    // Once done (also after take_result): the work's summary, plus what was converted ("saved in
    // write-ahead-log mode: …").
    std::string summary() const;
    // Once done: closes both databases, removes the candidate and returns the path of the fresh database,
    // which the caller now owns (moves into place). Throws std::logic_error before done().
    std::string take_result();

  private:
    static int on_progress(void* self);
    [[noreturn]] void refuse(const std::exception& error) const;

    std::string candidate_path_;
    std::string fresh_path_;
    bool write_ahead_log_ = false;
    std::unique_ptr<orm::Database> candidate_;
    std::unique_ptr<orm::Database> fresh_;
    std::unique_ptr<ImportWork> work_;
    std::chrono::steady_clock::time_point call_deadline_{};
    std::string summary_; // the work's, kept once done
    std::array<std::int64_t, 5> file_rows_{};
    bool done_ = false;
    bool taken_ = false;
};

} // namespace platform
