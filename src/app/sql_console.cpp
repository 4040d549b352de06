#include "app/sql_console.h"

#include "app/password_hasher.h"

#include "orm/orm.h"
#include "orm/read_only_query.h"

#include <sqlite3.h>

#include <chrono>
#include <cstdio>

namespace app {

namespace {

std::string grouped(std::size_t n) {
    std::string digits = std::to_string(n);
    for (std::size_t at = digits.size(); at > 3; at -= 3) digits.insert(at - 3, ",");
    return digits;
}

std::string duration_text(std::chrono::steady_clock::duration elapsed) {
    char text[32];
    std::snprintf(text, sizeof text, "%.1f ms", std::chrono::duration<double, std::milli>(elapsed).count());
    return text;
}

// While it lives, SQLite refuses to prepare a statement that reads contact_message (its authorizer is
// asked for every column a statement reads, views and subqueries included) and notes that it did.
class MessageReadGuard {
  public:
    explicit MessageReadGuard(orm::Database& db) : db_(db) { sqlite3_set_authorizer(db_.handle(), &check, this); }
    ~MessageReadGuard() { sqlite3_set_authorizer(db_.handle(), nullptr, nullptr); }
    MessageReadGuard(const MessageReadGuard&) = delete;
    MessageReadGuard& operator=(const MessageReadGuard&) = delete;
    bool denied() const { return denied_; }

  private:
    static int check(void* self, int action, const char* table, const char*, const char*, const char*) {
        if (action != SQLITE_READ || table == nullptr || sqlite3_stricmp(table, "contact_message") != 0) return SQLITE_OK;
        static_cast<MessageReadGuard*>(self)->denied_ = true;
        return SQLITE_DENY;
    }
    orm::Database& db_;
    bool denied_ = false;
};

} // namespace

SqlConsole::SqlConsole(orm::Database& db, std::function<Actor()> who) : db_(db), who_(std::move(who)) {}

SqlAnswer SqlConsole::run(std::string_view sql) {
    SqlAnswer answer;
    if (sql.size() > kSqlConsoleMaxCharacters) {
        answer.problem = "The statement is longer than " + grouped(kSqlConsoleMaxCharacters) + " characters.";
        return answer;
    }
    const auto started = std::chrono::steady_clock::now();
    try {
        std::optional<MessageReadGuard> guard;
        {
            orm::Session session(db_);
            if (refuse_message_reading(session, who_())) guard.emplace(db_);
        }
        orm::ReadOnlyResult result = [&] {
            try {
                return orm::run_read_only(db_, sql, {kSqlConsoleRowLimit, std::chrono::milliseconds(2000)});
            } catch (const orm::DatabaseError&) {
                if (guard && guard->denied()) throw PermissionError(kSignInToReadMessages);
                throw;
            }
        }();
        for (auto& row : result.rows)
            for (auto& value : row)
                if (value && PasswordHasher::looks_like_phc(*value)) value = "Argon2id (hash hidden)";
        answer.columns = std::move(result.columns);
        answer.rows = std::move(result.rows);
        const std::string took = duration_text(std::chrono::steady_clock::now() - started);
        if (result.truncated)
            answer.summary = "The first " + grouped(answer.rows.size()) + " rows (there are more) in " + took + ".";
        else
            answer.summary = grouped(answer.rows.size()) + (answer.rows.size() == 1 ? " row in " : " rows in ") + took + ".";
    } catch (const orm::ReadOnlyRefused& refused) {
        answer.problem = refused.what();
    } catch (const PermissionError& refused) {
        answer.problem = refused.what();
    } catch (const orm::DatabaseError& error) {
        answer.problem = error.code() == SQLITE_INTERRUPT
                             ? std::string("Stopped after 2 seconds: the query took too long. Add a LIMIT or a WHERE.")
                             : std::string("SQLite: ") + error.what();
    }
    return answer;
}

} // namespace app
