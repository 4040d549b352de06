#include "app/record_views.h"

#include "app/password_hasher.h"

#include <charconv>
#include <initializer_list>
#include <type_traits>

namespace app::record_views {

namespace {

using orm::col;
namespace func = orm::func;

template <class V> struct detail_is_optional : std::false_type {};
template <class V> struct detail_is_optional<std::optional<V>> : std::true_type {};

// Rows before `value` (at primary key `id`) in the order of `sorted` ascending or descending, ties by the
// primary key. SQLite sorts NULL first, so an optional column's NULLs come before every value.
template <class T, class E, class V, class Id>
orm::Expr precedes_value(const E& sorted, const V& value, Id T::*id_member, std::int64_t id, bool descending) {
    const auto id_column = col(id_member);
    if constexpr (detail_is_optional<V>::value) {
        const auto is_null = sorted == std::nullopt;
        if (!value) return descending ? (sorted != std::nullopt || (is_null && id_column > id)) : (is_null && id_column < id);
        return descending ? (sorted > *value || (sorted == *value && id_column > id))
                          : (is_null || sorted < *value || (sorted == *value && id_column < id));
    } else {
        return descending ? (sorted > value || (sorted == value && id_column > id))
                          : (sorted < value || (sorted == value && id_column < id));
    }
}

// The table-wide filter on one text column: contains, or with `exact` equals.
template <class E> orm::Expr text_matches(const E& column, const std::string& text, bool exact) {
    return exact ? orm::Expr(column == text) : orm::Expr(column.contains(text));
}

// A ColumnFilter on a text column: "=x" equals, "^x" starts with, anything else contains.
template <class E> orm::Expr text_keeps(const E& column, const FilterTerm& term) {
    if (term.op == FilterTerm::Op::Equals) return column == term.operand;
    if (term.op == FilterTerm::Op::StartsWith) return column.startswith(term.operand);
    return column.contains(term.operand);
}

std::int64_t filter_number(std::string_view text) {
    std::int64_t value = 0;
    const auto [end, failure] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (failure != std::errc() || end != text.data() + text.size() || text.empty())
        throw std::invalid_argument("a number filter takes a whole number (12), a comparison (>12, <=20), a range "
                                    "(10~20) or NULL");
    return value;
}

// A ColumnFilter on a number column: 12, =12, >12, >=12, <12, <=12, 10~20, NULL (for one that may be).
template <class E> orm::Expr number_keeps(const E& column, const FilterTerm& term) {
    using Op = FilterTerm::Op;
    if constexpr (detail_is_optional<typename E::value_type>::value)
        if (term.op == Op::IsNull) return column == std::nullopt;
    const std::int64_t value = filter_number(term.operand); // NULL on a column that cannot be: refused here
    switch (term.op) {
    case Op::Between: return column.between(value, filter_number(term.upper));
    case Op::GreaterOrEqual: return column >= value;
    case Op::LessOrEqual: return column <= value;
    case Op::Greater: return column > value;
    case Op::Less: return column < value;
    default: return column == value;
    }
}

template <class E> struct FilterKind {
    using V = typename E::value_type;
    using Plain = typename std::conditional_t<detail_is_optional<V>::value, V, std::optional<V>>::value_type;
    static constexpr bool text = std::is_same_v<Plain, std::string>;
    static constexpr bool number = std::is_integral_v<Plain> && !std::is_same_v<Plain, bool>;
};

// What a ColumnFilter does to `column`, by its type: text and whole numbers filter, others (times) do not.
template <class E> std::function<orm::Expr(const std::string&)> keeps_of(const E& column) {
    if constexpr (FilterKind<E>::text)
        return [column](const std::string& text) { return text_keeps(column, read_column_filter(text, false)); };
    else if constexpr (FilterKind<E>::number)
        return [column](const std::string& text) { return number_keeps(column, read_column_filter(text, true)); };
    else return {};
}

template <class T, class M, class Id>
typename TableView<T>::Column sortable(std::string key, std::string label, M T::*member, Id T::*id_member) {
    using Kind = FilterKind<decltype(col(member))>;
    const auto& model = describe(orm::ModelTag<T>{});
    const std::string& name = model.column_for(member).name;
    return {{std::move(key), std::move(label), true, Kind::text || Kind::number, Kind::number},
            col(member).asc(),
            col(member).desc(),
            [member, id_member](const T& row, bool descending) {
                return precedes_value(col(member), row.*member, id_member, row.*id_member, descending);
            },
            keeps_of(col(member)),
            model.class_name() + "." + name,
            "col(&" + model.class_name() + "::" + name + ")"};
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

// What SQLite's lower() makes of a text (built without ICU: ASCII letters only), for comparing with
// lower(column) on the same terms as the index sorts.
std::string ascii_lower(std::string text) {
    for (char& c : text)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return text;
}

std::string display_id(const std::optional<std::int64_t>& id) {
    return id ? std::to_string(*id) : "";
}

// RecordRow::null_cells from one flag a column: which cells hold SQL NULL (a comment without a pet, a
// pet whose handler row is gone), so the browser can tell them from empty text.
std::uint32_t null_bits(std::initializer_list<bool> is_null) {
    std::uint32_t bits = 0;
    std::uint32_t bit = 1;
    for (const bool null : is_null) {
        if (null) bits |= bit;
        bit <<= 1;
    }
    return bits;
}

} // namespace

FilterTerm read_column_filter(const std::string& text, bool numeric) {
    using Op = FilterTerm::Op;
    if (!numeric) {
        if (text.front() == '=') return {Op::Equals, text.substr(1)};
        if (text.front() == '^') return {Op::StartsWith, text.substr(1)};
        return {Op::Contains, text};
    }
    if (text == "NULL" || text == "null") return {Op::IsNull, text};
    if (const auto tilde = text.find('~'); tilde != std::string::npos)
        return {Op::Between, text.substr(0, tilde), text.substr(tilde + 1)};
    if (text.rfind(">=", 0) == 0) return {Op::GreaterOrEqual, text.substr(2)};
    if (text.rfind("<=", 0) == 0) return {Op::LessOrEqual, text.substr(2)};
    if (text.front() == '>') return {Op::Greater, text.substr(1)};
    if (text.front() == '<') return {Op::Less, text.substr(1)};
    if (text.front() == '=') return {Op::Equals, text.substr(1)};
    return {Op::Equals, text};
}

const TableView<User>& users_view() {
    // ORDER BY lower(user_email) walks ix_user_email_lower (the index's expression is the same text).
    static const TableView<User> view{
        "Users",
        "User",
        "users.csv",
        {sortable("id", "ID", &User::id, &User::id),
         sortable("username", "Username", &User::username, &User::id),
         {{"email", "Email", true, true},
          func::lower(&User::user_email).asc(),
          func::lower(&User::user_email).desc(),
          [](const User& row, bool descending) {
              return precedes_value(func::lower(&User::user_email), ascii_lower(row.user_email), &User::id, row.id,
                                    descending);
          },
          [](const std::string& text) {
              // Emails are one address whatever their ASCII case (as registration compares them), and
              // lower(email) is what the unique index holds: "=x" walks it.
              const FilterTerm term = read_column_filter(text, false);
              if (term.op == FilterTerm::Op::Equals)
                  return orm::Expr(func::lower(&User::user_email) == ascii_lower(term.operand));
              return text_keeps(col(&User::user_email), term);
          },
          "func.lower(User.user_email)",
          "func::lower(&User::user_email)"},
         shown<User>("password", "Password")},
        col(&User::id).asc(),
        col(&User::id).desc(),
        [](std::int64_t id) { return orm::Expr(col(&User::id) == id); },
        [](const std::string& text, bool exact) {
            return text_matches(col(&User::username), text, exact) || text_matches(col(&User::user_email), text, exact);
        },
        [](orm::Session&, const orm::Query<User>& query, const TableView<User>::Visit& visit) {
            query.for_each([&](const User& u) {
                visit({u.id, {std::to_string(u.id), u.username, u.user_email, display_password(u.user_password)}});
            });
        },
        {"username", "user_email"}};
    return view;
}

const TableView<PetHandler>& handlers_view() {
    static const TableView<PetHandler> view{
        "Pet handlers",
        "Pet handler",
        "pet-handlers.csv",
        {sortable("handler_id", "ID", &PetHandler::handler_id, &PetHandler::handler_id),
         sortable("handler_name", "Name", &PetHandler::handler_name, &PetHandler::handler_id),
         shown<PetHandler>("pets", "Pets")},
        col(&PetHandler::handler_id).asc(),
        col(&PetHandler::handler_id).desc(),
        [](std::int64_t id) { return orm::Expr(col(&PetHandler::handler_id) == id); },
        [](const std::string& text, bool exact) { return text_matches(col(&PetHandler::handler_name), text, exact); },
        [](orm::Session& session, const orm::Query<PetHandler>& query, const TableView<PetHandler>::Visit& visit) {
            // Each handler's pets counted by a correlated subquery: evaluated for the page's rows only (not
            // for those OFFSET skips), no GROUP BY, no sort beyond the index walk.
            const auto pets = session.query<PetCategory>()
                                  .correlate<PetHandler>()
                                  .filter(col(&PetCategory::handler_id) == col(&PetHandler::handler_id))
                                  .scalar_subquery(func::count());
            query.for_each_columns(
                [&](const auto& row) {
                    const auto& [id, name, count] = row;
                    visit({id, {std::to_string(id), name, std::to_string(count)}});
                },
                &PetHandler::handler_id, &PetHandler::handler_name, pets);
        },
        {"handler_name"}};
    return view;
}

const TableView<PetCategory>& pets_view() {
    static const TableView<PetCategory> view{
        "Pets",
        "Pet",
        "pets.csv",
        {sortable("pet_id", "ID", &PetCategory::pet_id, &PetCategory::pet_id),
         sortable("pet_name", "Name", &PetCategory::pet_name, &PetCategory::pet_id),
         sortable("pet_category", "Category", &PetCategory::pet_category, &PetCategory::pet_id),
         sortable("handler_id", "Handler ID", &PetCategory::handler_id, &PetCategory::pet_id),
         shown<PetCategory>("handler", "Handler")},
        col(&PetCategory::pet_id).asc(),
        col(&PetCategory::pet_id).desc(),
        [](std::int64_t id) { return orm::Expr(col(&PetCategory::pet_id) == id); },
        [](const std::string& text, bool exact) {
            return text_matches(col(&PetCategory::pet_name), text, exact) ||
                   text_matches(col(&PetCategory::pet_category), text, exact);
        },
        [](orm::Session&, const orm::Query<PetCategory>& query, const TableView<PetCategory>::Visit& visit) {
            query.from_self().outerjoin<PetHandler>().for_each_columns(
                [&](const auto& row) {
                    const auto& [id, name, category, handler_id, handler] = row;
                    std::optional<RecordLink> link;
                    if (handler) link = RecordLink{*handler, RecordTable::PetHandlers, handler_id};
                    visit({id,
                           {std::to_string(id), name, category, std::to_string(handler_id), handler.value_or("")},
                           std::move(link), null_bits({false, false, false, false, !handler})});
                },
                &PetCategory::pet_id, &PetCategory::pet_name, &PetCategory::pet_category, &PetCategory::handler_id,
                &PetHandler::handler_name);
        },
        {"pet_name", "pet_category"}};
    return view;
}

const TableView<PetComment>& comments_view() {
    static const TableView<PetComment> view{
        "Comments",
        "Comment",
        "comments.csv",
        {sortable("comment_id", "ID", &PetComment::comment_id, &PetComment::comment_id),
         sortable("comment_content", "Comment", &PetComment::comment_content, &PetComment::comment_id),
         sortable("pet_id", "Pet ID", &PetComment::pet_id, &PetComment::comment_id), shown<PetComment>("pet", "Pet")},
        col(&PetComment::comment_id).asc(),
        col(&PetComment::comment_id).desc(),
        [](std::int64_t id) { return orm::Expr(col(&PetComment::comment_id) == id); },
        [](const std::string& text, bool exact) {
            return text_matches(col(&PetComment::comment_content), text, exact);
        },
        [](orm::Session&, const orm::Query<PetComment>& query, const TableView<PetComment>::Visit& visit) {
            query.from_self().outerjoin<PetCategory>().for_each_columns(
                [&](const auto& row) {
                    const auto& [id, content, pet_id, pet] = row;
                    std::optional<RecordLink> link;
                    if (pet_id && pet) link = RecordLink{*pet, RecordTable::Pets, *pet_id};
                    visit({id, {std::to_string(id), content, display_id(pet_id), pet.value_or("")}, std::move(link),
                           null_bits({false, false, !pet_id, !pet})});
                },
                &PetComment::comment_id, &PetComment::comment_content, &PetComment::pet_id, &PetCategory::pet_name);
        },
        {"comment_content"}};
    return view;
}

const TableView<ContactMessage>& messages_view() {
    static const TableView<ContactMessage> view{
        "Contact messages",
        "Contact message",
        "contact-messages.csv",
        {sortable("id", "ID", &ContactMessage::id, &ContactMessage::id),
         sortable("created_at", "Received", &ContactMessage::created_at, &ContactMessage::id),
         sortable("name", "Name", &ContactMessage::name, &ContactMessage::id),
         sortable("email", "Email", &ContactMessage::email, &ContactMessage::id),
         sortable("subject", "Subject", &ContactMessage::subject, &ContactMessage::id),
         shown<ContactMessage>("message", "Message")},
        col(&ContactMessage::id).asc(),
        col(&ContactMessage::id).desc(),
        [](std::int64_t id) { return orm::Expr(col(&ContactMessage::id) == id); },
        [](const std::string& text, bool exact) {
            return text_matches(col(&ContactMessage::name), text, exact) ||
                   text_matches(col(&ContactMessage::email), text, exact) ||
                   text_matches(col(&ContactMessage::subject), text, exact) ||
                   text_matches(col(&ContactMessage::message), text, exact);
        },
        [](orm::Session&, const orm::Query<ContactMessage>& query, const TableView<ContactMessage>::Visit& visit) {
            query.for_each([&](const ContactMessage& m) {
                visit(
                    {m.id, {std::to_string(m.id), display_time(m.created_at), m.name, m.email, m.subject, m.message}});
            });
        },
        {"name", "email", "subject", "message"}};
    return view;
}

} // namespace app::record_views
