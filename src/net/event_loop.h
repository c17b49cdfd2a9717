// The engine interface: one EventLoop per worker thread, each with its own listening socket
// (SO_REUSEPORT: the kernel spreads new connections across the loops) and its own
// connections. epoll is implemented here; io_uring comes as a second implementation of the
// same interface (its own issue), selected by --io-engine.
#pragma once

#include <atomic>
#include <memory>
#include <string>

#include "net/dispatcher.h"

namespace tessera::net {

struct LoopOptions {
  std::string bind = "127.0.0.1";
  int port = 6379;
  int listen_fd = -1;  // when >= 0, use this socket instead of opening one
};

class EventLoop {
 public:
  virtual ~EventLoop() = default;
  // Opens the listening socket. False (with a reason) when the address cannot be bound.
  virtual bool Listen(std::string* err) = 0;
  // Runs until Stop(); then stops accepting, flushes pending replies (bounded) and closes.
  virtual void Run() = 0;
  // Thread-safe.
  virtual void Stop() = 0;
  virtual void Wake() = 0;
  // The port actually bound (useful with port 0).
  virtual int bound_port() const = 0;
};

std::unique_ptr<EventLoop> CreateEpollLoop(const LoopOptions& opts, Dispatcher* d);

}  // namespace tessera::net
