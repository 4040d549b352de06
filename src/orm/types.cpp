#include "orm/types.h"

#include "orm/error.h"

#include <cstdio>

namespace orm {

std::string ColumnType::sql() const {
    switch (kind) {
    case TypeKind::Integer: return "INTEGER";
    case TypeKind::String: return length > 0 ? "VARCHAR(" + std::to_string(length) + ")" : "VARCHAR";
    case TypeKind::Text: return "TEXT";
    case TypeKind::Boolean: return "BOOLEAN";
    case TypeKind::Float: return "FLOAT";
    case TypeKind::DateTime: return "DATETIME";
    case TypeKind::Blob: return "BLOB";
    }
    return "BLOB";
}

namespace {
std::uint64_t load8(const char* p) {
    std::uint64_t w;
    __builtin_memcpy(&w, p, 8);
    return w;
}
std::uint64_t load4(const char* p) {
    std::uint32_t w;
    __builtin_memcpy(&w, p, 4);
    return w;
}
std::uint64_t rotl(std::uint64_t x, int r) { return (x << r) | (x >> (64 - r)); }
} // namespace

std::uint64_t fingerprint_bytes(std::string_view bytes) {
    // Every text column is fingerprinted when a row is loaded and again at each flush, so this is on the
    // hot path of loads and updates. Two lanes of 8 bytes step independently (the CPU runs them side by
    // side), and each step is a bijection of its lane for a given word and of the word for a given lane,
    // so a change confined to one word always changes that lane's state. The last 1-15 bytes are read
    // by two overlapping loads instead of byte by byte; the length is mixed in, so "a" and "a\0" differ.
    constexpr std::uint64_t k1 = 0xBF58476D1CE4E5B9ull, k2 = 0x94D049BB133111EBull;
    const char* p = bytes.data();
    const std::size_t n = bytes.size();
    std::uint64_t a = 0x9E3779B97F4A7C15ull ^ n, b = 0xC2B2AE3D27D4EB4Full;
    std::size_t i = 0;
    for (; i + 16 <= n; i += 16) {
        a = rotl((a ^ load8(p + i)) * k1, 29);
        b = rotl((b ^ load8(p + i + 8)) * k2, 31);
    }
    const std::size_t left = n - i; // 0-15
    std::uint64_t x = 0, y = 0;
    if (left >= 8) {
        x = load8(p + i);
        y = load8(p + n - 8);
    } else if (left >= 4) {
        x = load4(p + i) | (load4(p + n - 4) << 32);
    } else if (left > 0) {
        x = static_cast<unsigned char>(p[i]) | (static_cast<std::uint64_t>(static_cast<unsigned char>(p[i + left / 2])) << 8) |
            (static_cast<std::uint64_t>(static_cast<unsigned char>(p[n - 1])) << 16);
    }
    a = (a ^ x) * k1;
    b = (b ^ y) * k2;
    // splitmix64's finaliser over both lanes
    std::uint64_t h = a ^ rotl(b, 32);
    h = (h ^ (h >> 30)) * k1;
    h = (h ^ (h >> 27)) * k2;
    return h ^ (h >> 31);
}

// Howard Hinnant's civil-date algorithms: exact for the proleptic Gregorian calendar.
namespace {
struct CivilDate {
    int year;
    unsigned month;
    unsigned day;
};

CivilDate civil_from_days(std::int64_t z) {
    z += 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const auto doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned d = doy - (153 * mp + 2) / 5 + 1;
    const unsigned m = mp < 10 ? mp + 3 : mp - 9;
    return {static_cast<int>(yoe + era * 400 + (m <= 2)), m, d};
}

std::int64_t days_from_civil(int y, unsigned m, unsigned d) {
    y -= m <= 2;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const auto yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}
} // namespace

std::string format_datetime(Timestamp value) {
    using namespace std::chrono;
    const auto micros = value.time_since_epoch().count();
    std::int64_t days = micros / 86400000000LL;
    std::int64_t rest = micros % 86400000000LL;
    if (rest < 0) {
        rest += 86400000000LL;
        --days;
    }
    const CivilDate date = civil_from_days(days);
    const auto seconds = rest / 1000000;
    char buffer[40];
    std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02u %02d:%02d:%02d.%06d", date.year, date.month, date.day,
                  static_cast<int>(seconds / 3600), static_cast<int>(seconds / 60 % 60), static_cast<int>(seconds % 60),
                  static_cast<int>(rest % 1000000));
    return buffer;
}

Timestamp parse_datetime(std::string_view text) {
    int year = 0;
    unsigned month = 0, day = 0, hour = 0, minute = 0, second = 0;
    int consumed = 0;
    const std::string copy(text);
    if (std::sscanf(copy.c_str(), "%4d-%2u-%2u%*1[ T]%2u:%2u:%2u%n", &year, &month, &day, &hour, &minute, &second,
                    &consumed) != 6 ||
        month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) {
        throw ValueError("", "", "not a date and time in SQLAlchemy's format: '" + copy + "'");
    }
    std::int64_t micros = 0;
    std::size_t i = static_cast<std::size_t>(consumed);
    if (i < copy.size() && copy[i] == '.') {
        int digits = 0;
        for (++i; i < copy.size() && copy[i] >= '0' && copy[i] <= '9'; ++i) {
            if (digits < 6) {
                micros = micros * 10 + (copy[i] - '0');
                ++digits;
            }
        }
        for (; digits < 6; ++digits) micros *= 10;
    }
    const std::int64_t total = (days_from_civil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second) * 1000000LL + micros;
    return Timestamp(std::chrono::microseconds(total));
}

Timestamp now() {
    return std::chrono::time_point_cast<std::chrono::microseconds>(std::chrono::system_clock::now());
}

} // namespace orm
