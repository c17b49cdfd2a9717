#include "storage/ops/sort_ops.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>

#include "core/clock.h"
#include "storage/hash.h"
#include "storage/list.h"
#include "storage/ops/object_ops.h"
#include "storage/set.h"
#include "storage/zset.h"

namespace tessera::ops::sort {
namespace {

using storage::Db;
using storage::Entry;
using storage::KeyLoc;
using storage::ValueType;

// Redis reads patterns and values as C strings in places (strchr, strstr, strtod, strcoll):
// those stop at the first NUL byte, and so do these.
std::string_view CStr(std::string_view s) { return s.substr(0, s.find('\0')); }

// True when the pattern reads other keys (so every shard must be held).
bool ReadsKeys(std::string_view pattern) {
  std::string_view c = CStr(pattern);
  return c != "#" && c.find('*') != std::string_view::npos;
}

struct Elem {
  std::string v;
  double score = 0;
  bool has_cmp = false;  // cmp holds the BY value (ALPHA with BY)
  std::string cmp;
};

// Redis's strtod-based conversion: the whole C string must be a double, in range, not NaN.
bool ToScore(const std::string& s, double* out) {
  char* end = nullptr;
  errno = 0;
  *out = std::strtod(s.c_str(), &end);
  return *end == '\0' && errno != ERANGE && !std::isnan(*out);
}

int CompareC(const std::string& a, const std::string& b) {
  return std::strcmp(a.c_str(), b.c_str());
}

// The lock a SORT needs: every shard of the db when a pattern reads other keys, else the
// source's and the destination's.
storage::ShardList ShardsFor(Db& db, const Spec& s) {
  storage::ShardList out;
  bool all = !s.dontsort && s.by && ReadsKeys(*s.by);
  for (auto g : s.gets) all = all || ReadsKeys(g);
  if (all) {
    for (size_t i = 0; i < db.num_shards(); ++i) out.push_back(&db.shard(i));
    return out;
  }
  out.push_back(storage::Locate(db, s.key).shard);
  if (s.store) out.push_back(storage::Locate(db, *s.store).shard);
  return out;
}

// The elements to report, sorted, in (*elems)[*start .. *end] (held shards).
OpStatus Prepare(Db& db, Spec s, std::vector<Elem>* elems, int64_t* start, int64_t* end) {
  KeyLoc loc = storage::Locate(db, s.key);
  Entry* e = loc.shard->Find(loc.key, loc.hash, FastClock::NowMs());
  ValueType type = e ? e->type() : ValueType::kList;  // a missing key sorts as an empty list
  if (type != ValueType::kList && type != ValueType::kSet && type != ValueType::kZSet)
    return OpStatus::kWrongType;
  if (s.dontsort && type == ValueType::kSet && (s.store || s.from_script)) {
    // A set's order is its layout's: sorted instead, so that what is stored is stable.
    s.dontsort = false;
    s.alpha = true;
    s.by.reset();
  }
  const storage::Object* obj = e ? e->object() : nullptr;
  if (type == ValueType::kZSet) {
    // Redis converts the sorted set to its skiplist form here (OBJECT ENCODING shows it).
    auto* z = static_cast<storage::ZSetObject*>(e->object());
    if (z->packed()) {
      int64_t before = int64_t(e->ValueMemoryUsage());
      z->UseTree();
      loc.shard->AddUsed(int64_t(e->ValueMemoryUsage()) - before);
    }
  }
  int64_t len = obj ? int64_t(obj->Size()) : 0;
  // LIMIT, clamped first so that start + count cannot overflow.
  *start = std::min(std::max(s.limit_start, int64_t(0)), len);
  int64_t count = std::min(std::max(s.limit_count, int64_t(-1)), len);
  *end = count < 0 ? len - 1 : *start + count - 1;
  if (*start >= len) {
    *start = len - 1;
    *end = len - 2;
  }
  if (*end >= len) *end = len - 1;

  auto take = [&](std::string_view v) {
    elems->emplace_back();
    elems->back().v = v;
  };
  if (obj && type == ValueType::kList) {
    auto* l = static_cast<const storage::ListObject*>(obj);
    if (!s.dontsort) {
      l->Range(0, size_t(len - 1), take);
    } else if (*end >= *start) {  // the range only, in list order (reversed with DESC)
      if (s.desc) l->Range(size_t(len - 1 - *end), size_t(len - 1 - *start), take, true);
      else l->Range(size_t(*start), size_t(*end), take);
      *end -= *start;
      *start = 0;
    }
  } else if (obj && type == ValueType::kSet) {
    static_cast<const storage::SetObject*>(obj)->ForEach(take);
  } else if (obj) {
    auto* z = static_cast<const storage::ZSetObject*>(obj);
    auto visit = [&](std::string_view m, double) {
      take(m);
      return true;
    };
    if (!s.dontsort) {
      z->ForEach(visit);
    } else if (*end >= *start) {  // the rank range only, in score order (reversed with DESC)
      int64_t n = *end - *start + 1;
      z->Walk(size_t(s.desc ? len - 1 - *start : *start), s.desc,
              [&](std::string_view m, double) {
                take(m);
                return --n > 0;
              });
      *end -= *start;
      *start = 0;
    }
  }
  if (s.dontsort) return OpStatus::kOk;

  bool bad_score = false;
  std::string byval;
  for (Elem& el : *elems) {
    if (s.by && !LookupPattern(db, *s.by, el.v, &byval)) continue;  // sorts as 0 / first
    if (s.alpha) {
      if (s.by) {
        el.has_cmp = true;
        el.cmp = byval;
      }
    } else if (!ToScore(s.by ? byval : el.v, &el.score)) {
      bad_score = true;
    }
  }
  if (bad_score) return OpStatus::kSortScore;
  // Redis compares binary-safely when storing and with strcoll otherwise (byte order in
  // the C locale); equal scores fall back to the elements' bytes.
  bool binary = s.store.has_value();
  auto cmp = [&](const Elem& a, const Elem& b) {
    int c;
    if (!s.alpha) {
      c = a.score > b.score ? 1 : a.score < b.score ? -1 : a.v.compare(b.v);
    } else if (s.by) {
      if (!a.has_cmp || !b.has_cmp) c = a.has_cmp == b.has_cmp ? 0 : a.has_cmp ? 1 : -1;
      else c = binary ? a.cmp.compare(b.cmp) : CompareC(a.cmp, b.cmp);
    } else {
      c = binary ? a.v.compare(b.v) : CompareC(a.v, b.v);
    }
    return s.desc ? c > 0 : c < 0;
  };
  std::stable_sort(elems->begin(), elems->end(), cmp);
  return OpStatus::kOk;
}

}  // namespace

bool LookupPattern(Db& db, std::string_view pattern, std::string_view elem,
                   std::string* out) {
  std::string_view c = CStr(pattern);
  if (c == "#") {
    out->assign(elem);
    return true;
  }
  size_t star = c.find('*');
  if (star == std::string_view::npos) return false;  // a fixed key is never read
  size_t arrow = c.find("->", star + 1);
  size_t field_len = 0;
  if (arrow != std::string_view::npos && arrow + 2 < c.size())
    field_len = pattern.size() - arrow - 2;
  size_t post = pattern.size() - star - 1 - (field_len ? field_len + 2 : 0);
  std::string key;
  key.reserve(star + elem.size() + post);
  key.append(pattern.substr(0, star)).append(elem).append(pattern.substr(star + 1, post));

  KeyLoc loc = storage::Locate(db, key);
  Entry* e = loc.shard->Find(loc.key, loc.hash, FastClock::NowMs());
  if (!e) return false;
  if (field_len) {
    if (e->type() != ValueType::kHash) return false;
    auto* h = static_cast<const storage::HashObject*>(e->object());
    return h->Get(pattern.substr(arrow + 2), [&](std::string_view v) { out->assign(v); });
  }
  if (e->type() != ValueType::kString) return false;
  char buf[24];
  out->assign(e->StringValue(buf));
  return true;
}

OpStatus Sort(Db& db, const Spec& spec, Begin begin, Out out) {
  storage::ShardList shards = ShardsFor(db, spec);
  storage::MultiLock lk(shards);
  std::vector<Elem> elems;
  int64_t start, end;
  if (OpStatus st = Prepare(db, spec, &elems, &start, &end); st != OpStatus::kOk) return st;
  int64_t rows = std::max<int64_t>(end - start + 1, 0);
  begin(size_t(rows) * std::max<size_t>(spec.gets.size(), 1));
  std::string val;
  for (int64_t j = start; j <= end; ++j) {
    const std::string& v = elems[size_t(j)].v;
    if (spec.gets.empty()) out(v);
    for (auto g : spec.gets) {
      if (LookupPattern(db, g, v, &val)) out(val);
      else out(std::nullopt);
    }
  }
  return OpStatus::kOk;
}

OpResult<int64_t> SortStore(Db& db, const Spec& spec) {
  storage::ShardList shards = ShardsFor(db, spec);
  storage::MultiLock lk(shards);
  std::vector<Elem> elems;
  int64_t start, end;
  if (OpStatus st = Prepare(db, spec, &elems, &start, &end); st != OpStatus::kOk) return st;
  auto list = std::make_unique<storage::ListObject>();
  std::string val;
  for (int64_t j = start; j <= end; ++j) {
    const std::string& v = elems[size_t(j)].v;
    if (spec.gets.empty()) list->Push(storage::ListObject::kTail, v, spec.list_fill);
    for (auto g : spec.gets) {
      if (!LookupPattern(db, g, v, &val)) val.clear();  // stored as an empty string
      list->Push(storage::ListObject::kTail, val, spec.list_fill);
    }
  }
  return StoreObject(storage::Locate(db, *spec.store), ValueType::kList, std::move(list));
}

}  // namespace tessera::ops::sort
