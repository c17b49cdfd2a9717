#include "storage/hash.h"

#include <malloc.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>

namespace tessera::storage {

namespace {
size_t Usable(const void* p) { return p ? malloc_usable_size(const_cast<void*>(p)) : 0; }

// Grows a packed buffer to hold `need` bytes: exactly while it is small (the allocator
// rounds to its size class anyway), by a quarter beyond, so a big packed hash filled one
// field at a time is not copied at every field.
char* Grow(char* buf, size_t need) {
  size_t cap = Usable(buf);
  if (need <= cap) return buf;
  size_t want = need <= 512 ? need : std::max(need, cap + cap / 4);
  char* nb = static_cast<char*>(realloc(buf, want));
  if (!nb) abort();  // as operator new would: out of memory
  return nb;
}
}  // namespace

HashObject::HashObject() = default;

HashObject::~HashObject() {
  if (is_table()) delete table_;
  else free(buf_);
}

size_t HashObject::MemoryUsage() const {
  if (is_table())
    return sizeof(*this) + sizeof(Table) + table_->table.MemoryUsage() + table_->blob_bytes;
  return sizeof(*this) + Usable(buf_);
}

const char* HashObject::FindPacked(std::string_view field) const {
  const char* p = buf_;
  const char* end = buf_ + bytes_;
  packed::Scratch sc;
  while (p < end) {
    const char* start = p;
    std::string_view f = packed::ReadFwd(p, &p, &sc);
    if (f == field) return start;
    p = packed::SkipFwd(p);  // its value
  }
  return nullptr;
}

bool HashObject::Get(std::string_view field, absl::FunctionRef<void(std::string_view)> out) const {
  if (is_table()) {
    auto link = table_->table.FindLink(field, HashKey(field));
    if (!link) return false;
    out(BlobValue(*link));
    return true;
  }
  const char* at = FindPacked(field);
  if (!at) return false;
  packed::Scratch sc;
  const char* p = packed::SkipFwd(at);
  out(packed::ReadFwd(p, &p, &sc));
  return true;
}

void HashObject::InsertBlob(Table* t, std::string_view f, std::string_view v, uint64_t h) {
  Blob* b = NewBlob(f, v, true);
  t->blob_bytes += BlobBytes(b);
  t->table.Insert(b, h);
}

void HashObject::ToTable() {
  auto* t = new Table();
  ForEach([&](std::string_view f, std::string_view v) { InsertBlob(t, f, v, HashKey(f)); });
  free(buf_);
  table_ = t;
  bytes_ = 0;
  count_ = kTableMode;
}

bool HashObject::Set(std::string_view field, std::string_view value, const Limits& lim,
                     bool only_new) {
  if (!is_table()) {
    const char* at = FindPacked(field);
    if (at && only_new) return false;
    bool too_long = int64_t(field.size()) > lim.max_value || int64_t(value.size()) > lim.max_value;
    bool too_many = !at && int64_t(count_) + 1 > lim.max_entries;
    if (!too_long && !too_many) {
      if (at) {  // the value changes in place; what follows it moves
        const char* vstart = packed::SkipFwd(at);
        const char* vend = packed::SkipFwd(vstart);
        size_t old_sz = size_t(vend - vstart), new_sz = packed::FwdSize(value);
        size_t off = size_t(vstart - buf_), tail = bytes_ - size_t(vend - buf_);
        if (new_sz > old_sz) buf_ = Grow(buf_, bytes_ + new_sz - old_sz);
        memmove(buf_ + off + new_sz, buf_ + off + old_sz, tail);
        packed::WriteFwd(buf_ + off, value);
        bytes_ = uint32_t(bytes_ + new_sz - old_sz);
        return false;
      }
      size_t add = packed::FwdSize(field) + packed::FwdSize(value);
      buf_ = Grow(buf_, bytes_ + add);
      char* p = packed::WriteFwd(buf_ + bytes_, field);
      packed::WriteFwd(p, value);
      bytes_ += uint32_t(add);
      ++count_;
      return true;
    }
    ToTable();
  }
  uint64_t h = HashKey(field);
  auto link = table_->table.FindLink(field, h);
  if (link) {
    if (only_new) return false;
    Blob* b = NewBlob(field, value, true);
    table_->blob_bytes += BlobBytes(b);
    Blob* old = table_->table.Replace(link, b);
    table_->blob_bytes -= BlobBytes(old);
    free(old);
    return false;
  }
  InsertBlob(table_, field, value, h);
  return true;
}

bool HashObject::Del(std::string_view field) {
  if (is_table()) {
    auto link = table_->table.FindLink(field, HashKey(field));
    if (!link) return false;
    Blob* b = table_->table.Unlink(link);
    table_->blob_bytes -= BlobBytes(b);
    free(b);
    ShrinkIfSparse(&table_->table);
    return true;
  }
  const char* at = FindPacked(field);
  if (!at) return false;
  const char* p = packed::SkipFwd(packed::SkipFwd(at));
  size_t off = size_t(at - buf_), len = size_t(p - at);
  memmove(buf_ + off, buf_ + off + len, bytes_ - off - len);
  bytes_ -= uint32_t(len);
  --count_;
  if (count_ == 0) {
    free(buf_);
    buf_ = nullptr;
  }
  return true;
}

void HashObject::ForEach(Pair f) const {
  if (is_table()) {
    const BlobTable& t = table_->table;
    for (size_t b = 0; b < t.bucket_count(); ++b)
      t.ForEachInBucket(b, [&](Blob* n) { f(BlobTraits::Key(n), BlobValue(n)); });
    return;
  }
  packed::Scratch sk, sv;
  for (const char* p = buf_; p < buf_ + bytes_;) {
    std::string_view k = packed::ReadFwd(p, &p, &sk);
    std::string_view v = packed::ReadFwd(p, &p, &sv);
    f(k, v);
  }
}

uint64_t HashObject::Scan(uint64_t cursor, size_t count, Pair f) const {
  if (!is_table()) {
    ForEach(f);
    return 0;
  }
  const BlobTable& t = table_->table;
  size_t seen = 0;
  uint64_t b = cursor;
  for (; b < t.bucket_count() && seen < count; ++b)
    t.ForEachInBucket(b, [&](Blob* n) {
      f(BlobTraits::Key(n), BlobValue(n));
      ++seen;
    });
  return b >= t.bucket_count() ? 0 : b;
}

void HashObject::PackedAt(size_t i, Pair f) const {
  const char* p = buf_;
  for (size_t k = 0; k < i; ++k) p = packed::SkipFwd(packed::SkipFwd(p));
  packed::Scratch sk, sv;
  std::string_view k = packed::ReadFwd(p, &p, &sk);
  f(k, packed::ReadFwd(p, &p, &sv));
}

void HashObject::Random(Pair f) const {
  if (!is_table()) return PackedAt(MemberRng()() % count_, f);
  Blob* b = RandomBlob(table_->table);
  f(BlobTraits::Key(b), BlobValue(b));
}

Object* HashObject::Clone() const {
  auto* c = new HashObject();
  if (is_table()) {
    auto* t = new Table();
    ForEach([&](std::string_view k, std::string_view v) { c->InsertBlob(t, k, v, HashKey(k)); });
    c->table_ = t;
    c->count_ = kTableMode;
  } else if (bytes_) {
    c->buf_ = static_cast<char*>(malloc(bytes_));
    if (!c->buf_) abort();
    memcpy(c->buf_, buf_, bytes_);
    c->bytes_ = bytes_;
    c->count_ = count_;
  }
  return c;
}

}  // namespace tessera::storage
