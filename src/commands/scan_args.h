// Arguments shared by SCAN, HSCAN and SSCAN (and ZSCAN later): the cursor and the MATCH /
// COUNT (/ TYPE for SCAN) options, with Redis's errors.
#pragma once

#include <cctype>
#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>

#include "commands/registry.h"
#include "core/errors.h"
#include "core/strutil.h"

namespace tessera::commands {

struct ScanArgs {
  uint64_t cursor = 0;
  std::string_view pattern;              // empty: everything
  size_t count = 10;
  std::optional<std::string_view> type;  // SCAN only
};

// Redis reads the cursor with strtoull: "-1" is a (huge) valid cursor, " 1" is not.
inline bool ParseScanCursor(std::string_view s, uint64_t* out) {
  if (s.empty() || isspace(static_cast<unsigned char>(s[0]))) return false;
  std::string buf(s);
  char* end = nullptr;
  errno = 0;
  unsigned long long v = strtoull(buf.c_str(), &end, 10);
  if (*end != '\0' || errno == ERANGE) return false;
  *out = v;
  return true;
}

// Parses args[cursor_at] and the options after it; the error text (empty when fine).
inline std::string_view ParseScanArgs(CmdArgs args, size_t cursor_at, bool allow_type,
                                      ScanArgs* out) {
  if (!ParseScanCursor(args[cursor_at], &out->cursor)) return errors::kInvalidCursor;
  for (size_t i = cursor_at + 1; i < args.size(); i += 2) {
    if (i + 1 >= args.size()) return errors::kSyntax;
    std::string_view opt = args[i], val = args[i + 1];
    if (EqualsIgnoreCase(opt, "MATCH")) {
      out->pattern = val == "*" ? std::string_view() : val;
    } else if (EqualsIgnoreCase(opt, "COUNT")) {
      int64_t n;
      if (!ParseInt64(val, &n)) return errors::kNotInteger;
      if (n < 1) return errors::kSyntax;
      out->count = size_t(n);
    } else if (allow_type && EqualsIgnoreCase(opt, "TYPE")) {
      out->type = val;
    } else {
      return errors::kSyntax;
    }
  }
  return {};
}

}  // namespace tessera::commands
