#include "app/contact_service.h"

#include "app/registration_rules.h"

#include "orm/orm.h"

#include <stdexcept>

namespace app {

ContactService::ContactService(orm::Database& db, Clock clock) : db_(db), clock_(std::move(clock)) {}

Result<ContactMessage, ContactErrors> ContactService::submit(const ContactInput& input) {
    using R = Result<ContactMessage, ContactErrors>;
    ContactMessage message{0, trim(input.name), trim(input.email), trim(input.subject), trim(input.message), {}};
    ContactErrors errors{
        .name = check_text(message.name, kContactName),
        .email = validate_email(message.email),
        .subject = check_text(message.subject, kContactSubject),
        .message = check_text(message.message, kContactMessage),
    };
    if (!errors.ok()) return R::failure(std::move(errors));
    message.created_at = clock_();
    orm::Session session(db_);
    auto stored = session.add(std::move(message));
    session.commit();
    return R::success(*stored);
}

std::vector<ContactMessage> ContactService::newest_first(const Actor& actor, std::int64_t limit, std::int64_t offset) {
    if (limit < 1 || limit > kMaxContactPageRows || offset < 0)
        throw std::invalid_argument("a page of messages holds 1 to " + std::to_string(kMaxContactPageRows) +
                                    " rows from an offset >= 0");
    orm::Session session(db_);
    require_message_reading(session, actor);
    std::vector<ContactMessage> out;
    session.query<ContactMessage>()
        .order_by(orm::desc(&ContactMessage::created_at), orm::desc(&ContactMessage::id))
        .limit(limit)
        .offset(offset)
        .for_each([&](const ContactMessage& m) { out.push_back(m); });
    return out;
}

std::int64_t ContactService::count() {
    orm::Session session(db_);
    return session.query<ContactMessage>().count();
}

bool ContactService::delete_message(const Actor& actor, std::int64_t id) {
    orm::Session session(db_);
    require_message_reading(session, actor);
    auto message = session.get<ContactMessage>(id);
    if (!message) return false;
    session.remove(message);
    session.commit();
    return true;
}

} // namespace app
