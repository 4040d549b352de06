// PasswordHasher::hash() computed a slice at a time, so the browser UI (single-threaded wasm, no workers)
// keeps drawing frames while Argon2id runs: at the default costs a hash takes ~80 ms in wasm, five frames.
// The result is the string hash() would give: the hasher's costs, a fresh salt from its entropy source.
//
//     app::PasswordHashJob job(hasher, password);              // at submit; the password is not kept
//     // then once per frame:
//     if (job.step(std::chrono::milliseconds(8))) user.password_hash = job.phc();
//     else ImGui::ProgressBar(static_cast<float>(job.progress()));
#pragma once

#include "app/password_hasher.h"

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace app {

class PasswordHashJob {
  public:
    // Draws a salt from the hasher's entropy source, allocates the hasher's memory_kib of Argon2 memory and
    // hashes the password into its first blocks. The password is neither used nor kept after this returns
    // (the copy Argon2 reads is wiped, ARGON2_FLAG_CLEAR_PASSWORD; `password` itself is left as it is, for
    // the caller to wipe: app::secure_wipe), and the hasher need not outlive the job. Throws SecurityError if the
    // entropy source fails (no weak fallback is ever used), the memory cannot be allocated or Argon2 refuses the input
    // (a password over 4 GiB); then no memory is held. The message never contains the password.
    PasswordHashJob(const PasswordHasher& hasher, std::string_view password);
    // PasswordHasher::verify() a slice at a time: the hash of `password` with the salt and costs `phc`
    // names; matches() tells the answer once done(). Nothing (no job) if `phc` is not something verify()
    // would run (PasswordHasher::verifiable). Throws SecurityError as the constructor above does.
    static std::optional<PasswordHashJob> verification(std::string_view phc, std::string_view password);
    // Wipes and frees the Argon2 memory, whether the hash finished or not.
    ~PasswordHashJob();

    PasswordHashJob(const PasswordHashJob&) = delete;
    PasswordHashJob& operator=(const PasswordHashJob&) = delete;
    // A moved-from job may only be destroyed or assigned to.
    PasswordHashJob(PasswordHashJob&&) noexcept;
    PasswordHashJob& operator=(PasswordHashJob&&) noexcept;

    // Fills Argon2 segments (a quarter of one lane for one pass: ~10 ms in wasm at the default costs) until
    // `budget` is spent or the hash is complete. Always fills at least one, so a zero budget still advances,
    // and may overrun the budget by up to one segment. The call that fills the last segment also computes
    // the tag, wipes and frees the memory and makes the PHC string. Returns done(); once done, does nothing.
    // Throws SecurityError if the PHC string cannot be encoded (then the job is dead: start a new one).
    bool step(std::chrono::microseconds budget);

    bool done() const;
    // The PHC string, exactly as PasswordHasher::hash() would make it for this salt. Throws
    // std::logic_error before done(), or for a verification.
    const std::string& phc() const;
    // A verification's answer, compared in constant time: whether the password gives the hash `phc` holds.
    // Throws std::logic_error before done(), or for a job that makes a new hash.
    bool matches() const;
    // Segments filled / all segments, from 0 to 1: for a progress bar.
    double progress() const;

  private:
    struct State; // holds Argon2's internal structs (its core.h), which stay out of this header
    PasswordHashJob(std::unique_ptr<State> state, std::string_view password);
    std::unique_ptr<State> state_;
};

} // namespace app
