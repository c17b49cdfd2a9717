// HyperLogLog operations (PFADD PFCOUNT PFMERGE PFDEBUG) on string values in Redis's HLL
// format (storage/hll.h does the format; this file finds, checks and stores the values).
// Errors with their own text (not an HLL, corrupted) come back as OpStatus::kCustom with
// *err set to the reply text.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "absl/types/span.h"
#include "core/status.h"
#include "storage/hll.h"
#include "storage/store.h"

namespace tessera::ops::hll {

using storage::Db;

// PFADD: 1 when the key was created or a register changed, else 0.
OpResult<int64_t> Add(Db& db, std::string_view key, absl::Span<const std::string_view> elements,
                      size_t sparse_max, std::string_view* err);
// PFCOUNT: one key uses (and refreshes) its cached cardinality; several keys count their
// union. Missing keys are empty.
OpResult<int64_t> Count(Db& db, absl::Span<const std::string_view> keys, std::string_view* err);
// PFMERGE dst src...: the union replaces dst's registers (dst is created when missing).
OpStatus Merge(Db& db, std::string_view dst, absl::Span<const std::string_view> srcs,
               size_t sparse_max, std::string_view* err);

// PFDEBUG subcommands on one key.
enum class Debug { kGetReg, kDecode, kEncoding, kToDense };
struct DebugResult {
  std::array<uint8_t, storage::hll::kRegisters> regs;  // kGetReg
  std::string text;                                     // kDecode, kEncoding
  int64_t converted = 0;                                // kToDense
};
// kCustom with *err for a missing key ("ERR The specified key does not exist"), a value
// that is not an HLL, a corrupt one, or DECODE of a dense one.
OpStatus RunDebug(Db& db, std::string_view key, Debug what, DebugResult* out,
                  std::string_view* err);

}  // namespace tessera::ops::hll
