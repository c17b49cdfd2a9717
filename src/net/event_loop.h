// The engine interface: one EventLoop per worker thread, each with its own connections. A
// loop accepts on the listening sockets in LoopOptions (registered with EPOLLEXCLUSIVE or
// one multishot accept each); the server gives its loops none and runs an Acceptor
// (net/acceptor.h) that hands connections over through Adopt. No SO_REUSEPORT: a second
// server on the same port must fail to bind, as Redis does. Engines: io_uring
// (uring_loop.cc, the default on Linux), epoll (epoll_loop.cc, the fallback), kqueue
// (kqueue_loop.cc, BSD and macOS); --io-engine picks.
#pragma once

#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "net/dispatcher.h"

namespace tessera::net {

// Opens a non-blocking listening TCP socket on bind:port (IPv4 or IPv6 literal). Returns the
// fd, or -1 with Redis's wording of the reason in *err. *bound_port gets the actual port.
int OpenListener(const std::string& bind, int port, int* bound_port, std::string* err);

// Fills "ip:port" of both ends of a connected socket.
void DescribeSocket(int fd, std::string* peer, std::string* local);
// A non-blocking, close-on-exec accept (-1 with errno when there is none or it failed).
int AcceptNonBlocking(int listen_fd);

// A listening socket shared by every loop, and the front end its connections belong to
// (the dispatcher's tag, copied into Connection::front_end: RESP, memcached, ...).
struct ListenSocket {
  int fd = -1;  // owned by the caller, which closes it after the loops stop
  int front_end = 0;
};

struct LoopOptions {
  std::vector<ListenSocket> listeners;
  bool sqpoll = false;  // uring: a kernel thread polls the submission queue
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
  // Thread-safe: a connection accepted elsewhere (net/acceptor.h) joins this loop, which
  // owns fd from now on (and closes it if it is stopping).
  virtual void Adopt(int fd, int front_end) = 0;

  // When the loop's current turn began (monotonic ms), 0 while it waits for events. The
  // acceptor passes over a loop whose turn has lasted long (one slow command).
  std::atomic<int64_t> turn_started_ms{0};
};

// Each returns nullptr where the platform lacks the engine (epoll off Linux, kqueue off
// BSD/macOS). A uring loop whose Init fails tells why (old kernel, io_uring_disabled,
// a seccomp filter, a memlock limit); the caller then falls back to epoll.
std::unique_ptr<EventLoop> CreateEpollLoop(const LoopOptions& opts, Dispatcher* d);
std::unique_ptr<EventLoop> CreateUringLoop(const LoopOptions& opts, Dispatcher* d);
std::unique_ptr<EventLoop> CreateKqueueLoop(const LoopOptions& opts, Dispatcher* d);

}  // namespace tessera::net
