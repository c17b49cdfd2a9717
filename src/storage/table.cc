#include "storage/table.h"

#include "absl/hash/hash.h"

namespace tessera::storage {

uint64_t HashKey(std::string_view key) { return absl::Hash<std::string_view>{}(key); }

Entry** Table::FindLink(std::string_view key, uint64_t hash) {
  if (nbuckets_ == 0) return nullptr;
  uint8_t tag = HashTag(hash);
  Entry** link = Slot(BucketFor(hash));
  while (Entry* e = *link) {
    if (e->tag() == tag && e->key() == key) return link;
    // the next field is the first 8 bytes of the entry
    link = reinterpret_cast<Entry**>(e);
  }
  return nullptr;
}

void Table::Insert(Entry* e, uint64_t hash) {
  if (nbuckets_ == 0) {
    segs_.emplace_back(new Entry*[kSegSize]());
    nbuckets_ = 1;
    low_mask_ = 0;
  }
  Entry** slot = Slot(BucketFor(hash));
  e->set_next(*slot);
  *slot = e;
  ++size_;
  if (double(size_) > kMaxLoad * double(nbuckets_)) SplitOne();
}

Entry* Table::Unlink(Entry** link) {
  Entry* e = *link;
  *link = e->next();
  e->set_next(nullptr);
  --size_;
  return e;
}

Entry* Table::Replace(Entry** link, Entry* repl) {
  Entry* old = *link;
  repl->set_next(old->next());
  *link = repl;
  old->set_next(nullptr);
  return old;
}

void Table::SplitOne() {
  size_t from = nbuckets_ - (low_mask_ + 1);
  size_t to = nbuckets_;
  if ((to >> kSegShift) >= segs_.size()) segs_.emplace_back(new Entry*[kSegSize]());
  ++nbuckets_;
  size_t high_bit = low_mask_ + 1;
  Entry* chain = *Slot(from);
  Entry** keep = Slot(from);
  Entry** move = Slot(to);
  *keep = nullptr;
  *move = nullptr;
  while (chain) {
    Entry* next = chain->next();
    if (HashKey(chain->key()) & high_bit) {
      chain->set_next(*move);
      *move = chain;
    } else {
      chain->set_next(*keep);
      *keep = chain;
    }
    chain = next;
  }
  if (nbuckets_ == 2 * high_bit) low_mask_ = 2 * high_bit - 1;
}

void Table::Clear() {
  for (size_t b = 0; b < nbuckets_; ++b) {
    Entry* e = *Slot(b);
    while (e) {
      Entry* n = e->next();
      Entry::Destroy(e);
      e = n;
    }
  }
  segs_.clear();
  nbuckets_ = 0;
  low_mask_ = 0;
  size_ = 0;
}

}  // namespace tessera::storage
