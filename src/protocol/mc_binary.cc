// memcached's binary protocol: framing and responses (see mc_binary.h).
#include "protocol/mc_binary.h"

#include <algorithm>

namespace tessera::protocol {

namespace {

uint16_t U16(const char* p) { return uint16_t(uint8_t(p[0]) << 8 | uint8_t(p[1])); }
uint32_t U32(const char* p) {
  return uint32_t(uint8_t(p[0])) << 24 | uint32_t(uint8_t(p[1])) << 16 |
         uint32_t(uint8_t(p[2])) << 8 | uint32_t(uint8_t(p[3]));
}
uint64_t U64(const char* p) { return uint64_t(U32(p)) << 32 | U32(p + 4); }

void PutU16(std::string* s, uint16_t v) {
  s->push_back(char(v >> 8));
  s->push_back(char(v & 0xFF));
}

}  // namespace

std::string_view McBinStatusText(uint16_t status) {
  switch (status) {
    case kBinOutOfMemory: return "Out of memory";
    case kBinUnknownCommand: return "Unknown command";
    case kBinKeyNotFound: return "Not found";
    case kBinInvalid: return "Invalid arguments";
    case kBinKeyExists: return "Data exists for key.";
    case kBinTooLarge: return "Too large.";
    case kBinDeltaBadval: return "Non-numeric server-side value for incr or decr";
    case kBinNotStored: return "Not stored.";
    default: return "UNHANDLED ERROR";
  }
}

uint32_t McBinU32(std::string_view b, size_t at) { return U32(b.data() + at); }
uint64_t McBinU64(std::string_view b, size_t at) { return U64(b.data() + at); }

void McBinPutU32(std::string* s, uint32_t v) {
  PutU16(s, uint16_t(v >> 16));
  PutU16(s, uint16_t(v & 0xFFFF));
}
void McBinPutU64(std::string* s, uint64_t v) {
  McBinPutU32(s, uint32_t(v >> 32));
  McBinPutU32(s, uint32_t(v & 0xFFFFFFFFu));
}

McBinParser::Result McBinParser::Parse(const char* data, size_t len, size_t* consumed,
                                       McBinRequest* req) {
  *consumed = 0;
  if (swallow_ > 0) {
    size_t n = size_t(std::min<uint64_t>(swallow_, len));
    swallow_ -= n;
    *consumed = n;
    if (swallow_ > 0) return Result::kIncomplete;
    data += n;
    len -= n;
  }
  size_t base = *consumed;
  if (len < kMcBinHeader) {
    needed_ = base + kMcBinHeader;
    return Result::kIncomplete;
  }
  if (uint8_t(data[0]) != kMcBinRequest) return Result::kClose;
  McBinHeader& h = req->h;
  h.magic = uint8_t(data[0]);
  h.opcode = uint8_t(data[1]);
  h.keylen = U16(data + 2);
  h.extlen = uint8_t(data[4]);
  h.datatype = uint8_t(data[5]);
  h.vbucket = U16(data + 6);
  h.bodylen = U32(data + 8);
  h.opaque = U32(data + 12);
  h.cas = U64(data + 16);
  req->extras = req->key = req->value = {};
  req->too_large = false;
  size_t head = size_t(h.extlen) + h.keylen;
  // A body is buffered whole unless its value passes the item size limit; extras and key
  // (at most 255 + 65535 bytes) always are.
  bool large = h.bodylen >= head && int64_t(h.bodylen - head) > max_item_;
  size_t need = kMcBinHeader + (large ? head : size_t(h.bodylen));
  if (len < need) {
    needed_ = base + need;
    return Result::kIncomplete;
  }
  needed_ = 0;
  const char* body = data + kMcBinHeader;
  if (h.bodylen >= head) {
    req->extras = std::string_view(body, h.extlen);
    req->key = std::string_view(body + h.extlen, h.keylen);
    if (!large) req->value = std::string_view(body + head, h.bodylen - head);
  }
  if (large) {
    req->too_large = true;
    swallow_ = h.bodylen - head;
  }
  *consumed = base + need;
  return Result::kOk;
}

void McBinReply::Send(const McBinHeader& req, uint16_t status, uint64_t cas,
                      std::string_view extras, std::string_view key, std::string_view value,
                      const SharedBytes* owner) {
  out_->push_back(char(kMcBinResponse));
  out_->push_back(char(req.opcode));
  PutU16(out_, uint16_t(key.size()));
  out_->push_back(char(extras.size()));
  out_->push_back(0);  // raw bytes
  PutU16(out_, status);
  McBinPutU32(out_, uint32_t(extras.size() + key.size() + value.size()));
  McBinPutU32(out_, req.opaque);
  McBinPutU64(out_, cas);
  out_->append(extras);
  out_->append(key);
  if (owner && refs_ && value.size() >= kMinSharedReply) refs_->Add(out_->size(), value, owner);
  else out_->append(value);
}

}  // namespace tessera::protocol
