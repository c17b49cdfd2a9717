// Shared steps of the collection ops (lists, hashes, sets): finding a key's value as its
// type, and creating it empty when a write needs it. Every change to the object found this
// way happens inside a storage::ValueChange. All of these require the key's shard lock.
#pragma once

#include "core/clock.h"
#include "core/status.h"
#include "storage/store.h"

namespace tessera::ops {

// The key's value as T when it has type `type`; nullptr when the key is missing;
// kWrongType when it holds another type. *e gets the entry (or nullptr).
template <typename T>
OpResult<T*> FindObject(const storage::KeyLoc& loc, storage::ValueType type,
                        storage::Entry** e) {
  *e = loc.shard->Find(loc.key, loc.hash, FastClock::NowMs());
  if (!*e) return static_cast<T*>(nullptr);
  if ((*e)->type() != type) return OpStatus::kWrongType;
  return static_cast<T*>((*e)->object());
}

// As FindObject, but a missing key gets a new empty T (the caller fills it inside a
// ValueChange, which deletes the key again if it stays empty).
template <typename T>
OpResult<T*> FindOrCreate(const storage::KeyLoc& loc, storage::ValueType type,
                          storage::Entry** e) {
  auto r = FindObject<T>(loc, type, e);
  if (!r || *r) return r;
  storage::Entry::Spec spec;
  spec.key = loc.key;
  spec.type = type;
  spec.enc = storage::Encoding::kObject;
  spec.object = new T();
  spec.access = storage::LruClock();
  *e = storage::Entry::Create(spec);
  if (!*e) {
    delete spec.object;
    return OpStatus::kOutOfMemory;
  }
  loc.shard->Insert(*e, loc.hash);
  return static_cast<T*>((*e)->object());
}

// Redis's index rules for a range over n elements: negative indexes count from the end;
// false when the range is empty, else [*start, *stop] inside [0, n).
inline bool NormalizeRange(int64_t n, int64_t* start, int64_t* stop) {
  if (*start < 0) *start += n;
  if (*stop < 0) *stop += n;
  if (*start < 0) *start = 0;
  if (*start > *stop || *start >= n) return false;
  if (*stop >= n) *stop = n - 1;
  return true;
}

}  // namespace tessera::ops
