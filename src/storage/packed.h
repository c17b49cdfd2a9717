// Packed element codecs: strings laid out back to back in one buffer. Used by list nodes
// (storage/list.h), small hashes (storage/hash.h) and hashtable blocks (blob_table.h).
//
// Element ("Fwd", read forwards only: small hashes):
//   [head: varint] [payload]
//   head even: a string of head/2 bytes follows.
//   head odd:  an integer, head/2 = k bytes (1..8) of its zigzag form, little-endian.
// A string that is an integer in canonical form (what Int64ToString prints back, as
// "123" but not "0123" or "+1") is stored as an integer, as a listpack does: "123456" takes
// 1 + 3 bytes instead of 1 + 6. Reading one gives its text back, formatted into the
// caller's Scratch, so a view of an integer element lives as long as that Scratch.
//
// Element ("Bidi", read both ways: list nodes): a Fwd element followed by
//   [back: its size, reversed varint]
// whose bytes hold the groups most significant first, every byte but the leftmost with the
// high bit set, so a reader at the end of an element finds its start.
//
// Raw ([len: varint] [bytes], no integers): keys of hashtable blocks, which lookups compare
// as they are stored.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

#include "core/strutil.h"

namespace tessera::storage::packed {

inline size_t VarintSize(uint64_t v) {
  size_t n = 1;
  while (v >= 128) v >>= 7, ++n;
  return n;
}

inline char* PutVarint(char* p, uint64_t v) {
  while (v >= 128) {
    *p++ = char((v & 127) | 128);
    v >>= 7;
  }
  *p++ = char(v);
  return p;
}

inline const char* GetVarint(const char* p, uint64_t* v) {
  uint64_t x = 0;
  int shift = 0;
  uint8_t b;
  do {
    b = uint8_t(*p++);
    x |= uint64_t(b & 127) << shift;
    shift += 7;
  } while (b & 128);
  *v = x;
  return p;
}

// Where an integer element's text is formatted when it is read.
struct Scratch {
  char buf[24];
};

// Whether s is an integer in canonical form (what FormatInt64 prints back), and its value.
// Stricter than ParseInt64, which takes "+1" and "007".
inline bool AsCanonicalInt(std::string_view s, int64_t* out) {
  size_t n = s.size();
  if (n == 0 || n > 20) return false;
  size_t i = 0;
  bool neg = s[0] == '-';
  if (neg) {
    if (n == 1) return false;
    i = 1;
  }
  if (s[i] == '0' && n > i + 1) return false;  // leading zero
  if (s[i] == '0' && neg) return false;        // "-0"
  uint64_t v = 0;
  for (; i < n; ++i) {
    char c = s[i];
    if (c < '0' || c > '9') return false;
    uint64_t d = uint64_t(c - '0');
    if (v > (UINT64_MAX - d) / 10) return false;
    v = v * 10 + d;
  }
  if (neg) {
    if (v > uint64_t(INT64_MAX) + 1) return false;
    *out = int64_t(0 - v);
  } else {
    if (v > uint64_t(INT64_MAX)) return false;
    *out = int64_t(v);
  }
  return true;
}

inline uint64_t Zigzag(int64_t v) { return (uint64_t(v) << 1) ^ uint64_t(v >> 63); }
inline int64_t Unzigzag(uint64_t z) { return int64_t(z >> 1) ^ -int64_t(z & 1); }
inline size_t IntBytes(uint64_t z) {
  size_t k = 1;
  while (k < 8 && (z >> (8 * k)) != 0) ++k;
  return k;
}

// ---- Fwd elements
inline size_t FwdSize(std::string_view s) {
  int64_t v;
  if (AsCanonicalInt(s, &v)) return 1 + IntBytes(Zigzag(v));
  return VarintSize(uint64_t(s.size()) << 1) + s.size();
}

inline char* WriteFwd(char* p, std::string_view s) {
  int64_t v;
  if (AsCanonicalInt(s, &v)) {
    uint64_t z = Zigzag(v);
    size_t k = IntBytes(z);
    *p++ = char((k << 1) | 1);
    for (size_t i = 0; i < k; ++i) *p++ = char(z >> (8 * i));
    return p;
  }
  p = PutVarint(p, uint64_t(s.size()) << 1);
  if (!s.empty()) memcpy(p, s.data(), s.size());
  return p + s.size();
}

inline std::string_view ReadFwd(const char* p, const char** next, Scratch* scratch) {
  uint64_t head;
  p = GetVarint(p, &head);
  if (head & 1) {
    size_t k = size_t(head >> 1);
    uint64_t z = 0;
    for (size_t i = 0; i < k; ++i) z |= uint64_t(uint8_t(p[i])) << (8 * i);
    *next = p + k;
    return {scratch->buf, FormatInt64(Unzigzag(z), scratch->buf)};
  }
  size_t len = size_t(head >> 1);
  *next = p + len;
  return {p, len};
}

// The end of the Fwd element at p, without decoding it.
inline const char* SkipFwd(const char* p) {
  uint64_t head;
  p = GetVarint(p, &head);
  return p + (head >> 1);  // k integer bytes or the string's length
}

// ---- Bidi elements
inline size_t ElemSize(std::string_view s) {
  size_t front = FwdSize(s);
  return front + VarintSize(front);
}

inline char* Write(char* p, std::string_view s) {
  char* start = p;
  p = WriteFwd(p, s);
  uint64_t front = uint64_t(p - start);
  size_t n = VarintSize(front);
  for (size_t k = 0; k < n; ++k)
    p[n - 1 - k] = char(((front >> (7 * k)) & 127) | (k + 1 < n ? 128 : 0));
  return p + n;
}

inline std::string_view Read(const char* p, const char** next, Scratch* scratch) {
  const char* q;
  std::string_view s = ReadFwd(p, &q, scratch);
  *next = q + VarintSize(uint64_t(q - p));
  return s;
}

// The end of the Bidi element at p.
inline const char* Skip(const char* p) {
  const char* q = SkipFwd(p);
  return q + VarintSize(uint64_t(q - p));
}

// The start of the Bidi element that ends at `end`.
inline const char* Prev(const char* end) {
  const char* p = end;
  uint64_t front = 0;
  int shift = 0;
  uint8_t b;
  do {
    b = uint8_t(*--p);
    front |= uint64_t(b & 127) << shift;
    shift += 7;
  } while (b & 128);
  return p - front;
}

// ---- Raw strings
inline size_t RawSize(size_t len) { return VarintSize(len) + len; }

inline char* WriteRaw(char* p, std::string_view s) {
  p = PutVarint(p, s.size());
  if (!s.empty()) memcpy(p, s.data(), s.size());
  return p + s.size();
}

inline std::string_view ReadRaw(const char* p, const char** next) {
  uint64_t len;
  p = GetVarint(p, &len);
  *next = p + len;
  return {p, size_t(len)};
}

}  // namespace tessera::storage::packed
