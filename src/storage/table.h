// The per-shard hash table: a ChainTable (storage/chain_table.h: linear hashing over
// chained nodes with tagged links) whose nodes are Entries. An entry's chain link is its
// first 8 bytes (entry.h).
//
// Threading: not synchronised; the owning shard's lock guards it.
#pragma once

#include <string_view>

#include "storage/chain_table.h"
#include "storage/entry.h"

namespace tessera::storage {

struct EntryTraits {
  static std::string_view Key(const Entry* e) { return e->key(); }
  static void Destroy(Entry* e) { Entry::Destroy(e); }
};

using Table = ChainTable<Entry, EntryTraits>;
using Link = ChainLink<Entry>;
inline Entry* LinkEntry(uint64_t raw) { return Table::LinkNode(raw); }

}  // namespace tessera::storage
