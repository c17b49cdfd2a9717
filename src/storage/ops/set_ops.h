// Set operations (SADD ... SSCAN, and the algebra SINTER/SUNION/SDIFF with their STORE and
// CARD forms). No protocol: members go to callbacks while the shard locks are held.
// `max_intset` is set-max-intset-entries (storage/set.h).
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/types/span.h"
#include "core/status.h"
#include "storage/set.h"
#include "storage/store.h"

namespace tessera::ops::set {

using storage::Db;
using Visit = absl::FunctionRef<void(std::string_view)>;
using Begin = absl::FunctionRef<void(size_t)>;

OpResult<int64_t> Add(Db& db, std::string_view key, absl::Span<const std::string_view> members,
                      int64_t max_intset);
OpResult<int64_t> Rem(Db& db, std::string_view key, absl::Span<const std::string_view> members);
OpResult<int64_t> Card(Db& db, std::string_view key);
// SISMEMBER / SMISMEMBER: out(0 or 1) per member.
OpStatus IsMember(Db& db, std::string_view key, absl::Span<const std::string_view> members,
                  absl::FunctionRef<void(bool)> out);
// SMEMBERS: begin(n) then every member (a missing key: begin(0)).
OpStatus Members(Db& db, std::string_view key, Begin begin, Visit out);
// SPOP with a count: up to count members removed at random; begin(n) first. A missing key
// gives begin(0).
OpStatus Pop(Db& db, std::string_view key, uint64_t count, Begin begin, Visit out);
// SPOP without a count: one member, or kKeyNotFound.
OpStatus PopOne(Db& db, std::string_view key, Visit out);
// SRANDMEMBER with a count (negative: may repeat); begin(n) first.
OpStatus RandMember(Db& db, std::string_view key, int64_t count, Begin begin, Visit out);
// SRANDMEMBER without a count: one member, or kKeyNotFound.
OpStatus RandOne(Db& db, std::string_view key, Visit out);
// SMOVE: 1 when moved, 0 when src lacks the member; kWrongType for either key.
OpResult<int64_t> Move(Db& db, std::string_view src, std::string_view dst,
                       std::string_view member, int64_t max_intset);

enum class Algebra { kInter, kUnion, kDiff };
// SINTER/SUNION/SDIFF: begin(n) then the members. kWrongType when a key is no set.
OpStatus Combine(Db& db, Algebra op, absl::Span<const std::string_view> keys, Begin begin,
                 Visit out, int64_t max_intset);
// The STORE forms: the result replaces dst (deleted when empty); its size.
OpResult<int64_t> CombineStore(Db& db, Algebra op, std::string_view dst,
                               absl::Span<const std::string_view> keys, int64_t max_intset);
// SINTERCARD: the size of the intersection, counting stops at limit (0 = no limit).
OpResult<int64_t> InterCard(Db& db, absl::Span<const std::string_view> keys, uint64_t limit);
// SSCAN: members from cursor on matching pattern (empty = all); the next cursor.
OpResult<uint64_t> Scan(Db& db, std::string_view key, uint64_t cursor, std::string_view pattern,
                        size_t count, Begin begin, Visit out);

}  // namespace tessera::ops::set
