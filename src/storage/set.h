// The set value, in one of two encodings, as Redis 7.0's:
//   intset    - a sorted array of int64, while every member is an integer in canonical form
//               (packed::AsCanonicalInt: what Int64ToString prints back) and there are at most
//               set-max-intset-entries of them. Members come out in numeric order.
//   hashtable - a BlobTable (storage/blob_table.h): one small block per member.
// A set converts once, when it outgrows the intset, and never converts back.
// MemoryUsage is O(1): array capacity, or the blocks' allocator sizes plus the buckets.
//
// Threading: none; the owning shard's lock guards it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/functional/function_ref.h"
#include "storage/blob_table.h"
#include "storage/entry.h"

namespace tessera::storage {

class SetObject final : public Object {
 public:
  using Visit = absl::FunctionRef<void(std::string_view)>;

  SetObject() = default;
  ~SetObject() override = default;
  SetObject(const SetObject&) = delete;
  SetObject& operator=(const SetObject&) = delete;

  size_t MemoryUsage() const override;
  const char* EncodingName() const override { return table_ ? "hashtable" : "intset"; }
  Object* Clone() const override;
  size_t Size() const override { return table_ ? table_->size() : ints_.size(); }

  // True when m was not a member. max_intset: set-max-intset-entries.
  bool Add(std::string_view m, int64_t max_intset);
  bool Remove(std::string_view m);
  bool Contains(std::string_view m) const;
  void ForEach(Visit f) const;
  // SSCAN: members from cursor on, about `count`; the next cursor (0 = done). An intset is
  // returned whole.
  uint64_t Scan(uint64_t cursor, size_t count, Visit f) const;
  // One uniformly drawn member (the set must not be empty).
  void Random(Visit f) const;
  // Removes a uniformly drawn member, passing it to f first.
  void PopRandom(Visit f);
  bool is_intset() const { return !table_; }

 private:
  void ToTable();
  void InsertBlob(std::string_view m, uint64_t h);

  std::vector<int64_t> ints_;  // intset
  std::unique_ptr<BlobTable> table_;
  size_t blob_bytes_ = 0;
};

}  // namespace tessera::storage
