#include "storage/table.h"

#include "absl/hash/hash.h"

namespace tessera::storage {

// absl::Hash of absl::string_view: Debian's Abseil has its own string_view type, and
// absl::Hash<std::string_view> there falls back to std::hash (libstdc++'s murmur), which
// costs about twice as much for short keys.
uint64_t HashKey(std::string_view key) {
  return absl::Hash<absl::string_view>{}(absl::string_view(key.data(), key.size()));
}

}  // namespace tessera::storage
