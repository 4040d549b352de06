#include "app/password_hash_job.h"

#include "app/secure_wipe.h"

#include <argon2.h>
// The reference implementation's internal headers (third_party/argon2/src): argon2_ctx() split into steps.
extern "C" {
#include "core.h"
#include "encoding.h"
}

#include <algorithm>
#include <array>
#include <cstdint>
#include <vector>

namespace app {

namespace {

SecurityError argon2_failure(int result) {
    return SecurityError(std::string("Argon2id hashing failed: ") + argon2_error_message(result));
}

} // namespace

// Heap-allocated, so Argon2's pointers into it (context.out, context.salt, instance.context_ptr) stay valid
// when the job is moved.
struct PasswordHashJob::State {
    std::string salt;
    Argon2Parameters costs;
    std::vector<std::uint8_t> tag;      // what Argon2 computes (context.out)
    std::vector<std::uint8_t> expected; // a verification's stored hash; empty for a new hash
    argon2_context context{};
    argon2_instance_t instance{};
    std::uint32_t segments_done = 0;
    std::uint32_t segments_total = 0;
    bool finished = false;
    bool matched = false; // a verification's answer
    std::string phc;      // a new hash's string

    State() = default;
    State(const State&) = delete;
    State& operator=(const State&) = delete;
    // Runs on every path, including a constructor that throws after the allocation.
    ~State() {
        free_argon2_memory();
        clear_internal_memory(tag.data(), tag.size());
        clear_internal_memory(expected.data(), expected.size());
    }

