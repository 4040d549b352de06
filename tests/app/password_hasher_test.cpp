#include "app/password_hasher.h"

#include <doctest/doctest.h>

#include <cerrno>
#include <string>
#include <vector>

namespace {

// Cheap costs keep the suite fast under ASan and in wasm; the reference vectors and one OWASP test use
// the real thing.
constexpr app::Argon2Parameters cheap{256, 1, 1};

// Argon2id v=19 known answers from the reference implementation (phc-winner-argon2, src/test.c, the
// "Test Argon2id version number" block), for a 32-byte hash: costs, password, salt, PHC string.
struct ReferenceVector {
    app::Argon2Parameters parameters;
    const char* password;
    const char* salt;
    const char* phc;
};
const ReferenceVector reference_vectors[] = {
    {{65536, 2, 1},
     "password",
     "somesalt",
     "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc"},
    {{256, 2, 1},
     "password",
     "somesalt",
     "$argon2id$v=19$m=256,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4"},
    {{256, 2, 2},
     "password",
     "somesalt",
     "$argon2id$v=19$m=256,t=2,p=2$c29tZXNhbHQ$bQk8UB/VmZZF4Oo79iDXuL5/0ttZwg2f/5U52iv1cDc"},
    {{65536, 2, 1},
     "differentpassword",
     "somesalt",
     "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$C4TWUs9rDEvq7w3+J4umqA32aWKB1+DSiRuBfYxFj94"},
    {{65536, 2, 1},
     "password",
     "diffsalt",
     "$argon2id$v=19$m=65536,t=2,p=1$ZGlmZnNhbHQ$vfMrBczELrFdWP0ZsfhWsRPaHppYdP3MVEMIVlqoFBw"},
};

// The shape hash() promises: its costs, a 16-byte salt (22 base64 characters), a 32-byte hash (43).
bool has_expected_shape(const std::string& phc, const std::string& costs) {
    const std::string prefix = "$argon2id$v=19$" + costs + "$";
    if (phc.rfind(prefix, 0) != 0 || phc.size() != prefix.size() + 22 + 1 + 43) return false;
    return phc[prefix.size() + 22] == '$';
}

int failing_entropy(void*, std::size_t) {
    errno = ENOSYS;
    return -1;
}

} // namespace

TEST_CASE("Argon2id matches the reference implementation's published vectors") {
    for (const auto& vector : reference_vectors) {
        CAPTURE(vector.phc);
        const app::PasswordHasher hasher(vector.parameters);
        CHECK(hasher.hash_with_salt(vector.password, vector.salt) == vector.phc);
        CHECK(hasher.verify(vector.password, vector.phc));
        CHECK_FALSE(hasher.verify("passwore", vector.phc));
    }
}

TEST_CASE("the defaults are OWASP's minimum, and a real hash verifies") {
    const app::PasswordHasher hasher;
    CHECK(hasher.parameters() == app::Argon2Parameters{19456, 2, 1});
    const std::string phc = hasher.hash("correct horse battery staple");
    CHECK(has_expected_shape(phc, "m=19456,t=2,p=1"));
    CHECK(phc.size() <= app::PasswordHasher::max_phc_length);
    CHECK(hasher.verify("correct horse battery staple", phc));
    CHECK_FALSE(hasher.verify("correct horse battery stapler", phc));
    CHECK_FALSE(hasher.needs_rehash(phc));
}

TEST_CASE("the right password verifies, any other does not") {
    const app::PasswordHasher hasher(cheap);
    const std::string phc = hasher.hash("s3cret-Passw0rd");
    CHECK(has_expected_shape(phc, "m=256,t=1,p=1"));
    CHECK(phc.find("s3cret") == std::string::npos);
    CHECK(hasher.verify("s3cret-Passw0rd", phc));
    CHECK_FALSE(hasher.verify("s3cret-passw0rd", phc));
    CHECK_FALSE(hasher.verify("s3cret-Passw0rd ", phc));
    CHECK_FALSE(hasher.verify("", phc));
}

