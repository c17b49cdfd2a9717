// What the net layer calls: it knows nothing about RESP, commands or the store.
#pragma once

#include <cstdint>

#include "net/connection.h"

namespace tessera::net {

class Dispatcher {
 public:
  virtual ~Dispatcher() = default;
  // A connection was accepted on a loop. Return false to refuse it (maxclients); the loop
  // then writes whatever the dispatcher put in c.out and closes.
  // `wake` wakes this connection's loop from any thread.
  virtual bool OnAccept(Connection& c, void (*wake)(void*), void* wake_arg) = 0;
  // New bytes are in c.in: consume complete requests, append replies to c.out, and set
  // c.close_after_write / c.close_now when the connection must end.
  virtual void OnData(Connection& c) = 0;
  // Periodic check (about every 100 ms) on each live connection: return true to close it
  // (idle timeout, CLIENT KILL from another thread).
  virtual bool ShouldClose(Connection& c, int64_t now_ms) = 0;
  // Called for each connection when its loop is woken: may append output produced by other
  // threads (MONITOR); true when it did, so the loop writes it.
  virtual bool Poll(Connection& c) = 0;
  // The connection is gone; release the session.
  virtual void OnClose(Connection& c) = 0;
  // Bytes written to a client (statistics).
  virtual void OnWritten(Connection& c, size_t n) = 0;
};

}  // namespace tessera::net
