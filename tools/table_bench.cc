// Compares the per-shard index structures over the same entries: tessera's Table (linear
// hashing, tagged chain links) and an Abseil Swiss table of entry pointers
// (absl::flat_hash_set<Entry*> with heterogeneous lookup by key). Reports the index's heap
// bytes per key (mallinfo2 deltas, glibc malloc: this tool is not linked with mimalloc) at
// several key counts, and lookup/insert speed. Usage: table_bench [max_keys]
#include <malloc.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "storage/entry.h"
#include "storage/ops/string_ops.h"
#include "storage/table.h"

using tessera::storage::Entry;
using tessera::storage::HashKey;
using tessera::storage::Table;

namespace {

struct KeyHash {
  using is_transparent = void;
  size_t operator()(const Entry* e) const { return HashKey(e->key()); }
  size_t operator()(std::string_view k) const { return HashKey(k); }
};
struct KeyEq {
  using is_transparent = void;
  static std::string_view K(const Entry* e) { return e->key(); }
  static std::string_view K(std::string_view k) { return k; }
  template <typename A, typename B>
  bool operator()(const A& a, const B& b) const { return K(a) == K(b); }
};
using SwissIndex = absl::flat_hash_set<Entry*, KeyHash, KeyEq>;

size_t HeapInUse() {
  struct mallinfo2 m = mallinfo2();
  return m.uordblks + m.hblkhd;  // small blocks + mmapped large blocks
}

double Seconds(std::chrono::steady_clock::time_point a) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - a).count();
}

}  // namespace

int main(int argc, char** argv) {
  size_t max_keys = argc > 1 ? strtoull(argv[1], nullptr, 10) : 1000000;
  std::vector<size_t> counts;
  for (size_t n = 10000; n <= max_keys; n = n * 3 + n / 3) counts.push_back(n);  // x3.33
  if (counts.empty() || counts.back() != max_keys) counts.push_back(max_keys);

  std::vector<std::string> keys;
  std::vector<Entry*> entries;
  keys.reserve(max_keys);
  for (size_t i = 0; i < max_keys; ++i) {
    char buf[32];
    snprintf(buf, sizeof(buf), "key:%010zu", i);
    keys.emplace_back(buf);
    auto spec = tessera::ops::string::MakeStringSpec(keys.back(), "0123456789abcdef");
    entries.push_back(Entry::Create(spec));
  }

  printf("%10s  %14s %14s  %14s %14s  %14s %14s\n", "keys", "table B/key", "swiss B/key",
         "table ins ns", "swiss ins ns", "table get ns", "swiss get ns");
  std::mt19937_64 rng(42);
  for (size_t n : counts) {
    // Table
    size_t h0 = HeapInUse();
    auto t0 = std::chrono::steady_clock::now();
    auto* table = new Table();
    for (size_t i = 0; i < n; ++i) table->Insert(entries[i], HashKey(keys[i]));
    double t_ins = Seconds(t0) * 1e9 / double(n);
    double t_bytes = double(HeapInUse() - h0) / double(n);
    // Swiss table
    size_t h1 = HeapInUse();
    t0 = std::chrono::steady_clock::now();
    auto* swiss = new SwissIndex();
    for (size_t i = 0; i < n; ++i) swiss->insert(entries[i]);
    double s_ins = Seconds(t0) * 1e9 / double(n);
    double s_bytes = double(HeapInUse() - h1) / double(n);
    // random hits
    std::vector<size_t> order(2000000);
    for (auto& o : order) o = rng() % n;
    size_t found = 0;
    t0 = std::chrono::steady_clock::now();
    for (size_t i : order) found += bool(table->FindLink(keys[i], HashKey(keys[i])));
    double t_get = Seconds(t0) * 1e9 / double(order.size());
    t0 = std::chrono::steady_clock::now();
    for (size_t i : order) found += swiss->find(std::string_view(keys[i])) != swiss->end();
    double s_get = Seconds(t0) * 1e9 / double(order.size());
    if (found != 2 * order.size()) {
      fprintf(stderr, "lookup mismatch\n");
      return 1;
    }
    printf("%10zu  %14.1f %14.1f  %14.1f %14.1f  %14.1f %14.1f\n", n, t_bytes, s_bytes, t_ins,
           s_ins, t_get, s_get);
    // detach the entries from the table before deleting it (they are reused)
    for (size_t i = 0; i < n; ++i) table->Unlink(table->FindLink(keys[i], HashKey(keys[i])));
    delete table;
    delete swiss;
  }
  for (Entry* e : entries) Entry::Destroy(e);
  return 0;
}
