// The session's tables of entries (the identity map, the pending objects): a map built for 100,000-row
// loads and session ends. Not a general container; the session is its only user.
//
// - Entries live in chunks of 256 slots that never move: a pointer or reference to an entry stays valid
//   until that entry is erased, whatever is inserted meanwhile (the unit of work holds Entry* across
//   loads that insert). An erased slot is reused by a later insert.
// - The index is open addressing (linear probing) over 32-bit slot numbers, at most half full. Hash
//   decides the home position; the identity map's hash keeps 16 consecutive ids of a model in one
//   64-byte line of the index, so rows loaded or inserted in id order fill and read it sequentially.
// - Iteration visits the live slots in slot order (insertion order while nothing was erased); inserting
//   while iterating is allowed (the new entry may or may not be visited), so is erasing the current entry.
// - clear() and the destructor free a chunk at a time.
// `*iterator` is a Slot {first, second}, so `for (auto& [key, value] : map)` reads as with std::unordered_map.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <utility>
#include <vector>

namespace orm::detail {

template <class Key, class Value, class Hash> class SlotMap {
  public:
    struct Slot {
        Key first{};
        Value second{};
    };

    template <bool Const> class Iterator {
      public:
        using Map = std::conditional_t<Const, const SlotMap, SlotMap>;
        using Reference = std::conditional_t<Const, const Slot&, Slot&>;
        Iterator(Map* map, std::size_t position) : map_(map), position_(position) { skip_dead(); }
        Reference operator*() const { return map_->slot(position_); }
        auto* operator->() const { return &map_->slot(position_); }
        Iterator& operator++() {
            ++position_;
            skip_dead();
            return *this;
        }
        bool operator==(const Iterator& other) const { return position_ == other.position_; }
        std::size_t position() const { return position_; }

      private:
        void skip_dead() {
            while (position_ < map_->used_ && !map_->live(position_))
                ++position_;
            if (position_ > map_->used_) position_ = map_->used_;
        }
        Map* map_;
        std::size_t position_;
        friend class SlotMap;
    };
    using iterator = Iterator<false>;
    using const_iterator = Iterator<true>;

    SlotMap() = default;
    SlotMap(const SlotMap&) = delete;
    SlotMap& operator=(const SlotMap&) = delete;

    iterator begin() { return {this, 0}; }
    iterator end() { return {this, used_}; }
    const_iterator begin() const { return {this, 0}; }
    const_iterator end() const { return {this, used_}; }
    std::size_t size() const { return live_count_; }
    bool empty() const { return live_count_ == 0; }

    iterator find(const Key& key) {
        const std::size_t at = find_position(key);
        return {this, at == npos ? used_ : at};
    }
    const_iterator find(const Key& key) const {
        const std::size_t at = find_position(key);
        return {this, at == npos ? used_ : at};
    }
    std::size_t count(const Key& key) const { return find_position(key) == npos ? 0 : 1; }

    // The entry for `key`, value-initialised if there was none; `second` says whether it was inserted.
    std::pair<iterator, bool> try_emplace(const Key& key) {
        grow_if_needed();
        const std::size_t mask = index_.size() - 1;
        std::size_t i = Hash{}(key)&mask;
        std::size_t reusable = npos;
        for (;; i = (i + 1) & mask) {
            const std::uint32_t at = index_[i];
            if (at == kEmpty) break;
            if (at == kTombstone) {
                if (reusable == npos) reusable = i;
                continue;
            }
            if (slot(at - kFirst).first == key) return {iterator(this, at - kFirst), false};
        }
        if (reusable != npos) {
            i = reusable;
            --tombstones_;
        }
        const std::size_t position = take_slot();
        slot(position).first = key;
        index_[i] = static_cast<std::uint32_t>(position + kFirst);
        return {iterator(this, position), true};
    }
    // Inserts (key, value) unless `key` is present (then `value` is left as it is).
    std::pair<iterator, bool> emplace(const Key& key, Value&& value) {
        auto result = try_emplace(key);
        if (result.second) result.first->second = std::move(value);
        return result;
    }

    std::size_t erase(const Key& key) {
        const std::size_t at = find_index(key);
        if (at == npos) return 0;
        release(at);
        return 1;
    }
    void erase(iterator it) {
        const std::size_t at = find_index(slot(it.position()).first);
        if (at != npos) release(at);
    }

    // Moves the entry of `from` to key `to` (an entry that had key `to` is erased first); the entry stays
    // where it is. Returns it. Precondition: `from` is present.
    Value& rekey(const Key& from, const Key& to) {
        if (!(from == to)) erase(to);
        const std::size_t at = find_index(from);
        const std::uint32_t position = index_[at];
        index_[at] = kTombstone;
        const std::size_t mask = index_.size() - 1;
        std::size_t i = Hash{}(to)&mask;
        while (index_[i] != kEmpty && index_[i] != kTombstone)
            i = (i + 1) & mask;
        if (index_[i] == kEmpty) ++tombstones_; // the old place stays a tombstone; one empty place fewer
        index_[i] = position;
        slot(position - kFirst).first = to;
        return slot(position - kFirst).second;
    }

    void reserve(std::size_t count) {
        if ((count + tombstones_) * 2 > index_.size()) rehash(count);
    }
    void clear() {
        chunks_.clear(); // one free per chunk; each value's destructor runs
        index_.clear();
        free_.clear();
        used_ = live_count_ = tombstones_ = 0;
    }

  private:
    static constexpr std::size_t kChunkBits = 8, kChunkSize = std::size_t{1} << kChunkBits;
    static constexpr std::uint32_t kEmpty = 0, kTombstone = 1, kFirst = 2; // index entries: slot + kFirst
    static constexpr std::size_t npos = static_cast<std::size_t>(-1);
    struct Chunk {
        Slot slots[kChunkSize];
        bool live[kChunkSize] = {};
    };

    Slot& slot(std::size_t position) { return chunks_[position >> kChunkBits]->slots[position & (kChunkSize - 1)]; }
    const Slot& slot(std::size_t position) const {
        return chunks_[position >> kChunkBits]->slots[position & (kChunkSize - 1)];
    }
    bool live(std::size_t position) const { return chunks_[position >> kChunkBits]->live[position & (kChunkSize - 1)]; }
    void set_live(std::size_t position, bool value) {
        chunks_[position >> kChunkBits]->live[position & (kChunkSize - 1)] = value;
    }

    // Where `key` is in the index, or npos.
    std::size_t find_index(const Key& key) const {
        if (index_.empty()) return npos;
        const std::size_t mask = index_.size() - 1;
        for (std::size_t i = Hash{}(key)&mask;; i = (i + 1) & mask) {
            const std::uint32_t at = index_[i];
            if (at == kEmpty) return npos;
            if (at != kTombstone && slot(at - kFirst).first == key) return i;
        }
    }
    std::size_t find_position(const Key& key) const {
        const std::size_t at = find_index(key);
        return at == npos ? npos : index_[at] - kFirst;
    }
    std::size_t take_slot() {
        std::size_t position;
        if (!free_.empty()) {
            position = free_.back();
            free_.pop_back();
        } else {
            if ((used_ >> kChunkBits) == chunks_.size()) chunks_.push_back(std::make_unique<Chunk>());
            position = used_++;
        }
        set_live(position, true);
        ++live_count_;
        return position;
    }
    void release(std::size_t index_at) {
        const std::size_t position = index_[index_at] - kFirst;
        index_[index_at] = kTombstone;
        ++tombstones_;
        slot(position) = Slot{};
        set_live(position, false);
        --live_count_;
        free_.push_back(position);
    }
    void grow_if_needed() {
        if ((live_count_ + tombstones_ + 1) * 2 > index_.size()) rehash(live_count_ + 1);
    }
    // An index at most a third full for `count` entries, without tombstones.
    void rehash(std::size_t count) {
        std::size_t capacity = 16;
        while (capacity < count * 3)
            capacity <<= 1;
        std::vector<std::uint32_t> index(capacity, kEmpty);
        const std::size_t mask = capacity - 1;
        for (std::size_t position = 0; position < used_; ++position) {
            if (!live(position)) continue;
            std::size_t i = Hash{}(slot(position).first) & mask;
            while (index[i] != kEmpty)
                i = (i + 1) & mask;
            index[i] = static_cast<std::uint32_t>(position + kFirst);
        }
        index_ = std::move(index);
        tombstones_ = 0;
    }

    std::vector<std::unique_ptr<Chunk>> chunks_;
    std::vector<std::uint32_t> index_;
    std::vector<std::size_t> free_;
    std::size_t used_ = 0, live_count_ = 0, tombstones_ = 0;
};

} // namespace orm::detail
