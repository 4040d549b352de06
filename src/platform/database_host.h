// Opens the app's database file for a host (browser or native) and tells the host when a commit needs
// persisting. A database that fails SQLite's quick_check is reported, never silently replaced.
#pragma once

#include "orm/database.h"

#include <functional>
#include <memory>
#include <string>

namespace platform {

class DatabaseHost {
public:
    // `request_save` is called after every committed write; the host persists the file from there.
    explicit DatabaseHost(std::function<void()> request_save);

    // Opens (creating if needed) the database at `path`. Returns false and sets error() if the file
    // cannot be opened or fails quick_check; the file is left untouched in that case.
    bool open(const std::string& path);
    orm::Database* database() { return database_.get(); }
    const std::string& error() const { return error_; }

private:
    std::function<void()> request_save_;
    std::unique_ptr<orm::Database> database_;
    std::string error_;
};

} // namespace platform
