// Server configuration: one table of parameters with Redis's names, filled from a TOML file
// (--config FILE) and then from command-line flags (a flag wins over the file), and read or
// changed at run time by CONFIG GET/SET.
//
// Threading: values read on the hot path are atomics, so any thread may read them while
// CONFIG SET runs on another; string values are guarded by a mutex.
#pragma once

#include <algorithm>
#include <atomic>
#include <deque>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/memory_policy.h"

namespace tessera {

// notify-keyspace-events classes (Redis's letters in the comments).
namespace notify {
enum : uint32_t {
  kKeyspace = 1 << 0,   // K
  kKeyevent = 1 << 1,   // E
  kGeneric = 1 << 2,    // g
  kString = 1 << 3,     // $
  kList = 1 << 4,       // l
  kSet = 1 << 5,        // s
  kHash = 1 << 6,       // h
  kZSet = 1 << 7,       // z
  kExpired = 1 << 8,    // x
  kEvicted = 1 << 9,    // e
  kStream = 1 << 10,    // t
  kKeyMiss = 1 << 11,   // m
  kModule = 1 << 12,    // d
  kNew = 1 << 13,       // n
  kAll = kGeneric | kString | kList | kSet | kHash | kZSet | kExpired | kEvicted | kStream |
         kModule,       // A
};
}  // namespace notify

class Config {
 public:
  Config();
  Config(const Config&) = delete;
  Config& operator=(const Config&) = delete;

  enum class LoadResult { kOk, kExitOk, kError };
  // Parses flags and the TOML file they name. On kExitOk (--help, --version) the text to
  // print is in *msg; on kError the reason is.
  LoadResult Load(int argc, const char* const* argv, std::string* msg);

  // CONFIG GET: every (name, value) whose name matches one of the glob patterns.
  std::vector<std::pair<std::string, std::string>> Get(std::string_view pattern) const;
  // CONFIG SET of one parameter; on failure *err is the part after "... - ".
  enum class SetResult { kOk, kUnknown, kImmutable, kInvalid };
  SetResult Set(std::string_view name, std::string_view value, std::string* err,
                bool at_startup = false);
  std::string config_file() const { return config_file_; }
  // CONFIG REWRITE: writes the parameters that differ from their defaults (and those the
  // file already had) back into the TOML file the server started with. False + reason.
  bool Rewrite(std::string* err);

  // Typed values.
  std::string bind() const;
  int port() const { return int(port_.load()); }
  // The memcached front end's port (0 = off) and its largest item value.
  int memcached_port() const { return int(memcached_port_.load()); }
  int64_t max_item_size() const { return max_item_size_.load(std::memory_order_relaxed); }
  int databases() const { return int(databases_.load()); }
  int threads() const { return int(threads_.load()); }
  int shards() const { return int(shards_.load()); }
  std::string io_engine() const;  // as configured: "uring" or "epoll"
  bool io_uring_sqpoll() const;
  // protected-mode: with no requirepass, only loopback peers may use the RESP port.
  bool protected_mode() const;
  std::string requirepass() const;
  std::string enable_debug_command() const;
  int64_t maxclients() const { return maxclients_.load(std::memory_order_relaxed); }
  int64_t timeout() const { return timeout_.load(std::memory_order_relaxed); }
  int64_t maxmemory() const { return maxmemory_.load(std::memory_order_relaxed); }
  int64_t proto_max_bulk_len() const { return proto_max_bulk_len_.load(std::memory_order_relaxed); }
  int64_t client_query_buffer_limit() const { return query_buf_limit_.load(std::memory_order_relaxed); }
  // client-output-buffer-limit, per client class as Redis writes it ("normal 0 0 0 replica
  // 256mb 64mb 60 pubsub 32mb 8mb 60"): a client whose pending output passes `hard`, or stays
  // above `soft` for `soft_seconds`, is disconnected. 0 = no limit. A lone memory value (our
  // older form) sets the normal class's hard limit.
  enum class ClientClass { kNormal = 0, kReplica = 1, kPubSub = 2 };
  struct OutputLimit {
    int64_t hard = 0, soft = 0, soft_seconds = 0;
  };
  OutputLimit output_limit(ClientClass c) const {
    const auto& l = output_limits_[int(c)];
    return {l[0].load(std::memory_order_relaxed), l[1].load(std::memory_order_relaxed),
            l[2].load(std::memory_order_relaxed)};
  }
  int64_t output_buffer_limit() const { return output_limit(ClientClass::kNormal).hard; }
  int64_t slowlog_log_slower_than() const { return slowlog_slower_.load(std::memory_order_relaxed); }
  int64_t slowlog_max_len() const { return slowlog_max_len_.load(std::memory_order_relaxed); }
  int64_t latency_monitor_threshold() const { return latency_threshold_.load(std::memory_order_relaxed); }
  int64_t hash_max_listpack_entries() const { return hash_max_listpack_entries_.load(std::memory_order_relaxed); }
  int64_t hash_max_listpack_value() const { return hash_max_listpack_value_.load(std::memory_order_relaxed); }
  int64_t list_max_listpack_size() const { return list_max_listpack_size_.load(std::memory_order_relaxed); }
  int64_t set_max_intset_entries() const { return set_max_intset_entries_.load(std::memory_order_relaxed); }
  int64_t zset_max_listpack_entries() const { return zset_max_listpack_entries_.load(std::memory_order_relaxed); }
  int64_t zset_max_listpack_value() const { return zset_max_listpack_value_.load(std::memory_order_relaxed); }
  int64_t hll_sparse_max_bytes() const { return hll_sparse_max_bytes_.load(std::memory_order_relaxed); }
  // maxmemory-policy and its tuning (read by storage's eviction).
  const MemoryPolicy& memory_policy() const { return memory_policy_; }
  int64_t tracking_table_max_keys() const {
    return tracking_table_max_keys_.load(std::memory_order_relaxed);
  }
  uint32_t notify_flags() const { return notify_flags_.load(std::memory_order_relaxed); }
  int64_t hz() const { return std::clamp<int64_t>(hz_.load(std::memory_order_relaxed), 1, 500); }

