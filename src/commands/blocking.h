// Blocking commands (BLPOP BRPOP BLMPOP BLMOVE BRPOPLPUSH, BZPOPMIN BZPOPMAX BZMPOP):
// clients waiting on keys.
//
// A blocking command first tries its non-blocking form; when there is nothing to take, the
// op queues a BlockedClient on every key while it still holds the keys' shard locks
// (ops::list::MPopOrWait / MoveOrWait, ops::zset::MPopOrWait), so no push can slip in between. The connection then
// stops reading commands (Server::OnData) and its loop gets a timer for the deadline.
//
// Serving: when a key with waiters gets a list or a sorted set (Shard::Insert/Replace mark it
// ready), the
// thread that made the change serves the waiters, oldest first, before it releases the
// shard lock (Shard::Unlock calls ServeReadyKey): for each waiter of the value's type (a
// BLPOP waiter is not served by a sorted set), it pops, formats the reply
// in the waiter's protocol, marks it served and wakes the waiter's loop through its Waker.
// No other client can pop the element in between, on any thread. BLMOVE's destination is
// taken with a try-lock (or is held already); when it is busy the key is served again right
// after the current command instead (ServeDeferred), so lock order is never violated.
//
// The waiter's own thread (Server::Poll -> ResumeBlocked) sends the reply, or a timeout
// null, or CLIENT UNBLOCK's answer, removes the waiter from its keys and runs the commands
// that arrived meanwhile. Exactly one of served / timed out / unblocked / cancelled wins,
// decided by one compare-and-swap on `state`.
//
// Where this differs from Redis (known, small):
// - A waiter belongs to the Db object it blocked on; after SWAPDB it still waits there
//   (Redis re-checks the keys of the swapped index).
// - The blocking command counts in commandstats when it starts, not when it is served.
// - A BLMOVE served through ServeDeferred (its destination shard was busy) leaves a short
//   window between the push and the serve in which another client may take the element;
//   the waiter then stays blocked.
#pragma once

#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "commands/server_state.h"
#include "protocol/reply_builder.h"
#include "storage/ops/list_ops.h"
#include "storage/ops/zset_ops.h"
#include "storage/store.h"

namespace tessera::commands {

class CommandContext;

class BlockedClient final : public storage::KeyWaiter {
 public:
  enum State : int {
    kWaiting,
    kServing,   // a thread is popping for it
    kServed,    // `reply` holds the answer
    kTimedOut,
    kUnblockedTimeout,  // CLIENT UNBLOCK [TIMEOUT]
    kUnblockedError,    // CLIENT UNBLOCK ERROR
    kCancelled,         // disconnected or RESET
  };
  enum Kind { kPop, kMPop, kMove, kZPop, kZMPop };

  std::atomic<int> state{kWaiting};
  Kind kind = kPop;
  ops::list::End end = ops::list::End::kHead;  // where to pop
  ops::list::End to = ops::list::End::kHead;   // kMove: where to push
  bool max = false;                            // kZPop, kZMPop: BZPOPMAX, BZMPOP MAX
  size_t count = 1;                            // kMPop, kZMPop
  storage::Db* db = nullptr;
  std::vector<std::string> keys;  // waited on, in the command's order
  std::string dst;                // kMove
  int resp = 2;
  ClientState::Waker waker;
  int64_t deadline_ms = 0;  // monotonic; 0 = forever
  std::string reply;        // written by the serving thread before kServed
};

// Parses a blocking timeout in seconds (fractions allowed, 0 = forever) as Redis does:
// *ms gets the timeout in ms; false with the error sent.
bool ParseBlockTimeout(std::string_view arg, CommandContext& ctx, int64_t* ms);

// A new waiter for ctx's client, for keys args[first..last].
std::shared_ptr<BlockedClient> NewWaiter(CommandContext& ctx, BlockedClient::Kind kind);

// The op queued `w` on its keys: the client blocks (no reply now) until served, timed out
// (timeout_ms > 0) or unblocked.
void Block(CommandContext& ctx, std::shared_ptr<BlockedClient> w, int64_t timeout_ms);

// From the client's own thread (Server::Poll): when its blocked command has finished
// (served, timed out, unblocked), sends the reply through `reply`, forgets the waiter and
// returns true; false while it still waits.
bool ResumeBlocked(ServerState& server, ClientState& client, protocol::ReplyBuilder& reply);

// Disconnect or RESET: the client stops waiting (it is never served after this).
void CancelBlocked(ServerState& server, ClientState& client);

// CLIENT UNBLOCK: true when `target` was waiting and now is not (its thread is woken).
bool UnblockClient(ClientState& target, bool with_error);

// Serves what BLMOVE could not take at once (its destination shard was busy). Called after
// each command when this thread holds no shard.
// Inline so that the per-command check is one thread-local load, not a call.
extern thread_local bool t_blocking_deferred;  // ServeDeferred has work
void ServeDeferredWork();
inline void ServeDeferred() {
  if (t_blocking_deferred) ServeDeferredWork();
}

// Publishes the keyspace events of the waiters this thread served during the command that
// just ran (their pops, and "del" for a key a serve emptied): Dispatch calls it after the
// command's own events, as Redis serves blocked clients after the command.
extern thread_local bool t_served_events_pending;
void PublishServedEventsWork();
inline void PublishServedEvents() {
  if (t_served_events_pending) PublishServedEventsWork();
}

// Installs ServeReadyKey as the store's ReadyHook, reading list-max-listpack-size from the
// server's config (for BLMOVE's push) and publishing served waiters' events through it.
// Called by ServerState.
void InstallBlocking(ServerState* server);
// Stops publishing served waiters' events through `server` if it is the one installed.
void RemoveBlocking(ServerState* server);

}  // namespace tessera::commands
