#include "app/account_session.h"

#include "orm/orm.h"

#include <blake2/blake2.h>

#include <array>

namespace app {

using orm::col;

namespace {

std::string hex(const unsigned char* bytes, std::size_t size) {
    static constexpr char kHex[] = "0123456789abcdef";
    std::string text;
    text.reserve(size * 2);
    for (std::size_t i = 0; i < size; ++i) {
        text += kHex[bytes[i] >> 4];
        text += kHex[bytes[i] & 0xF];
    }
    return text;
}

// Only what begin() hands out can name a record: 64 lowercase hex digits.
bool well_formed(std::string_view token) {
    if (token.size() != kSessionTokenCharacters) return false;
    for (const char c : token)
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
    return true;
}

} // namespace

AccountSessions::AccountSessions(orm::Database& db, Clock clock, PasswordHasher::EntropySource entropy,
                                 std::chrono::milliseconds lifetime)
    : db_(db), clock_(std::move(clock)), entropy_(entropy), lifetime_(lifetime) {}

std::int64_t AccountSessions::now_ms() const {
    return std::chrono::duration_cast<std::chrono::milliseconds>(clock_().time_since_epoch()).count();
}

std::string AccountSessions::digest(std::string_view token) {
    std::array<unsigned char, 32> digest{};
    blake2b(digest.data(), digest.size(), token.data(), token.size(), nullptr, 0);
    return hex(digest.data(), digest.size());
}

std::string AccountSessions::begin(std::int64_t user_id) {
    std::array<unsigned char, kSessionTokenCharacters / 2> random{};
    if (entropy_(random.data(), random.size()) != 0)
        throw SecurityError("No secure random source is available for a sign-in token; nobody was signed in.");
    std::string token = hex(random.data(), random.size());
    random.fill(0);
    const std::int64_t now = now_ms();
    orm::Transaction transaction(db_);
    prune();
    orm::Session session(db_);
    session.add(AccountSessionRecord{0, digest(token), user_id, now, now + lifetime_.count()});
    session.commit();
    transaction.commit();
    return token;
}

std::optional<UserAccount> AccountSessions::resume(std::string_view token) {
    prune();
    if (!well_formed(token)) return std::nullopt;
    orm::Session session(db_);
    const auto record =
        session.query<AccountSessionRecord>().filter_by(&AccountSessionRecord::token_digest, digest(token)).first();
    if (!record || record->expires_ms <= now_ms()) return std::nullopt;
    const auto user = session.get<User>(record->user_id);
    if (!user) return std::nullopt;
    return account_of(*user);
}

bool AccountSessions::end(std::string_view token) {
    if (!well_formed(token)) return false;
    orm::Session session(db_);
    const auto ended =
        session.query<AccountSessionRecord>().filter_by(&AccountSessionRecord::token_digest, digest(token)).remove();
    session.commit();
    return ended > 0;
}

int AccountSessions::end_all(std::int64_t user_id) {
    orm::Session session(db_);
    const auto ended = session.query<AccountSessionRecord>().filter_by(&AccountSessionRecord::user_id, user_id).remove();
    session.commit();
    return static_cast<int>(ended);
}

int AccountSessions::prune() {
    orm::Session session(db_);
    auto expired = session.query<AccountSessionRecord>().filter(col(&AccountSessionRecord::expires_ms) <= now_ms());
    // A DELETE that finds nothing still commits a write (and the browser would save): look first.
    if (!expired.exists()) return 0;
    const auto pruned = expired.remove();
    session.commit();
    return static_cast<int>(pruned);
}

int AccountSessions::active_count(std::int64_t user_id) {
    orm::Session session(db_);
    return static_cast<int>(session.query<AccountSessionRecord>()
                                .filter(col(&AccountSessionRecord::user_id) == user_id &&
                                        col(&AccountSessionRecord::expires_ms) > now_ms())
                                .count());
}

void remove_sessions_of(orm::Session& session, std::int64_t user_id) {
    session.query<AccountSessionRecord>().filter_by(&AccountSessionRecord::user_id, user_id).remove();
}

} // namespace app
