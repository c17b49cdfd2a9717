// List operations (LPUSH ... LMPOP, and the locked steps blocking pops are served with). No
// protocol: elements go to a Visit callback while the shard lock is held, so a reply copies
// them straight from the list. `fill` is list-max-listpack-size (storage/list.h).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/types/span.h"
#include "core/status.h"
#include "storage/list.h"
#include "storage/store.h"

namespace tessera::ops::list {

using storage::Db;
using End = storage::ListObject::End;
using Visit = absl::FunctionRef<void(std::string_view)>;

// LPUSH/RPUSH (LPUSHX/RPUSHX with only_existing): the new length (0 when only_existing and
// the key is missing); kWrongType.
OpResult<int64_t> Push(Db& db, std::string_view key, absl::Span<const std::string_view> values,
                       End end, bool only_existing, int64_t fill);
// LPOP/RPOP: up to `count` elements, to `out`; `begin(n)` first with how many. kKeyNotFound
// when the key is missing; kWrongType.
OpStatus Pop(Db& db, std::string_view key, End end, size_t count,
             absl::FunctionRef<void(size_t)> begin, Visit out);
OpResult<int64_t> Len(Db& db, std::string_view key);
// LRANGE with Redis's index rules; a missing key gives an empty range.
OpStatus Range(Db& db, std::string_view key, int64_t start, int64_t stop,
               absl::FunctionRef<void(size_t)> begin, Visit out);
// LINDEX: kOk (element sent), kKeyNotFound (missing key or index), kWrongType.
OpStatus Index(Db& db, std::string_view key, int64_t index, Visit out);
// LSET: kOk, kNoSuchKey, kIndexOutOfRange, kWrongType.
OpStatus Set(Db& db, std::string_view key, int64_t index, std::string_view value,
             int64_t fill);
// LINSERT: the new length, -1 when pivot is absent, 0 when the key is missing.
OpResult<int64_t> Insert(Db& db, std::string_view key, bool after, std::string_view pivot,
                         std::string_view value, int64_t fill);
// LREM: how many were removed (count > 0 from the head, < 0 from the tail, 0 all).
OpResult<int64_t> Rem(Db& db, std::string_view key, int64_t count, std::string_view value,
                      int64_t fill);
// LTRIM with Redis's index rules (an empty range deletes the key).
// kKeyNotFound when the key is missing (LTRIM still answers OK).
OpStatus Trim(Db& db, std::string_view key, int64_t start, int64_t stop);
// LPOS: the indexes of matches; rank != 0 (negative: from the tail), count 0 = all,
// maxlen 0 = no limit.
OpResult<std::vector<int64_t>> Pos(Db& db, std::string_view key, std::string_view element,
                                   int64_t rank, int64_t count, int64_t maxlen);

// LMOVE/RPOPLPUSH: pops at `from` of src and pushes at `to` of dst, atomically; the element
// goes to `out`. kKeyNotFound when src is missing; kWrongType for src or dst.
OpStatus Move(Db& db, std::string_view src, std::string_view dst, End from, End to,
              int64_t fill, Visit out);

// LMPOP: pops up to `count` from the first non-empty key; `begin(key, n)` then the elements.
// kKeyNotFound when every key is missing; kWrongType when a key before the first list
// holds another type.
OpStatus MPop(Db& db, absl::Span<const std::string_view> keys, End end, size_t count,
              absl::FunctionRef<void(std::string_view, size_t)> begin, Visit out);

// The blocking forms: as MPop/Move, except that when there is nothing to take, `waiter` is
// queued on every key (in the keys' shards, while their locks are held, so no push can slip
// in between) and kKeyNotFound is returned.
OpStatus MPopOrWait(Db& db, absl::Span<const std::string_view> keys, End end, size_t count,
                    const storage::WaiterRef& waiter,
                    absl::FunctionRef<void(std::string_view, size_t)> begin, Visit out);
OpStatus MoveOrWait(Db& db, std::string_view src, std::string_view dst, End from, End to,
                    int64_t fill, const storage::WaiterRef& waiter, Visit out);

// Locked steps for serving a waiter while the shard lock(s) are held (commands/blocking.cc).
// PopLocked: pops up to `count` at `end` of the list at loc (which must hold a list).
void PopLocked(const storage::KeyLoc& loc, End end, size_t count,
               absl::FunctionRef<void(size_t)> begin, Visit out);
// PushLocked: pushes v at `end` of dst (creating it); kWrongType when dst is no list.
OpStatus PushLocked(const storage::KeyLoc& dst, End end, std::string_view v, int64_t fill);
// DstIsListOrMissing: whether a move into dst can go ahead.
bool DstIsListOrMissing(const storage::KeyLoc& dst);

}  // namespace tessera::ops::list
