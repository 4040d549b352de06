#include "platform/web_storage.h"

#include "orm/error.h"
#include "platform/js_text.h"
#include "platform/json_text.h"
#include "ui/storage_panel.h"

#include <emscripten.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <exception>
#include <filesystem>

// Implemented in web/host_library.js (the entry points of the host library, web/host_library_*.js; the
// import's are declared in web_storage_import.cpp). Text crosses as a pointer and a byte length both ways
// (js_text.h).
extern "C" {
void seed_storage_start(const char* directory, int directory_length, const char* database_path, int path_length);
void seed_storage_request_turn();
void seed_storage_end_turn(int changed);
void seed_storage_retry_save();
void seed_storage_download(const unsigned char* bytes, int size, const char* file_name, int file_name_length,
                           const char* mime_type, int mime_type_length);
void seed_storage_request_start_fresh();
}

namespace platform {

namespace {

constexpr const char* kSqliteMime = "application/vnd.sqlite3";

WebStorage* g_storage = nullptr; // the page's one storage; reached from the functions the JS calls

std::string file_name(const std::string& path) {
    return std::filesystem::path(path).filename().string();
}

void download(const unsigned char* bytes, std::size_t size, std::string_view file_name, std::string_view mime_type) {
    seed_storage_download(bytes, static_cast<int>(size), file_name.data(), static_cast<int>(file_name.size()),
                          mime_type.data(), static_cast<int>(mime_type.size()));
}

// A string C++ returns to JavaScript (SeedText.answer): its bytes, with the length written beside them.
const char* answer(const std::string& text, int* length) {
    *length = static_cast<int>(text.size());
    return text.data();
}

} // namespace

WebStorage::WebStorage(std::string directory, std::string database_path, AppHooks hooks)
    : directory_(std::move(directory)), database_path_(std::move(database_path)), hooks_(std::move(hooks)),
      database_([this] { turns_.note_commit(); }, DatabaseHost::Storage::Chunked),
      turns_(database_,
             {[] { seed_storage_request_turn(); }, [](bool changed) { seed_storage_end_turn(changed ? 1 : 0); }}),
      // Beside the database, not under its name: "<db>.chunk.*" are the database's own chunks alone.
      undo_(database_path_, directory_ + "/registration-undo.db") {
    g_storage = this;
}

WebStorage::~WebStorage() {
    close();
    g_storage = nullptr;
}

void WebStorage::start() {
    seed_storage_start(directory_.data(), static_cast<int>(directory_.size()), database_path_.data(),
                       static_cast<int>(database_path_.size()));
}

void WebStorage::set_notice(std::string text, bool is_error) {
    status_.notice = std::move(text);
    status_.notice_is_error = is_error;
    status_.notice_about_import = false;
    status_.notice_offers_undo = false;
}

// --- ui::StorageActions -----------------------------------------------------------------------------------

void WebStorage::retry_save() {
    seed_storage_retry_save();
}

void WebStorage::export_database() {
    download_copy([this] { return database_.snapshot(); }, "registration.db", "Exported registration.db");
}

void WebStorage::export_damaged_file() {
    download_copy([this] { return database_.stored_bytes(); }, "registration-damaged.db",
                  "Exported the damaged file as registration-damaged.db");
}

void WebStorage::download_copy(const std::function<std::vector<unsigned char>()>& read, const char* file_name,
                               const std::string& done) {
    try {
        const std::vector<unsigned char> bytes = read();
        download(bytes.data(), bytes.size(), file_name, kSqliteMime);
        set_notice(done + " (" + ui::format_bytes(static_cast<double>(bytes.size())) + ").", false);
    } catch (const std::exception& e) {
        set_notice(std::string("Export failed: ") + e.what(), true);
    }
}

void WebStorage::save_file(const std::string& file_name, const std::string& mime_type, const std::string& bytes) {
    download(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(), file_name, mime_type);
}

void WebStorage::start_fresh() {
    seed_storage_request_start_fresh();
}

// --- Steps host_library.js runs ---------------------------------------------------------------------------

WebStorage::OpenOutcome WebStorage::open(OpenReason reason) {
    close();
    status_.error.clear();
    status_.damaged = false;
    status_.data_missing = false;
    if (!database_.open(database_path_)) {
        status_.error = database_.error();
        status_.damaged = database_.damaged();
        return status_.damaged ? OpenOutcome::Damaged : OpenOutcome::Failed;
    }
    bool changed = database_.converted(); // the chunks replacing an earlier version's single file
    try {
        changed = turns_.run_writable([&] { hooks_.opened(*database_.database()); }) || changed;
    } catch (const std::exception& e) {
        close();
        status_.error = e.what();
        return OpenOutcome::Failed;
    }
    status_.ready = true;
    update_database_size();
    update_undo_status(); // another tab's import or undo comes with its copy, or without
    if (reason != OpenReason::Initial) ++status_.data_version;
    return changed ? OpenOutcome::OpenedAndChanged : OpenOutcome::Opened;
}

void WebStorage::close() {
    status_.ready = false;
    if (hooks_.closing) hooks_.closing();
    turns_.reset();
    database_.close();
}

void WebStorage::storage_unavailable(const std::string& reason) {
    close();
    status_.error = "this browser's storage could not be opened (" + reason +
                    "). Free some space on the device, or restart the browser: the app opens by itself once it can, and "
                    "what was saved here before is kept.";
}

void WebStorage::data_missing(const std::string& details) {
    close();
    status_.error = details; // the window's heading says what it means (storage_panel.cpp)
    status_.damaged = false;
    status_.data_missing = true;
}

bool WebStorage::start_fresh_now() {
    const bool after_loss = status_.data_missing;
    if (database_.database() || (!database_.damaged() && !after_loss)) return false; // another tab has done it already
    std::string kept;
    try {
        kept = after_loss ? database_.start_over(database_path_, std::time(nullptr)) : database_.start_fresh(std::time(nullptr));
    } catch (const std::exception& e) {
        set_notice(std::string("Could not start fresh: ") + e.what(), true);
        return false;
    }
    status_.error.clear();
    status_.damaged = false;
    status_.data_missing = false;
    try {
        turns_.run_writable([&] { hooks_.opened(*database_.database()); });
        status_.ready = true;
    } catch (const std::exception& e) {
        status_.error = e.what();
    }
    ++status_.data_version;
    if (after_loss)
        set_notice(kept.empty() ? "Started a new, empty database."
                                : "Started a new, empty database. What was left of the lost one is kept in this browser as " +
                                      file_name(kept) + ".",
                   false);
    else
        set_notice("Started a new, empty database. The damaged file is kept in this browser as " + file_name(kept) + ".",
                   false);
    return true;
}

void WebStorage::save_state_changed(host_codes::SaveState state, const std::string& message, int unsaved_changes) {
    status_.unsaved_changes = unsaved_changes;
    using Save = ui::StorageStatus::Save;
    using host_codes::SaveState;
    status_.save = state == SaveState::Saved ? Save::Saved : state == SaveState::Saving ? Save::Saving : Save::Failed;
    status_.out_of_space = state == SaveState::OutOfSpace;
    // Out of space: the person's words, not the browser's (Chromium's is LevelDB's "IO error: …
    // FILE_ERROR_NO_SPACE (ChromeMethodBFE: …)"; host_library logs it to the console).
    status_.save_error = state == SaveState::Failed       ? message
                         : state == SaveState::OutOfSpace ? "The device is out of space: free some space, or export your "
                                                            "data now \xe2\x80\x94 don't close this tab."
                                                          : "";
    if (state == SaveState::Saved) update_database_size(); // once a save landed, not on every frame: it stats every chunk
}

void WebStorage::update_database_size() {
    try {
        status_.database_bytes = database_.database() ? static_cast<double>(database_.stored_size()) : -1;
    } catch (const std::exception&) {
        status_.database_bytes = -1;
    }
}

void WebStorage::space_changed(host_codes::Persistence persistence, double usage, double quota) {
    using Persistence = ui::StorageStatus::Persistence;
    status_.persistence = persistence == host_codes::Persistence::Persistent   ? Persistence::Persistent
                          : persistence == host_codes::Persistence::BestEffort ? Persistence::BestEffort
                                                                               : Persistence::Unknown;
    status_.usage_bytes = usage;
    status_.quota_bytes = quota;
}

const std::vector<unsigned char>& WebStorage::snapshot_for_console() {
    console_snapshot_.clear();
    try {
        console_snapshot_ = database_.snapshot();
    } catch (const std::exception&) {
        // no database open, or SQLite could not copy it: an empty result says so
    }
    return console_snapshot_;
}

std::string WebStorage::table_counts() {
    orm::Database* db = database_.database();
    if (!db) return "{}";
    std::string json = "{";
    try {
        std::vector<std::string> tables;
        {
            auto statement =
                db->prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
                            "ORDER BY name");
            while (statement->step())
                tables.push_back(statement->get_text(0));
        }
        for (const std::string& table : tables) {
            std::string quoted = "\"";
            for (char c : table)
                quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
            quoted += "\"";
            auto statement = db->prepare("SELECT count(*) FROM " + quoted);
            statement->step();
            if (json.size() > 1) json += ",";
            json += json_string(table) + ":" + std::to_string(statement->get_int64(0));
        }
    } catch (const std::exception&) {
        return "{}";
    }
    return json + "}";
}

} // namespace platform