 private:
  struct Param {
    std::string name;
    bool mutable_at_runtime;
    std::string help;
    std::function<std::string()> get;
    std::function<bool(std::string_view, std::string*)> set;  // false + reason on error
  };
  void AddInt(std::string name, std::atomic<int64_t>* field, int64_t lo, int64_t hi,
              bool mut, std::string help);
  void AddMemory(std::string name, std::atomic<int64_t>* field, bool mut, std::string help);
  // `allowed` empty: any value; else one of them (the error lists them).
  void AddString(std::string name, std::string* field, bool mut, std::string help,
                 std::vector<std::string> allowed = {});
  void AddBool(std::string name, std::string* field, bool mut, std::string help);
  const Param* Find(std::string_view name) const;
  // Redis parameters that mean nothing here yet: accepted, checked by kind, stored, returned.
  void AddCompat(std::string name, std::string def, char kind);

  std::vector<Param> params_;
  std::vector<std::string> defaults_;        // each parameter's value at construction
  std::deque<std::string> compat_values_;    // storage for AddCompat (stable addresses)
  mutable std::mutex mu_;  // guards the string fields
  std::string bind_ = "127.0.0.1";
  std::string io_engine_ = "uring";
  std::string io_uring_sqpoll_ = "no";
  std::string protected_mode_ = "yes";
  std::string loglevel_ = "notice";
  std::string requirepass_;
  std::string enable_debug_ = "no";
  std::string config_file_;
  std::atomic<int64_t> port_{6379};
  std::atomic<int64_t> memcached_port_{11211};
  std::atomic<int64_t> max_item_size_{1024 * 1024};
  std::atomic<int64_t> databases_{16};
  std::atomic<int64_t> threads_{0};  // 0 = one per core
  std::atomic<int64_t> shards_{256};
  std::atomic<int64_t> maxclients_{10000};
  std::atomic<int64_t> timeout_{0};
  std::atomic<int64_t> maxmemory_{0};
  std::atomic<int64_t> proto_max_bulk_len_{512ll * 1024 * 1024};
  std::atomic<int64_t> query_buf_limit_{1024ll * 1024 * 1024};
  // [class][hard, soft, soft_seconds]. Normal clients keep a hard limit (Redis has none):
  // a client that pipelines without reading cannot grow the server's memory without bound.
  std::atomic<int64_t> output_limits_[3][3] = {{512ll << 20, 0, 0},
                                                {256ll << 20, 64ll << 20, 60},
                                                {32ll << 20, 8ll << 20, 60}};
  void AddOutputLimits();
  void AddNotifyFlags();
  std::atomic<uint32_t> notify_flags_{0};
  std::atomic<int64_t> tracking_table_max_keys_{1000000};
  std::atomic<int64_t> hz_{10};
  std::atomic<int64_t> slowlog_slower_{10000};
  std::atomic<int64_t> slowlog_max_len_{128};
  std::atomic<int64_t> latency_threshold_{0};
  std::atomic<int64_t> hash_max_listpack_entries_{512};
  std::atomic<int64_t> hash_max_listpack_value_{64};
  std::atomic<int64_t> list_max_listpack_size_{-2};
  std::atomic<int64_t> set_max_intset_entries_{512};
  std::atomic<int64_t> zset_max_listpack_entries_{128};
  std::atomic<int64_t> zset_max_listpack_value_{64};
  std::atomic<int64_t> hll_sparse_max_bytes_{3000};
  MemoryPolicy memory_policy_;

};

}  // namespace tessera
