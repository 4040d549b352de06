#include "app/record_query_service.h"

#include "app/models.h"
#include "app/password_hasher.h"
#include "app/registration_rules.h"

#include "orm/orm.h"

#include <functional>
#include <map>
#include <optional>
#include <stdexcept>

namespace app {

namespace {

using orm::col;

// How one table is shown and queried. Everything that reaches SQL text is fixed here; only the filter
// pattern, limit and offset come from the caller, and those are bound.
template <class T> struct TableView {
    struct Column {
        RecordColumn info;
        std::optional<orm::OrderTerm> ascending; // set when sortable
        std::optional<orm::OrderTerm> descending;
    };
    std::vector<Column> columns;
    orm::OrderTerm id_ascending;
    orm::OrderTerm id_descending;
    std::function<orm::Expr(const std::string& pattern)> filter;
    // Display strings for the page's rows; may look up related rows (one query per page, not per row).
    std::function<std::vector<RecordRow>(orm::Session&, const std::vector<T>&)> render;
};

template <class T, class M> typename TableView<T>::Column sortable(std::string key, std::string label, M T::*member) {
    return {{std::move(key), std::move(label), true}, col(member).asc(), col(member).desc()};
}
template <class T> typename TableView<T>::Column shown(std::string key, std::string label) {
    return {{std::move(key), std::move(label), false}, std::nullopt, std::nullopt};
}

std::string display_time(orm::Timestamp t) {
    return orm::format_datetime(t).substr(0, 19); // to the second: "2024-05-01 09:30:00"
}

std::string display_password(const std::string& stored) {
    return PasswordHasher::looks_like_phc(stored) ? "Argon2id" : "legacy plaintext";
}

// id → name of the rows of `Related` whose ids are in `ids`: one query with IN for the whole page.
template <class Related, class Id, class Name>
std::map<std::int64_t, std::string> names_by_id(orm::Session& session, Id Related::*id, Name Related::*name,
                                                const std::vector<std::int64_t>& ids) {
    std::map<std::int64_t, std::string> names;
    if (ids.empty()) return names;
    for (auto& [key, value] : session.query<Related>().filter(col(id).in(ids)).columns(id, name))
        names[key] = std::move(value);
    return names;
}

const TableView<User>& users_view() {
    // ORDER BY lower(user_email) walks ix_user_email_lower; the ORM has no SQL functions on columns yet.
    static const TableView<User> view{
        {sortable("id", "ID", &User::id),
         sortable("username", "Username", &User::username),
         {{"email", "Email", true},
          orm::OrderTerm{"lower(\"user\".\"user_email\") ASC"},
          orm::OrderTerm{"lower(\"user\".\"user_email\") DESC"}},
         shown<User>("password", "Password")},
        col(&User::id).asc(),
        col(&User::id).desc(),
        [](const std::string& p) { return col(&User::username).like(p) || col(&User::user_email).like(p); },
        [](orm::Session&, const std::vector<User>& users) {
            std::vector<RecordRow> rows;
            for (const User& u : users)
                rows.push_back(
                    {u.id, {std::to_string(u.id), u.username, u.user_email, display_password(u.user_password)}});
            return rows;
        }};
    return view;
}

const TableView<PetHandler>& handlers_view() {
    static const TableView<PetHandler> view{
        {sortable("handler_id", "ID", &PetHandler::handler_id),
         sortable("handler_name", "Name", &PetHandler::handler_name), shown<PetHandler>("pets", "Pets")},
        col(&PetHandler::handler_id).asc(),
        col(&PetHandler::handler_id).desc(),
        [](const std::string& p) { return col(&PetHandler::handler_name).like(p); },
        [](orm::Session& session, const std::vector<PetHandler>& handlers) {
            std::vector<std::int64_t> ids;
            for (const auto& h : handlers)
                ids.push_back(h.handler_id);
            // The ORM has no GROUP BY: count the page's pets from their handler ids (one query).
            std::map<std::int64_t, std::int64_t> pets;
            if (!ids.empty())
                for (const auto& [handler_id] : session.query<PetCategory>()
                                                    .filter(col(&PetCategory::handler_id).in(ids))
                                                    .columns(&PetCategory::handler_id))
                    ++pets[handler_id];
            std::vector<RecordRow> rows;
            for (const auto& h : handlers)
                rows.push_back(
                    {h.handler_id, {std::to_string(h.handler_id), h.handler_name, std::to_string(pets[h.handler_id])}});
            return rows;
        }};
    return view;
}

const TableView<PetCategory>& pets_view() {
    static const TableView<PetCategory> view{
        {sortable("pet_id", "ID", &PetCategory::pet_id), sortable("pet_name", "Name", &PetCategory::pet_name),
         sortable("pet_category", "Category", &PetCategory::pet_category),
         sortable("handler_id", "Handler ID", &PetCategory::handler_id), shown<PetCategory>("handler", "Handler")},
        col(&PetCategory::pet_id).asc(),
        col(&PetCategory::pet_id).desc(),
        [](const std::string& p) {
            return col(&PetCategory::pet_name).like(p) || col(&PetCategory::pet_category).like(p);
        },
        [](orm::Session& session, const std::vector<PetCategory>& pets) {
            std::vector<std::int64_t> ids;
            for (const auto& p : pets)
                ids.push_back(p.handler_id);
            auto handlers = names_by_id(session, &PetHandler::handler_id, &PetHandler::handler_name, ids);
            std::vector<RecordRow> rows;
            for (const auto& p : pets)
                rows.push_back({p.pet_id,
                                {std::to_string(p.pet_id), p.pet_name, p.pet_category, std::to_string(p.handler_id),
                                 handlers[p.handler_id]}});
            return rows;
        }};
    return view;
}

const TableView<PetComment>& comments_view() {
    static const TableView<PetComment> view{
        {sortable("comment_id", "ID", &PetComment::comment_id),
         sortable("comment_content", "Comment", &PetComment::comment_content),
         sortable("pet_id", "Pet ID", &PetComment::pet_id), shown<PetComment>("pet", "Pet")},
        col(&PetComment::comment_id).asc(),
        col(&PetComment::comment_id).desc(),
        [](const std::string& p) { return col(&PetComment::comment_content).like(p); },
        [](orm::Session& session, const std::vector<PetComment>& comments) {
            std::vector<std::int64_t> ids;
            for (const auto& c : comments)
                if (c.pet_id) ids.push_back(*c.pet_id);
            auto pets = names_by_id(session, &PetCategory::pet_id, &PetCategory::pet_name, ids);
            std::vector<RecordRow> rows;
            for (const auto& c : comments)
                rows.push_back({c.comment_id,
                                {std::to_string(c.comment_id), c.comment_content,
                                 c.pet_id ? std::to_string(*c.pet_id) : "", c.pet_id ? pets[*c.pet_id] : ""}});
            return rows;
        }};
    return view;
}

const TableView<ContactMessage>& messages_view() {
    static const TableView<ContactMessage> view{
        {sortable("id", "ID", &ContactMessage::id), sortable("created_at", "Received", &ContactMessage::created_at),
         sortable("name", "Name", &ContactMessage::name), sortable("email", "Email", &ContactMessage::email),
         sortable("subject", "Subject", &ContactMessage::subject), shown<ContactMessage>("message", "Message")},
        col(&ContactMessage::id).asc(),
        col(&ContactMessage::id).desc(),
        [](const std::string& p) {
            return col(&ContactMessage::name).like(p) || col(&ContactMessage::email).like(p) ||
                   col(&ContactMessage::subject).like(p) || col(&ContactMessage::message).like(p);
        },
        [](orm::Session&, const std::vector<ContactMessage>& messages) {
            std::vector<RecordRow> rows;
            for (const auto& m : messages)
                rows.push_back(
                    {m.id, {std::to_string(m.id), display_time(m.created_at), m.name, m.email, m.subject, m.message}});
            return rows;
        }};
    return view;
}

template <class T> std::vector<RecordColumn> column_infos(const TableView<T>& view) {
    std::vector<RecordColumn> out;
    for (const auto& c : view.columns)
        out.push_back(c.info);
    return out;
}

// At most kMaxFilterCharacters code points of `text`, cut at a character boundary, and nothing from a
// NUL byte on (SQLite's LIKE would end the pattern there, dropping the closing %).
std::string clamp_filter(std::string text) {
    text = text.substr(0, text.find('\0'));
    std::size_t characters = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80 && ++characters > kMaxFilterCharacters)
            return text.substr(0, i);
    }
    return text;
}

