// One key and its value in one allocation.
//
// Layout (all multi-byte fields are read and written with memcpy; no alignment is assumed
// beyond the 8 bytes malloc gives the block):
//
//   [0, 8)    next               chain link inside a table bucket: a tagged pointer (table.h)
//   [8]       type:4 | enc:4     ValueType / Encoding below
//   [9]       flags              kHasExpire, kHasMcMeta, kLongKey, kMutated, kSmallFifo
//   [10]      key length         when < 255; 255 means a uint32 length follows the options
//   [11]      mc state           memcached item state bits (McState: fetched, stale, won)
//   [12, 16)  access             the eviction policy's stamp (storage/evict.h)
//   then, only when their flag is set (keys that never use them do not pay for them):
//             int64  expire_at   absolute Unix time in ms            (kHasExpire)
//             uint32 mc_flags, uint64 cas                            (kHasMcMeta)
//             uint32 key length                                      (kLongKey)
//   then the key bytes, then the value payload:
//     string, int encoding:    int64 (8 bytes)
//     string, inline encoding: length (1 byte, or 0xFF + uint32) and the bytes
//     string, heap encoding:   SharedBytes* (8 bytes); for values too large to copy on change,
//                              and sent by replies without a copy (core/shared_bytes.h)
//     any other type:          Object* (8 bytes): lists, hashes, sets (storage/ops/*_ops.h)
//
// For a 14-byte key and a 16-byte value this is 16 + 14 + 1 + 16 = 47 bytes, one 48-byte
// allocator block; no other per-key memory is needed besides the table's bucket slot.
//
// Threading: an Entry is only touched under its shard's lock.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "core/shared_bytes.h"

namespace tessera::storage {

enum class ValueType : uint8_t { kString = 0, kList = 1, kSet = 2, kZSet = 3, kHash = 4 };
enum class Encoding : uint8_t { kInt = 0, kInline = 1, kHeap = 2, kObject = 3 };

// Base for container values (lists, hashes, sets, ...) owned by an entry. Ops change an
// object in place only inside a ValueChange (store.h), which accounts its memory, tells
// WATCH, and deletes a key whose collection it left empty.
class Object {
 public:
  virtual ~Object() = default;
  // Bytes the value holds in the allocator, this object included. O(1): a running count,
  // since accounting reads it before and after every change.
  virtual size_t MemoryUsage() const = 0;
  // OBJECT ENCODING's name for the current representation ("quicklist", "listpack", ...).
  virtual const char* EncodingName() const = 0;
  virtual Object* Clone() const = 0;  // COPY: a deep copy
  // Elements (list entries, hash fields, set members); 0 means the key must go.
  virtual size_t Size() const = 0;
};

// Strings up to this size are stored inside the entry; larger ones on the heap, so that
// APPEND and SETRANGE on big values grow a buffer instead of copying the whole entry.
inline constexpr size_t kMaxInlineString = 512;

class Entry {
 public:
  enum Flags : uint8_t {
    kHasExpire = 1,
    kHasMcMeta = 2,
    kLongKey = 4,
    kMutated = 8,  // changed in place by APPEND/SETRANGE: OBJECT ENCODING says "raw" as Redis
    kSmallFifo = 16,  // in S3-FIFO's small queue (storage/evict.h)
  };

  // What a new entry holds; exactly one value field is used, by `enc`.
  struct Spec {
    std::string_view key;
    ValueType type = ValueType::kString;
    Encoding enc = Encoding::kInline;
    int64_t int_value = 0;
    std::string_view str_value;           // kInline: copied in; kHeap: copied into new bytes
    const SharedBytes* heap_value = nullptr;  // kHeap: takes this reference when set instead
    Object* object = nullptr;           // kObject: takes ownership
    bool has_expire = false;
    int64_t expire_at = 0;
    bool has_mc = false;
    uint32_t mc_flags = 0;
    uint64_t cas = 0;
    uint32_t access = 0;
    bool mutated = false;
    bool small_fifo = false;
    uint8_t mc_state = 0;  // memcached item state bits (McState)
  };

  // memcached's per-item state for the meta commands, in the header's spare byte.
  enum McState : uint8_t {
    kMcFetched = 1,   // read since it was stored (mg h, me fetch=)
    kMcStale = 2,     // invalidated by md I / ms I (mg X)
    kMcWinSent = 4,   // a client got the recache win token (mg W, then Z)
    kMcBinaryKey = 8, // stored with a base64 key (flag b): mg k returns it base64 again
  };

