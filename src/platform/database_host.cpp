#include "platform/database_host.h"

#include "orm/error.h"

namespace platform {

DatabaseHost::DatabaseHost(std::function<void()> request_save) : request_save_(std::move(request_save)) {}

bool DatabaseHost::open(const std::string& path) {
    database_.reset();
    error_.clear();
    try {
        auto database = std::make_unique<orm::Database>(path);
        const std::string check = database->quick_check();
        if (check != "ok") {
            error_ = "the database file is damaged (" + check + ")";
            return false;
        }
        database->set_commit_listener(request_save_);
        database_ = std::move(database);
        return true;
    } catch (const orm::Error& e) {
        error_ = e.what();
        return false;
    }
}

} // namespace platform
