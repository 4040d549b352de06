// "Show the query": for one thing a person did in a form or the record browser, the tutorial's
// Flask-SQLAlchemy call, this ORM's C++ call, and the SQL that really ran with the values bound to it
// (from the ORM's statement trace), so a learner can connect the screen to the code.
//
//     app::ShownQuery shown = app::tutorial::log_in("Peter");   // the Python and C++ texts
//     {
//         auto recording = recorder.record(shown);               // appends what runs until it ends
//         authentication.start_login("Peter", password);
//     }
//     shown.statements[0].sql;         // SELECT … WHERE lower("user"."username") = ? LIMIT 1
//     shown.statements[0].parameters;  // "('peter',)"
//
// Secrets are never shown: a value bound to a column named in kSecretColumns (the password hash, a
// signed-in tab's token digest; found by its place in an INSERT's column list or as `column = ?`), or
// any text that is an Argon2id PHC string, is printed as <hidden>. The plain password never reaches SQL.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace orm {
class Database;
}

namespace app {

struct ShownStatement {
    std::string sql;        // as the ORM wrote it, with its ? placeholders
    std::string parameters; // as SQLAlchemy's echo prints them: "('peter', 50, 0)"; "()" when none
};

struct ShownQuery {
    std::string python; // the tutorial's call: User.query.filter_by(username='Peter').first()
    std::string cpp;    // this ORM's: session.query<User>().filter(…).first()
    std::vector<ShownStatement> statements;
    bool truncated = false; // more than kMaxShownStatements ran; the first ones are kept
};

inline constexpr std::size_t kMaxShownStatements = 40;
inline constexpr std::size_t kMaxShownValueCharacters = 80; // a longer text value is cut, with "…"
inline constexpr std::string_view kSecretColumns[] = {"user_password", "token_digest"};

// Records the statements a service runs into a ShownQuery. One recording at a time: a recording begun
// while another is open records nothing (the outer one already gets every statement).
class QueryRecorder {
public:
    explicit QueryRecorder(orm::Database& db) : db_(db) {}

    class Recording {
    public:
        Recording(Recording&& other) noexcept;
        Recording& operator=(Recording&&) = delete;
        ~Recording(); // stops the trace
    private:
        friend class QueryRecorder;
        explicit Recording(QueryRecorder* recorder) : recorder_(recorder) {}
        QueryRecorder* recorder_; // null: records nothing
    };

    // Appends to `into` every statement that starts on the database until the Recording ends. `into`
    // must outlive the Recording.
    [[nodiscard]] Recording record(ShownQuery& into);

private:
    orm::Database& db_;
    bool recording_ = false;
};

// Which parameters of `sql` (by position, from 0) are bound to a column named in `secret`: the ORM's own
// shapes, an INSERT's column list and `"column" = ?`. Exposed for its tests.
std::vector<bool> secret_parameters(std::string_view sql, const std::vector<std::string_view>& secret);

} // namespace app
