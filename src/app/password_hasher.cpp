#include "app/password_hasher.h"

#include <argon2.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <optional>
#include <sys/random.h>

namespace app {

namespace {

// The fields of a PHC string that decide whether it can be verified and whether it needs a rehash.
struct PhcFields {
    Argon2Parameters parameters;
    std::size_t salt_bytes = 0;
    std::size_t hash_bytes = 0;
};

constexpr std::string_view phc_prefix = "$argon2id$v=19$m=";

constexpr std::size_t decimal_digits(std::uint32_t value) {
    return value < 10 ? 1 : 1 + decimal_digits(value / 10);
}
constexpr std::size_t base64_length(std::size_t bytes) {
    return (bytes * 8 + 5) / 6;
}

// hash() can never produce a string the database column (or parse_phc) would refuse.
static_assert(std::string_view("$argon2id$v=19$m=,t=,p=$$").size() + decimal_digits(PasswordHasher::max_memory_kib) +
                      decimal_digits(PasswordHasher::max_iterations) + decimal_digits(PasswordHasher::max_parallelism) +
                      base64_length(PasswordHasher::salt_bytes) + base64_length(PasswordHasher::hash_bytes) <=
                  PasswordHasher::max_phc_length,
              "the longest PHC string hash() can make must fit in max_phc_length");

bool consume(std::string_view& text, std::string_view expected) {
    if (text.substr(0, expected.size()) != expected) return false;
    text.remove_prefix(expected.size());
    return true;
}

// A decimal that fits in 32 bits, written minimally (no sign, no leading zero), as the reference decoder
// demands: anything it would reject must be rejected here too, or looks_like_phc() would lie.
std::optional<std::uint32_t> consume_decimal(std::string_view& text) {
    std::size_t digits = 0;
    std::uint64_t value = 0;
    while (digits < text.size() && text[digits] >= '0' && text[digits] <= '9') {
        value = value * 10 + static_cast<std::uint64_t>(text[digits] - '0');
        if (value > UINT32_MAX) return std::nullopt;
        ++digits;
    }
    if (digits == 0 || (digits > 1 && text[0] == '0')) return std::nullopt;
    text.remove_prefix(digits);
    return static_cast<std::uint32_t>(value);
}

bool is_base64_char(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/';
}

int base64_value(char c) {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    return c == '+' ? 62 : 63;
}

// Unpadded base64 up to the next '$' or the end; returns the decoded length. Like the reference decoder,
// rejects a length of 1 mod 4 and unused trailing bits that are not zero.
std::optional<std::size_t> consume_base64(std::string_view& text) {
    std::size_t length = 0;
    while (length < text.size() && is_base64_char(text[length]))
        ++length;
    const std::size_t spare_chars = length % 4;
    if (spare_chars == 1) return std::nullopt;
    if (spare_chars != 0) {
        const int unused_bits = spare_chars == 2 ? 4 : 2;
        if ((base64_value(text[length - 1]) & ((1 << unused_bits) - 1)) != 0) return std::nullopt;
    }
    text.remove_prefix(length);
    return length * 6 / 8;
}

std::optional<PhcFields> parse_phc(std::string_view text) {
    if (text.size() > PasswordHasher::max_phc_length || !consume(text, phc_prefix)) return std::nullopt;
    PhcFields fields;
    const auto memory = consume_decimal(text);
    if (!memory || !consume(text, ",t=")) return std::nullopt;
    const auto iterations = consume_decimal(text);
    if (!iterations || !consume(text, ",p=")) return std::nullopt;
    const auto parallelism = consume_decimal(text);
    if (!parallelism || !consume(text, "$")) return std::nullopt;
    const auto salt = consume_base64(text);
    if (!salt || !consume(text, "$")) return std::nullopt;
    const auto hash = consume_base64(text);
    if (!hash || !text.empty()) return std::nullopt;

    fields.parameters = {*memory, *iterations, *parallelism};
    fields.salt_bytes = *salt;
    fields.hash_bytes = *hash;
    // Argon2's own lower bounds (argon2.h); the reference would refuse the string otherwise.
    if (*iterations < ARGON2_MIN_TIME || *parallelism < ARGON2_MIN_LANES || *parallelism > ARGON2_MAX_LANES ||
        std::uint64_t{*memory} < 8ull * *parallelism || *salt < ARGON2_MIN_SALT_LENGTH || *hash < ARGON2_MIN_OUTLEN)
        return std::nullopt;
    return fields;
}

bool within_limits(const Argon2Parameters& p) {
    return p.memory_kib <= PasswordHasher::max_memory_kib && p.iterations <= PasswordHasher::max_iterations &&
           p.parallelism <= PasswordHasher::max_parallelism;
}

int call_getentropy(void* buffer, std::size_t size) {
    return ::getentropy(buffer, size);
}

} // namespace

PasswordHasher::EntropySource PasswordHasher::system_entropy() {
    return &call_getentropy;
}

PasswordHasher::PasswordHasher(Argon2Parameters parameters, EntropySource entropy)
    : parameters_(parameters), entropy_(entropy) {
    const auto& p = parameters_;
    if (p.iterations < 1 || p.iterations > max_iterations)
        throw std::invalid_argument("Argon2 iterations must be between 1 and " + std::to_string(max_iterations) +
                                    ", not " + std::to_string(p.iterations));
    if (p.parallelism < 1 || p.parallelism > max_parallelism)
        throw std::invalid_argument("Argon2 parallelism must be between 1 and " + std::to_string(max_parallelism) +
                                    ", not " + std::to_string(p.parallelism));
    if (std::uint64_t{p.memory_kib} < 8ull * p.parallelism || p.memory_kib > max_memory_kib)
        throw std::invalid_argument("Argon2 memory must be between 8 KiB per lane and " +
                                    std::to_string(max_memory_kib) + " KiB, not " + std::to_string(p.memory_kib));
    if (entropy_ == nullptr) throw std::invalid_argument("PasswordHasher needs an entropy source");
}

std::string PasswordHasher::hash(std::string_view password) const {
    return hash_with_salt(password, make_salt());
}

std::string PasswordHasher::make_salt() const {
    std::string salt(salt_bytes, '\0');
    errno = 0;
    if (entropy_(salt.data(), salt.size()) != 0) {
        const int error = errno;
        throw SecurityError(std::string("No secure random source is available for a password salt (") +
                            (error != 0 ? std::strerror(error) : "unknown error") +
                            "); refusing to hash with a predictable one.");
    }
    return salt;
}

std::string PasswordHasher::hash_with_salt(std::string_view password, std::string_view salt) const {
    if (salt.size() < ARGON2_MIN_SALT_LENGTH)
        throw std::invalid_argument("An Argon2 salt must be at least " + std::to_string(ARGON2_MIN_SALT_LENGTH) +
                                    " bytes, not " + std::to_string(salt.size()));
    // One byte more than the longest string we accept, for the terminating NUL argon2 writes.
    std::array<char, max_phc_length + 1> encoded{};
    const auto& p = parameters_;
    const int result =
        argon2id_hash_encoded(p.iterations, p.memory_kib, p.parallelism, password.data(), password.size(), salt.data(),
                              salt.size(), hash_bytes, encoded.data(), encoded.size());
    if (result != ARGON2_OK)
        throw SecurityError(std::string("Argon2id hashing failed: ") + argon2_error_message(result));
    return std::string(encoded.data());
}

bool PasswordHasher::verify(std::string_view password, std::string_view phc) const {
    // Parse first: argon2id_verify needs a NUL-terminated string, and it would happily run whatever costs
    // the string asks for.
    const auto fields = parse_phc(phc);
    if (!fields || !within_limits(fields->parameters)) return false;
    const std::string terminated(phc);
    return argon2id_verify(terminated.c_str(), password.data(), password.size()) == ARGON2_OK;
}

bool PasswordHasher::needs_rehash(std::string_view phc) const {
    const auto fields = parse_phc(phc);
    return !fields || fields->parameters != parameters_ || fields->salt_bytes < salt_bytes ||
           fields->hash_bytes != hash_bytes;
}

bool PasswordHasher::verifiable(std::string_view phc) {
    const auto fields = parse_phc(phc);
    return fields && within_limits(fields->parameters);
}

bool PasswordHasher::looks_like_phc(std::string_view stored) {
    return parse_phc(stored).has_value();
}

} // namespace app
