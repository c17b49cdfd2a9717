// Resumable, zero-copy RESP request parser (multibulk and inline commands).
//
// Contract:
// - The caller hands the parser the unconsumed bytes of a connection, starting at the first
//   byte of the next command, contiguous. When a command is incomplete the parser remembers
//   how far it got as offsets relative to that first byte, so the caller may append more
//   bytes or move the pending bytes (compaction) before calling again; it must not drop them.
// - On kOk, `args` holds string_views into the caller's buffer (or, for inline commands that
//   needed unquoting, into the parser's own scratch); they stay valid until the caller
//   consumes or moves the buffer or calls Parse again. `*consumed` is the command's size.
// - Limits (bulk length, multibulk count, inline length) are enforced here, with Redis's own
//   error texts. After kError the connection must reply with error() and close.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace tessera::protocol {

class RespParser {
 public:
  enum class Result { kOk, kIncomplete, kError };

  struct Limits {
    int64_t max_bulk_len = 512ll * 1024 * 1024;  // proto-max-bulk-len
    int64_t max_multibulk = INT32_MAX;            // Redis 7 refuses counts above INT_MAX
    size_t max_inline = 64 * 1024;                // PROTO_INLINE_MAX_SIZE
    // Before AUTH Redis accepts at most 10 arguments of at most 16 KB each.
    bool unauthenticated = false;
  };

  RespParser() = default;
  void set_limits(const Limits& l) { limits_ = l; }
  void set_max_bulk_len(int64_t n) { limits_.max_bulk_len = n; }
  void set_unauthenticated(bool u) { limits_.unauthenticated = u; }

  Result Parse(const char* data, size_t len, size_t* consumed,
               std::vector<std::string_view>* args);

  // The second argument (the key, for most commands) of each complete multibulk request at
  // the start of data[0, len), at most `max` requests, without validating them beyond their
  // framing: for prefetching the keys of a pipelined batch before it runs. Stops at the
  // first request that is incomplete or not a multibulk; a one-argument request gives an
  // empty view. Returns how many requests were seen. It also stops at a request of more
  // than kPeekMaxArgs arguments, so a call costs O(max * kPeekMaxArgs) at most.
  static constexpr int64_t kPeekMaxArgs = 64;
  static size_t PeekKeys(const char* data, size_t len, std::string_view* keys, size_t max);

  // The error text (without '-' and CRLF) after kError.
  const std::string& error() const { return error_; }
  // While a large bulk is pending: total bytes the current command needs at least, so the
  // caller can size its buffer once instead of growing it read by read.
  size_t needed_bytes() const { return needed_; }
  void Reset();

 private:
  enum class State { kStart, kArgHeader, kArgData };
  Result ParseInline(const char* data, size_t len, size_t* consumed,
                     std::vector<std::string_view>* args);
  Result Fail(std::string msg);
  // One pass over a command that is wholly in the buffer and unremarkable; false (nothing
  // consumed, no state changed) sends it through the resumable path above.
  bool ParseWhole(const char* data, size_t len, size_t* consumed,
                  std::vector<std::string_view>* args);

  Limits limits_;
  State state_ = State::kStart;
  size_t pos_ = 0;            // bytes of the current command already parsed
  int64_t remaining_ = 0;     // arguments still to read
  int64_t bulk_len_ = 0;      // length of the bulk being read (kArgData)
  size_t needed_ = 0;
  std::vector<std::pair<size_t, size_t>> offsets_;  // (offset, length) per argument
  std::vector<std::string> inline_args_;            // unquoted inline arguments
  std::string error_;
};

// Splits an inline line as Redis's sdssplitargs does (quotes, \x escapes). Returns false on
// unbalanced quotes.
bool SplitInlineArgs(std::string_view line, std::vector<std::string>* out);

}  // namespace tessera::protocol
