// Resumable, zero-copy parser of memcached's text and meta protocols (memcached 1.6's
// protocol.txt): a command line of space-separated tokens ending in "\n" (a "\r" before it
// is dropped), followed, for the storage commands (set add replace append prepend cas, and
// the meta ms), by a data block of the announced length and "\r\n".
//
// Contract, as RespParser's: the caller passes the unconsumed bytes, starting at the next
// request; an incomplete request consumes nothing and is parsed again from its first byte
// when more bytes came (a command line is short, and a data block is only length-checked,
// so nothing is remembered but a pending swallow). Tokens and data are views into the
// caller's buffer, valid until it consumes or moves the bytes.
//
// Framing only: the parser finds a storage command's length token and checks that it is a
// number; the command layer checks everything else (key length, flags, exptime, noreply).
// A value over the item size limit is not buffered: its data is swallowed as it arrives,
// and the request comes back as kTooLarge once it is gone (memcached answers then), so the
// connection stays in sync.
#pragma once

#include <cstddef>
#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace tessera::protocol {

struct McRequest {
  enum class Frame : uint8_t {
    kLine,       // a command without data
    kData,       // a storage command with its data block (`data`)
    kBadChunk,   // a storage command whose data did not end in "\r\n" (consumed anyway)
    kTooLarge,   // a storage command whose value exceeds the item size limit (swallowed)
    kBadLength,  // a storage command whose length token is not a valid length
  };
  std::vector<std::string_view> tokens;  // tokens[0] is the command name
  std::string_view data;
  Frame frame = Frame::kLine;
};

class McParser {
 public:
  enum class Result {
    kOk,
    kIncomplete,
    kClose,  // a line too long to be a command: memcached closes the connection
  };
  // memcached's key limit, and the longest line it buffers without a newline unless the
  // line is a multi-key get.
  static constexpr size_t kMaxKey = 250;
  static constexpr size_t kMaxLine = 2048;
  // Tokens memcached splits a line into (its MAX_TOKENS): past that the rest of the line is
  // one token, so a command with too many arguments gets the same ERROR.
  static constexpr size_t kMaxTokens = 24;
  // Flags a meta set takes after its length (more: refused before the data is read).
  static constexpr size_t kMaxMetaSetFlags = 16;

  void set_max_item_size(int64_t n) { max_item_ = n; }

  // Parses the next request of data[0, len). On kOk *consumed is its size (data included)
  // and *req its tokens. kIncomplete may still consume bytes (a swallowed value's data).
  Result Parse(const char* data, size_t len, size_t* consumed, McRequest* req);
  // Bytes the pending request needs in all (a large data block), for sizing reads.
  size_t needed_bytes() const { return needed_; }
  // True while the data of a refused value is being discarded.
  bool swallowing() const { return swallow_ > 0; }

 private:
  int64_t max_item_ = 1024 * 1024;
  uint64_t swallow_ = 0;  // bytes still to discard
  std::string pending_line_;  // the command line of the value being swallowed
  size_t needed_ = 0;
};

// Numbers as memcached 1.6 reads them: 32-bit client flags (a 64-bit number cut to 32
// bits), 32-bit signed values (exptime, lengths: a 64-bit long cut to 32 bits), and 64-bit
// unsigned ones (CAS uniques, deltas). strtoull's syntax: leading blanks, an optional sign.
bool ParseMcFlags(std::string_view t, uint32_t* out);
bool ParseMcInt32(std::string_view t, int32_t* out);
bool ParseMcU64(std::string_view t, uint64_t* out);

// Splits a command line as memcached does: on spaces, empty tokens skipped, at most
// max_tokens (the last one then holds the rest of the line).
void SplitMcLine(std::string_view line, size_t max_tokens, std::vector<std::string_view>* out);

}  // namespace tessera::protocol
