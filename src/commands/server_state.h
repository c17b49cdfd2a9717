// State shared by all connections: the store, the configuration, statistics and the list of
// connected clients (CLIENT LIST/KILL, INFO clients).
//
// Threading: ServerState is shared by all worker threads. Counters are atomics. ClientState
// fields that other threads read (CLIENT LIST) are atomics or guarded by the client's mutex;
// the rest belong to the connection's own thread.
#pragma once

#include <atomic>
#include <cstdint>
#include <deque>
#include <string_view>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/config.h"
#include "storage/store.h"

namespace tessera::commands {

class BlockedClient;  // commands/blocking.h
class Subscriber;     // commands/pubsub.h
class PubSubHub;
class TrackingTable;  // commands/tracking.h

struct ClientState {
  uint64_t id = 0;
  int fd = -1;
  std::string addr;   // peer "ip:port"
  std::string laddr;  // local "ip:port"
  int64_t created_ms = 0;

  std::atomic<int> resp{2};
  int db = 0;
  bool close_after_reply = false;  // QUIT, CLIENT KILL of self, protocol error
  // False while requirepass is set and the client has not passed AUTH (set on accept).
  bool authenticated = true;
  // CLIENT REPLY: ON, OFF (no replies), or SKIP (none for the next command).
  enum class ReplyMode : uint8_t { kOn, kOff, kSkip, kSkipNext } reply_mode = ReplyMode::kOn;
  bool no_evict = false;  // CLIENT NO-EVICT (kept for the eviction issue)
  bool no_touch = false;  // CLIENT NO-TOUCH
  bool monitor = false;   // MONITOR
  // Pub/Sub (commands/pubsub.h): made at the first subscription, kept until the connection
  // ends; its sets are this thread's. The counts are for CLIENT LIST on other threads.
  std::shared_ptr<Subscriber> pubsub;
  std::atomic<int> sub_count{0}, psub_count{0}, ssub_count{0};
  // Has any subscription: Redis's pubsub client class (flags=P, TYPE pubsub, its output limit).
  bool subscribed() const {
    return sub_count.load(std::memory_order_relaxed) +
               psub_count.load(std::memory_order_relaxed) +
               ssub_count.load(std::memory_order_relaxed) > 0;
  }
  std::atomic<size_t> pubsub_pending{0};  // bytes publishers queued, not yet in the output
  // CLIENT TRACKING (commands/tracking.h). The atomics are read by the threads that send
  // invalidations (under the client registry's lock); the rest is this thread's.
  std::atomic<bool> tracking{false};
  std::atomic<uint64_t> tracking_redirect{0};
  std::atomic<bool> tracking_noloop{false};
  std::atomic<bool> tracking_bcast{false};  // CLIENT LIST reads it (flag B)
  std::atomic<bool> tracking_broken{false};  // an invalidation found no redirect client (R)
  bool tracking_optin = false, tracking_optout = false;
  int tracking_caching = 0;  // CLIENT CACHING for the next command: 1 yes, -1 no
  std::vector<std::string> tracking_prefixes;
  // `pubsub` for other threads (set under the lock by SubscriberFor).
  std::shared_ptr<Subscriber> shared_pubsub() const {
    std::lock_guard lk(mu_);
    return pubsub;
  }
  void set_pubsub(std::shared_ptr<Subscriber> s) {
    std::lock_guard lk(mu_);
    pubsub = std::move(s);
  }
  std::string lib_name, lib_ver;  // CLIENT SETINFO

  // Read by other threads.
  std::atomic<int64_t> last_interaction_ms{0};
  std::atomic<const char*> last_cmd{"NULL"};
  std::atomic<int> db_shared{0};
  std::atomic<size_t> qbuf{0};
  std::atomic<size_t> omem{0};
  std::atomic<bool> kill_requested{false};
  std::atomic<uint64_t> tot_net_in{0}, tot_net_out{0}, tot_cmds{0};

  std::string name() const {
    std::lock_guard lk(mu_);
    return name_;
  }
  // The blocking command this client waits in (commands/blocking.h), or null. Set and
  // cleared by the client's own thread, which may read it without the lock; other threads
  // (CLIENT UNBLOCK, CLIENT LIST) take it under the lock.
  std::shared_ptr<BlockedClient> blocked() const {
    std::lock_guard lk(mu_);
    return blocked_;
  }
  bool is_blocked() const { return blocked_ != nullptr; }  // own thread only
  void set_blocked(std::shared_ptr<BlockedClient> b) {
    std::lock_guard lk(mu_);
    blocked_ = std::move(b);
  }
  void set_name(std::string n) {
    std::lock_guard lk(mu_);
    name_ = std::move(n);
  }

