#include "core/config.h"

#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <thread>

#include <unistd.h>

#include "CLI/CLI.hpp"
#include "core/strutil.h"
#include "core/strutil.h"
#include "core/logging.h"
#include "core/strutil.h"
#include "toml++/toml.h"

namespace tessera {

void Config::AddInt(std::string name, std::atomic<int64_t>* field, int64_t lo, int64_t hi,
                    bool mut, std::string help) {
  params_.push_back(Param{
      name, mut, std::move(help), [field] { return Int64ToString(field->load()); },
      [field, lo, hi](std::string_view v, std::string* err) {
        int64_t n;
        if (!ParseInt64(v, &n)) {
          *err = "argument couldn't be parsed into an integer";
          return false;
        }
        if (n < lo || n > hi) {
          *err = StrCat("argument must be between ", lo, " and ", hi, " inclusive");
          return false;
        }
        field->store(n);
        return true;
      }});
}

void Config::AddMemory(std::string name, std::atomic<int64_t>* field, bool mut,
                       std::string help) {
  params_.push_back(Param{name, mut, std::move(help),
                          [field] { return Int64ToString(field->load()); },
                          [field](std::string_view v, std::string* err) {
                            auto n = ParseMemory(v);
                            if (!n || *n > uint64_t(INT64_MAX)) {
                              *err = "argument must be a memory value";
                              return false;
                            }
                            field->store(int64_t(*n));
                            return true;
                          }});
}

void Config::AddNotifyFlags() {
  // Redis's letters, in the order Redis prints them back.
  static constexpr std::pair<char, uint32_t> kClasses[] = {
      {'g', notify::kGeneric}, {'$', notify::kString}, {'l', notify::kList},
      {'s', notify::kSet},     {'h', notify::kHash},   {'z', notify::kZSet},
      {'x', notify::kExpired}, {'e', notify::kEvicted}, {'t', notify::kStream},
      {'d', notify::kModule},  {'n', notify::kNew}};
  auto get = [this] {
    uint32_t f = notify_flags_.load();
    std::string out;
    if ((f & notify::kAll) == notify::kAll) {
      out += 'A';  // as Redis: 'n' is not printed beside A
    } else {
      for (auto [c, bit] : kClasses)
        if (f & bit) out += c;
    }
    if (f & notify::kKeyspace) out += 'K';
    if (f & notify::kKeyevent) out += 'E';
    if (f & notify::kKeyMiss) out += 'm';
    return out;
  };
  auto set = [this](std::string_view v, std::string* err) {
    uint32_t f = 0;
    for (char c : v) {
      uint32_t bit = 0;
      if (c == 'A') bit = notify::kAll;
      else if (c == 'K') bit = notify::kKeyspace;
      else if (c == 'E') bit = notify::kKeyevent;
      else if (c == 'm') bit = notify::kKeyMiss;
      for (auto [l, b] : kClasses)
        if (c == l) bit = b;
      if (!bit) {
        *err = "Invalid event class character. Use 'Ag$lshzxeKEtmdn'.";
        return false;
      }
      f |= bit;
    }
    // Without K or E nothing is delivered (Redis keeps the classes and delivers nothing).
    notify_flags_.store(f);
    return true;
  };
  params_.push_back(Param{"notify-keyspace-events", true,
                          "Keyspace notification classes (Redis's letters: K E g $ l s h z x e "
                          "t m d n A)",
                          get, set});
}

void Config::AddOutputLimits() {
  auto get = [this] {
    static constexpr const char* kNames[] = {"normal", "slave", "pubsub"};
    std::string out;
    for (int c = 0; c < 3; ++c)
      StrAppend(&out, c ? " " : "", kNames[c], " ", output_limits_[c][0].load(), " ",
                output_limits_[c][1].load(), " ", output_limits_[c][2].load());
    return out;
  };
  auto set = [this](std::string_view v, std::string* err) {
    std::vector<std::string_view> words;
    for (size_t i = 0; i < v.size();) {
      while (i < v.size() && (v[i] == ' ' || v[i] == '\t')) ++i;
      size_t j = i;
      while (j < v.size() && v[j] != ' ' && v[j] != '\t') ++j;
      if (j > i) words.push_back(v.substr(i, j - i));
      i = j;
    }
    if (words.size() == 1) {  // our older form: the normal class's hard limit
      auto n = ParseMemory(words[0]);
      if (!n || *n > uint64_t(INT64_MAX)) {
        *err = "argument must be a memory value";
        return false;
      }
      output_limits_[0][0].store(int64_t(*n));
      return true;
    }
    if (words.empty() || words.size() % 4 != 0) {
      *err = "Wrong number of arguments in buffer limit configuration.";
      return false;
    }
    // Everything is checked before anything changes, as Redis does.
    std::vector<std::pair<int, std::array<int64_t, 3>>> parsed;
    for (size_t i = 0; i < words.size(); i += 4) {
      int c;
      if (EqualsIgnoreCase(words[i], "normal")) c = 0;
      else if (EqualsIgnoreCase(words[i], "slave") || EqualsIgnoreCase(words[i], "replica")) c = 1;
      else if (EqualsIgnoreCase(words[i], "pubsub")) c = 2;
      else {
        *err = "Invalid client class specified in buffer limit configuration.";
        return false;
      }
      auto hard = ParseMemory(words[i + 1]), soft = ParseMemory(words[i + 2]);
      int64_t secs;
      if (!hard || !soft || *hard > uint64_t(INT64_MAX) || *soft > uint64_t(INT64_MAX) ||
          !ParseInt64(words[i + 3], &secs) || secs < 0) {
        *err = "Error in hard, soft or soft_seconds setting in buffer limit configuration.";
        return false;
      }
      parsed.push_back({c, {int64_t(*hard), int64_t(*soft), secs}});
    }
    for (const auto& [c, l] : parsed)
      for (int k = 0; k < 3; ++k) output_limits_[c][k].store(l[size_t(k)]);
    return true;
  };
  params_.push_back(Param{"client-output-buffer-limit", true,
                          "Per client class (normal, replica, pubsub): hard soft seconds",
                          get, set});
}

void Config::AddString(std::string name, std::string* field, bool mut, std::string help,
                       std::vector<std::string> allowed) {
  params_.push_back(Param{name, mut, std::move(help),
                          [this, field] {
                            std::lock_guard lk(mu_);
                            return *field;
                          },
                          [this, field, allowed](std::string_view v, std::string* err) {
                            if (!allowed.empty() &&
                                std::find(allowed.begin(), allowed.end(), v) == allowed.end()) {
                              *err = "argument(s) must be one of the following: ";
                              for (size_t i = 0; i < allowed.size(); ++i)
                                StrAppend(err, i ? ", " : "", allowed[i]);
                              return false;
                            }
                            std::lock_guard lk(mu_);
                            *field = std::string(v);
                            return true;
                          }});
}

void Config::AddBool(std::string name, std::string* field, bool mut, std::string help) {
  params_.push_back(Param{name, mut, std::move(help),
                          [this, field] {
                            std::lock_guard lk(mu_);
                            return *field;
                          },
                          [this, field](std::string_view v, std::string* err) {
                            std::string l = AsciiLower(v);
                            if (l != "yes" && l != "no") {
                              *err = "argument must be 'yes' or 'no'";
                              return false;
                            }
                            std::lock_guard lk(mu_);
                            *field = l;
                            return true;
                          }});
}

Config::Config() {
  AddString("bind", &bind_, false, "Address to listen on");
  AddInt("port", &port_, 0, 65535, false, "TCP port to listen on");
  AddInt("memcached-port", &memcached_port_, 0, 65535, false,
         "TCP port of the memcached front end (0 = off); it uses bind's address");
  AddMemory("max-item-size", &max_item_size_, true,
            "memcached front end: largest value of an item (memcached's -I)");
  AddInt("databases", &databases_, 1, 1 << 20, false, "Number of databases (SELECT 0..N-1)");
  AddInt("threads", &threads_, 0, 1024, false, "Worker threads; 0 = one per core");
  AddInt("shards", &shards_, 1, 1 << 16, false,
         "Shards per database (rounded up to a power of two)");
  AddString("io-engine", &io_engine_, false,
            "I/O engine: uring (falls back to epoll where io_uring is unavailable) or epoll",
            {"uring", "epoll"});
  AddBool("io-uring-sqpoll", &io_uring_sqpoll_, false,
          "uring engine: a kernel thread polls each submission queue (costs a core per loop)");
  AddInt("maxclients", &maxclients_, 1, 1'000'000, true, "Maximum connected clients");
  AddBool("protected-mode", &protected_mode_, true,
          "With no password, refuse RESP clients from other hosts than this one (DENIED)");
  AddInt("timeout", &timeout_, 0, INT32_MAX, true,
         "Close a client idle for this many seconds (0 = never)");
  AddMemory("maxmemory", &maxmemory_, true, "Memory limit for data, e.g. 100mb (0 = none)");
  params_.push_back(Param{
      "maxmemory-policy", true,
      "What goes when maxmemory is reached: noeviction, allkeys-/volatile-lru, -lfu, -random, "
      "volatile-ttl, allkeys-s3fifo",
      [this] { return std::string(EvictionPolicyName(memory_policy_.get())); },
      [this](std::string_view v, std::string* err) {
        std::string l = AsciiLower(v);
        for (size_t i = 0; i < std::size(kEvictionPolicyNames); ++i)
          if (l == kEvictionPolicyNames[i]) {
            memory_policy_.policy.store(int64_t(i));
            return true;
          }
        *err = "argument(s) must be one of the following: ";
        for (size_t i = 0; i < std::size(kEvictionPolicyListOrder); ++i)
          StrAppend(err, i ? ", " : "", EvictionPolicyName(kEvictionPolicyListOrder[i]));
        return false;
      }});
  AddInt("maxmemory-samples", &memory_policy_.samples, 1, INT32_MAX, true,
         "Keys sampled per eviction (the LRU/LFU/TTL policies)");
  AddInt("maxmemory-eviction-tenacity", &memory_policy_.tenacity, 0, 100, true,
         "How long a command may spend evicting (10 = 500 us, 100 = unbounded)");
  AddInt("lfu-log-factor", &memory_policy_.lfu_log_factor, 0, INT32_MAX, true,
         "LFU counter's logarithmic factor");
  AddInt("lfu-decay-time", &memory_policy_.lfu_decay_time, 0, INT32_MAX, true,
         "Minutes after which an idle key's LFU counter is decremented");
  AddMemory("proto-max-bulk-len", &proto_max_bulk_len_, true,
            "Largest bulk string a client may send");
  AddMemory("client-query-buffer-limit", &query_buf_limit_, true,
            "Largest pending query buffer per client");
  AddOutputLimits();
  AddNotifyFlags();
  AddInt("tracking-table-max-keys", &tracking_table_max_keys_, 0, INT64_MAX, true,
         "Keys CLIENT TRACKING remembers at most (0 = no limit)");
  AddInt("hz", &hz_, 0, INT32_MAX, true,
         "Background task frequency (active expiry); used within 1..500 as Redis does");
  params_.push_back(Param{"loglevel", true, "Log level: debug, verbose, notice, warning",
                          [this] {
                            std::lock_guard lk(mu_);
                            return loglevel_;
                          },
                          [this](std::string_view v, std::string* err) {
                            log::Level l;
                            if (!log::ParseLevel(v, &l)) {
                              *err = "argument(s) must be one of the following: debug, "
                                     "verbose, notice, warning";
                              return false;
                            }
                            log::SetLevel(l);
                            std::lock_guard lk(mu_);
                            loglevel_ = std::string(v);
                            return true;
                          }});
  AddInt("slowlog-log-slower-than", &slowlog_slower_, -1, INT64_MAX, true,
         "Log commands slower than this many microseconds (-1 = off, 0 = all)");
  AddInt("slowlog-max-len", &slowlog_max_len_, 0, INT64_MAX, true, "Entries kept by SLOWLOG");
  AddInt("latency-monitor-threshold", &latency_threshold_, 0, INT64_MAX, true,
         "Record commands at least this many ms long for LATENCY (0 = off)");
  AddString("requirepass", &requirepass_, true,
            "Password clients must send with AUTH (empty = none)");
  // Collection encodings: the old *-ziplist-* names are aliases of the same values.
  for (const char* n : {"hash-max-listpack-entries", "hash-max-ziplist-entries"})
    AddInt(n, &hash_max_listpack_entries_, 0, INT64_MAX, true,
           "Fields up to which a hash stays packed (listpack)");
  for (const char* n : {"hash-max-listpack-value", "hash-max-ziplist-value"})
    AddMemory(n, &hash_max_listpack_value_, true,
              "Longest field or value (bytes) a packed hash holds");
  for (const char* n : {"list-max-listpack-size", "list-max-ziplist-size"})
    AddInt(n, &list_max_listpack_size_, INT32_MIN, INT32_MAX, true,
           "Per list node: -1..-5 = 4..64 KB, a positive number = elements");
  AddInt("set-max-intset-entries", &set_max_intset_entries_, 0, INT64_MAX, true,
         "Members up to which a set of integers stays an intset");
  for (const char* n : {"zset-max-listpack-entries", "zset-max-ziplist-entries"})
    AddInt(n, &zset_max_listpack_entries_, 0, INT64_MAX, true,
           "Members up to which a sorted set stays packed (listpack)");
  for (const char* n : {"zset-max-listpack-value", "zset-max-ziplist-value"})
    AddMemory(n, &zset_max_listpack_value_, true,
              "Longest member (bytes) a packed sorted set holds");
  AddMemory("hll-sparse-max-bytes", &hll_sparse_max_bytes_, true,
            "Bytes up to which a HyperLogLog stays in the sparse encoding");
  for (const char* n : {"set-max-listpack-entries", "set-max-listpack-value"})
    AddCompat(n, n[17] == 'e' ? "128" : "64", 'i');
  // Redis's parameters without meaning here yet (persistence, encodings, eviction tuning,
  // replication, ...): kind b = yes/no, i = integer, m = memory, s = any string.
  static const struct {
    const char* name;
    const char* def;
    char kind;
  } kCompat[] = {
      {"save", "3600 1 300 100 60 10000", 's'}, {"appendonly", "no", 'b'},
      {"appendfsync", "everysec", 's'}, {"appendfilename", "appendonly.aof", 's'},
      {"dbfilename", "dump.rdb", 's'},
      {"rdbcompression", "yes", 'b'}, {"rdbchecksum", "yes", 'b'},
      {"stop-writes-on-bgsave-error", "yes", 'b'},       {"list-compress-depth", "0", 'i'},
      {"stream-node-max-bytes", "4096", 'm'},
      {"stream-node-max-entries", "100", 'i'}, {"activerehashing", "yes", 'b'},
      {"active-expire-effort", "1", 'i'}, {"lazyfree-lazy-eviction", "no", 'b'},
      {"lazyfree-lazy-expire", "no", 'b'}, {"lazyfree-lazy-server-del", "no", 'b'},
      {"lazyfree-lazy-user-del", "no", 'b'}, {"lazyfree-lazy-user-flush", "no", 'b'},
      {"tcp-keepalive", "300", 'i'},
      {"tcp-backlog", "511", 'i'},
      {"replica-read-only", "yes", 'b'}, {"min-replicas-to-write", "0", 'i'},
      {"min-replicas-max-lag", "10", 'i'}, {"repl-diskless-sync", "yes", 'b'},
      {"lua-time-limit", "5000", 'i'}, {"busy-reply-threshold", "5000", 'i'},
      {"latency-tracking", "yes", 'b'}, {"latency-tracking-info-percentiles", "50 99 99.9", 's'},
      {"activedefrag", "no", 'b'}, {"jemalloc-bg-thread", "yes", 'b'},
      {"cluster-enabled", "no", 'b'},
      {"acllog-max-len", "128", 'i'},
  };
  for (const auto& c : kCompat)
    if (!Find(c.name)) AddCompat(c.name, c.def, c.kind);
  char cwd[4096];
  AddCompat("dir", getcwd(cwd, sizeof(cwd)) ? cwd : "/", 's');  // Redis's default: the cwd
  AddString("enable-debug-command", &enable_debug_, false,
            "Allow DEBUG: no, yes, or local (from loopback connections)", {"no", "yes", "local"});
  for (const auto& p : params_) defaults_.push_back(p.get());
}

void Config::AddCompat(std::string name, std::string def, char kind) {
  std::string* field = &compat_values_.emplace_back(std::move(def));
  std::string help = "Accepted and stored for compatibility with Redis; no effect here yet";
  if (kind == 'b') return AddBool(std::move(name), field, true, std::move(help));
  params_.push_back(Param{name, true, std::move(help),
                          [this, field] {
                            std::lock_guard lk(mu_);
                            return *field;
                          },
                          [this, field, kind](std::string_view v, std::string* err) {
                            int64_t n;
                            if (kind == 'i' && !ParseInt64(v, &n)) {
                              *err = "argument couldn't be parsed into an integer";
                              return false;
                            }
                            if (kind == 'm' && !ParseMemory(v)) {
                              *err = "argument must be a memory value";
                              return false;
                            }
                            std::lock_guard lk(mu_);
                            *field = std::string(v);
                            return true;
                          }});
}

bool Config::Rewrite(std::string* err) {
  if (config_file_.empty()) {
    *err = "The server is running without a config file";
    return false;
  }
  toml::table tbl;
  try {
    tbl = toml::parse_file(config_file_);
  } catch (const toml::parse_error& e) {
    *err = StrCat("Rewriting config file: ", e.description());
    return false;
  }
  for (size_t i = 0; i < params_.size(); ++i) {
    const Param& p = params_[i];
    std::string v = p.get();
    if (v == defaults_[i] && !tbl.contains(p.name)) continue;
    int64_t n;
    if (ParseInt64(v, &n)) tbl.insert_or_assign(p.name, n);
    else tbl.insert_or_assign(p.name, v);
  }
  std::string tmp = config_file_ + ".tmp";
  {
    std::ofstream out(tmp, std::ios::trunc);
    out << "# Written by CONFIG REWRITE\n" << tbl << "\n";
    if (!out) {
      *err = StrCat("Rewriting config file: ", strerror(errno));
      return false;
    }
  }
  if (rename(tmp.c_str(), config_file_.c_str()) != 0) {
    *err = StrCat("Rewriting config file: ", strerror(errno));
    return false;
  }
  return true;
}

const Config::Param* Config::Find(std::string_view name) const {
  for (const auto& p : params_)
    if (EqualsIgnoreCase(p.name, name)) return &p;
  return nullptr;
}

std::vector<std::pair<std::string, std::string>> Config::Get(std::string_view pattern) const {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& p : params_)
    if (GlobMatch(pattern, p.name, true)) out.emplace_back(p.name, p.get());
  return out;
}