// --- Called from web/host_library_native.js (SeedNative) ---------------------------------------------------
// Each returns normally: an exception must not cross into JavaScript. Codes are host_codes.json's.

using platform::g_storage;

extern "C" {

EMSCRIPTEN_KEEPALIVE int seed_storage_on_open(int reason) {
    if (!g_storage) return static_cast<int>(platform::host_codes::OpenOutcome::Failed);
    return static_cast<int>(g_storage->open(static_cast<platform::host_codes::OpenReason>(reason)));
}

EMSCRIPTEN_KEEPALIVE void seed_storage_on_close() {
    if (g_storage) g_storage->close();
}

EMSCRIPTEN_KEEPALIVE void seed_storage_on_unavailable(const char* reason, int length) {
    if (g_storage)
        g_storage->storage_unavailable(platform::js_text_or(reason, length, "the browser gave no readable reason"));
}

// platform::WriteTurns' state, the one record of the turn: host_codes::TurnState.
EMSCRIPTEN_KEEPALIVE int seed_storage_turn_state() {
    return static_cast<int>(g_storage ? g_storage->turns().state() : platform::host_codes::TurnState::Idle);
}

// The lock is held and the copy is the latest: 1 if a turn began, 0 if no database is open.
EMSCRIPTEN_KEEPALIVE int seed_storage_on_turn_begin() {
    if (!g_storage) return 0;
    try {
        return g_storage->begin_turn() ? 1 : 0;
    } catch (const std::exception&) {
        return 0;
    }
}

// Frames stopped (hidden page): end the turn now. 1 if it changed the database.
EMSCRIPTEN_KEEPALIVE int seed_storage_on_turn_revoke() {
    if (!g_storage) return 0;
    try {
        return g_storage->revoke_turn() ? 1 : 0;
    } catch (const std::exception&) {
        return 1; // assume it did: an extra save is harmless
    }
}

// The person's file (or importDb's bytes) written at `candidate`: "" once staged, else the reason. The
// candidate's path is ours (host_library_import.js); its display name is the chosen file's name, which
// only a report shows: one that is not valid text is named as "the chosen file".
EMSCRIPTEN_KEEPALIVE const char* seed_storage_on_import_begin(const char* candidate, int candidate_length,
                                                              const char* display_name, int name_length, int confirm,
                                                              int* problem_length) {
    static std::string problem;
    const platform::JsText path = platform::js_text(candidate, candidate_length);
    if (!g_storage)
        problem = "the app is not running";
    else if (!path.ok())
        problem = "the file's path is not valid text";
    else
        problem = g_storage->begin_import(path.text, platform::js_text_or(display_name, name_length, "the chosen file"),
                                          confirm != 0);
    return platform::answer(problem, problem_length);
}

// Under the lock, after seed_storage_import_ready(): "" once the data was replaced (save it), else the reason.
EMSCRIPTEN_KEEPALIVE const char* seed_storage_on_import_finish(int* problem_length) {
    static std::string problem;
    problem = g_storage ? g_storage->finish_import() : "the app is not running";
    return platform::answer(problem, problem_length);
}

// Under the lock, on the person's "Undo import": "" once the data from before the import is back (save it),
// else the reason (nothing changed).
EMSCRIPTEN_KEEPALIVE const char* seed_storage_on_undo_import(int* problem_length) {
    static std::string problem;
    try {
        problem = g_storage ? g_storage->undo_import_now() : "the app is not running";
    } catch (const std::exception& e) {
        problem = e.what();
    }
    return platform::answer(problem, problem_length);
}

// Under the lock, on "Discard undo": 1 if the kept copy was dropped (save it), 0 if there was none.
EMSCRIPTEN_KEEPALIVE int seed_storage_on_discard_undo() {
    return g_storage && g_storage->discard_undo_now() ? 1 : 0;
}

// 1 if the data was replaced by a new, empty database (save it), 0 if not.
EMSCRIPTEN_KEEPALIVE int seed_storage_on_start_fresh() {
    return g_storage && g_storage->start_fresh_now() ? 1 : 0;
}

EMSCRIPTEN_KEEPALIVE void seed_storage_on_data_missing(const char* details, int length) {
    if (g_storage) g_storage->data_missing(platform::js_text_or(details, length, "(no readable details)"));
}

EMSCRIPTEN_KEEPALIVE void seed_storage_on_save_state(int state, const char* message, int length, int unsaved) {
    if (g_storage)
        g_storage->save_state_changed(static_cast<platform::host_codes::SaveState>(state),
                                      platform::js_text_or(message, length, "the browser gave no readable reason"),
                                      unsaved);
}

EMSCRIPTEN_KEEPALIVE void seed_storage_on_notice(const char* text, int length, int kind) {
    if (g_storage)
        g_storage->show_notice(platform::js_text_or(text, length, "(a notice that was not valid text)"),
                               kind == static_cast<int>(platform::host_codes::Notice::Error));
}

EMSCRIPTEN_KEEPALIVE void seed_storage_on_waiting(int waiting) {
    if (g_storage) g_storage->waiting_changed(waiting != 0);
}

EMSCRIPTEN_KEEPALIVE void seed_storage_on_space(int persistence, double usage, double quota) {
    if (g_storage) g_storage->space_changed(static_cast<platform::host_codes::Persistence>(persistence), usage, quota);
}

// window.registry.exportDb(): the copy stays valid until the next call.
EMSCRIPTEN_KEEPALIVE const unsigned char* seed_storage_snapshot(int* size) {
    static const std::vector<unsigned char> none;
    const std::vector<unsigned char>& bytes = g_storage ? g_storage->snapshot_for_console() : none;
    *size = static_cast<int>(bytes.size());
    return bytes.data();
}

EMSCRIPTEN_KEEPALIVE const char* seed_storage_counts(int* length) {
    static std::string json;
    json = g_storage ? g_storage->table_counts() : "{}";
    return platform::answer(json, length);
}

} // extern "C"
