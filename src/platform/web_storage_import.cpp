// WebStorage's import and its undo (web_storage.h): staging a chosen file beside the data, asking the
// person before a row is read, the swap under the write lock with the replaced data kept for "Undo import"
// (import_undo.h), and the undo and its discard.
#include "platform/web_storage.h"

#include "ui/storage_panel.h"

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <exception>
#include <filesystem>

// Implemented in web/host_library.js (web_storage.cpp lists the others).
extern "C" {
void seed_storage_choose_import();
void seed_storage_import_ready();
void seed_storage_import_ended(const char* problem, int length);
void seed_storage_request_undo_import();
void seed_storage_request_discard_undo();
}

namespace platform {

void WebStorage::import_database() {
    seed_storage_choose_import();
}

std::string WebStorage::refuse_import(const std::string& display_name, const std::string& problem) {
    set_notice("Import refused: " + display_name + ": " + problem + ". Your data is unchanged.", true);
    status_.notice_about_import = true;
    return problem;
}

std::string WebStorage::begin_import(const std::string& candidate, const std::string& display_name, bool confirm) {
    std::error_code ignored;
    const auto refuse = [&](const std::string& problem) {
        std::filesystem::remove(candidate, ignored);
        return refuse_import(display_name, problem);
    };
    // After a loss nothing is open, and importing a backup is what the person was offered.
    if (!database_.database() && !status_.data_missing) return refuse("no database is open");
    if (staged_) return refuse("another import is still in progress (" + import_name_ + ")");
    if (!import_work_) return refuse("this app cannot import files");
    // The file is only read (read-only, SQLite's defences on); its rows go into a fresh database of ours,
    // beside the data, which nothing here touches until finish_import().
    std::error_code no_size;
    const auto file_bytes = std::filesystem::file_size(candidate, no_size);
    try {
        staged_ = std::make_unique<StagedImport>(candidate, directory_ + "/.import-fresh.db", import_work_);
    } catch (const std::exception& e) {
        return refuse_import(display_name, e.what()); // StagedImport removed the candidate
    }
    import_name_ = display_name;
    status_.import = {true, display_name, 0.0, false};
    // Surveyed and counted (app::FileRows): the person sees what replaces what before a row is read.
    status_.import.confirming = confirm && database_.database() != nullptr;
    status_.import.file_bytes = no_size ? 0.0 : static_cast<double>(file_bytes);
    status_.import.file_rows = staged_->file_rows();
    if (status_.import.confirming) status_.notice.clear(); // the dialog shows what its export button says
    return "";
}

void WebStorage::step_import(std::chrono::microseconds budget) {
    if (!staged_ || staged_->done() || status_.import.confirming) return;
    try {
        if (staged_->step(budget)) {
            status_.import.progress = 1.0;
            status_.import.swapping = true;
            seed_storage_import_ready();
        } else {
            status_.import.progress = staged_->progress();
        }
    } catch (const std::exception& e) {
        const std::string problem = e.what();
        end_import("Import refused: " + import_name_ + ": " + problem + ". Your data is unchanged.", true, problem);
    }
}

void WebStorage::cancel_import() {
    if (!staged_) return;
    end_import("Import of " + import_name_ + " cancelled. Your data is unchanged.", false, "the import was cancelled");
}

void WebStorage::confirm_import() {
    if (staged_) status_.import.confirming = false; // step_import() goes ahead from the next frame
}

void WebStorage::end_import(const std::string& notice, bool is_error, const std::string& problem) {
    staged_.reset(); // removes the candidate and the fresh database: nothing else was ever touched
    status_.import = {};
    set_notice(notice, is_error);
    status_.notice_about_import = true;
    seed_storage_import_ended(problem.data(), static_cast<int>(problem.size()));
}

std::string WebStorage::finish_import() {
    if (!staged_ || !staged_->done()) return "the import was cancelled"; // by the person, before the lock came
    const std::unique_ptr<StagedImport> staged = std::move(staged_);
    const std::string display_name = import_name_;
    status_.import = {};
    std::error_code ignored;
    auto refuse = [&](const std::string& problem) { return refuse_import(display_name, problem); };
    // After a loss nothing is open, and importing a backup is what the person was offered. Checked again
    // here: another tab may have started fresh (then a database is open) since the import began.
    const bool after_loss = !database_.database() && status_.data_missing;
    if (!database_.database() && !after_loss) return refuse("no database is open");
    std::string summary;
    std::string fresh;
    try {
        summary = staged->summary();
        fresh = staged->take_result();
    } catch (const std::exception& e) {
        return refuse(e.what());
    }
    // The data being replaced is copied first, for "Undo import": the replace only happens once the copy is
    // complete (and read back), and both reach IndexedDB in the one transaction of the next save
    // (import_undo.h). No copy, no replace. After a loss there is nothing open to keep (its remains are
    // kept aside by start_over below), and an undo copy of earlier data would bring back the wrong thing.
    try {
        if (after_loss) undo_.discard();
        else undo_.prepare();
    } catch (const std::exception& e) {
        std::filesystem::remove(fresh, ignored);
        return refuse(std::string("the current data could not be kept for Undo import (") + e.what() + ")");
    }
    status_.ready = false;
    hooks_.closing();
    turns_.reset();
    const std::string lost_error = status_.error;
    if (after_loss) {
        // What is left of the lost database goes aside (as "start fresh" keeps it), an empty one takes
        // its place for replace_with() to swap the backup in.
        try {
            database_.start_over(database_path_, std::time(nullptr));
        } catch (const std::exception& e) {
            database_.close();
            std::filesystem::remove(fresh, ignored);
            return refuse(e.what());
        }
    }
    std::string problem = database_.replace_with(fresh);
    if (!after_loss) {
        try {
            if (problem.empty()) undo_.commit(); // the replaced data is now the one Undo brings back
            else undo_.abandon();
        } catch (const std::exception& e) {
            // The import stands; the pending copy is still beside it and the next import starts over.
            std::fprintf(stderr, "The copy for Undo import could not be kept: %s\n", e.what());
        }
    }
    update_undo_status();
    problem = start_services(std::move(problem));
    if (!problem.empty()) {
        if (after_loss) { // back to the choice the person had: nothing of the backup was taken
            database_.close();
            status_.ready = false;
            status_.error = lost_error;
        }
        return refuse(problem);
    }
    status_.data_missing = false;
    status_.error.clear();
    ++status_.data_version;
    ++status_.data_replaced;
    std::uint64_t size = 0;
    try {
        size = database_.stored_size();
    } catch (const std::exception&) {
        // the notice then says 0 bytes; the import itself succeeded
    }
    set_notice("Imported " + display_name + " (" + ui::format_bytes(static_cast<double>(size)) + ")" +
                   (summary.empty() ? "" : ": " + summary) + ".",
               false);
    status_.notice_about_import = true;
    status_.notice_offers_undo = true;
    return "";
}

std::string WebStorage::start_services(std::string problem) {
    if (database_.database()) {
        try {
            turns_.run_writable([&] { hooks_.opened(*database_.database()); });
            status_.ready = true;
        } catch (const std::exception& e) {
            if (problem.empty()) problem = e.what();
            status_.error = e.what();
        }
    } else {
        status_.error = database_.error();
    }
    return problem;
}

void WebStorage::update_undo_status() {
    status_.undo_available = undo_.available();
    try {
        status_.undo_bytes = status_.undo_available ? static_cast<double>(undo_.size()) : 0.0;
    } catch (const std::exception&) {
        status_.undo_bytes = 0;
    }
}

void WebStorage::undo_import() {
    seed_storage_request_undo_import();
}

void WebStorage::discard_undo() {
    seed_storage_request_discard_undo();
}

std::string WebStorage::undo_import_now() {
    auto refuse = [&](const std::string& problem) {
        set_notice("Undo import failed: " + problem + ". Your data is unchanged.", true);
        status_.notice_about_import = true;
        return problem;
    };
    update_undo_status();
    if (staged_) return refuse("an import is in progress");
    if (!database_.database()) return refuse("no database is open");
    if (!status_.undo_available) return refuse("there is no data from before an import to bring back"); // another tab undid it
    status_.ready = false;
    hooks_.closing();
    turns_.reset();
    std::string problem = start_services(undo_.restore(database_)); // the kept data, or the current one if refused
    update_undo_status();
    update_database_size();
    ++status_.data_version; // the services were rebuilt either way: every view reads again
    if (!problem.empty()) return refuse(problem);
    ++status_.data_replaced;
    set_notice("Undo import: your data from before the import is back (" +
                   ui::format_bytes(std::max(0.0, status_.database_bytes)) + ").",
               false);
    status_.notice_about_import = true;
    return "";
}

bool WebStorage::discard_undo_now() {
    update_undo_status();
    if (!status_.undo_available) return false; // another tab discarded it, or imported after a loss
    try {
        undo_.discard();
    } catch (const std::exception& e) {
        set_notice(std::string("The data from before the import could not be discarded: ") + e.what(), true);
        update_undo_status();
        return true; // part of it may be gone: save what is left
    }
    update_undo_status();
    set_notice("The data from before the import was discarded: Undo import is no longer offered.", false);
    status_.notice_about_import = true;
    return true;
}

} // namespace platform
