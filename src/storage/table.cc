#include "storage/table.h"

#include <algorithm>

#include "absl/hash/hash.h"

namespace tessera::storage {

// absl::Hash of absl::string_view: Debian's Abseil has its own string_view type, and
// absl::Hash<std::string_view> there falls back to std::hash (libstdc++'s murmur), which
// costs about twice as much for short keys.
uint64_t HashKey(std::string_view key) {
  return absl::Hash<absl::string_view>{}(absl::string_view(key.data(), key.size()));
}

Link Table::FindLink(std::string_view key, uint64_t hash) {
  if (nbuckets_ == 0) return Link();
  uint64_t tag = LinkTag(hash);
  uint64_t* at = Slot(BucketFor(hash));
  while (uint64_t raw = *at) {
    Entry* e = LinkEntry(raw);
    if ((raw >> 48) == tag && e->key() == key) return Link(at);
    at = reinterpret_cast<uint64_t*>(e);  // the next field is the entry's first 8 bytes
  }
  return Link();
}

void Table::Insert(Entry* e, uint64_t hash) {
  if (nbuckets_ == 0) {
    seg0_cap_ = 4;
    segs_.emplace_back(new uint64_t[seg0_cap_]());
    nbuckets_ = 1;
    low_mask_ = 0;
  }
  uint64_t* slot = Slot(BucketFor(hash));
  e->set_next_raw(*slot);
  *slot = reinterpret_cast<uint64_t>(e) | (LinkTag(hash) << 48);
  ++size_;
  if (double(size_) > kMaxLoad * double(nbuckets_)) SplitOne();
}

Entry* Table::Unlink(Link link) {
  Entry* e = *link;
  *link.raw() = e->next_raw();
  e->set_next_raw(0);
  --size_;
  return e;
}

Entry* Table::Replace(Link link, Entry* repl) {
  Entry* old = *link;
  uint64_t tag_bits = *link.raw() & ~kPtrMask;  // same key, same tag
  repl->set_next_raw(old->next_raw());
  *link.raw() = reinterpret_cast<uint64_t>(repl) | tag_bits;
  old->set_next_raw(0);
  return old;
}

void Table::SplitOne() {
  size_t from = nbuckets_ - (low_mask_ + 1);
  size_t to = nbuckets_;
  if (to < kSegSize) {
    if (to >= seg0_cap_) {  // the first segment doubles until it is a full segment
      size_t cap = std::min(seg0_cap_ * 2, kSegSize);
      std::unique_ptr<uint64_t[]> seg(new uint64_t[cap]());
      std::copy(segs_[0].get(), segs_[0].get() + seg0_cap_, seg.get());
      segs_[0] = std::move(seg);
      seg0_cap_ = cap;
    }
  } else if ((to >> kSegShift) >= segs_.size()) {
    segs_.emplace_back(new uint64_t[kSegSize]());
  }
  ++nbuckets_;
  size_t high_bit = low_mask_ + 1;
  uint64_t chain = *Slot(from);
  uint64_t* keep = Slot(from);
  uint64_t* move = Slot(to);
  *keep = 0;
  *move = 0;
  while (chain) {  // each link value carries its entry's tag along
    Entry* e = LinkEntry(chain);
    uint64_t next = e->next_raw();
    uint64_t* dst = (HashKey(e->key()) & high_bit) ? move : keep;
    e->set_next_raw(*dst);
    *dst = chain;
    chain = next;
  }
  if (nbuckets_ == 2 * high_bit) low_mask_ = 2 * high_bit - 1;
}

void Table::Clear() {
  for (size_t b = 0; b < nbuckets_; ++b) {
    uint64_t raw = *Slot(b);
    while (raw) {
      Entry* e = LinkEntry(raw);
      raw = e->next_raw();
      Entry::Destroy(e);
    }
  }
  segs_.clear();
  seg0_cap_ = 0;
  nbuckets_ = 0;
  low_mask_ = 0;
  size_ = 0;
}

}  // namespace tessera::storage
