// Packed element codec: strings laid out back to back in one buffer, readable in both
// directions. Used by list nodes (storage/list.h) and small hashes (storage/hash.h).
//
// One element:  [len: varint] [len bytes] [back: size of the two before, reversed varint]
//
// `len` is LEB128 (7 bits per byte, low groups first, high bit = more follow), so an element
// shorter than 128 bytes costs 2 bytes of framing, as a listpack entry does. `back` lets a
// reader at the end of an element find its start: its bytes hold the groups most
// significant first, and every byte but the leftmost has the high bit set, so a reader
// walking right to left knows where it ends.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace tessera::storage::packed {

inline size_t VarintSize(uint64_t v) {
  size_t n = 1;
  while (v >= 128) v >>= 7, ++n;
  return n;
}

// Bytes one element of `len` bytes takes.
inline size_t ElemSize(size_t len) {
  size_t front = VarintSize(len) + len;
  return front + VarintSize(front);
}

// Writes s at p; returns the end of the element.
inline char* Write(char* p, std::string_view s) {
  uint64_t v = s.size();
  while (v >= 128) {
    *p++ = char((v & 127) | 128);
    v >>= 7;
  }
  *p++ = char(v);
  if (!s.empty()) memcpy(p, s.data(), s.size());
  p += s.size();
  uint64_t front = VarintSize(s.size()) + s.size();
  size_t n = VarintSize(front);
  for (size_t k = 0; k < n; ++k)
    p[n - 1 - k] = char(((front >> (7 * k)) & 127) | (k + 1 < n ? 128 : 0));
  return p + n;
}

// The element starting at p; *next gets the start of the one after it.
inline std::string_view Read(const char* p, const char** next) {
  uint64_t len = 0;
  int shift = 0;
  uint8_t b;
  do {
    b = uint8_t(*p++);
    len |= uint64_t(b & 127) << shift;
    shift += 7;
  } while (b & 128);
  std::string_view s(p, len);
  const char* q = p + len;
  *next = q + VarintSize(VarintSize(len) + len);
  return s;
}

// The start of the element that ends at `end`.
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

}  // namespace tessera::storage::packed
