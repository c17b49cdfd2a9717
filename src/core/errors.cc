#include "core/errors.h"

#include "core/strutil.h"
#include "core/strutil.h"

namespace tessera::errors {

std::string WrongArgs(std::string_view command) {
  return StrCat("ERR wrong number of arguments for '", AsciiLower(command),
                      "' command");
}

std::string UnknownCommand(std::string_view name, const std::string_view* args, size_t n) {
  // As Redis: the name is cut at 128 bytes; arguments are echoed while the echoed text is
  // under 128 bytes, each cut to what is left of those 128.
  std::string echoed;
  for (size_t i = 0; i < n && echoed.size() < 128; ++i)
    StrAppend(&echoed, "'", args[i].substr(0, 128 - echoed.size()), "' ");
  return StrCat("ERR unknown command '", name.substr(0, 128), "', with args beginning with: ",
                echoed);
}

std::string UnknownSubcommand(std::string_view sub, std::string_view command) {
  return StrCat("ERR unknown subcommand '", sub.substr(0, 128), "'. Try ",
                      AsciiUpper(command), " HELP.");
}

std::string InvalidExpire(std::string_view command) {
  return StrCat("ERR invalid expire time in '", AsciiLower(command),
                      "' command");
}

std::string_view StatusText(OpStatus s) {
  switch (s) {
    case OpStatus::kWrongType: return kWrongType;
    case OpStatus::kNotAnInteger:
    case OpStatus::kOutOfRange: return kNotInteger;
    case OpStatus::kNotAFloat: return kNotFloat;
    case OpStatus::kOverflow: return kOverflow;
    case OpStatus::kNanOrInfinity: return kNanOrInf;
    case OpStatus::kSyntaxError: return kSyntax;
    case OpStatus::kStringTooLong: return kStringTooLong;
    case OpStatus::kOutOfMemory: return kOom;
    case OpStatus::kNoSuchKey: return kNoSuchKey;
    case OpStatus::kIndexOutOfRange: return kIndexOutOfRange;
    case OpStatus::kHashNotInteger: return kHashNotInteger;
    case OpStatus::kHashNotFloat: return kHashNotFloat;
    case OpStatus::kScoreNaN: return kScoreNaN;
    case OpStatus::kSortScore: return kSortScore;
    default: return "ERR internal error";
  }
}

}  // namespace tessera::errors
