// Shared steps of the collection ops (lists, hashes, sets): finding a key's value as its
// type, and creating it empty when a write needs it. Every change to the object found this
// way happens inside a storage::ValueChange. All of these require the key's shard lock.
#pragma once

#include <algorithm>
#include <memory>
#include <string>

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
  spec.access = storage::NewAccess();
  *e = storage::Entry::Create(spec);
  if (!*e) {
    delete spec.object;
    return OpStatus::kOutOfMemory;
  }
  loc.shard->Insert(*e, loc.hash);
  return static_cast<T*>((*e)->object());
}

// A single-key op's first lines in one: the key located, its shard locked (through
// ShardGuard, until this object goes), and its value found as T (created empty when
// `create` is set). Declare a ValueChange after it, so that the change ends first.
//   Locked<SetObject> s(db, key, ValueType::kSet);
//   if (!s.ok()) return s.status();  // WRONGTYPE
//   if (!s.obj) return int64_t(0);    // missing key
template <typename T>
class Locked {
 public:
  Locked(storage::Db& db, std::string_view key, storage::ValueType type, bool create = false)
      : loc(storage::Locate(db, key)), guard_(*loc.shard) {
    auto r = create ? FindOrCreate<T>(loc, type, &entry) : FindObject<T>(loc, type, &entry);
    if (r) obj = *r;
    else status_ = r.status();
  }
  Locked(const Locked&) = delete;
  Locked& operator=(const Locked&) = delete;
  bool ok() const { return status_ == OpStatus::kOk; }
  OpStatus status() const { return status_; }
  // The ValueChange for an in-place change of obj: `auto vc = o.Change();`.
  storage::ValueChange Change() { return storage::ValueChange(*loc.shard, entry, loc.hash); }

  const storage::KeyLoc loc;
  storage::Entry* entry = nullptr;
  T* obj = nullptr;

 private:
  storage::ShardGuard guard_;
  OpStatus status_ = OpStatus::kOk;
};

// Makes `obj` the value of loc's key (held), replacing whatever it held (and its TTL), or
// deletes the key when obj is empty: the STORE commands' last step. Returns obj's size.
inline OpResult<int64_t> StoreObject(const storage::KeyLoc& loc, storage::ValueType type,
                                     std::unique_ptr<storage::Object> obj) {
  storage::Link link = loc.shard->FindLink(loc.key, loc.hash, FastClock::NowMs());
  int64_t n = int64_t(obj->Size());
  if (n == 0) {  // an empty result deletes dst, which Redis reports as "del"
    if (link) {
      loc.shard->Erase(link);
      storage::NoteEmptied(loc.key);
    }
    return n;
  }
  storage::Entry::Spec spec;
  spec.key = loc.key;
  spec.type = type;
  spec.enc = storage::Encoding::kObject;
  spec.object = obj.release();
  spec.access = storage::NewAccess();
  storage::Entry* e = storage::Entry::Create(spec);
  if (!e) {
    delete spec.object;
    return OpStatus::kOutOfMemory;
  }
  if (link) loc.shard->Replace(link, e);
  else loc.shard->Insert(e, loc.hash);
  return n;
}

// Queues a blocking command's waiter on every key, in each key's shard (all held by the
// caller); served when one of them gets a value of the type it waits for.
inline void EnqueueWaiter(const storage::KeyLocs& locs, const storage::WaiterRef& waiter) {
  for (const storage::KeyLoc& l : locs) {
    auto& q = l.shard->waiting[std::string(l.key)];
    if (std::find(q.begin(), q.end(), waiter) == q.end()) q.push_back(waiter);
  }
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
