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

std::uint64_t fingerprint_bytes(std::string_view bytes) {
    // FNV-1a would do for equality, but this mixes 8 bytes a step, which matters for 100,000-row loads.
    std::uint64_t h = 0x9E3779B97F4A7C15ull ^ (bytes.size() * 0xC2B2AE3D27D4EB4Full);
    std::size_t i = 0;
    for (; i + 8 <= bytes.size(); i += 8) {
        std::uint64_t word;
        __builtin_memcpy(&word, bytes.data() + i, 8);
        h = (h ^ (word * 0xBF58476D1CE4E5B9ull)) * 0x94D049BB133111EBull;
        h ^= h >> 31;
    }
    std::uint64_t tail = 0;
    for (std::size_t k = 0; i + k < bytes.size(); ++k) tail |= static_cast<std::uint64_t>(static_cast<unsigned char>(bytes[i + k])) << (8 * k);
    h = (h ^ (tail * 0xBF58476D1CE4E5B9ull)) * 0x94D049BB133111EBull;
    return h ^ (h >> 29);
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
