// A loop's queue of connections to serve outside their own reads, and its timers.
//
// Other threads hand a connection to its loop by token (Connection::token): a blocked
// client whose key was pushed to, a MONITOR line, CLIENT KILL. The loop drains the queue
// when woken and polls exactly those connections, so waking one client never means visiting
// every connection of the loop. A token whose connection has closed meanwhile is skipped
// (tokens are never reused).
//
// Timers (blocking-command timeouts) belong to the loop's own thread: an ordered set of
// (deadline, token), at most one per connection (Connection::timer_at); setting a new one
// or closing the connection removes the old, so the set never outgrows the connections.
// The loop waits no longer than the earliest deadline and polls each connection whose
// deadline has passed.
//
// Threading: Push from any thread; everything else on the loop's thread.
#pragma once

#include <atomic>
#include <cstdint>
#include <mutex>
#include <set>
#include <utility>
#include <vector>

namespace tessera::net {

class WakeQueue {
 public:
  // Any thread. True when the queue was empty, i.e. the caller must wake the loop (a
  // non-empty queue has a wake-up on its way already).
  bool Push(uint64_t token) {
    std::lock_guard lk(mu_);
    tokens_.push_back(token);
    queued_.store(true, std::memory_order_release);
    return tokens_.size() == 1;
  }
  // The tokens queued so far (in the order they were pushed), into *out (cleared first).
  void Drain(std::vector<uint64_t>* out) {
    out->clear();
    if (!queued_.load(std::memory_order_acquire)) return;  // the usual case: no lock taken
    std::lock_guard lk(mu_);
    out->swap(tokens_);
    queued_.store(false, std::memory_order_relaxed);
  }

  // Moves the connection's timer from *timer_at to at_ms (0 = none) and records it there.
  void SetTimer(uint64_t token, int64_t* timer_at, int64_t at_ms) {
    if (*timer_at) timers_.erase({*timer_at, token});
    *timer_at = at_ms;
    if (at_ms) timers_.insert({at_ms, token});
  }
  // Milliseconds until the earliest timer (0 when due), capped at max_ms.
  int64_t WaitMs(int64_t now_ms, int64_t max_ms) const {
    if (timers_.empty()) return max_ms;
    int64_t d = timers_.begin()->first - now_ms;
    return d <= 0 ? 0 : (d < max_ms ? d : max_ms);
  }
  // The tokens whose timers are due at now_ms, into *out (cleared first); their timers
  // stay set until SetTimer moves them (the owner resets Connection::timer_at).
  void DueTimers(int64_t now_ms, std::vector<uint64_t>* out) const {
    out->clear();
    for (auto it = timers_.begin(); it != timers_.end() && it->first <= now_ms; ++it)
      out->push_back(it->second);
  }

 private:
  std::mutex mu_;
  std::vector<uint64_t> tokens_;
  std::atomic<bool> queued_{false};
  std::set<std::pair<int64_t, uint64_t>> timers_;
};

}  // namespace tessera::net