TEST_CASE("hashing the same password twice gives different strings (random salt), both verify") {
    const app::PasswordHasher hasher(cheap);
    const std::string first = hasher.hash("same password");
    const std::string second = hasher.hash("same password");
    CHECK(first != second);
    CHECK(hasher.verify("same password", first));
    CHECK(hasher.verify("same password", second));
}

TEST_CASE("every byte of the password counts: Unicode, embedded NUL, empty, very long") {
    const app::PasswordHasher hasher(cheap);
    SUBCASE("Unicode") {
        const std::string password = "pässwörd 中文 ß";
        const std::string phc = hasher.hash(password);
        CHECK(hasher.verify(password, phc));
        CHECK_FALSE(hasher.verify("passwort 中文 ß", phc));
    }
    SUBCASE("a NUL byte does not end the password") {
        const std::string password("abc\0def", 7);
        const std::string phc = hasher.hash(password);
        CHECK(hasher.verify(password, phc));
        CHECK_FALSE(hasher.verify("abc", phc));
    }
    SUBCASE("empty") {
        const std::string phc = hasher.hash("");
        CHECK(hasher.verify("", phc));
        CHECK_FALSE(hasher.verify(" ", phc));
    }
    SUBCASE("far beyond the validator's 1024 bytes, the hasher still works") {
        const std::string password(1 << 20, 'x');
        const std::string phc = hasher.hash(password);
        CHECK(phc.size() <= app::PasswordHasher::max_phc_length);
        CHECK(hasher.verify(password, phc));
        CHECK_FALSE(hasher.verify(password.substr(1), phc));
    }
}

TEST_CASE("needs_rehash: when the costs change, and for anything that is not our Argon2id string") {
    const app::PasswordHasher hasher(cheap);
    const std::string phc = hasher.hash("password1");
    CHECK_FALSE(hasher.needs_rehash(phc));
    CHECK(app::PasswordHasher({512, 1, 1}).needs_rehash(phc));
    CHECK(app::PasswordHasher({256, 2, 1}).needs_rehash(phc));
    CHECK(app::PasswordHasher({256, 1, 2}).needs_rehash(phc));

    SUBCASE("a legacy plaintext password from the Flask app") {
        CHECK(hasher.needs_rehash("hunter2"));
        CHECK(hasher.needs_rehash(""));
        CHECK_FALSE(app::PasswordHasher::looks_like_phc("hunter2"));
    }
    SUBCASE("a salt shorter than 16 bytes, even with the same costs") {
        const std::string short_salt = hasher.hash_with_salt("password1", "somesalt");
        CHECK(app::PasswordHasher::looks_like_phc(short_salt));
        CHECK(hasher.verify("password1", short_salt));
        CHECK(hasher.needs_rehash(short_salt));
    }
    SUBCASE("another Argon2 variant") {
        const char* argon2i = "$argon2i$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$wWKIMhR9lyDFvRz9YTZweHKfbftvj+qf+YFY4NeBbtA";
        CHECK(hasher.needs_rehash(argon2i));
        CHECK_FALSE(hasher.verify("password", argon2i));
    }
}

