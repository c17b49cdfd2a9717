// memcached's binary protocol (memcached 1.6's protocol_binary.h; deprecated upstream but
// still served, and what libmemcached's binary mode and memccapable speak): framing of
// requests and building of responses. A connection speaks it when its first byte is the
// request magic 0x80, as memcached decides.
//
// Every packet is a 24-byte header (all numbers big-endian) and a body of `bodylen` bytes:
// extras, then the key, then the value. McBinParser frames requests with RespParser's
// contract: the caller passes the unconsumed bytes, an incomplete request consumes nothing
// (unless a refused value is being swallowed), and the views point into the caller's
// buffer. A body larger than the item size limit is not buffered: the request comes back
// as soon as its extras and key are in (too_large), and its value is then discarded as it
// arrives, so the command layer can answer and the connection stays in sync.
//
// Framing only: the command layer checks each opcode's lengths, as memcached does.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/shared_bytes.h"

namespace tessera::protocol {

inline constexpr uint8_t kMcBinRequest = 0x80;
inline constexpr uint8_t kMcBinResponse = 0x81;
inline constexpr size_t kMcBinHeader = 24;

// Opcodes (the Q forms answer only failures; GETQ/GETKQ/GATQ/GATKQ not even misses).
enum McBinOp : uint8_t {
  kBinGet = 0x00, kBinSet = 0x01, kBinAdd = 0x02, kBinReplace = 0x03, kBinDelete = 0x04,
  kBinIncr = 0x05, kBinDecr = 0x06, kBinQuit = 0x07, kBinFlush = 0x08, kBinGetQ = 0x09,
  kBinNoop = 0x0a, kBinVersion = 0x0b, kBinGetK = 0x0c, kBinGetKQ = 0x0d, kBinAppend = 0x0e,
  kBinPrepend = 0x0f, kBinStat = 0x10, kBinSetQ = 0x11, kBinAddQ = 0x12, kBinReplaceQ = 0x13,
  kBinDeleteQ = 0x14, kBinIncrQ = 0x15, kBinDecrQ = 0x16, kBinQuitQ = 0x17, kBinFlushQ = 0x18,
  kBinAppendQ = 0x19, kBinPrependQ = 0x1a, kBinVerbosity = 0x1b, kBinTouch = 0x1c,
  kBinGat = 0x1d, kBinGatQ = 0x1e, kBinGatK = 0x23, kBinGatKQ = 0x24,
};

// Response statuses.
enum McBinStatus : uint16_t {
  kBinOk = 0x0000, kBinKeyNotFound = 0x0001, kBinKeyExists = 0x0002, kBinTooLarge = 0x0003,
  kBinInvalid = 0x0004, kBinNotStored = 0x0005, kBinDeltaBadval = 0x0006,
  kBinUnknownCommand = 0x0081, kBinOutOfMemory = 0x0082,
};

// The text memcached sends as the body of an error response.
std::string_view McBinStatusText(uint16_t status);

struct McBinHeader {
  uint8_t magic = 0;
  uint8_t opcode = 0;
  uint16_t keylen = 0;
  uint8_t extlen = 0;
  uint8_t datatype = 0;
  uint16_t vbucket = 0;  // a response's status
  uint32_t bodylen = 0;
  uint32_t opaque = 0;
  uint64_t cas = 0;
};

struct McBinRequest {
  McBinHeader h;
  // Views into the body; all empty when extlen + keylen exceed bodylen.
  std::string_view extras, key, value;
  bool too_large = false;  // the value (bodylen - extlen - keylen bytes) is being swallowed
  uint64_t value_len() const {
    uint64_t head = uint64_t(h.extlen) + h.keylen;
    return h.bodylen >= head ? h.bodylen - head : 0;
  }
};

class McBinParser {
 public:
  enum class Result { kOk, kIncomplete, kClose /* a packet without the request magic */ };

  void set_max_item_size(int64_t n) { max_item_ = n; }
  // Parses the next request of data[0, len); on kOk *consumed bytes belong to it (for a
  // too_large one, the header, extras and key: the value is swallowed by later calls).
  // kIncomplete may still consume bytes (a swallowed value's).
  Result Parse(const char* data, size_t len, size_t* consumed, McBinRequest* req);
  size_t needed_bytes() const { return needed_; }
  bool swallowing() const { return swallow_ > 0; }

 private:
  int64_t max_item_ = 1024 * 1024;
  uint64_t swallow_ = 0;
  size_t needed_ = 0;
};

// Big-endian reads of a body's numbers.
uint32_t McBinU32(std::string_view b, size_t at);
uint64_t McBinU64(std::string_view b, size_t at);

// Responses, appended to a connection's output; values of 1 KB or more are referenced.
class McBinReply {
 public:
  McBinReply(std::string* out, OutputRefs* refs) : out_(out), refs_(refs) {}
  std::string* output() { return out_; }
  // A response to `req` with this status and CAS and body parts.
  void Send(const McBinHeader& req, uint16_t status, uint64_t cas, std::string_view extras,
            std::string_view key, std::string_view value, const SharedBytes* owner = nullptr);
  // An error: the status's text as the body.
  void Error(const McBinHeader& req, uint16_t status) {
    Send(req, status, 0, {}, {}, McBinStatusText(status));
  }

 private:
  std::string* out_;
  OutputRefs* refs_;
};

// Big-endian appends, for extras.
void McBinPutU32(std::string* s, uint32_t v);
void McBinPutU64(std::string* s, uint64_t v);

}  // namespace tessera::protocol
