#include "protocol/mc_parser.h"

#include <climits>
#include <cstring>

namespace tessera::protocol {
namespace {

bool IsSpace(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

// memcached's safe_strtoull / safe_strtol over a token: strtoull's syntax (leading spaces, a
// sign), the whole token used, no ERANGE. *neg tells a '-' sign.
bool ParseU64(std::string_view t, uint64_t* out, bool* neg) {
  size_t i = 0;
  while (i < t.size() && IsSpace(t[i])) ++i;
  *neg = false;
  if (i < t.size() && (t[i] == '+' || t[i] == '-')) *neg = t[i++] == '-';
  size_t digits = i;
  uint64_t v = 0;
  for (; i < t.size() && t[i] >= '0' && t[i] <= '9'; ++i) {
    uint64_t d = uint64_t(t[i] - '0');
    if (v > (UINT64_MAX - d) / 10) return false;  // ERANGE
    v = v * 10 + d;
  }
  if (i == digits || i != t.size()) return false;
  *out = v;
  return true;
}

}  // namespace

// 32-bit client flags as memcached 1.6 reads them: a 64-bit unsigned number cut to 32 bits;
// a negative one only when it is zero.
bool ParseMcFlags(std::string_view t, uint32_t* out) {
  uint64_t v;
  bool neg;
  if (!ParseU64(t, &v, &neg)) return false;
  if (neg && v != 0) return false;
  *out = uint32_t(v);
  return true;
}

// A signed number as memcached's safe_strtol: a 64-bit long, then cut to 32 bits.
bool ParseMcInt32(std::string_view t, int32_t* out) {
  uint64_t v;
  bool neg;
  if (!ParseU64(t, &v, &neg)) return false;
  if (!neg && v > uint64_t(INT64_MAX)) return false;
  if (neg && v > uint64_t(INT64_MAX) + 1) return false;
  int64_t s = neg ? int64_t(0 - v) : int64_t(v);
  *out = int32_t(uint32_t(uint64_t(s)));
  return true;
}

// memcached's safe_strtoull: no sign but for a value that fits in 63 bits.
bool ParseMcU64(std::string_view t, uint64_t* out) {
  uint64_t v;
  bool neg;
  if (!ParseU64(t, &v, &neg)) return false;
  if (neg && (int64_t(v) < 0 || v != 0)) return false;
  *out = v;
  return true;
}

void SplitMcLine(std::string_view line, size_t max_tokens, std::vector<std::string_view>* out) {
  out->clear();
  size_t i = 0, n = line.size();
  while (i < n) {
    while (i < n && line[i] == ' ') ++i;
    if (i == n) break;
    if (out->size() + 1 == max_tokens) {  // the rest of the line is the last token
      out->push_back(line.substr(i));
      return;
    }
    size_t j = i;
    while (j < n && line[j] != ' ') ++j;
    out->push_back(line.substr(i, j - i));
    i = j;
  }
}

McParser::Result McParser::Parse(const char* data, size_t len, size_t* consumed,
                                 McRequest* req) {
  *consumed = 0;
  if (swallow_ > 0) {  // the data of a value refused as too large
    size_t n = size_t(std::min<uint64_t>(swallow_, len));
    swallow_ -= n;
    *consumed = n;
    if (swallow_ > 0) return Result::kIncomplete;
    // All of it gone: now the request is answered, as memcached does.
    SplitMcLine(pending_line_, kMaxTokens - 1, &req->tokens);
    req->data = {};
    req->frame = McRequest::Frame::kTooLarge;
    return Result::kOk;
  }
  size_t base = 0;
  const char* nl = static_cast<const char*>(memchr(data, '\n', len));
  if (!nl) {
    needed_ = 0;
    if (len > kMaxLine) {
      // Only a multi-key get may be this long (memcached closes the connection otherwise).
      size_t i = 0;
      while (i < len && data[i] == ' ') ++i;
      std::string_view rest(data + i, len - i);
      if (i > 100 || (rest.substr(0, 4) != "get " && rest.substr(0, 5) != "gets "))
        return Result::kClose;
    }
    return Result::kIncomplete;
  }
  size_t line_len = size_t(nl - data);
  std::string_view line(data, line_len);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  line = line.substr(0, line.find('\0'));  // memcached reads the line as a C string
  // A get takes any number of keys; other commands at most kMaxTokens - 1 tokens.
  bool multi = line.substr(0, 4) == "get " || line.substr(0, 5) == "gets " ||
               line.substr(0, 4) == "gat " || line.substr(0, 5) == "gats ";
  SplitMcLine(line, multi ? SIZE_MAX : kMaxTokens - 1, &req->tokens);
  req->data = {};
  req->frame = McRequest::Frame::kLine;
  size_t line_end = line_len + 1;
  const auto& t = req->tokens;
  size_t nt = t.size();
  // The storage commands' framing: set add replace append prepend (5 or 6 tokens with
  // noreply), cas (6 or 7), ms <key> <datalen> <flags>*.
  size_t len_at = 0;
  if (nt >= 1) {
    std::string_view c = t[0];
    if ((nt == 5 || nt == 6) &&
        (c == "set" || c == "add" || c == "replace" || c == "append" || c == "prepend"))
      len_at = 4;
    else if ((nt == 6 || nt == 7) && c == "cas")
      len_at = 4;
    else if (nt >= 3 && c == "ms")
      len_at = 2;
    // ms with too many flags or a key too long: refused before its data is read.
    if (len_at == 2 && (nt > 3 + kMaxMetaSetFlags || t[1].size() > kMaxKey)) {
      req->frame = McRequest::Frame::kBadLength;
      *consumed = base + line_end;
      return Result::kOk;
    }
  }
  if (len_at == 0) {
    *consumed = base + line_end;
    return Result::kOk;
  }
  int32_t vlen = 0;
  uint32_t flags = 0;
  bool ok;
  if (len_at == 4) {
    int32_t exptime;
    uint64_t cas;
    ok = t[1].size() <= kMaxKey && ParseMcFlags(t[2], &flags) && ParseMcInt32(t[3], &exptime) &&
         ParseMcInt32(t[4], &vlen) && (t[0] != "cas" || ParseMcU64(t[5], &cas));
  } else {
    // ms: only the length frames it; the key (maybe base64, flag b) and the flags are
    // checked by the command, after the data was read (memcached swallows it then too).
    ok = ParseMcInt32(t[2], &vlen);
    for (size_t i = 3; ok && i < nt; ++i)
      if (t[i].size() > 1 && t[i][0] == 'F' && !ParseMcFlags(t[i].substr(1), &flags)) flags = 0;
  }
  if (!ok || vlen < 0 || vlen > INT_MAX - 2) {
    req->frame = McRequest::Frame::kBadLength;
    *consumed = base + line_end;
    return Result::kOk;
  }
  // memcached's item: a 48-byte header, the CAS, the key and a NUL, the flags when not 0,
  // and the value with its "\r\n" must fit in the item size limit.
  int64_t item = 59 + int64_t(t[1].size()) + (flags ? 4 : 0) + int64_t(vlen);
  if (item > max_item_) {
    // Swallowed before the answer: the request comes back once its data is gone.
    pending_line_.assign(line);
    needed_ = 0;
    swallow_ = uint64_t(vlen) + 2;
    size_t n = size_t(std::min<uint64_t>(swallow_, len - line_end));
    swallow_ -= n;
    *consumed = base + line_end + n;
    if (swallow_ > 0) return Result::kIncomplete;
    SplitMcLine(pending_line_, kMaxTokens - 1, &req->tokens);
    req->frame = McRequest::Frame::kTooLarge;
    return Result::kOk;
  }
  size_t need = line_end + size_t(vlen) + 2;
  if (len < need) {
    needed_ = base + need;
    return Result::kIncomplete;
  }
  needed_ = 0;
  req->data = std::string_view(data + line_end, size_t(vlen));
  bool crlf = data[need - 2] == '\r' && data[need - 1] == '\n';
  req->frame = crlf ? McRequest::Frame::kData : McRequest::Frame::kBadChunk;
  *consumed = base + need;
  return Result::kOk;
}

}  // namespace tessera::protocol
