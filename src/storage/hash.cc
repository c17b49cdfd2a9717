#include "storage/hash.h"

#include <malloc.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <vector>

namespace tessera::storage {

namespace {
size_t Usable(const void* p) { return p ? malloc_usable_size(const_cast<void*>(p)) : 0; }
}  // namespace

HashObject::HashObject() = default;

HashObject::~HashObject() { free(buf_); }

size_t HashObject::MemoryUsage() const {
  size_t n = sizeof(*this) + Usable(buf_);
  if (table_) n += sizeof(BlobTable) + table_->MemoryUsage() + blob_bytes_;
  return n;
}

const char* HashObject::FindPacked(std::string_view field) const {
  const char* p = buf_;
  const char* end = buf_ + bytes_;
  while (p < end) {
    const char* start = p;
    std::string_view f = packed::Read(p, &p);
    if (f == field) return start;
    packed::Read(p, &p);  // its value
  }
  return nullptr;
}

bool HashObject::Get(std::string_view field, absl::FunctionRef<void(std::string_view)> out) const {
  if (table_) {
    auto link = table_->FindLink(field, HashKey(field));
    if (!link) return false;
    out(BlobValue(*link));
    return true;
  }
  const char* at = FindPacked(field);
  if (!at) return false;
  const char* p;
  packed::Read(at, &p);
  out(packed::Read(p, &p));
  return true;
}

void HashObject::ToTable() {
  auto t = std::make_unique<BlobTable>();
  ForEach([&](std::string_view f, std::string_view v) {  // still the packed fields
    Blob* b = NewBlob(f, v, true);
    blob_bytes_ += BlobBytes(b);
    t->Insert(b, HashKey(f));
  });
  table_ = std::move(t);
  free(buf_);
  buf_ = nullptr;
  bytes_ = count_ = 0;
}

bool HashObject::Set(std::string_view field, std::string_view value, const Limits& lim,
                     bool only_new) {
  if (!table_) {
    const char* at = FindPacked(field);
    if (at && only_new) return false;
    bool too_long = int64_t(field.size()) > lim.max_value || int64_t(value.size()) > lim.max_value;
    bool too_many = !at && int64_t(count_) + 1 > lim.max_entries;
    if (!too_long && !too_many) {
      if (at) {  // replace the value in place, moving what follows it
        const char* vstart;
        packed::Read(at, &vstart);
        const char* vend;
        packed::Read(vstart, &vend);
        size_t old_sz = size_t(vend - vstart), new_sz = packed::ElemSize(value.size());
        size_t off = size_t(vstart - buf_), tail = bytes_ - size_t(vend - buf_);
        if (new_sz > old_sz) {
          char* nb = static_cast<char*>(realloc(buf_, bytes_ + new_sz - old_sz));
          if (!nb) abort();
          buf_ = nb;
        }
        memmove(buf_ + off + new_sz, buf_ + off + old_sz, tail);
        packed::Write(buf_ + off, value);
        bytes_ = uint32_t(bytes_ + new_sz - old_sz);
        return false;
      }
      size_t add = packed::ElemSize(field.size()) + packed::ElemSize(value.size());
      size_t cap = Usable(buf_);
      if (bytes_ + add > cap) {
        // Grow by a quarter: small hashes stay close to their size.
        size_t want = std::max(bytes_ + add, cap + cap / 4);
        char* nb = static_cast<char*>(realloc(buf_, want));
        if (!nb) abort();
        buf_ = nb;
      }
      char* p = packed::Write(buf_ + bytes_, field);
      packed::Write(p, value);
      bytes_ += uint32_t(add);
      ++count_;
      return true;
    }
    ToTable();
  }
  uint64_t h = HashKey(field);
  auto link = table_->FindLink(field, h);
  if (link) {
    if (only_new) return false;
    Blob* b = NewBlob(field, value, true);
    blob_bytes_ += BlobBytes(b);
    Blob* old = table_->Replace(link, b);
    blob_bytes_ -= BlobBytes(old);
    free(old);
    return false;
  }
  Blob* b = NewBlob(field, value, true);
  blob_bytes_ += BlobBytes(b);
  table_->Insert(b, h);
  return true;
}

bool HashObject::Del(std::string_view field) {
  if (table_) {
    auto link = table_->FindLink(field, HashKey(field));
    if (!link) return false;
    Blob* b = table_->Unlink(link);
    blob_bytes_ -= BlobBytes(b);
    free(b);
    ShrinkIfSparse(table_.get());
    return true;
  }
  const char* at = FindPacked(field);
  if (!at) return false;
  const char* p;
  packed::Read(at, &p);
  packed::Read(p, &p);
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
  if (table_) {
    for (size_t b = 0; b < table_->bucket_count(); ++b)
      table_->ForEachInBucket(b, [&](Blob* n) { f(BlobTraits::Key(n), BlobValue(n)); });
    return;
  }
  for (const char* p = buf_; p < buf_ + bytes_;) {
    std::string_view k = packed::Read(p, &p);
    std::string_view v = packed::Read(p, &p);
    f(k, v);
  }
}

uint64_t HashObject::Scan(uint64_t cursor, size_t count, Pair f) const {
  if (!table_) {
    ForEach(f);
    return 0;
  }
  size_t seen = 0;
  uint64_t b = cursor;
  for (; b < table_->bucket_count() && seen < count; ++b)
    table_->ForEachInBucket(b, [&](Blob* n) {
      f(BlobTraits::Key(n), BlobValue(n));
      ++seen;
    });
  return b >= table_->bucket_count() ? 0 : b;
}

void HashObject::PackedAt(size_t i, Pair f) const {
  const char* p = buf_;
  for (size_t k = 0; k < i; ++k) {
    packed::Read(p, &p);
    packed::Read(p, &p);
  }
  std::string_view k = packed::Read(p, &p);
  f(k, packed::Read(p, &p));
}

void HashObject::Random(Pair f) const {
  if (!table_) return PackedAt(MemberRng()() % count_, f);
  Blob* b = RandomBlob(*table_);
  f(BlobTraits::Key(b), BlobValue(b));
}

Object* HashObject::Clone() const {
  auto* c = new HashObject();
  if (table_) {
    c->table_ = std::make_unique<BlobTable>();
    ForEach([&](std::string_view k, std::string_view v) {
      Blob* b = NewBlob(k, v, true);
      c->blob_bytes_ += BlobBytes(b);
      c->table_->Insert(b, HashKey(k));
    });
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
