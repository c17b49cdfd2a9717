// Lazy freeing (UNLINK, FLUSHDB/FLUSHALL ASYNC): entries whose values take long to free (a
// collection of many elements) are destroyed on a background thread instead of the
// command's, as Redis's lazyfree does. The entries are already out of the keyspace (and out
// of its memory count) when they are queued.
#pragma once

#include <cstdint>
#include <vector>

#include "storage/entry.h"

namespace tessera::storage {

// Redis's free effort: the elements a collection holds, 1 for anything else.
size_t FreeEffort(const Entry* e);
// Destroys e now when that is cheap (effort <= 64, as Redis's LAZYFREE_THRESHOLD), else
// hands it to the background thread.
void FreeMaybeLazily(Entry* e);
// Hands every entry to the background thread (a flushed db).
void FreeLazily(std::vector<Entry*> entries);
// INFO's lazyfree_pending_objects and lazyfreed_objects.
uint64_t LazyFreePending();
uint64_t LazyFreed();

}  // namespace tessera::storage