  // Set by the net layer: reaches this client's loop. Wake() from any thread makes the loop
  // poll this connection soon (kill_requested, MONITOR output, a blocked command served);
  // WakeAt(ms) from the client's own thread polls it at monotonic time ms (0 cancels).
  struct Waker {
    void* loop = nullptr;
    uint64_t token = 0;
    void (*wake)(void* loop, uint64_t token) = nullptr;
    void (*wake_at)(void* loop, uint64_t token, int64_t at_ms) = nullptr;
    void Wake() const {
      if (wake) wake(loop, token);
    }
    void WakeAt(int64_t at_ms) const {
      if (wake_at) wake_at(loop, token, at_ms);
    }
  } waker;

  // MULTI/EXEC (owner thread only). A queued command is copied into one compact buffer:
  // its arguments are views into the read buffer, which does not outlive the command.
  struct QueuedCommand {
    std::string buf;              // the arguments, back to back
    std::vector<uint32_t> lens;   // their lengths
  };
  bool in_multi = false;
  bool in_exec = false;      // EXEC runs the queue: blocking commands do not block
  bool multi_error = false;  // a command was refused while queueing: EXEC aborts
  bool multi_denyoom = false;  // a queued command may grow memory (EXEC checks maxmemory)
  std::vector<QueuedCommand> queue;
  // WATCH: the keys (db, key) and the flag their shards set when one changes.
  std::atomic<bool> watch_dirty{false};
  std::vector<std::pair<int, std::string>> watched;

 private:
  mutable std::mutex mu_;
  std::string name_;
  std::shared_ptr<BlockedClient> blocked_;
};

class ClientRegistry {
 public:
  void Add(ClientState* c);
  void Remove(ClientState* c);
  size_t Count() const;
  // Calls f for each client under the registry lock (f must not call back into it).
  void ForEach(const std::function<void(ClientState&)>& f) const;
  // Calls f with a lookup by id, valid (and keeping the clients alive) while f runs under
  // the registry lock.
  using FindFn = ClientState* (*)(const void* registry, uint64_t id);
  void WithIds(const std::function<void(FindFn, const void*)>& f) const;

 private:
  mutable std::mutex mu_;
  std::map<uint64_t, ClientState*> clients_;  // ordered by id, as CLIENT LIST prints them
};

// SLOWLOG: the newest commands that ran longer than slowlog-log-slower-than.
struct SlowlogEntry {
  uint64_t id;
  int64_t unix_time;
  int64_t duration_us;
  std::vector<std::string> args;  // trimmed as Redis trims them (32 args, 128 bytes each)
  std::string addr;
  std::string name;
};

// LATENCY: per event, the newest samples at or over latency-monitor-threshold (ms).
struct LatencySample {
  int64_t unix_time;
  int64_t latency_ms;
};
struct LatencyEvent {
  std::vector<LatencySample> history;  // at most 160, oldest first
  int64_t max_ms = 0;
};

struct ServerStats {
  std::atomic<uint64_t> total_connections{0};
  std::atomic<uint64_t> rejected_connections{0};
  std::atomic<uint64_t> net_input_bytes{0};
  std::atomic<uint64_t> net_output_bytes{0};
  std::atomic<uint64_t> total_error_replies{0};
  // Sampled by the cron (Redis averages 16 samples of 100 ms).
  std::atomic<int64_t> instantaneous_ops{0};
  std::atomic<int64_t> instantaneous_input_bps{0};
  std::atomic<int64_t> instantaneous_output_bps{0};
  std::atomic<int64_t> peak_memory{0};

  // Error replies by their code ("ERR", "WRONGTYPE", ...), for INFO errorstats.
  void CountError(std::string_view code);
  std::vector<std::pair<std::string, uint64_t>> ErrorCounts() const;
  void ResetErrors();

 private:
  mutable std::mutex errors_mu_;
  std::map<std::string, uint64_t, std::less<>> errors_;
};

class Slowlog {
 public:
  void Record(const std::vector<std::string_view>& args, int64_t duration_us,
              const ClientState& client, size_t max_len);
  std::vector<SlowlogEntry> Get(int64_t count) const;  // newest first; count < 0: all
  size_t Len() const;
  void Reset();

 private:
  mutable std::mutex mu_;
  std::deque<SlowlogEntry> entries_;  // newest at the front
  uint64_t next_id_ = 0;
};

class LatencyMonitor {
 public:
  void Record(std::string_view event, int64_t latency_ms);
  std::vector<std::pair<std::string, LatencyEvent>> All() const;
  bool History(std::string_view event, LatencyEvent* out) const;
  size_t Reset(const std::vector<std::string_view>& events);  // empty: all

