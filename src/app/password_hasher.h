// Password hashing with Argon2id (the reference C implementation), stored as PHC strings:
//
//     $argon2id$v=19$m=19456,t=2,p=1$<16-byte salt, base64>$<32-byte hash, base64>
//
// The string carries its own salt and costs, so a stored hash stays verifiable after the costs change;
// needs_rehash() tells the login flow when to replace it. Passwords never appear in an exception message.
//
//     app::PasswordHasher hasher;                        // OWASP's minimum: 19 MiB, 2 passes, 1 lane
//     user.password_hash = hasher.hash(password);        // at registration
//     if (hasher.verify(password, user.password_hash))   // at login; false for a wrong password
//         if (hasher.needs_rehash(user.password_hash)) user.password_hash = hasher.hash(password);
#pragma once

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

namespace app {

// No hash could be made safely: the platform has no secure random source, or Argon2 itself failed
// (e.g. out of memory). Nothing was produced; the message never contains the password.
class SecurityError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

// Argon2id costs. The defaults are OWASP's minimum recommendation (m = 19 MiB, t = 2, p = 1).
struct Argon2Parameters {
    std::uint32_t memory_kib = 19456; // memory per hash, in KiB; at least 8 × parallelism
    std::uint32_t iterations = 2;     // passes over that memory
    std::uint32_t parallelism = 1;    // lanes (computed one after the other: the build has no threads)
    bool operator==(const Argon2Parameters&) const = default;
};

class PasswordHasher {
  public:
    static constexpr std::size_t salt_bytes = 16;
    static constexpr std::size_t hash_bytes = 32;
    // No PHC string this class produces or accepts is longer (the database column holds 150 characters).
    static constexpr std::size_t max_phc_length = 150;
    // The highest costs hash() may use and verify() will run, so that a corrupt or hostile stored string
    // cannot make a login allocate gigabytes or compute for minutes.
    static constexpr std::uint32_t max_memory_kib = 256 * 1024;
    static constexpr std::uint32_t max_iterations = 16;
    static constexpr std::uint32_t max_parallelism = 16;

    // Same contract as POSIX getentropy(): fill `size` (at most 256) bytes, return 0, or return -1 with
    // errno set. Tests replace it to simulate a platform without secure randomness.
    using EntropySource = int (*)(void* buffer, std::size_t size);
    // The platform's getentropy(): the kernel's CSPRNG natively; crypto.getRandomValues (browser) or
    // node's crypto module under Emscripten. (Emscripten aborts the program itself when neither exists;
    // it never falls back to Math.random.)
    static EntropySource system_entropy();

    // Throws std::invalid_argument, naming the parameter, if a cost is below Argon2's minimum (t ≥ 1,
    // p ≥ 1, m ≥ 8p) or above the max_* limits above.
    explicit PasswordHasher(Argon2Parameters parameters = {}, EntropySource entropy = system_entropy());

    const Argon2Parameters& parameters() const { return parameters_; }

    // A PHC string for `password` with a fresh random salt: two calls never give the same string.
    // Any byte sequence is accepted (length limits are the validator's job). Throws SecurityError if the
    // entropy source fails (no weak fallback is ever used) or Argon2 fails (e.g. out of memory).
    std::string hash(std::string_view password) const;

    // A fresh salt of salt_bytes random bytes from this hasher's entropy source: the salt hash() uses, for
    // PasswordHashJob, which computes the same string a slice at a time. Throws SecurityError if the
    // entropy source fails (no weak fallback is ever used).
    std::string make_salt() const;

    // Deterministic: the PHC string for `password` with the given salt (at least 8 bytes). Only for
    // known-answer tests and reproducing published vectors; to store a password, call hash().
    // Throws std::invalid_argument if the salt is shorter than 8 bytes, SecurityError if Argon2 fails.
    std::string hash_with_salt(std::string_view password, std::string_view salt) const;

    // True if `password` matches the Argon2id PHC string `phc` (any costs within the max_* limits; the
    // comparison is constant-time, done by argon2id_verify). False, never an exception, for a wrong
    // password and for anything that is not such a string (plaintext, other algorithms, truncation).
    bool verify(std::string_view password, std::string_view phc) const;

    // True if `phc` should be replaced by hash(password) at the next successful login: its costs differ
    // from this hasher's, its salt or hash is shorter than this hasher makes, or it is not an Argon2id
    // PHC string at all (e.g. a plaintext password kept by the tutorial's Flask app).
    bool needs_rehash(std::string_view phc) const;

    // True if `stored` is a well-formed Argon2id v=19 PHC string (any costs, salt ≥ 8 bytes, hash ≥ 4
    // bytes, at most max_phc_length characters); false means it can only be a legacy plaintext value.
    static bool looks_like_phc(std::string_view stored);
    // True if verify() would run Argon2 for `phc` at all: a well-formed string whose costs are within the
    // max_* limits. (PasswordHashJob::verification checks this.)
    static bool verifiable(std::string_view phc);

  private:
    Argon2Parameters parameters_;
    EntropySource entropy_;
};

} // namespace app
