// String helpers with Redis's exact acceptance rules (a client that sends "+1" or " 1" to
// INCRBY must get the same error here as from Redis).
#pragma once

#include <charconv>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>

namespace tessera {

// Strict int64, as Redis's string2ll: optional '-', no '+', no spaces, no leading zeros
// ("0" itself is fine, "-0" is not), no overflow.
bool ParseInt64(std::string_view s, int64_t* out);
// Strict uint64 (digits only).
bool ParseUint64(std::string_view s, uint64_t* out);
// A long double as Redis's string2ld: no spaces, no NaN; "inf" allowed.
bool ParseLongDouble(std::string_view s, long double* out);
// A double as Redis's getDoubleFromObject (used by ZADD and friends later).
bool ParseDouble(std::string_view s, double* out);

// Decimal text of an int64 into buf (at least 21 bytes); returns the length.
size_t FormatInt64(int64_t v, char* buf);
std::string Int64ToString(int64_t v);
// Redis's human long double format (INCRBYFLOAT replies): %.17Lf, trailing zeros stripped.
std::string FormatLongDoubleHuman(long double v);
// Redis's %.17g reply format for doubles (RESP2 double replies).
std::string FormatDouble(double v);

// Glob-style matching as Redis's stringmatchlen: * ? [set] [^set] [a-z] and \ escapes.
bool GlobMatch(std::string_view pattern, std::string_view str, bool nocase = false);

// Memory sizes with Redis's units: b, k=1000, kb=1024, m, mb, g, gb (case-insensitive).
std::optional<uint64_t> ParseMemory(std::string_view s);

bool EqualsIgnoreCase(std::string_view a, std::string_view b);
std::string AsciiLower(std::string_view s);
std::string AsciiUpper(std::string_view s);
inline char AsciiToLower(char c) { return (c >= 'A' && c <= 'Z') ? char(c + 32) : c; }

// StrCat/StrAppend over std::string_view-like pieces and integers. (Debian's Abseil is
// built with its own string_view type, so its StrCat does not take std::string_view.)
namespace strcat_internal {
inline void AppendOne(std::string* out, std::string_view s) { out->append(s); }
inline void AppendOne(std::string* out, const char* s) { out->append(s); }
inline void AppendOne(std::string* out, const std::string& s) { out->append(s); }
inline void AppendOne(std::string* out, char c) { out->push_back(c); }
template <typename T, typename = std::enable_if_t<std::is_integral_v<T> && !std::is_same_v<T, char> &&
                                                  !std::is_same_v<T, bool>>>
void AppendOne(std::string* out, T v) {
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof(buf), v);
  out->append(buf, size_t(r.ptr - buf));
}
}  // namespace strcat_internal

template <typename... Args>
void StrAppend(std::string* out, const Args&... args) {
  (strcat_internal::AppendOne(out, args), ...);
}
template <typename... Args>
std::string StrCat(const Args&... args) {
  std::string out;
  StrAppend(&out, args...);
  return out;
}

}  // namespace tessera