  // Allocates a new entry. Returns nullptr only if the allocator fails (callers that
  // cannot report it otherwise throw std::bad_alloc before changing anything, and the
  // command layer answers with an error).
  static Entry* Create(const Spec& spec);
  // Frees the entry and the value it owns.
  static void Destroy(Entry* e);
  // A new entry with `meta`'s key and metadata and e's value, which moves over: afterwards
  // `e` owns nothing and must be released with FreeShell.
  static Entry* MoveWithMeta(Entry* e, const Spec& meta);
  static void FreeShell(Entry* e);
  // A new entry with `meta`'s key and metadata and a deep copy of e's value (COPY).
  static Entry* CopyWithMeta(const Entry* e, const Spec& meta);
  // Bytes this entry holds in the allocator, value included (memory accounting).
  size_t MemoryUsage() const;
  // The part of MemoryUsage outside the entry's own block (a heap string, an object): what
  // an in-place change can move (ValueChange).
  size_t ValueMemoryUsage() const;

  // A Spec describing this entry's key and metadata (value not filled).
  Spec MetaSpec() const;

  // The chain link, as the table stores it (a tagged pointer; see table.h).
  uint64_t next_raw() const { uint64_t n; memcpy(&n, base(), 8); return n; }
  void set_next_raw(uint64_t n) { memcpy(base(), &n, 8); }
  ValueType type() const { return ValueType(base()[8] >> 4); }
  Encoding enc() const { return Encoding(base()[8] & 0xF); }
  uint8_t flags() const { return base()[9]; }
  bool has_expire() const { return flags() & kHasExpire; }
  bool has_mc() const { return flags() & kHasMcMeta; }
  bool mutated() const { return flags() & kMutated; }
  void set_mutated() { base()[9] |= kMutated; }
  void set_mutated(bool m) { base()[9] = uint8_t(m ? flags() | kMutated : flags() & ~kMutated); }
  bool small_fifo() const { return flags() & kSmallFifo; }
  void set_small_fifo(bool on) {
    base()[9] = uint8_t(on ? flags() | kSmallFifo : flags() & ~kSmallFifo);
  }
  uint32_t access() const { uint32_t a; memcpy(&a, base() + 12, 4); return a; }
  void set_access(uint32_t a) { memcpy(base() + 12, &a, 4); }

  int64_t expire_at() const;  // 0 when no TTL
  void set_expire_at(int64_t ms);  // requires has_expire()
  uint32_t mc_flags() const;
  uint64_t cas() const;
  uint8_t mc_state() const { return base()[11]; }
  void set_mc_state(uint8_t s) { base()[11] = s; }
  void set_cas(uint64_t cas);        // requires has_mc()
  void set_mc_flags(uint32_t flags);  // requires has_mc()

  std::string_view key() const;

  // String values.
  int64_t int_value() const;
  void set_int_value(int64_t v);  // requires enc() == kInt
  std::string_view inline_value() const;
  // Overwrites the inline value with bytes of the same length.
  void OverwriteInline(std::string_view v) {
    memcpy(const_cast<char*>(inline_value().data()), v.data(), v.size());
  }
  const SharedBytes* heap_value() const;
  // The heap bytes to change in place (APPEND, SETRANGE, SETBIT): a value that a queued
  // reply still references is copied first. Requires enc() == kHeap and the shard lock.
  std::string* MutableHeapValue();
  Object* object() const;
  // The string bytes for kInline/kHeap; for kInt, formatted into `buf` (>= 24 bytes).
  std::string_view StringValue(char* buf) const;
  // The owner of StringValue's bytes when a reply may reference them instead of copying
  // them (kHeap), else nullptr.
  const SharedBytes* SharedValue() const {
    return enc() == Encoding::kHeap ? heap_value() : nullptr;
  }

 private:
  Entry() = delete;
  unsigned char* base() { return reinterpret_cast<unsigned char*>(this); }
  const unsigned char* base() const { return reinterpret_cast<const unsigned char*>(this); }
  size_t OptionsSize() const;
  size_t KeyOffset() const;
  size_t ValueOffset() const;
};

namespace testing {
// Tests only: the next n Entry::Create calls on this thread fail as if out of memory.
void FailEntryCreates(int n);
}  // namespace testing

}  // namespace tessera::storage
