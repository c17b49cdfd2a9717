// String operations (GET/SET family, counters, ranges). No protocol here: ops take keys and
// values as string_views and return a status or a result; values are handed to a sink while
// the shard lock is held, so a reply can copy them without an intermediate string.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/types/span.h"
#include "core/status.h"
#include "storage/store.h"

namespace tessera::ops::string {

// Gets a value's bytes, valid while the sink runs, and, for a large value, their owner: a
// reply may keep a reference to it instead of copying the bytes (core/shared_bytes.h).
using Sink = absl::FunctionRef<void(std::string_view, const SharedBytes*)>;
using storage::Db;

// Builds the spec for a string value with Redis's encoding choice (int, inline, heap).
storage::Entry::Spec MakeStringSpec(std::string_view key, std::string_view value);
// Redis's OBJECT ENCODING name for a string entry: int, embstr or raw.
const char* EncodingName(const storage::Entry* e);

// Writes `value` as the string at loc: replaces *link's entry when link is set (the key must
// be absent otherwise). expire_at is the deadline (0 = none). `mutated` marks a value Redis
// changes in place (APPEND, SETRANGE, SETBIT, ...): it stays a raw string, never int-encoded,
// as Redis's OBJECT ENCODING reports. Requires loc.shard->mu.
void StoreString(const storage::KeyLoc& loc, storage::Link link, std::string_view value,
                 int64_t expire_at, bool mutated = false);
// StoreString(..., mutated = true) for a value the caller built: a large value moves into the
// entry instead of being copied (a SETBIT far out builds up to proto-max-bulk-len bytes).
void StoreBuiltString(const storage::KeyLoc& loc, storage::Link link, std::string&& value,
                      int64_t expire_at);

// kOk (value sent to sink), kKeyNotFound, kWrongType.
OpStatus Get(Db& db, std::string_view key, Sink sink);

struct SetParams {
  enum Cond : uint8_t { kAlways, kIfAbsent, kIfPresent } cond = kAlways;  // -, NX, XX
  int64_t expire_at_ms = 0;  // absolute deadline; 0 = none
  bool keep_ttl = false;
  bool get = false;  // GET option: report the old value
};
struct SetOutcome {
  bool applied = false;
  bool had_old = false;
  std::string old;  // filled only with params.get
};
// kOk with the outcome, or kWrongType (only when params.get and the old value is no string).
OpResult<SetOutcome> Set(Db& db, std::string_view key, std::string_view value,
                         const SetParams& params);

// GETDEL: kOk (value sent), kKeyNotFound, kWrongType.
OpStatus GetDel(Db& db, std::string_view key, Sink sink);

// GETEX: changes the TTL after reading. expire_at_ms > 0 sets, persist removes, neither
// leaves it. A deadline in the past deletes the key.
OpStatus GetEx(Db& db, std::string_view key, int64_t expire_at_ms, bool* persist, Sink sink);

// MGET: sink(value) or missing(i) for each key; non-strings count as missing.
void MGet(Db& db, absl::Span<const std::string_view> keys,
          absl::FunctionRef<void(size_t, std::optional<std::string_view>, const SharedBytes*)>
              out);

// MSET / MSETNX over (key, value) pairs, atomically. With only_if_none_exist (MSETNX)
// returns false and writes nothing when any key exists.
bool MSet(Db& db, absl::Span<const std::string_view> kv, bool only_if_none_exist);

// APPEND: the new length; kWrongType, kStringTooLong.
OpResult<int64_t> Append(Db& db, std::string_view key, std::string_view value,
                         int64_t max_len);
OpResult<int64_t> StrLen(Db& db, std::string_view key);
// INCRBY family: the new value; kWrongType, kNotAnInteger, kOverflow.
OpResult<int64_t> IncrBy(Db& db, std::string_view key, int64_t delta);
// INCRBYFLOAT: the new value as Redis prints it; kWrongType, kNotAFloat, kNanOrInfinity.
OpResult<std::string> IncrByFloat(Db& db, std::string_view key, long double delta);
// GETRANGE with Redis's index rules; a missing key gives "".
OpStatus GetRange(Db& db, std::string_view key, int64_t start, int64_t end, Sink sink);
// SETRANGE: the new length; kWrongType, kStringTooLong. offset >= 0.
OpResult<int64_t> SetRange(Db& db, std::string_view key, int64_t offset,
                           std::string_view value, int64_t max_len);

}  // namespace tessera::ops::string

