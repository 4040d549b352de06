#include "app/shown_query.h"

#include "app/password_hasher.h"
#include "app/tutorial_calls.h"

#include "orm/database.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <variant>

namespace app {

namespace {

// The SQL tokens that matter for telling which column a ? is bound to; literals and comments are
// skipped so a '?' or '=' inside them counts for nothing.
struct Token {
    enum Kind { Word, Parameter, Punctuation } kind;
    std::string text; // a word unquoted ("user_password"), or the punctuation ("=", "(", ",")
};

std::vector<Token> tokenize(std::string_view sql) {
    std::vector<Token> tokens;
    std::size_t i = 0;
    const auto quoted = [&](char close) { // from after the opening quote; a doubled close is one character
        std::string text;
        while (i < sql.size()) {
            if (sql[i] == close && !(i + 1 < sql.size() && sql[i + 1] == close)) break;
            if (sql[i] == close) ++i;
            text += sql[i++];
        }
        ++i;
        return text;
    };
    while (i < sql.size()) {
        const char c = sql[i];
        if (std::isspace(static_cast<unsigned char>(c))) {
            ++i;
        } else if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {
            while (i < sql.size() && sql[i] != '\n') ++i;
        } else if (c == '/' && i + 1 < sql.size() && sql[i + 1] == '*') {
            const std::size_t end = sql.find("*/", i + 2);
            i = end == std::string_view::npos ? sql.size() : end + 2;
        } else if (c == '\'') {
            ++i;
            quoted('\'');
            tokens.push_back({Token::Punctuation, "'"}); // a literal: neither a column nor a parameter
        } else if (c == '"' || c == '`') {
            ++i;
            tokens.push_back({Token::Word, quoted(c)});
        } else if (c == '[') {
            ++i;
            tokens.push_back({Token::Word, quoted(']')});
        } else if (c == '?') {
            ++i;
            while (i < sql.size() && std::isdigit(static_cast<unsigned char>(sql[i]))) ++i;
            tokens.push_back({Token::Parameter, "?"});
        } else if (std::isalnum(static_cast<unsigned char>(c)) || c == '_' || static_cast<unsigned char>(c) >= 0x80) {
            std::string word;
            while (i < sql.size() && (std::isalnum(static_cast<unsigned char>(sql[i])) || sql[i] == '_' ||
                                      static_cast<unsigned char>(sql[i]) >= 0x80))
                word += sql[i++];
            tokens.push_back({Token::Word, word});
        } else if (c == '=' && i + 1 < sql.size() && sql[i + 1] == '=') {
            i += 2;
            tokens.push_back({Token::Punctuation, "="});
        } else {
            ++i;
            tokens.push_back({Token::Punctuation, std::string(1, c)});
        }
    }
    return tokens;
}

bool is_keyword(const Token& token, std::string_view keyword) {
    return token.kind == Token::Word && token.text.size() == keyword.size() &&
           std::equal(keyword.begin(), keyword.end(), token.text.begin(),
                      [](char a, char b) { return a == std::toupper(static_cast<unsigned char>(b)); });
}

std::string python_literal(const orm::Value& value) {
    return std::visit(
        [](const auto& v) -> std::string {
            using V = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<V, std::nullptr_t>) {
                return "None";
            } else if constexpr (std::is_same_v<V, std::int64_t>) {
                return std::to_string(v);
            } else if constexpr (std::is_same_v<V, double>) {
                char text[32];
                std::snprintf(text, sizeof text, "%.15g", v);
                return text;
            } else if constexpr (std::is_same_v<V, std::string>) {
                return tutorial::python_string(v);
            } else {
                return "<" + std::to_string(v.size()) + " bytes>";
            }
        },
        value);
}

} // namespace

std::vector<bool> secret_parameters(std::string_view sql, const std::vector<std::string_view>& secret) {
    const std::vector<Token> tokens = tokenize(sql);
    const auto is_secret = [&](const std::string& column) {
        return std::find(secret.begin(), secret.end(), column) != secret.end();
    };
    std::vector<bool> hidden;
    // INSERT INTO t (a, b) VALUES (?, ?), (?, ?): the columns, then each tuple's place by its commas.
    std::vector<std::string> insert_columns;
    bool in_values = false;
    int depth = 0;
    std::size_t place = 0;
    const bool insert = !tokens.empty() && (is_keyword(tokens[0], "INSERT") || is_keyword(tokens[0], "REPLACE"));
    for (std::size_t t = 0; t < tokens.size(); ++t) {
        const Token& token = tokens[t];
        if (insert && !in_values && insert_columns.empty() && token.text == "(" && t >= 2 &&
            tokens[t - 1].kind == Token::Word) {
            for (++t; t < tokens.size() && tokens[t].text != ")"; ++t)
                if (tokens[t].kind == Token::Word) insert_columns.push_back(tokens[t].text);
            continue;
        }
        if (insert && is_keyword(token, "VALUES")) in_values = true;
        if (token.text == "(") {
            if (++depth == 1) place = 0;
        } else if (token.text == ")") {
            --depth;
        } else if (token.text == "," && depth == 1) {
            ++place;
        }
        if (token.kind != Token::Parameter) continue;
        bool secret_here = false;
        if (in_values && depth == 1 && place < insert_columns.size()) secret_here = is_secret(insert_columns[place]);
        if (t >= 2 && tokens[t - 1].text == "=" && tokens[t - 2].kind == Token::Word)
            secret_here = secret_here || is_secret(tokens[t - 2].text);
        hidden.push_back(secret_here);
    }
    return hidden;
}

QueryRecorder::Recording::Recording(Recording&& other) noexcept : recorder_(other.recorder_) {
    other.recorder_ = nullptr;
}

QueryRecorder::Recording::~Recording() {
    if (!recorder_) return;
    recorder_->db_.set_statement_trace(nullptr);
    recorder_->recording_ = false;
}

QueryRecorder::Recording QueryRecorder::record(ShownQuery& into) {
    if (recording_) return Recording(nullptr);
    recording_ = true;
    db_.set_statement_trace([&into](const orm::StatementTrace& trace) {
        if (into.statements.size() >= kMaxShownStatements) {
            into.truncated = true;
            return;
        }
        static const std::vector<std::string_view> secret(std::begin(kSecretColumns), std::end(kSecretColumns));
        const std::vector<bool> hidden = secret_parameters(trace.sql, secret);
        std::string parameters = "(";
        for (std::size_t i = 0; i < trace.parameters.size(); ++i) {
            const orm::Value& value = trace.parameters[i];
            const auto* text = std::get_if<std::string>(&value);
            const bool hide = (i < hidden.size() && hidden[i]) || (text && PasswordHasher::looks_like_phc(*text));
            if (i > 0) parameters += ", ";
            parameters += hide ? "<hidden>" : python_literal(value);
        }
        parameters += trace.parameters.size() == 1 ? ",)" : ")"; // Python's one-element tuple
        into.statements.push_back({std::string(trace.sql), std::move(parameters)});
    });
    return Recording(this);
}

} // namespace app
