// What the net layer calls: it knows nothing about RESP, commands or the store.
#pragma once

#include <cstdint>

#include "net/connection.h"

namespace tessera::net {

// How the dispatcher reaches a connection's loop outside the connection's own reads
// (net/wake_queue.h): `wake` from any thread makes the loop Poll the connection soon;
// `wake_at`, from the loop's own thread only, makes it Poll the connection at monotonic time
// at_ms (0 cancels). A connection closed meanwhile is skipped.
struct ConnWaker {
  void* loop = nullptr;
  uint64_t token = 0;
  void (*wake)(void* loop, uint64_t token) = nullptr;
  void (*wake_at)(void* loop, uint64_t token, int64_t at_ms) = nullptr;
  void Wake() const { wake(loop, token); }
  void WakeAt(int64_t at_ms) const { wake_at(loop, token, at_ms); }
};

class Dispatcher {
 public:
  virtual ~Dispatcher() = default;
  // A connection was accepted on a loop. Return false to refuse it (maxclients); the loop
  // then writes whatever the dispatcher put in c.out and closes.
  // `waker` reaches this connection later (any thread; see ConnWaker).
  virtual bool OnAccept(Connection& c, const ConnWaker& waker) = 0;
  // New bytes are in c.in: consume complete requests, append replies to c.out, and set
  // c.close_after_write / c.close_now when the connection must end.
  virtual void OnData(Connection& c) = 0;
  // Periodic check (about every 100 ms) on each live connection: return true to close it
  // (idle timeout, CLIENT KILL from another thread).
  virtual bool ShouldClose(Connection& c, int64_t now_ms) = 0;
  // Called for a connection its ConnWaker named (woken or its timer due) and at every sweep:
  // may append output produced by other threads (MONITOR, a blocked command served) or
  // run input that waited; true when there is output to write.
  virtual bool Poll(Connection& c) = 0;
  // The connection is gone; release the session.
  virtual void OnClose(Connection& c) = 0;
  // Bytes written to a client (statistics).
  virtual void OnWritten(Connection& c, size_t n) = 0;
};

}  // namespace tessera::net
