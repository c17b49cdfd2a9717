#include "storage/set.h"

#include <algorithm>

#include "core/strutil.h"
#include "storage/packed.h"

namespace tessera::storage {

size_t SetObject::MemoryUsage() const {
  size_t n = sizeof(*this) + ints_.capacity() * sizeof(int64_t);
  if (table_) n += sizeof(BlobTable) + table_->MemoryUsage() + blob_bytes_;
  return n;
}

void SetObject::InsertBlob(std::string_view m, uint64_t h) {
  Blob* b = NewBlob(m, {}, false);
  blob_bytes_ += BlobBytes(b);
  table_->Insert(b, h);
}

void SetObject::ToTable() {
  auto t = std::make_unique<BlobTable>();
  table_ = std::move(t);
  char buf[24];
  for (int64_t v : ints_) {
    std::string_view m(buf, FormatInt64(v, buf));
    InsertBlob(m, HashKey(m));
  }
  std::vector<int64_t>().swap(ints_);
}

bool SetObject::Add(std::string_view m, int64_t max_intset) {
  if (!table_) {
    int64_t v;
    if (packed::AsCanonicalInt(m, &v)) {
      auto it = std::lower_bound(ints_.begin(), ints_.end(), v);
      if (it != ints_.end() && *it == v) return false;
      if (int64_t(ints_.size()) + 1 <= max_intset) {
        ints_.insert(it, v);
        return true;
      }
    }
    ToTable();
  }
  uint64_t h = HashKey(m);
  if (table_->FindLink(m, h)) return false;
  InsertBlob(m, h);
  return true;
}

bool SetObject::Remove(std::string_view m) {
  if (!table_) {
    int64_t v;
    if (!packed::AsCanonicalInt(m, &v)) return false;
    auto it = std::lower_bound(ints_.begin(), ints_.end(), v);
    if (it == ints_.end() || *it != v) return false;
    ints_.erase(it);
    if (ints_.empty()) std::vector<int64_t>().swap(ints_);
    return true;
  }
  auto link = table_->FindLink(m, HashKey(m));
  if (!link) return false;
  Blob* b = table_->Unlink(link);
  blob_bytes_ -= BlobBytes(b);
  free(b);
  ShrinkIfSparse(table_.get());
  return true;
}

bool SetObject::Contains(std::string_view m) const {
  if (!table_) {
    int64_t v;
    return packed::AsCanonicalInt(m, &v) && std::binary_search(ints_.begin(), ints_.end(), v);
  }
  return bool(table_->FindLink(m, HashKey(m)));
}

void SetObject::ForEach(Visit f) const {
  if (!table_) {
    char buf[24];
    for (int64_t v : ints_) f(std::string_view(buf, FormatInt64(v, buf)));
    return;
  }
  for (size_t b = 0; b < table_->bucket_count(); ++b)
    table_->ForEachInBucket(b, [&](Blob* n) { f(BlobTraits::Key(n)); });
}

uint64_t SetObject::Scan(uint64_t cursor, size_t count, Visit f) const {
  if (!table_) {
    ForEach(f);
    return 0;
  }
  size_t seen = 0;
  uint64_t b = cursor;
  for (; b < table_->bucket_count() && seen < count; ++b)
    table_->ForEachInBucket(b, [&](Blob* n) {
      f(BlobTraits::Key(n));
      ++seen;
    });
  return b >= table_->bucket_count() ? 0 : b;
}

void SetObject::Random(Visit f) const {
  if (!table_) {
    char buf[24];
    int64_t v = ints_[MemberRng()() % ints_.size()];
    return f(std::string_view(buf, FormatInt64(v, buf)));
  }
  f(BlobTraits::Key(RandomBlob(*table_)));
}

void SetObject::PopRandom(Visit f) {
  if (!table_) {
    size_t i = MemberRng()() % ints_.size();
    char buf[24];
    f(std::string_view(buf, FormatInt64(ints_[i], buf)));
    ints_.erase(ints_.begin() + ptrdiff_t(i));
    if (ints_.empty()) std::vector<int64_t>().swap(ints_);
    return;
  }
  Blob* b = RandomBlob(*table_);
  std::string_view m = BlobTraits::Key(b);
  f(m);
  Blob* gone = table_->Unlink(table_->FindLink(m, HashKey(m)));
  blob_bytes_ -= BlobBytes(gone);
  free(gone);
  ShrinkIfSparse(table_.get());
}

Object* SetObject::Clone() const {
  auto* c = new SetObject();
  if (table_) {
    c->table_ = std::make_unique<BlobTable>();
    ForEach([&](std::string_view m) { c->InsertBlob(m, HashKey(m)); });
  } else {
    c->ints_ = ints_;
  }
  return c;
}

}  // namespace tessera::storage
