// Pub/Sub: channels, patterns and shard channels, and the delivery of messages to
// subscribers on every thread.
//
// Shape: one PubSubHub per server maps each channel (and pattern, and shard channel) to its
// subscribers in the order they subscribed. PUBLISH, on the publisher's thread, formats the
// message once (RESP2 and RESP3 frames differ only in their first byte) and appends it to
// each receiver's Subscriber::pending under that subscriber's own mutex, then wakes the
// receiver's loop, at most once until the loop has drained it (Subscriber::wake_pending).
// The receiver's loop moves `pending` into its output on its own thread (DrainPubSub),
// before the reply of the next command it runs and whenever it is polled. So one publisher's
// messages reach every subscriber in the order published, a RESP2 subscriber never sees a
// message in the middle of a reply, and a loop with many subscribers is woken once per batch
// (its wake queue signals the loop only when it goes from empty to non-empty).
//
// Slow subscribers: each delivery checks the receiver's queued bytes plus the output its loop
// has not written (ClientState::omem) against client-output-buffer-limit's pubsub class.
// Past the hard limit, or above the soft limit for longer than its seconds, the subscriber is
// marked over_limit: nothing more is queued for it and its loop closes it. Memory stays
// bounded and the other subscribers are not slowed down.
//
// Lifetime: the hub holds raw Subscriber pointers. A subscriber leaves every map (under the
// hub's exclusive lock) before its client goes (ReleaseClient), and publishers touch a
// subscriber only under the shared lock, so no publisher can reach a departed client.
//
// Threading: the hub's maps are guarded by mu_ (PUBLISH and PUBSUB read; (UN)SUBSCRIBE
// write). A Subscriber's channel sets belong to its client's thread; `pending` and the limit
// state to whoever holds its mu.
#pragma once

#include <atomic>
#include <cstdint>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "core/config.h"

namespace tessera::commands {

struct ClientState;

enum class SubKind { kChannel = 0, kPattern = 1, kShard = 2 };

class Subscriber {
 public:
  explicit Subscriber(ClientState* c) : client(c) {}
  ClientState* const client;

  // The client's subscriptions (its own thread only).
  absl::flat_hash_set<std::string> names[3];  // by SubKind
  // SUBSCRIBE/PSUBSCRIBE's count (channels + patterns); SSUBSCRIBE counts shard channels.
  size_t Count() const { return names[0].size() + names[1].size(); }

  // Filled by publishers, drained by the client's loop.
  std::mutex mu;
  std::string pending;         // whole frames, in the order published
  int64_t soft_since_ms = 0;   // when the output first went over the soft limit (0: it is not)
  std::atomic<bool> has_pending{false};
  std::atomic<bool> wake_pending{false};  // a wake-up is on its way to the loop
  std::atomic<bool> over_limit{false};    // past client-output-buffer-limit: to be closed
};

class PubSubHub {
 public:
  // Adds s to `name`'s subscribers; false when it was subscribed already.
  bool Subscribe(Subscriber* s, SubKind k, std::string_view name);
  // Removes s from `name`'s subscribers; false when it was not subscribed.
  bool Unsubscribe(Subscriber* s, SubKind k, std::string_view name);
  // Removes every subscription of s (connection closed, RESET), without replies.
  void UnsubscribeAll(Subscriber* s);
  // PUBLISH (shard = false: channel subscribers, then every matching pattern's) or SPUBLISH
  // (shard channel subscribers). Returns the number of deliveries, as Redis counts them.
  int64_t Publish(std::string_view channel, std::string_view message, bool shard,
                  const Config::OutputLimit& limit, int64_t now_ms);
  // PUBSUB CHANNELS / SHARDCHANNELS: the channels with subscribers matching the glob.
  std::vector<std::string> Channels(std::string_view pattern, bool shard);
  // PUBSUB NUMSUB / SHARDNUMSUB for one channel.
  int64_t NumSub(std::string_view channel, bool shard);
  // PUBSUB NUMPAT: patterns with at least one subscriber.
  int64_t NumPat();
  // INFO stats' pubsub_channels, pubsub_patterns, pubsubshard_channels (no lock).
  int64_t Count(SubKind k) const { return counts_[int(k)].load(std::memory_order_relaxed); }

 private:
  using Map = absl::flat_hash_map<std::string, std::vector<Subscriber*>>;
  std::shared_mutex mu_;  // (not absl::Mutex: ThreadSanitizer sees pthread locks)
  Map maps_[3];  // by SubKind
  std::atomic<int64_t> counts_[3] = {0, 0, 0};
};

// Moves what publishers queued for this client into *out (its own thread). Sets *close when
// the client went past its output limit and must be disconnected. True when *out grew or
// the client must close.
bool DrainPubSub(ClientState& c, std::string* out, bool* close);

// The client's Subscriber, made on first use (its own thread; published under its lock for
// threads that deliver to it, commands/tracking.h).
Subscriber* SubscriberFor(ClientState& c);
// Queues a frame formatted for the receiver's protocol (tracking's invalidations), under the
// same limits as a message. Any thread, with the receiver kept alive by the caller.
void QueueFrame(Subscriber* s, std::string_view frame, const Config::OutputLimit& limit,
                int64_t now_ms);

// True while a RESP2 client has subscriptions: only (P|S)(UN)SUBSCRIBE, PING, QUIT and RESET
// are accepted then.
bool InSubscribedMode(const ClientState& c);

}  // namespace tessera::commands
