// Small status and result types for the command path. No exceptions: an op returns an
// OpStatus (or an OpResult<T> carrying a value on success), and the command layer maps a
// non-OK status to the exact error text a Redis client expects (see errors.h).
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <variant>

namespace tessera {

enum class OpStatus : uint8_t {
  kOk,
  kKeyNotFound,     // not an error for most commands; a null or 0 reply
  kSkipped,         // NX/XX condition not met
  kWrongType,
  kNotAnInteger,
  kNotAFloat,
  kOutOfRange,      // "value is not an integer or out of range"
  kOverflow,        // "increment or decrement would overflow"
  kNanOrInfinity,   // "increment would produce NaN or Infinity"
  kSyntaxError,
  kInvalidExpire,   // "invalid expire time in 'set' command" (command name filled by caller)
  kStringTooLong,   // "string exceeds maximum allowed size (proto-max-bulk-len)"
  kOutOfMemory,     // maxmemory reached
  kNoSuchKey,       // "no such key" (RENAME)
  kIndexOutOfRange,
  kHashNotInteger,  // "hash value is not an integer" (HINCRBY)
  kHashNotFloat,    // "hash value is not a float" (HINCRBYFLOAT)
  kScoreNaN,        // "resulting score is not a number (NaN)" (ZINCRBY, ZADD INCR)
  kSortScore,       // "One or more scores can't be converted into double" (SORT)
  kCustom,          // text carried by the caller
};

// A value or a status. Cheap to move; `operator bool` is true when a value is present.
template <typename T>
class OpResult {
 public:
  OpResult(T v) : v_(std::move(v)) {}  // NOLINT: implicit by design, like std::optional.
  OpResult(OpStatus s) : v_(s) {}      // NOLINT
  explicit operator bool() const { return v_.index() == 0; }
  bool ok() const { return v_.index() == 0; }
  T& operator*() { return std::get<0>(v_); }
  const T& operator*() const { return std::get<0>(v_); }
  T* operator->() { return &std::get<0>(v_); }
  OpStatus status() const { return ok() ? OpStatus::kOk : std::get<1>(v_); }

 private:
  std::variant<T, OpStatus> v_;
};

}  // namespace tessera
