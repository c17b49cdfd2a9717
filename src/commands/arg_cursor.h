// A cursor over a command's arguments for handlers with options. The first error latches:
// later reads return defaults, and the handler replies with error() once at the end.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/strutil.h"
#include "commands/registry.h"
#include "core/errors.h"
#include "core/strutil.h"

namespace tessera::commands {

class ArgCursor {
 public:
  explicit ArgCursor(CmdArgs args, size_t start = 1) : args_(args), pos_(start) {}

  bool Done() const { return pos_ >= args_.size(); }
  size_t remaining() const { return pos_ < args_.size() ? args_.size() - pos_ : 0; }
  bool ok() const { return error_.empty(); }
  std::string_view error() const { return error_; }

  std::string_view Peek() const { return Done() ? std::string_view() : args_[pos_]; }
  std::string_view Next() {
    if (Done()) {
      Fail(errors::kSyntax);
      return {};
    }
    return args_[pos_++];
  }
  int64_t NextInt(std::string_view err = errors::kNotInteger) {
    std::string_view s = Next();
    int64_t v = 0;
    if (ok() && !ParseInt64(s, &v)) Fail(err);
    return v;
  }
  // Consumes the next argument when it equals `token` (case-insensitively).
  bool NextIf(std::string_view token) {
    if (Done() || !EqualsIgnoreCase(args_[pos_], token)) return false;
    ++pos_;
    return true;
  }
  void Fail(std::string_view err) {
    if (error_.empty()) error_ = std::string(err);
  }

 private:
  CmdArgs args_;
  size_t pos_;
  std::string error_;
};

}  // namespace tessera::commands
