// Client-side caching (CLIENT TRACKING), as Redis 7.0 does it.
//
// Default mode: after a read-only command of a tracking client, the keys it read are
// remembered with the client's id in one table (key -> ids; key names only, whatever the db,
// as Redis). When any of those keys changes (storage reports every change through one hook,
// the same point that tells WATCH), the key leaves the table and each remembered client is
// sent an invalidation: a RESP3 push ["invalidate", [key]] to itself, or, with REDIRECT, to
// the redirect client (a RESP2 redirect client gets it as a message on
// `__redis__:invalidate`, if it subscribed to that). OPTIN/OPTOUT with CLIENT CACHING choose
// which reads are remembered; NOLOOP skips the client's own writes. BCAST mode remembers
// nothing: every change of a key matching one of the client's prefixes (all keys with no
// prefix) is sent. FLUSHDB/FLUSHALL send every tracking client the null invalidation and
// empty the table. The table holds at most tracking-table-max-keys keys: past it, keys are
// invalidated and dropped.
//
// Delivery uses the receiver's Pub/Sub queue (commands/pubsub.h), so an invalidation for
// the writing client itself arrives after the reply of the command that caused it, and
// invalidations reach clients on other threads through their loops' wake queues.
//
// Threading: the table has its own mutex, taken inside shard locks (it never waits for a
// shard); receivers are looked up under the client registry's lock, which keeps them alive.
#pragma once

#include <atomic>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/types/span.h"
#include "commands/registry.h"

namespace tessera::commands {

class ServerState;
struct ClientState;
class CommandContext;

class TrackingTable {
 public:
  explicit TrackingTable(ServerState& server) : server_(server) {}
  // After a read-only command of a tracking client: remembers the keys it read.
  void Remember(const ClientState& c, const CommandSpec& spec, CmdArgs args);
  // A key changed (any thread, its shard locked): invalidates it for whoever tracks it.
  void Invalidate(std::string_view key);
  // FLUSHDB/FLUSHALL: the null invalidation to every tracking client; the table empties.
  void InvalidateAll();
  // BCAST prefixes (CLIENT TRACKING ON BCAST [PREFIX ...]; none = every key).
  void AddPrefixes(uint64_t id, const std::vector<std::string>& prefixes);
  void RemovePrefixes(uint64_t id);
  // Clients with tracking on (CLIENT TRACKING ON adds, OFF or disconnect removes).
  void ClientOn();
  void ClientOff();
  size_t Keys();
  size_t Items();  // (key, client) pairs
  size_t Prefixes();
  int64_t clients() const { return clients_.load(std::memory_order_relaxed); }

 private:
  friend void FlushTrackingBatchWork();
  void Send(uint64_t id, absl::Span<const std::string_view> keys, bool null);
  ServerState& server_;
  std::mutex mu_;
  absl::flat_hash_map<std::string, std::vector<uint64_t>> keys_;
  std::vector<std::pair<std::string, uint64_t>> prefixes_;  // (prefix, client id)
  std::atomic<int64_t> clients_{0};
};

// Ends the client's tracking (CLIENT TRACKING OFF, RESET, disconnect).
void StopTracking(ServerState& server, ClientState& c);
// The client whose command runs on this thread (NOLOOP).
void SetTrackingWriter(uint64_t id);
// Around a command (Dispatch, outside EXEC's inner commands): BCAST invalidations of the
// keys it changes are gathered and sent after it, one message per prefix and client.
extern thread_local bool t_tracking_batch;
extern thread_local bool t_tracking_pending;
void FlushTrackingBatchWork();
inline void BeginTrackingBatch() { t_tracking_batch = true; }
inline void EndTrackingBatch() {
  t_tracking_batch = false;
  if (t_tracking_pending) FlushTrackingBatchWork();
}
// After a command of a tracking client: remembers a read's keys as its mode says, and ends a
// CLIENT CACHING that applied to this command.
void AfterTrackedCommand(ServerState& server, ClientState& c, const CommandSpec& spec,
                         CmdArgs args);
// Storage's change hook, installed while some client tracks (storage/store.h).
void InstallTracking(ServerState* server);
void RemoveTracking(ServerState* server);
// CLIENT's tracking subcommands (connection.cc's CLIENT container adds them).
void RegisterTrackingCommands(std::vector<CommandSpec>* subs);

}  // namespace tessera::commands
