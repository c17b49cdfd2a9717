// The arguments LMPOP, BLMPOP, ZMPOP and BZMPOP share: numkeys key [key ...] <side> [COUNT n],
// with Redis's errors. The side token (LEFT|RIGHT, MIN|MAX) is the family's to read.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "absl/functional/function_ref.h"
#include "commands/context.h"
#include "core/strutil.h"

namespace tessera::commands {

// From args[at] (numkeys) on: *keys, the side (through `side`, false = not a side token) and
// *count (1 when not given). False with the error sent.
inline bool ParseMPopArgs(CmdArgs args, size_t at, CommandContext& ctx,
                          absl::FunctionRef<bool(std::string_view)> side, CmdArgs* keys,
                          size_t* count) {
  int64_t n;
  if (!ParseInt64(args[at], &n) || n <= 0) {
    ctx.reply().SendError("ERR numkeys should be greater than 0");
    return false;
  }
  if (uint64_t(n) > args.size() - at - 1 - 1) {  // keys, then at least the side
    ctx.reply().SendError(errors::kSyntax);
    return false;
  }
  *keys = args.subspan(at + 1, size_t(n));
  size_t i = at + 1 + size_t(n);
  if (!side(args[i])) {
    ctx.reply().SendError(errors::kSyntax);
    return false;
  }
  *count = 1;
  bool have_count = false;
  for (++i; i < args.size(); i += 2) {
    if (!EqualsIgnoreCase(args[i], "COUNT") || have_count || i + 1 >= args.size()) {
      ctx.reply().SendError(errors::kSyntax);
      return false;
    }
    int64_t c;
    if (!ParseInt64(args[i + 1], &c) || c <= 0) {
      ctx.reply().SendError("ERR count should be greater than 0");
      return false;
    }
    *count = size_t(c);
    have_count = true;
  }
  return true;
}

}  // namespace tessera::commands