Config::SetResult Config::Set(std::string_view name, std::string_view value, std::string* err,
                              bool at_startup) {
  const Param* p = Find(name);
  if (!p) return SetResult::kUnknown;
  if (!p->mutable_at_runtime && !at_startup) {
    *err = "can't set immutable config";
    return SetResult::kImmutable;
  }
  return p->set(value, err) ? SetResult::kOk : SetResult::kInvalid;
}

std::string Config::bind() const {
  std::lock_guard lk(mu_);
  return bind_;
}

std::string Config::enable_debug_command() const {
  std::lock_guard lk(mu_);
  return enable_debug_;
}

std::string Config::requirepass() const {
  std::lock_guard lk(mu_);
  return requirepass_;
}

std::string Config::io_engine() const {
  std::lock_guard lk(mu_);
  return io_engine_;
}

bool Config::protected_mode() const {
  std::lock_guard lk(mu_);
  return protected_mode_ == "yes";
}

bool Config::io_uring_sqpoll() const {
  std::lock_guard lk(mu_);
  return io_uring_sqpoll_ == "yes";
}

Config::LoadResult Config::Load(int argc, const char* const* argv, std::string* msg) {
  CLI::App app{"tessera: an in-memory data-structure store speaking the Redis protocol"};
  app.set_version_flag("--version,-v", "tessera 0.1.0");
  std::string config_path;
  app.add_option("--config", config_path, "TOML configuration file (flags override it)")
      ->check(CLI::ExistingFile);
  std::vector<std::string> raw(params_.size());
  for (size_t i = 0; i < params_.size(); ++i) {
    const Param& p = params_[i];
    std::string help = StrCat(p.help, " (default: ", p.get(), ")");
    app.add_option("--" + p.name, raw[i], help);
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp&) {
    *msg = app.help();
    return LoadResult::kExitOk;
  } catch (const CLI::CallForVersion&) {
    *msg = "tessera 0.1.0";
    return LoadResult::kExitOk;
  } catch (const CLI::ParseError& e) {
    *msg = e.what();
    return LoadResult::kError;
  }
  std::string err;
  if (!config_path.empty()) {
    config_file_ = config_path;
    toml::table tbl;
    try {
      tbl = toml::parse_file(config_path);
    } catch (const toml::parse_error& e) {
      *msg = StrCat("cannot parse ", config_path, ": ", e.description());
      return LoadResult::kError;
    }
    for (auto&& [k, node] : tbl) {
      std::string value;
      if (auto s = node.value<std::string>()) value = *s;
      else if (auto n = node.value<int64_t>()) value = Int64ToString(*n);
      else if (auto b = node.value<bool>()) value = *b ? "yes" : "no";
      else {
        *msg = StrCat(config_path, ": '", k.str(), "' must be a string or a number");
        return LoadResult::kError;
      }
      auto r = Set(k.str(), value, &err, true);
      if (r == SetResult::kUnknown) {
        *msg = StrCat(config_path, ": unknown option '", k.str(), "'");
        return LoadResult::kError;
      }
      if (r != SetResult::kOk) {
        *msg = StrCat(config_path, ": invalid value for '", k.str(), "': ", err);
        return LoadResult::kError;
      }
    }
  }
  for (size_t i = 0; i < params_.size(); ++i) {
    if (app.count("--" + params_[i].name) == 0) continue;
    if (Set(params_[i].name, raw[i], &err, true) != SetResult::kOk) {
      *msg = StrCat("invalid value for --", params_[i].name, " '", raw[i], "': ", err);
      return LoadResult::kError;
    }
  }
  return LoadResult::kOk;
}

}  // namespace tessera
