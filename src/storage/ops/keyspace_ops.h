// Generic keyspace operations: DEL, EXISTS, TYPE, TTLs, KEYS/SCAN, RANDOMKEY, RENAME.
#pragma once

#include <functional>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/types/span.h"
#include "core/status.h"
#include "storage/store.h"

namespace tessera::ops::keyspace {

using storage::Db;

// DEL, or UNLINK when `lazy`: then the values are freed after the locks are released,
// big collections on the lazy-free thread (storage/lazyfree.h).
// `deleted`, when given, is called for each key removed, with its shard still locked
// (keyspace notifications).
int64_t Del(Db& db, absl::Span<const std::string_view> keys, bool lazy = false,
            const std::function<void(std::string_view)>* deleted = nullptr);
int64_t Exists(Db& db, absl::Span<const std::string_view> keys);  // duplicates count again
// "string", "list", ... or "none".
std::string_view Type(Db& db, std::string_view key);
const char* TypeName(storage::ValueType t);

struct ExpireFlags {
  bool nx = false, xx = false, gt = false, lt = false;
};
// Sets an absolute deadline (ms). 1 if set, 0 if the key is missing or a flag refused it.
// A deadline in the past deletes the key (and counts as set), as Redis does.
int64_t ExpireAt(Db& db, std::string_view key, int64_t at_ms, ExpireFlags f);
// Remaining ms, -1 without TTL, -2 when missing.
int64_t PTtl(Db& db, std::string_view key);
// Absolute deadline in ms, -1 without TTL, -2 when missing.
int64_t PExpireTime(Db& db, std::string_view key);
int64_t Persist(Db& db, std::string_view key);

std::vector<std::string> Keys(Db& db, std::string_view pattern);

// SCAN: cursor layout is (bucket << shard_bits) | shard, so a cursor walks all shards for
// bucket 0, then bucket 1, ...; tables never shrink during a walk (see table.h), so every
// key present for the whole iteration is returned at least once.
struct ScanResult {
  uint64_t next_cursor = 0;
  std::vector<std::string> keys;
};
ScanResult Scan(Db& db, uint64_t cursor, std::string_view pattern, size_t count,
                std::optional<std::string_view> type);

std::optional<std::string> RandomKey(Db& db);

// OBJECT ENCODING/IDLETIME/FREQ/REFCOUNT, MEMORY USAGE. Reading it does not touch the
// access stamp.
struct ObjectInfo {
  std::string encoding;
  int64_t idle_seconds = 0;
  int64_t freq = 0;
  // The key's bytes: its entry (key, deadline, value), what the value holds outside it,
  // and one bucket slot of the table.
  int64_t memory_bytes = 0;
};
std::optional<ObjectInfo> Object(Db& db, std::string_view key);

// TOUCH: how many of the keys exist (their LRU stamps are refreshed).
int64_t Touch(Db& db, absl::Span<const std::string_view> keys);

// COPY src (in src_db) to dst (in dst_db), TTL included: true when copied; false when src is
// missing or dst exists and !replace.
bool Copy(Db& src_db, std::string_view src, Db& dst_db, std::string_view dst, bool replace);
// MOVE key to another db: true when moved; false when missing here or present there.
bool Move(Db& src_db, Db& dst_db, std::string_view key);

// RENAME/RENAMENX: kOk, kNoSuchKey; kSkipped when nx and dst exists.
OpStatus Rename(Db& db, std::string_view src, std::string_view dst, bool nx);

}  // namespace tessera::ops::keyspace
