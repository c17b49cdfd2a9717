// The acceptor: one thread that accepts on every listening socket and hands each new
// connection to a loop (EventLoop::Adopt), round robin, passing over a loop that has been
// inside one turn for longer than kBusyMs (a slow command: KEYS over millions of keys, a
// long SORT, DEBUG SLEEP). So connections spread evenly over the loops whatever the
// kernel's wake-up order (with every loop accepting on the shared socket, Linux hands an
// idle server's connections to one loop), and a loop stuck in a command neither holds new
// connections back nor gets them while others are free.
//
// Out of descriptors (EMFILE, ENFILE) it logs and tries again after kRetryMs instead
// of spinning on the readable socket. Threading: Start/Stop from the owner; Stop joins.
#pragma once

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "net/event_loop.h"

namespace tessera::net {

class Acceptor {
 public:
  static constexpr int64_t kBusyMs = 50;
  static constexpr int kRetryMs = 100;

  Acceptor(std::vector<ListenSocket> listeners, std::vector<EventLoop*> loops);
  ~Acceptor();
  Acceptor(const Acceptor&) = delete;
  Acceptor& operator=(const Acceptor&) = delete;

  bool Start(std::string* err);
  // Stops accepting (the listening sockets stay open; their owner closes them) and joins.
  void Stop();

 private:
  void Run();
  EventLoop* Pick();

  std::vector<ListenSocket> listeners_;
  std::vector<EventLoop*> loops_;
  int stop_pipe_[2] = {-1, -1};
  std::atomic<bool> stop_{false};
  std::thread thread_;
  size_t next_ = 0;
};

}  // namespace tessera::net