 private:
  mutable std::mutex mu_;
  std::map<std::string, LatencyEvent, std::less<>> events_;
};

// MONITOR: every command run is formatted once and queued for each monitoring client; the
// monitor's loop is woken and moves the text into its output (Drain), on its own thread.
class MonitorHub {
 public:
  void Add(ClientState* c);
  void Remove(ClientState* c);
  bool active() const { return count_.load(std::memory_order_relaxed) > 0; }
  // Formats `args` as Redis's MONITOR line and queues it for every monitor.
  void Feed(const ClientState& from, int db, const std::vector<std::string_view>& args);
  // Appends what is queued for c to *out; false when nothing was.
  bool Drain(ClientState* c, std::string* out);
  // Bytes of text queued for the monitors and not yet moved to their output.
  int64_t PendingBytes();

 private:
  struct Monitor {
    ClientState* client;
    std::string pending;
  };
  std::mutex mu_;
  std::vector<Monitor> monitors_;
  std::atomic<int> count_{0};
};

class ServerState {
 public:
  ServerState(Config& config, storage::Store& store);
  ~ServerState();
  Config& config() { return config_; }
  storage::Store& store() { return store_; }
  ClientRegistry& clients() { return clients_; }
  ServerStats& stats() { return stats_; }
  Slowlog& slowlog() { return slowlog_; }
  MonitorHub& monitors() { return monitors_; }
  LatencyMonitor& latency() { return latency_; }
  PubSubHub& pubsub() { return *pubsub_; }
  TrackingTable& tracking() { return *tracking_; }
  uint64_t NextClientId() { return next_client_id_.fetch_add(1) + 1; }
  int64_t start_ms() const { return start_ms_; }
  // used_memory and its parts (INFO memory, MEMORY STATS): the dataset (every shard's
  // count, exact), the store's fixed structures (as at start-up) and the clients' buffers
  // (as the cron last summed them).
  struct MemoryFigures {
    int64_t dataset = 0, startup = 0, clients = 0, used = 0, peak = 0;
  };
  MemoryFigures Memory();
  // The same total from the store's running counter: what maxmemory is checked against.
  int64_t MemoryForLimit() const;
  // What the dataset may take under `max` once the rest of MemoryForLimit is counted.
  int64_t DatasetLimit(int64_t max) const;
  // Redis's performEvictions: under the limit, or brought under it by evicting keys by
  // maxmemory-policy for at most the time maxmemory-eviction-tenacity allows, true. False
  // only when over the limit with nothing left to evict (noeviction, or volatile-* with no
  // TTL keys): then writes that may grow memory are refused, on either front end. When
  // eviction ran out of time first it is true, as Redis's EVICT_RUNNING: the cron goes on.
  bool MemoryAvailable();
  // The cron's part: evicts for up to budget_us when over the limit; sums the clients'
  // memory (query and output buffers, MONITOR's queued text, messages queued
  // for subscribers, WATCH's maps).
  void MemoryCron(int64_t budget_us);
  std::atomic<int64_t> clients_memory{0};  // mem_clients_normal, refreshed by MemoryCron
  const int64_t startup_memory;            // used_memory_startup
  int io_threads = 1;
  std::string multiplexing_api = "epoll";  // the engine the loops run on (INFO)
  std::string run_id;          // 40 hex characters, new at every start (INFO server)
  std::string replid;          // INFO replication's master_replid
  std::string executable;
  std::atomic<bool> shutdown_requested{false};
  // Asks the process to stop as SIGTERM does (set by main; SHUTDOWN calls it).
  std::function<void()> request_shutdown;

  // CLIENT PAUSE: until pause_end_ms, commands that write (WRITE mode) or all commands (ALL)
  // wait in their connection's input; the active expiry cycle waits too.
  std::atomic<int64_t> pause_end_ms{0};
  std::atomic<bool> pause_all{false};
  std::atomic<int64_t> blocked_clients{0};  // INFO blocked_clients
  bool Paused(int64_t now_ms) const {
    return pause_end_ms.load(std::memory_order_relaxed) > now_ms;
  }

 private:
  Config& config_;
  storage::Store& store_;
  ClientRegistry clients_;
  ServerStats stats_;
  Slowlog slowlog_;
  LatencyMonitor latency_;
  MonitorHub monitors_;
  std::unique_ptr<PubSubHub> pubsub_;
  std::unique_ptr<TrackingTable> tracking_;
  std::atomic<uint64_t> next_client_id_{0};
  int64_t start_ms_;
};

}  // namespace tessera::commands
