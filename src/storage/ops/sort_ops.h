// SORT and SORT_RO: the elements of a list, set or sorted set, ordered by their own value
// or by other keys' values (BY pattern), each reported as itself or as other keys' values
// (GET pattern), optionally stored as a list (STORE). Redis 7.0's sort.c semantics.
//
// Locking: a SORT whose patterns read other keys locks every shard of the db for its
// whole run (the keys it reads are known only from the elements), so it is atomic; one
// without such patterns locks the source's and destination's shards only.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "absl/functional/function_ref.h"
#include "core/status.h"
#include "storage/store.h"

namespace tessera::ops::sort {

struct Spec {
  std::string_view key;
  std::optional<std::string_view> by;  // BY pattern (one without '*' means no sorting)
  std::vector<std::string_view> gets;  // GET patterns, in order
  int64_t limit_start = 0;
  int64_t limit_count = -1;  // negative: no limit
  bool desc = false;
  bool alpha = false;
  std::optional<std::string_view> store;  // STORE destination
  int64_t list_fill = -2;                 // list-max-listpack-size, for STORE
  // Set by the parser: a BY pattern without '*' was given (it stays set even when a later
  // BY has one, as in Redis). The elements then keep their stored order.
  bool dontsort = false;
  // Called from a script: a set is then sorted even without sorting asked for, so that
  // the result does not depend on the set's layout (as with STORE).
  bool from_script = false;
};

// Without STORE: begin(n), then n values (nullopt: a GET pattern found nothing).
// kWrongType when the key holds another type; kSortScore when an element (or BY value)
// is not a double and ALPHA was not given.
using Begin = absl::FunctionRef<void(size_t n)>;
using Out = absl::FunctionRef<void(std::optional<std::string_view>)>;
OpStatus Sort(storage::Db& db, const Spec& spec, Begin begin, Out out);

// With STORE: the number of values stored in spec.store (0 deletes it).
OpResult<int64_t> SortStore(storage::Db& db, const Spec& spec);

// Redis's lookupKeyByPattern for one element: "#" is the element itself; otherwise the
// first '*' of the pattern is replaced by the element and the key read as a string, or,
// with "->field" after the '*', as that hash field. False when there is nothing to read.
// Requires the shard of the looked-up key to be held by this thread.
bool LookupPattern(storage::Db& db, std::string_view pattern, std::string_view elem,
                   std::string* out);

}  // namespace tessera::ops::sort
