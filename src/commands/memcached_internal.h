// What the memcached front end's text/meta commands (memcached.cc) and binary commands
// (memcached_binary.cc) share: statistics, exptime rules, flush_all, the version, the
// memory limit. Internal to commands/.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/functional/function_ref.h"

namespace tessera::commands {
class ServerState;
}

namespace tessera::commands::mc {

inline constexpr const char* kVersion = "1.6.18";

// Counters of `stats`: per-thread, summed when read.
enum Stat : size_t {
  kCmdGet, kCmdSet, kCmdFlush, kCmdTouch, kGetHits, kGetMisses, kGetExpired, kGetFlushed,
  kDeleteMisses, kDeleteHits, kIncrMisses, kIncrHits, kDecrMisses, kDecrHits, kCasMisses,
  kCasHits, kCasBadval, kTouchHits, kTouchMisses, kStoreTooLarge, kStoreNoMemory,
  kTotalItems, kStatCount
};
void Count(Stat s, uint64_t n = 1);

// One `stats` line: name and value.
using StatSink = absl::FunctionRef<void(std::string_view name, std::string_view value)>;
// The statistics of `stats <group>` ("" for the general ones); false for a group memcached
// does not have. "reset" resets and emits nothing.
bool EmitStats(ServerState& server, std::string_view group, StatSink sink);

// memcached's exptime: 0 = never; negative = already expired (ops::string::kExpired); up
// to 30 days relative; beyond, an absolute unix time (expired unless in the future).
// Binary requests carry it unsigned, text ones as a signed 32-bit number.
int64_t Deadline(int64_t exptime);

// flush_all: everything in db 0 goes now (delay <= 0) or after delay seconds.
void FlushAll(ServerState& server, int64_t delay);

void SetVerbosity(uint32_t level);

// cache_memlimit: the memory limit becomes `megabytes`.
void SetMemLimit(ServerState& server, uint64_t megabytes);

}  // namespace tessera::commands::mc
