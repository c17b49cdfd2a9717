// The readiness-based engines (epoll on Linux, kqueue on BSD and macOS) share their
// connection logic, ReadinessLoop (readiness_loop.cc); each supplies only a Poller: the
// calls that watch descriptors, wait for readiness and wake a waiting loop.
//
// The loop is level-triggered: one read per readiness event (a second only when the first
// filled the buffer). Replies are not written as each connection is read: every connection
// with output is written once after all the ready events of a wait are handled (as Redis
// does before it sleeps), so clients get their replies in bursts. Interest in writing is
// registered only while a write is short.
#pragma once

#include <memory>
#include <string>

#include "net/event_loop.h"

namespace tessera::net {

struct ReadyEvent {
  int fd = -1;
  bool readable = false;
  bool writable = false;
  bool hangup = false;  // hang-up or error: a read or write will tell which
};

class Poller {
 public:
  virtual ~Poller() = default;
  virtual bool Init(std::string* err) = 0;
  // The shared listening socket (a new connection should wake one loop, where the
  // platform can say so).
  virtual void WatchListener(int fd) = 0;
  // Interest in a connection: `add` for a new one, else a change.
  virtual void Watch(int fd, bool read, bool write, bool add) = 0;
  virtual void Unwatch(int fd) = 0;
  // Waits up to timeout_ms; fills up to `max` events; *woken when Wake() was called
  // meanwhile. Returns the number of events, or -1 with errno.
  virtual int Wait(ReadyEvent* out, int max, int timeout_ms, bool* woken) = 0;
  // Wakes Wait() from any thread.
  virtual void Wake() = 0;
};

std::unique_ptr<EventLoop> CreateReadinessLoop(const LoopOptions& opts, Dispatcher* d,
                                               std::unique_ptr<Poller> poller);

}  // namespace tessera::net