template <class T>
const typename TableView<T>::Column& sort_column_of(const TableView<T>& view, const RecordRequest& request) {
    const typename TableView<T>::Column* sort = request.sort_column.empty() ? &view.columns.front() : nullptr;
    for (const auto& c : view.columns)
        if (c.info.key == request.sort_column) sort = &c;
    if (!sort || !sort->info.sortable)
        throw std::invalid_argument("the sort column must be one of the sortable columns of " +
                                    std::string(RecordQueryService::table_label(request.table)));
    return *sort;
}

template <class T> void order(orm::Query<T>& query, const TableView<T>& view, const RecordRequest& request) {
    const bool descending = request.direction == SortDirection::Descending;
    const auto& sort = sort_column_of(view, request);
    query.order_by(descending ? *sort.descending : *sort.ascending);
    if (&sort != &view.columns.front()) query.order_by(descending ? view.id_descending : view.id_ascending);
}

// `filter` is the clamped filter text; `known_total`, if set, is the row count for it (from the cache).
template <class T>
RecordPage fetch_page(orm::Session& session, const TableView<T>& view, const RecordRequest& request,
                      const std::string& filter, std::optional<std::int64_t> known_total) {
    sort_column_of(view, request); // refuses a bad sort key before anything runs
    RecordPage page;
    page.columns = column_infos(view);
    page.offset = request.offset;

    auto query = session.query<T>();
    if (!filter.empty()) query.filter(view.filter(contains_pattern(filter)));
    page.total = known_total ? *known_total : query.count();
    if (request.offset >= page.total) return page;

    order(query, view, request);
    query.limit(request.limit).offset(request.offset);
    std::vector<T> rows;
    rows.reserve(static_cast<std::size_t>(std::min(request.limit, page.total - request.offset)));
    query.for_each([&](const T& row) { rows.push_back(row); });
    page.rows = view.render(session, rows);
    return page;
}

