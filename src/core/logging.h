// Leveled logging to stderr. Thread-safe: each line is formatted first and written with one
// write(2), so lines from different threads never interleave.
#pragma once

#include <string_view>

#include "absl/strings/str_format.h"

namespace tessera::log {

enum class Level { kDebug = 0, kVerbose = 1, kNotice = 2, kWarning = 3 };

void SetLevel(Level l);
Level GetLevel();
bool ParseLevel(std::string_view s, Level* out);  // Redis's names: debug verbose notice warning
void Write(Level l, std::string_view msg);

template <typename... Args>
void Logf(Level l, const absl::FormatSpec<Args...>& fmt, const Args&... args) {
  if (l < GetLevel()) return;
  Write(l, absl::StrFormat(fmt, args...));
}

}  // namespace tessera::log

#define TLOG_DEBUG(...) ::tessera::log::Logf(::tessera::log::Level::kDebug, __VA_ARGS__)
#define TLOG_INFO(...) ::tessera::log::Logf(::tessera::log::Level::kNotice, __VA_ARGS__)
#define TLOG_WARN(...) ::tessera::log::Logf(::tessera::log::Level::kWarning, __VA_ARGS__)
