#include "core/strutil.h"

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cctype>
#include <cstring>
#include <limits>


namespace tessera {

bool ParseInt64(std::string_view s, int64_t* out) {
  if (s.empty() || s.size() > 20) return false;
  size_t i = 0;
  bool neg = false;
  if (s.size() == 1 && s[0] == '0') {
    *out = 0;
    return true;
  }
  if (s[0] == '-') {
    neg = true;
    i = 1;
    if (s.size() == 1) return false;
  }
  if (s[i] < '1' || s[i] > '9') return false;
  uint64_t v = 0;
  for (; i < s.size(); ++i) {
    char c = s[i];
    if (c < '0' || c > '9') return false;
    if (v > (std::numeric_limits<uint64_t>::max() - (c - '0')) / 10) return false;
    v = v * 10 + (c - '0');
  }
  if (neg) {
    if (v > uint64_t(std::numeric_limits<int64_t>::max()) + 1) return false;
    *out = v == uint64_t(std::numeric_limits<int64_t>::max()) + 1
               ? std::numeric_limits<int64_t>::min()
               : -int64_t(v);
  } else {
    if (v > uint64_t(std::numeric_limits<int64_t>::max())) return false;
    *out = int64_t(v);
  }
  return true;
}

bool ParseUint64(std::string_view s, uint64_t* out) {
  if (s.empty() || s.size() > 20) return false;
  uint64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    if (v > (std::numeric_limits<uint64_t>::max() - (c - '0')) / 10) return false;
    v = v * 10 + (c - '0');
  }
  *out = v;
  return true;
}

bool ParseLongDouble(std::string_view s, long double* out) {
  if (s.empty() || s.size() >= 5 * 1024) return false;
  if (isspace(static_cast<unsigned char>(s.front()))) return false;
  std::string buf(s);
  char* end = nullptr;
  errno = 0;
  long double v = strtold(buf.c_str(), &end);
  if (end != buf.c_str() + buf.size()) return false;
  if (errno == ERANGE && (v == HUGE_VALL || v == -HUGE_VALL || std::fpclassify(v) == FP_ZERO))
    return false;
  if (std::isnan(v)) return false;
  *out = v;
  return true;
}

bool ParseDouble(std::string_view s, double* out) {
  if (s.empty() || s.size() >= 5 * 1024) return false;
  if (isspace(static_cast<unsigned char>(s.front()))) return false;
  // strtod needs a terminated string: a stack copy for the usual short score (ZADD parses
  // one per member), the heap only for long ones.
  char small[64];
  std::string big;
  const char* p;
  if (s.size() < sizeof(small)) {
    memcpy(small, s.data(), s.size());
    small[s.size()] = '\0';
    p = small;
  } else {
    big.assign(s);
    p = big.c_str();
  }
  char* end = nullptr;
  errno = 0;
  double v = strtod(p, &end);
  if (end != p + s.size()) return false;
  if (errno == ERANGE && (v == HUGE_VAL || v == -HUGE_VAL || std::fpclassify(v) == FP_ZERO))
    return false;
  if (std::isnan(v)) return false;
  *out = v;
  return true;
}

size_t FormatInt64(int64_t v, char* buf) {
  size_t len = 0;
  uint64_t u = uint64_t(v);
  if (v < 0) {
    buf[len++] = '-';
    u = uint64_t(0) - u;
  }
  size_t digits = 1;
  for (uint64_t t = u; t >= 10; t /= 10) ++digits;
  len += digits;
  char* p = buf + len;
  do {
    *--p = char('0' + u % 10);
    u /= 10;
  } while (u);
  return len;
}

std::string Int64ToString(int64_t v) {
  char buf[24];
  return std::string(buf, FormatInt64(v, buf));
}

std::string FormatLongDoubleHuman(long double v) {
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  char buf[5 * 1024 + 64];
  int len = snprintf(buf, sizeof(buf), "%.17Lf", v);
  if (len <= 0 || size_t(len) >= sizeof(buf)) return "0";
  if (strchr(buf, '.')) {
    while (len > 0 && buf[len - 1] == '0') --len;
    if (len > 0 && buf[len - 1] == '.') --len;
  }
  std::string out(buf, len);
  if (out == "-0") out = "0";
  return out;
}