    // As argon2_ctx() leaves it to finalize(): free_memory() wipes the blocks before freeing them.
    void free_argon2_memory() {
        if (instance.memory == nullptr) return;
        free_memory(&context, reinterpret_cast<std::uint8_t*>(instance.memory), instance.memory_blocks, sizeof(block));
        instance.memory = nullptr;
    }
};

PasswordHashJob::PasswordHashJob(const PasswordHasher& hasher, std::string_view password)
    : PasswordHashJob(
          [&hasher] {
              auto state = std::make_unique<State>();
              state->salt = hasher.make_salt();
              state->costs = hasher.parameters();
              state->tag.resize(PasswordHasher::hash_bytes);
              return state;
          }(),
          password) {}

std::optional<PasswordHashJob> PasswordHashJob::verification(std::string_view phc, std::string_view password) {
    if (!PasswordHasher::verifiable(phc)) return std::nullopt;
    // The reference decoder reads the salt, the costs and the hash into buffers we size; the string is
    // at most max_phc_length characters, so neither can be longer than it.
    const std::string terminated(phc);
    std::vector<std::uint8_t> salt(terminated.size()), hash(terminated.size());
    argon2_context decoded{};
    decoded.salt = salt.data();
    decoded.saltlen = static_cast<std::uint32_t>(salt.size());
    decoded.out = hash.data();
    decoded.outlen = static_cast<std::uint32_t>(hash.size());
    if (decode_string(&decoded, terminated.c_str(), Argon2_id) != ARGON2_OK) return std::nullopt;
    auto state = std::make_unique<State>();
    state->salt.assign(salt.begin(), salt.begin() + decoded.saltlen);
    state->costs = {decoded.m_cost, decoded.t_cost, decoded.lanes};
    state->expected.assign(hash.begin(), hash.begin() + decoded.outlen);
    state->tag.resize(decoded.outlen);
    clear_internal_memory(hash.data(), hash.size());
    return PasswordHashJob(std::move(state), password);
}

PasswordHashJob::PasswordHashJob(std::unique_ptr<State> prepared, std::string_view password)
    : state_(std::move(prepared)) {
    State& state = *state_;
    const Argon2Parameters& costs = state.costs;
    // argon2_context holds lengths in 32 bits; argon2_hash() refuses longer passwords the same way.
    if (std::uint64_t{password.size()} > ARGON2_MAX_PWD_LENGTH) throw argon2_failure(ARGON2_PWD_TOO_LONG);

    // The context argon2_hash() builds for argon2id_hash_encoded(), so the PHC strings are identical.
    argon2_context& context = state.context;
    context.out = state.tag.data();
    context.outlen = static_cast<std::uint32_t>(state.tag.size());
    // Argon2 reads the password from a copy of ours that it wipes itself once the password is in H0
    // (ARGON2_FLAG_CLEAR_PASSWORD, in initialize()): the caller's buffer is theirs to wipe, and is const.
    std::vector<std::uint8_t> secret(password.begin(), password.end());
    struct WipedOnEveryPath {
        std::vector<std::uint8_t>& bytes;
        ~WipedOnEveryPath() { secure_wipe(bytes.data(), bytes.size()); }
    } wiped{secret};
    context.pwd = secret.data();
    context.pwdlen = static_cast<std::uint32_t>(secret.size());
    context.salt = reinterpret_cast<std::uint8_t*>(state.salt.data());
    context.saltlen = static_cast<std::uint32_t>(state.salt.size());
    context.secret = nullptr;
    context.secretlen = 0;
    context.ad = nullptr;
    context.adlen = 0;
    context.t_cost = costs.iterations;
    context.m_cost = costs.memory_kib;
    context.lanes = costs.parallelism;
    context.threads = costs.parallelism;
    context.allocate_cbk = nullptr;
    context.free_cbk = nullptr;
    context.flags = ARGON2_FLAG_CLEAR_PASSWORD;
    context.version = ARGON2_VERSION_13;

    if (const int result = validate_inputs(&context); result != ARGON2_OK) throw argon2_failure(result);

    // argon2_ctx(): at least 2 blocks per segment, and memory rounded down to whole segments.
    const std::uint32_t memory_blocks = std::max(context.m_cost, 2 * ARGON2_SYNC_POINTS * context.lanes);
    const std::uint32_t segment_length = memory_blocks / (context.lanes * ARGON2_SYNC_POINTS);
    argon2_instance_t& instance = state.instance;
    instance.version = context.version;
    instance.memory = nullptr;
    instance.passes = context.t_cost;
    instance.memory_blocks = segment_length * context.lanes * ARGON2_SYNC_POINTS;
    instance.segment_length = segment_length;
    instance.lane_length = segment_length * ARGON2_SYNC_POINTS;
    instance.lanes = context.lanes;
    instance.threads = std::min(context.threads, context.lanes);
    instance.type = Argon2_id;

    const int result = initialize(&instance, &context);
    // The password is now in H0 and the first blocks, and Argon2 has wiped our copy (as it would not on
    // a failure before that point: WipedOnEveryPath does).
    context.pwd = nullptr;
    context.pwdlen = 0;
    if (result != ARGON2_OK) throw argon2_failure(result);
    state.segments_total = instance.passes * ARGON2_SYNC_POINTS * instance.lanes;
}

PasswordHashJob::~PasswordHashJob() = default;
PasswordHashJob::PasswordHashJob(PasswordHashJob&&) noexcept = default;
PasswordHashJob& PasswordHashJob::operator=(PasswordHashJob&&) noexcept = default;

bool PasswordHashJob::step(std::chrono::microseconds budget) {
    State& state = *state_;
    if (done()) return true;
    // Only after finalize() ran and the encoding failed: the memory is gone, nothing can be resumed.
    if (state.instance.memory == nullptr) throw argon2_failure(ARGON2_ENCODING_FAIL);

    const auto start = std::chrono::steady_clock::now();
    const std::uint32_t lanes = state.instance.lanes;
    do {
        // fill_memory_blocks()'s order: every lane of a slice before the next slice, every slice of a pass
        // before the next pass, since a segment may reference finished segments of other lanes.
        const std::uint32_t segment = state.segments_done;
        const argon2_position_t position{segment / (ARGON2_SYNC_POINTS * lanes), segment % lanes,
                                         static_cast<std::uint8_t>((segment / lanes) % ARGON2_SYNC_POINTS), 0};
        fill_segment(&state.instance, position);
        ++state.segments_done;
    } while (state.segments_done < state.segments_total && std::chrono::steady_clock::now() - start < budget);
    if (state.segments_done < state.segments_total) return false;

    // argon2_ctx() then argon2_hash(): the tag, the memory wiped and freed, the PHC string, the tag wiped.
    finalize(&state.context, &state.instance);
    state.instance.memory = nullptr; // finalize() freed it
    if (!state.expected.empty()) {
        // A verification: every byte compared whatever the contents, so the time tells nothing.
        unsigned difference = 0;
        for (std::size_t i = 0; i < state.tag.size(); ++i) difference |= state.tag[i] ^ state.expected[i];
        state.matched = difference == 0;
        clear_internal_memory(state.tag.data(), state.tag.size());
        state.finished = true;
        return true;
    }
    std::array<char, PasswordHasher::max_phc_length + 1> encoded{};
    const int result = encode_string(encoded.data(), encoded.size(), &state.context, Argon2_id);
    clear_internal_memory(state.tag.data(), state.tag.size());
    if (result != ARGON2_OK) {
        clear_internal_memory(encoded.data(), encoded.size());
        throw argon2_failure(ARGON2_ENCODING_FAIL);
    }
    state.phc = encoded.data();
    state.finished = true;
    return true;
}

bool PasswordHashJob::done() const {
    return state_->finished;
}

const std::string& PasswordHashJob::phc() const {
    if (!done()) throw std::logic_error("PasswordHashJob::phc() called before the hash is done");
    if (!state_->expected.empty()) throw std::logic_error("PasswordHashJob::phc() called on a verification");
    return state_->phc;
}

bool PasswordHashJob::matches() const {
    if (!done()) throw std::logic_error("PasswordHashJob::matches() called before the hash is done");
    if (state_->expected.empty()) throw std::logic_error("PasswordHashJob::matches() called on a new hash");
    return state_->matched;
}

double PasswordHashJob::progress() const {
    return static_cast<double>(state_->segments_done) / state_->segments_total;
}

} // namespace app