TEST_CASE("damaged or malformed stored strings verify false, never throw, and need a rehash") {
    const app::PasswordHasher hasher({256, 2, 1});
    const std::string good = reference_vectors[1].phc;             // "password", m=256,t=2,p=1
    const std::string costs_end = good.substr(good.find('$', 20)); // "$salt$hash"
    REQUIRE(hasher.verify("password", good));

    // Shaped like PHC strings, so looks_like_phc() may say yes, but the hash no longer matches.
    const std::vector<std::string> damaged = {
        good.substr(0, good.size() - 1), // hash truncated by one character
        good.substr(0, good.size() - 4), // by three bytes
        good + "A",                      // one character too many
        "$argon2id$v=19$m=256,t=2,p=1$c29tZXNhbHQ$" + std::string(43, 'A'),
    };
    const std::vector<std::string> malformed = {
        "",
        "password",
        "$argon2id$",
        good.substr(0, good.rfind('$')),       // no hash at all
        good + "=",                            // padding
        good + std::string(1, '\0'),           // trailing NUL
        "$argon2id$m=256,t=2,p=1" + costs_end, // no version (v=16)
        "$argon2id$v=16$m=256,t=2,p=1" + costs_end,
        "$argon2id$v=19$m=0256,t=2,p=1" + costs_end,                                       // leading zero
        "$argon2id$v=19$m=256,t=0,p=1" + costs_end,                                        // no passes
        "$argon2id$v=19$m=256,t=2,p=0" + costs_end,                                        // no lanes
        "$argon2id$v=19$m=7,t=2,p=1" + costs_end,                                          // below Argon2's minimum
        "$argon2id$v=19$m=99999999999,t=2,p=1" + costs_end,                                // overflows 32 bits
        "$argon2id$v=19$m=256,t=2,p=1 " + costs_end,                                       // stray space
        "$argon2id$v=19$m=256,t=2,p=1$c29tZQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4", // 4-byte salt
        "$argon2id$v=19$m=256,t=2,p=1$c29tZXNhbHQ$CQ",                                     // 1-byte hash
        "$argon2id$v=19$m=256,t=2,p=1$c29tZXNhbHR$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4", // stray bits
        "$argon2id$v=19$m=256,t=2,p=1$c29tZX*hbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4", // not base64
        "$argon2id$v=19$m=256,t=2,p=1$" + std::string(200, 'A') + "$" + std::string(43, 'A'),   // too long
        "$ARGON2ID$v=19$m=256,t=2,p=1" + costs_end,
    };
    for (const auto& list : {damaged, malformed}) {
        for (const auto& stored : list) {
            CAPTURE(stored);
            bool verified = true;
            CHECK_NOTHROW(verified = hasher.verify("password", stored));
            CHECK_FALSE(verified);
            CHECK(hasher.needs_rehash(stored));
        }
    }
    for (const auto& stored : malformed) {
        CAPTURE(stored);
        CHECK_FALSE(app::PasswordHasher::looks_like_phc(stored));
    }
}

TEST_CASE("a stored string asking for absurd costs is refused without running them") {
    const app::PasswordHasher hasher(cheap);
    // Well-formed, but 4 GiB or a billion passes would hang or exhaust the tab; verify must not try.
    const std::string huge_memory =
        "$argon2id$v=19$m=4194304,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc";
    const std::string huge_time =
        "$argon2id$v=19$m=65536,t=1000000000,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc";
    CHECK(app::PasswordHasher::looks_like_phc(huge_memory));
    CHECK_FALSE(hasher.verify("password", huge_memory));
    CHECK_FALSE(hasher.verify("password", huge_time));
    CHECK(hasher.needs_rehash(huge_memory));
}

TEST_CASE("without a secure random source, hash() throws SecurityError and never falls back") {
    const app::PasswordHasher hasher(cheap, failing_entropy);
    CHECK_THROWS_AS(hasher.hash("top secret password"), app::SecurityError);
    try {
        hasher.hash("top secret password");
    } catch (const app::SecurityError& error) {
        const std::string message = error.what();
        CHECK(message.find("random") != std::string::npos);
        CHECK(message.find("top secret") == std::string::npos);
    }
}

TEST_CASE("costs outside Argon2's range or our limits are refused when the hasher is made") {
    using H = app::PasswordHasher;
    CHECK_THROWS_AS(H({256, 0, 1}), std::invalid_argument);
    CHECK_THROWS_AS(H({256, 1, 0}), std::invalid_argument);
    CHECK_THROWS_AS(H({15, 1, 2}), std::invalid_argument);
    CHECK_THROWS_AS(H({H::max_memory_kib + 1, 1, 1}), std::invalid_argument);
    CHECK_THROWS_AS(H({256, H::max_iterations + 1, 1}), std::invalid_argument);
    CHECK_THROWS_AS(H({256, 1, H::max_parallelism + 1}), std::invalid_argument);
    CHECK_THROWS_AS(H(cheap, nullptr), std::invalid_argument);
    CHECK_NOTHROW(H({16, 1, 2}));
    CHECK_THROWS_AS(H(cheap).hash_with_salt("password", "7 bytes"), std::invalid_argument);
}
