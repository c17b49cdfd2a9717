#include "protocol/resp_parser.h"

#include <cstring>

#include "core/strutil.h"

namespace tessera::protocol {

namespace {
// Finds "\r\n" at or after `from`; returns the offset of '\r' or npos.
size_t FindCrlf(const char* data, size_t len, size_t from) {
  while (from < len) {
    const void* p = memchr(data + from, '\r', len - from);
    if (!p) return std::string_view::npos;
    size_t at = static_cast<const char*>(p) - data;
    if (at + 1 >= len) return std::string_view::npos;  // '\n' not here yet
    if (data[at + 1] == '\n') return at;
    from = at + 1;
  }
  return std::string_view::npos;
}

// The common case of a header's number: "0" or up to 18 digits without a leading zero,
// then "\r\n", all before `end`. Returns the position of the '\r' with the value, or
// nullptr for anything else (negative, long, malformed or incomplete), which the caller
// hands to the general path: that one also produces Redis's exact errors.
const char* FastHeaderNumber(const char* p, const char* end, int64_t* out) {
  const char* q = p;
  uint64_t v = 0;
  if (q < end && *q == '0') {
    ++q;
  } else {
    const char* lim = end - p > 18 ? p + 18 : end;
    while (q < lim && unsigned(*q - '0') < 10) v = v * 10 + unsigned(*q++ - '0');
    if (q == p) return nullptr;
  }
  if (end - q < 2 || q[0] != '\r' || q[1] != '\n') return nullptr;
  *out = int64_t(v);
  return q;
}

bool IsHexDigit(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return c - 'A' + 10;
}
}  // namespace

size_t RespParser::PeekKeys(const char* data, size_t len, std::string_view* keys,
                            size_t max) {
  const char* p = data;
  const char* end = data + len;
  size_t found = 0;
  while (found < max && p < end && *p == '*') {
    int64_t n;
    p = FastHeaderNumber(p + 1, end, &n);
    // A request with many arguments ends the look-ahead: skipping them would be paid again
    // at every read while such a request is still arriving.
    if (!p || n <= 0 || n > kPeekMaxArgs) break;
    p += 2;
    std::string_view key;
    int64_t i = 0;
    for (; i < n; ++i) {
      int64_t blen;
      if (p >= end || *p != '$') break;
      const char* q = FastHeaderNumber(p + 1, end, &blen);
      if (!q || end - (q + 2) < blen + 2) break;
      if (i == 1) key = std::string_view(q + 2, size_t(blen));
      p = q + 2 + blen + 2;
    }
    if (i < n) break;
    keys[found++] = key;
  }
  return found;
}

void RespParser::Reset() {
  state_ = State::kStart;
  pos_ = 0;
  remaining_ = 0;
  bulk_len_ = 0;
  needed_ = 0;
  offsets_.clear();
}

RespParser::Result RespParser::Fail(std::string msg) {
  error_ = std::move(msg);
  Reset();
  return Result::kError;
}

bool RespParser::ParseWhole(const char* data, size_t len, size_t* consumed,
                            std::vector<std::string_view>* args) {
  const char* end = data + len;
  int64_t n;
  const char* p = FastHeaderNumber(data + 1, end, &n);
  if (!p || n <= 0 || n > limits_.max_multibulk || (limits_.unauthenticated && n > 10))
    return false;
  p += 2;
  args->clear();
  for (int64_t i = 0; i < n; ++i) {
    if (p >= end || *p != '$') return false;
    int64_t blen;
    const char* q = FastHeaderNumber(p + 1, end, &blen);
    if (!q || blen > limits_.max_bulk_len || (limits_.unauthenticated && blen > 16384))
      return false;
    q += 2;
    if (end - q < blen + 2) return false;
    args->emplace_back(q, size_t(blen));
    p = q + blen + 2;
  }
  *consumed = size_t(p - data);
  return true;
}

RespParser::Result RespParser::Parse(const char* data, size_t len, size_t* consumed,
                                     std::vector<std::string_view>* args) {
  *consumed = 0;
  if (state_ == State::kStart && len > 0 && data[0] == '*' &&
      ParseWhole(data, len, consumed, args))
    return Result::kOk;
  if (state_ == State::kStart) {
    if (len == 0) return Result::kIncomplete;
    if (data[0] != '*') return ParseInline(data, len, consumed, args);
    int64_t n;
    size_t cr;
    if (const char* at = FastHeaderNumber(data + 1, data + len, &n)) {
      cr = size_t(at - data);
    } else {
      cr = FindCrlf(data, len, 1);
      if (cr == std::string_view::npos) {
        if (len > limits_.max_inline) return Fail("Protocol error: too big mbulk count string");
        return Result::kIncomplete;
      }
      if (!ParseInt64(std::string_view(data + 1, cr - 1), &n))
        return Fail("Protocol error: invalid multibulk length");
    }
    if (n > limits_.max_multibulk) return Fail("Protocol error: invalid multibulk length");
    if (n > 10 && limits_.unauthenticated)
      return Fail("Protocol error: unauthenticated multibulk length");
    if (n <= 0) {  // "*0" and "*-1" are empty commands: skipped, as Redis does
      *consumed = cr + 2;
      args->clear();
      return Result::kOk;
    }
    remaining_ = n;
    offsets_.clear();
    offsets_.reserve(size_t(std::min<int64_t>(n, 1024)));
    pos_ = cr + 2;
    state_ = State::kArgHeader;
  }
  while (remaining_ > 0) {
    if (state_ == State::kArgHeader) {
      if (pos_ >= len) return Result::kIncomplete;
      if (data[pos_] != '$')
        return Fail(std::string("Protocol error: expected '$', got '") + data[pos_] + "'");
      int64_t n;
      size_t cr;
      if (const char* at = FastHeaderNumber(data + pos_ + 1, data + len, &n)) {
        cr = size_t(at - data);
      } else {
        cr = FindCrlf(data, len, pos_ + 1);
        if (cr == std::string_view::npos) {
          if (len - pos_ > limits_.max_inline)
            return Fail("Protocol error: too big bulk count string");
          return Result::kIncomplete;
        }
        if (!ParseInt64(std::string_view(data + pos_ + 1, cr - pos_ - 1), &n) || n < 0)
          return Fail("Protocol error: invalid bulk length");
      }
      if (n > limits_.max_bulk_len) return Fail("Protocol error: invalid bulk length");
      if (n > 16384 && limits_.unauthenticated)
        return Fail("Protocol error: unauthenticated bulk length");
      bulk_len_ = n;
      pos_ = cr + 2;
      state_ = State::kArgData;
    }
    // kArgData: the payload and its trailing CRLF (not checked, as in Redis).
    size_t need = pos_ + size_t(bulk_len_) + 2;
    if (len < need) {
      needed_ = need;
      return Result::kIncomplete;
    }
    offsets_.emplace_back(pos_, size_t(bulk_len_));
    pos_ = need;
    --remaining_;
    state_ = State::kArgHeader;
  }
  args->clear();
  for (auto [off, n] : offsets_) args->emplace_back(data + off, n);
  *consumed = pos_;
  Reset();
  return Result::kOk;
}

RespParser::Result RespParser::ParseInline(const char* data, size_t len, size_t* consumed,
                                           std::vector<std::string_view>* args) {
  const void* nl = memchr(data, '\n', len);
  if (!nl) {
    if (len > limits_.max_inline) return Fail("Protocol error: too big inline request");
    return Result::kIncomplete;
  }
  size_t line_end = static_cast<const char*>(nl) - data;
  if (line_end > limits_.max_inline) return Fail("Protocol error: too big inline request");
  size_t n = line_end;
  if (n > 0 && data[n - 1] == '\r') --n;
  if (!SplitInlineArgs(std::string_view(data, n), &inline_args_))
    return Fail("Protocol error: unbalanced quotes in request");
  args->clear();
  for (const auto& a : inline_args_) args->emplace_back(a);
  *consumed = line_end + 1;
  return Result::kOk;
}

bool SplitInlineArgs(std::string_view line, std::vector<std::string>* out) {
  out->clear();
  size_t i = 0, n = line.size();
  auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
                                      c == '\v' || c == '\f'; };
  while (true) {
    while (i < n && is_space(line[i])) ++i;
    if (i >= n) return true;
    std::string cur;
    bool in_dq = false, in_sq = false, done = false;
    while (!done) {
      if (in_dq) {
        if (i >= n) return false;
        if (line[i] == '\\' && i + 3 < n && line[i + 1] == 'x' && IsHexDigit(line[i + 2]) &&
            IsHexDigit(line[i + 3])) {
          cur.push_back(char(HexValue(line[i + 2]) * 16 + HexValue(line[i + 3])));
          i += 3;
        } else if (line[i] == '\\' && i + 1 < n) {
          ++i;
          char c = line[i];
          switch (c) {
            case 'n': c = '\n'; break;
            case 'r': c = '\r'; break;
            case 't': c = '\t'; break;
            case 'b': c = '\b'; break;
            case 'a': c = '\a'; break;
          }
          cur.push_back(c);
        } else if (line[i] == '"') {
          // a closing quote must be followed by a space or the end
          if (i + 1 < n && !is_space(line[i + 1])) return false;
          done = true;
        } else {
          cur.push_back(line[i]);
        }
      } else if (in_sq) {
        if (i >= n) return false;
        if (line[i] == '\\' && i + 1 < n && line[i + 1] == '\'') {
          ++i;
          cur.push_back('\'');
        } else if (line[i] == '\'') {
          if (i + 1 < n && !is_space(line[i + 1])) return false;
          done = true;
        } else {
          cur.push_back(line[i]);
        }
      } else {
        if (i >= n) {
          done = true;
          break;
        }
        char c = line[i];
        if (is_space(c)) done = true;
        else if (c == '"') in_dq = true;
        else if (c == '\'') in_sq = true;
        else cur.push_back(c);
      }
      if (i < n) ++i;
    }
    out->push_back(std::move(cur));
  }
}

}  // namespace tessera::protocol
