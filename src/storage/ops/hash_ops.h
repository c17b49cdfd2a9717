// Hash operations (HSET ... HSCAN). No protocol: fields and values go to callbacks while
// the shard lock is held. `lim` carries hash-max-listpack-entries/value (storage/hash.h).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "absl/functional/function_ref.h"
#include "absl/types/span.h"
#include "core/status.h"
#include "storage/hash.h"
#include "storage/store.h"

namespace tessera::ops::hash {

using storage::Db;
using Limits = storage::HashObject::Limits;
using Visit = absl::FunctionRef<void(std::string_view)>;
using Pair = absl::FunctionRef<void(std::string_view, std::string_view)>;

// HSET/HMSET over (field, value) pairs: how many fields are new. kWrongType.
OpResult<int64_t> Set(Db& db, std::string_view key, absl::Span<const std::string_view> pairs,
                      const Limits& lim);
// HSETNX: 1 when set, 0 when the field existed.
OpResult<int64_t> SetNx(Db& db, std::string_view key, std::string_view field,
                        std::string_view value, const Limits& lim);
// HGET: kOk (value sent), kKeyNotFound (key or field missing), kWrongType.
OpStatus Get(Db& db, std::string_view key, std::string_view field, Visit out);
// HMGET: out(value) or missing() per field, in order.
OpStatus MGet(Db& db, std::string_view key, absl::Span<const std::string_view> fields,
              Visit out, absl::FunctionRef<void()> missing);
OpResult<int64_t> Del(Db& db, std::string_view key, absl::Span<const std::string_view> fields);
OpResult<int64_t> Len(Db& db, std::string_view key);
OpResult<int64_t> StrLen(Db& db, std::string_view key, std::string_view field);
OpResult<int64_t> Exists(Db& db, std::string_view key, std::string_view field);
// HGETALL/HKEYS/HVALS: begin(pairs) then every pair (a missing key: begin(0)).
OpStatus GetAll(Db& db, std::string_view key, absl::FunctionRef<void(size_t)> begin, Pair out);
// HINCRBY: the new value; kHashNotInteger, kOverflow.
OpResult<int64_t> IncrBy(Db& db, std::string_view key, std::string_view field, int64_t delta,
                         const Limits& lim);
// HINCRBYFLOAT: the new value as Redis prints it; kHashNotFloat, kNanOrInfinity.
OpResult<std::string> IncrByFloat(Db& db, std::string_view key, std::string_view field,
                                  long double delta, const Limits& lim);
// HRANDFIELD with a count: count > 0 distinct fields (all of them when count >= size),
// count < 0 |count| fields that may repeat; begin(n) first. kKeyNotFound when missing.
OpStatus RandField(Db& db, std::string_view key, int64_t count,
                   absl::FunctionRef<void(size_t)> begin, Pair out);
// HRANDFIELD without a count: one field, or kKeyNotFound.
OpStatus RandOne(Db& db, std::string_view key, Pair out);
// HSCAN: the pairs from cursor on whose field matches pattern (empty = all); the next
// cursor. A missing key gives cursor 0 and nothing.
OpResult<uint64_t> Scan(Db& db, std::string_view key, uint64_t cursor, std::string_view pattern,
                        size_t count, absl::FunctionRef<void(size_t)> begin, Pair out);

}  // namespace tessera::ops::hash
