// Every error string a client can see lives here, spelled exactly as Redis 7 spells it:
// clients and test suites match on the text. Strings are stored without the leading '-'
// and without CRLF; the reply builder adds both.
#pragma once

#include <string>
#include <string_view>

#include "core/status.h"

namespace tessera::errors {

inline constexpr std::string_view kWrongType =
    "WRONGTYPE Operation against a key holding the wrong kind of value";
inline constexpr std::string_view kNotInteger = "ERR value is not an integer or out of range";
inline constexpr std::string_view kNotFloat = "ERR value is not a valid float";
inline constexpr std::string_view kOverflow = "ERR increment or decrement would overflow";
inline constexpr std::string_view kNanOrInf = "ERR increment would produce NaN or Infinity";
inline constexpr std::string_view kSyntax = "ERR syntax error";
inline constexpr std::string_view kNoSuchKey = "ERR no such key";
inline constexpr std::string_view kStringTooLong =
    "ERR string exceeds maximum allowed size (proto-max-bulk-len)";
inline constexpr std::string_view kOom =
    "OOM command not allowed when used memory > 'maxmemory'.";
inline constexpr std::string_view kDbIndexOutOfRange = "ERR DB index is out of range";
inline constexpr std::string_view kIndexOutOfRange = "ERR index out of range";
inline constexpr std::string_view kMaxClients = "ERR max number of clients reached";
inline constexpr std::string_view kOffsetOutOfRange = "ERR offset is out of range";
inline constexpr std::string_view kInvalidCursor = "ERR invalid cursor";
inline constexpr std::string_view kTimeoutNegative = "ERR timeout is negative";

std::string WrongArgs(std::string_view command);          // wrong number of arguments
std::string UnknownCommand(std::string_view name, const std::string_view* args, size_t n);
std::string UnknownSubcommand(std::string_view sub, std::string_view command);
std::string InvalidExpire(std::string_view command);      // invalid expire time in '...'

// Text for a status; `command` fills the statuses whose text names the command.
std::string_view StatusText(OpStatus s);

}  // namespace tessera::errors