std::string FormatDouble(double v) {
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  char buf[128];
  int len = snprintf(buf, sizeof(buf), "%.17g", v);
  return std::string(buf, len);
}

namespace {
// Redis's stringmatchlen, with its bound on the work: once the pattern after some star
// has failed against every suffix of the string, no earlier star can do better by eating
// more (the rest would have to start later still), so *give_up unwinds every level at
// once. Without it a pattern like "a*a*a*...*b" against a long run of a's backtracks
// exponentially. Each level of recursion takes one star of the pattern; past 1000 the
// match fails rather than exhaust the stack.
bool GlobMatchImpl(const char* p, size_t plen, const char* s, size_t slen, bool nocase,
                   int depth, bool* give_up) {
  if (depth > 1000) return false;
  auto lower = [&](char c) { return nocase ? AsciiToLower(c) : c; };
  while (plen && slen) {
    switch (*p) {
      case '*':
        while (plen > 1 && p[1] == '*') { ++p; --plen; }
        if (plen == 1) return true;
        while (slen) {
          if (GlobMatchImpl(p + 1, plen - 1, s, slen, nocase, depth + 1, give_up)) return true;
          if (*give_up) return false;
          ++s; --slen;
        }
        *give_up = true;  // the rest matches no suffix: no longer match can help
        return false;
      case '?':
        ++s; --slen;
        break;
      case '[': {
        ++p; --plen;
        bool negate = plen && *p == '^';
        if (negate) { ++p; --plen; }
        bool match = false;
        while (plen) {
          if (*p == '\\' && plen >= 2) {
            ++p; --plen;
            if (*p == *s) match = true;
          } else if (*p == ']') {
            break;
          } else if (plen >= 3 && p[1] == '-') {
            char a = lower(p[0]), b = lower(p[2]), c = lower(*s);
            if (a > b) std::swap(a, b);
            if (c >= a && c <= b) match = true;
            p += 2; plen -= 2;
          } else if (lower(*p) == lower(*s)) {
            match = true;
          }
          ++p; --plen;
        }
        if (plen == 0) { --p; ++plen; }  // unterminated set: treat the end as ']'
        if (negate) match = !match;
        if (!match) return false;
        ++s; --slen;
        break;
      }
      case '\\':
        if (plen >= 2) { ++p; --plen; }
        [[fallthrough]];
      default:
        if (lower(*p) != lower(*s)) return false;
        ++s; --slen;
        break;
    }
    ++p; --plen;
    if (slen == 0) {
      while (plen && *p == '*') { ++p; --plen; }
      break;
    }
  }
  return plen == 0 && slen == 0;
}
}  // namespace

bool GlobMatch(std::string_view pattern, std::string_view str, bool nocase) {
  bool give_up = false;
  return GlobMatchImpl(pattern.data(), pattern.size(), str.data(), str.size(), nocase, 0,
                       &give_up);
}

std::optional<uint64_t> ParseMemory(std::string_view s) {
  size_t i = 0;
  while (i < s.size() && (s[i] >= '0' && s[i] <= '9')) ++i;
  if (i == 0) return std::nullopt;
  uint64_t num;
  if (!ParseUint64(s.substr(0, i), &num)) return std::nullopt;
  std::string unit = AsciiLower(s.substr(i));
  uint64_t mul;
  if (unit.empty() || unit == "b") mul = 1;
  else if (unit == "k") mul = 1000;
  else if (unit == "kb") mul = 1024;
  else if (unit == "m") mul = 1000 * 1000;
  else if (unit == "mb") mul = 1024 * 1024;
  else if (unit == "g") mul = 1000ull * 1000 * 1000;
  else if (unit == "gb") mul = 1024ull * 1024 * 1024;
  else return std::nullopt;
  if (num && mul > std::numeric_limits<uint64_t>::max() / num) return std::nullopt;
  return num * mul;
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (AsciiToLower(a[i]) != AsciiToLower(b[i])) return false;
  return true;
}

std::string AsciiLower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = AsciiToLower(c);
  return out;
}

std::string AsciiUpper(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'a' && c <= 'z') c = char(c - 32);
  return out;
}

}  // namespace tessera