namespace tessera::ops::string {

// ---- memcached items: strings of db 0 with 32-bit client flags and a 64-bit CAS unique.
// Every write through these gives the item a new CAS (storage::NextCas); a RESP write
// leaves an item without them (flags 0, and a CAS no client holds, so a memcached `cas`
// fails), and an in-place RESP change of an item gives it a new CAS (ValueChange).
// Deadlines: 0 = none, kExpired = already expired (memcached's negative exptime).
inline constexpr int64_t kExpired = -1;

enum class ItemMode : uint8_t { kSet, kAdd, kReplace, kAppend, kPrepend, kCas };
enum class ItemResult : uint8_t { kStored, kNotStored, kExists, kNotFound, kNonNumeric };

// set/add/replace/append/prepend/cas. append/prepend keep the item's flags and deadline;
// cas stores only when `cas` is the item's current CAS. A key holding another type counts
// as present (set and replace overwrite it; add, append and prepend do not store).
// max_item (0 = none): an append or prepend whose item would pass memcached's item limit
// (McItemSize) does not store.
ItemResult StoreItem(Db& db, std::string_view key, std::string_view value, uint32_t flags,
                     int64_t expire_at, ItemMode mode, uint64_t cas = 0, int64_t max_item = 0);
// The size memcached gives an item: a 48-byte header, the CAS, the key and a NUL, 4 bytes
// of flags when not 0, and the value with its "\r\n".
inline int64_t McItemSize(size_t key, uint32_t flags, size_t value) {
  return 59 + int64_t(key) + (flags ? 4 : 0) + int64_t(value);
}

struct ItemView {
  std::string_view value;
  uint32_t flags;
  uint64_t cas;
  const SharedBytes* owner;  // the value's bytes for a by-reference reply, or null
};
// get/gets/gat/gats: visit(item) while the shard is held; false when missing (or not a
// string). With want_cas an item a RESP client wrote gets its CAS now. With touch, the
// deadline becomes expire_at (kExpired deletes the item after visiting it).
bool GetItem(Db& db, std::string_view key, bool want_cas, bool touch, int64_t expire_at,
             absl::FunctionRef<void(const ItemView&)> visit);

// touch: kStored (touched) or kNotFound.
ItemResult TouchItem(Db& db, std::string_view key, int64_t expire_at);

// incr/decr by delta (64-bit unsigned: incr wraps, decr stops at 0), as memcached: a
// result shorter than the value is written over it padded with spaces. kStored with *out
// the new value, kNotFound, or kNonNumeric.
ItemResult IncrItem(Db& db, std::string_view key, uint64_t delta, bool incr, uint64_t* out);
// IncrItem's arithmetic on a value: false when it is not a number as memcached reads one;
// else *out is the new number and *stored the bytes to store (padded to the old length).
bool ApplyDelta(std::string_view value, uint64_t delta, bool incr, uint64_t* out,
                std::string* stored);

// The meta commands' access to one item while its shard is held: read it and its state
// (Entry::McState), change its deadline or state, store or delete it. Lookups do not
// update the access time by themselves (`Bump` does), so the time before the command is
// readable (mg l, me la).
class ItemHandle {
 public:
  bool found() const { return link_ && (*link_)->type() == storage::ValueType::kString; }
  // The key holds a value of any type (a string or not).
  bool present() const { return bool(link_); }
  // found() only for the accessors below.
  std::string_view value();
  const SharedBytes* owner() const { return (*link_)->SharedValue(); }
  uint32_t flags() const { return (*link_)->mc_flags(); }
  // The CAS; an item a RESP client wrote gets one now.
  uint64_t cas();
  int64_t expire_at() const { return (*link_)->expire_at(); }
  uint32_t prior_access() const { return prior_access_; }
  uint8_t state() const { return (*link_)->mc_state(); }
  void set_state(uint8_t s) { (*link_)->set_mc_state(s); }
  void Bump();                  // the access time becomes now
  void SetExpire(int64_t at);   // 0 = none; kExpired deletes the item
  void NewCas();                // a new CAS without a change of value (md I)
  void Delete();
  // Stores value as the item (created when missing, replacing any type), with a new CAS
  // and the given state bits.
  void Store(std::string_view value, uint32_t flags, int64_t expire_at, uint8_t state = 0);

 private:
  friend void WithItem(Db&, std::string_view, absl::FunctionRef<void(ItemHandle&)>);
  explicit ItemHandle(const storage::KeyLoc& loc) : loc_(loc) {}
  storage::KeyLoc loc_;
  storage::Link link_;
  uint32_t prior_access_ = 0;
  char buf_[24];
};
void WithItem(Db& db, std::string_view key, absl::FunctionRef<void(ItemHandle&)> f);

}  // namespace tessera::ops::string