// Streams the rows in batches: one ordered query over the table, and render's lookups once per batch.
template <class T>
void visit_rows(orm::Session& session, const TableView<T>& view, const RecordRequest& request, const std::string& filter,
                const std::function<void(const RecordRow&)>& visit) {
    constexpr std::size_t kBatch = 1000;
    auto query = session.query<T>();
    if (!filter.empty()) query.filter(view.filter(contains_pattern(filter)));
    order(query, view, request);
    std::vector<T> batch;
    batch.reserve(kBatch);
    auto flush = [&] {
        for (const RecordRow& row : view.render(session, batch))
            visit(row);
        batch.clear();
    };
    query.for_each([&](const T& row) {
        batch.push_back(row);
        if (batch.size() == kBatch) flush();
    });
    flush();
}

} // namespace

RecordQueryService::RecordQueryService(orm::Database& db) : db_(db) {}

const std::vector<RecordColumn>& RecordQueryService::columns(RecordTable table) {
    static const std::vector<RecordColumn> users = column_infos(users_view()), handlers = column_infos(handlers_view()),
                                           pets = column_infos(pets_view()), comments = column_infos(comments_view()),
                                           messages = column_infos(messages_view());
    switch (table) {
    case RecordTable::Users: return users;
    case RecordTable::PetHandlers: return handlers;
    case RecordTable::Pets: return pets;
    case RecordTable::Comments: return comments;
    case RecordTable::ContactMessages: return messages;
    }
    throw std::invalid_argument("unknown record table");
}

std::string_view RecordQueryService::table_label(RecordTable table) {
    switch (table) {
    case RecordTable::Users: return "Users";
    case RecordTable::PetHandlers: return "Pet handlers";
    case RecordTable::Pets: return "Pets";
    case RecordTable::Comments: return "Comments";
    case RecordTable::ContactMessages: return "Contact messages";
    }
    return "?";
}

RecordPage RecordQueryService::fetch(const RecordRequest& request) {
    if (request.offset < 0) throw std::invalid_argument("the page offset must not be negative");
    if (request.limit < 1 || request.limit > kMaxRecordPageRows)
        throw std::invalid_argument("a page holds 1 to " + std::to_string(kMaxRecordPageRows) + " rows");
    const std::string filter = clamp_filter(trim(request.filter));
    const auto generation = database_generation();
    std::optional<std::int64_t> known_total;
    if (cached_total_ && cached_total_->table == request.table && cached_total_->filter == filter &&
        cached_total_->generation == generation)
        known_total = cached_total_->total;

    orm::Session session(db_);
    RecordPage page;
    switch (request.table) {
    case RecordTable::Users: page = fetch_page(session, users_view(), request, filter, known_total); break;
    case RecordTable::PetHandlers: page = fetch_page(session, handlers_view(), request, filter, known_total); break;
    case RecordTable::Pets: page = fetch_page(session, pets_view(), request, filter, known_total); break;
    case RecordTable::Comments: page = fetch_page(session, comments_view(), request, filter, known_total); break;
    case RecordTable::ContactMessages: page = fetch_page(session, messages_view(), request, filter, known_total); break;
    }
    cached_total_ = TotalCache{request.table, filter, generation, page.total};
    return page;
}

void RecordQueryService::for_each_row(const RecordRequest& request,
                                      const std::function<void(const RecordRow&)>& visit) {
    const std::string filter = clamp_filter(trim(request.filter));
    orm::Session session(db_);
    switch (request.table) {
    case RecordTable::Users: return visit_rows(session, users_view(), request, filter, visit);
    case RecordTable::PetHandlers: return visit_rows(session, handlers_view(), request, filter, visit);
    case RecordTable::Pets: return visit_rows(session, pets_view(), request, filter, visit);
    case RecordTable::Comments: return visit_rows(session, comments_view(), request, filter, visit);
    case RecordTable::ContactMessages: return visit_rows(session, messages_view(), request, filter, visit);
    }
}

std::pair<std::int64_t, std::int64_t> RecordQueryService::database_generation() {
    // total_changes() grows with every row this connection writes; data_version changes when another
    // connection commits. Together: "has anything changed since the total was counted?"
    auto statement = db_.prepare("SELECT total_changes(), (SELECT data_version FROM pragma_data_version)");
    statement->step();
    return {statement->get_int64(0), statement->get_int64(1)};
}

std::string contains_pattern(std::string_view text) {
    std::string pattern = "%";
    for (const char c : text) {
        if (c == '\\' || c == '%' || c == '_') pattern += '\\';
        pattern += c;
    }
    return pattern + "%";
}

} // namespace app
