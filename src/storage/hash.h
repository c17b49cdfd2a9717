// The hash value, in one of two encodings, as Redis's:
//   listpack  - one buffer of length-prefixed strings (storage/packed.h, the forward-only
//               form), field then value, in insertion order; found by a scan. While the hash has at most
//               hash-max-listpack-entries fields and no field or value is longer than
//               hash-max-listpack-value bytes.
//   hashtable - a BlobTable (storage/blob_table.h): one block per field holding the field
//               and its value. A hash converts once, when it outgrows either limit, and
//               never converts back (as Redis).
// MemoryUsage is kept O(1): the buffer's or the blocks' allocator sizes plus the buckets.
// The object itself is 24 bytes (vtable, one pointer, two counts): a small hash costs that,
// its buffer, and the key's entry. The table and its byte count live behind the same
// pointer once the hash has converted.
//
// Threading: none; the owning shard's lock guards it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "absl/functional/function_ref.h"
#include "storage/blob_table.h"
#include "storage/entry.h"

namespace tessera::storage {

class HashObject final : public Object {
 public:
  struct Limits {
    int64_t max_entries = 512;  // hash-max-listpack-entries
    int64_t max_value = 64;     // hash-max-listpack-value
  };
  using Pair = absl::FunctionRef<void(std::string_view field, std::string_view value)>;

  HashObject();
  ~HashObject() override;
  HashObject(const HashObject&) = delete;
  HashObject& operator=(const HashObject&) = delete;

  size_t MemoryUsage() const override;
  const char* EncodingName() const override { return is_table() ? "hashtable" : "listpack"; }
  Object* Clone() const override;
  size_t Size() const override { return is_table() ? table_->table.size() : count_; }

  // The field's value to out; false when absent.
  bool Get(std::string_view field, absl::FunctionRef<void(std::string_view)> out) const;
  // Sets field to value; true when the field is new. With only_new (HSETNX), an existing
  // field is left alone.
  bool Set(std::string_view field, std::string_view value, const Limits& lim,
           bool only_new = false);
  bool Del(std::string_view field);
  // Every field and value, in the encoding's order.
  void ForEach(Pair f) const;
  // HSCAN: pairs from `cursor` on, about `count` of them; returns the next cursor (0 when
  // the walk is complete). A packed hash is returned whole.
  uint64_t Scan(uint64_t cursor, size_t count, Pair f) const;
  // One uniformly drawn field (the hash must not be empty).
  void Random(Pair f) const;
  // Field i in the encoding's order (packed only; used to draw from small hashes).
  void PackedAt(size_t i, Pair f) const;
  bool packed() const { return !is_table(); }

 private:
  struct Table {
    BlobTable table;
    size_t blob_bytes = 0;  // what its blocks take
  };
  static constexpr uint32_t kTableMode = UINT32_MAX;  // count_ when table_ is in use

  bool is_table() const { return count_ == kTableMode; }
  void ToTable();
  void InsertBlob(Table* t, std::string_view f, std::string_view v, uint64_t h);
  // Packed: the start of the field's element, or nullptr when absent.
  const char* FindPacked(std::string_view field) const;

  union {
    char* buf_ = nullptr;  // packed: field, value, field, value, ...
    Table* table_;
  };
  uint32_t bytes_ = 0;  // packed: bytes used in buf_
  uint32_t count_ = 0;  // packed: pairs; kTableMode once converted
};

}  // namespace tessera::storage
