// The engine interface: one EventLoop per worker thread, each with its own connections. All
// loops accept from one shared listening socket (registered with EPOLLEXCLUSIVE, so a new
// connection wakes one loop). No SO_REUSEPORT: a second server on the same port must fail
// to bind, as Redis does. epoll is implemented here; io_uring comes as a second
// implementation of the same interface (its own issue), selected by --io-engine.
#pragma once

#include <atomic>
#include <memory>
#include <string>

#include "net/dispatcher.h"

namespace tessera::net {

// Opens a non-blocking listening TCP socket on bind:port (IPv4 or IPv6 literal). Returns the
// fd, or -1 with Redis's wording of the reason in *err. *bound_port gets the actual port.
int OpenListener(const std::string& bind, int port, int* bound_port, std::string* err);

struct LoopOptions {
  int listen_fd = -1;  // shared; owned by the caller, which closes it after the loops stop
};

class EventLoop {
 public:
  virtual ~EventLoop() = default;
  // Sets the loop up and registers the shared listening socket. False with a reason.
  virtual bool Init(std::string* err) = 0;
  // Runs until Stop(); then stops accepting, flushes pending replies (bounded) and closes.
  virtual void Run() = 0;
  // Thread-safe.
  virtual void Stop() = 0;
  virtual void Wake() = 0;
};

std::unique_ptr<EventLoop> CreateEpollLoop(const LoopOptions& opts, Dispatcher* d);

}  // namespace tessera::net
