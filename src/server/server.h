// Wiring: the store, the command layer's ServerState, the worker loops and the background
// cron (active expiry, LRU clock). Server implements net::Dispatcher over two front ends,
// each with its own listener: RESP (a Session per connection: RESP parser, reply builder,
// client state, feeding commands::Dispatch) and memcached (an McSession: the memcached
// parser and reply, feeding commands::McExecute). Connection::front_end says which.
#pragma once

#include <atomic>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "commands/server_state.h"
#include "core/config.h"
#include "net/acceptor.h"
#include "net/dispatcher.h"
#include "net/event_loop.h"
#include "storage/store.h"

namespace tessera::server {

class Server final : public net::Dispatcher {
 public:
  explicit Server(Config& config);
  ~Server() override;

  // Binds every loop's socket; false with a reason when the port cannot be bound.
  bool Start(std::string* err);
  // Blocks until Stop() (or a signal handled by main), then shuts down cleanly.
  void Wait();
  void Stop();
  int port() const { return port_; }
  int memcached_port() const { return mc_port_; }  // 0 when off

  enum FrontEnd : int { kResp = 0, kMemcached = 1 };
  commands::ServerState& state() { return *state_; }

  // net::Dispatcher
  bool OnAccept(net::Connection& c, const net::ConnWaker& waker) override;
  void OnData(net::Connection& c) override;
  bool ShouldClose(net::Connection& c, int64_t now_ms) override;
  bool Poll(net::Connection& c) override;
  void OnClose(net::Connection& c) override;
  void OnWritten(net::Connection& c, size_t n) override;

 private:
  void Cron();
  void McOnData(net::Connection& c);
  void McBinaryOnData(net::Connection& c);  // a connection that negotiated binary
  // client-output-buffer-limit for the connection's client class (pubsub while subscribed).
  bool OverOutputLimit(net::Connection& c);
  bool McStopAfterRequest(net::Connection& c, bool close);

  Config& config_;
  std::unique_ptr<storage::Store> store_;
  std::unique_ptr<commands::ServerState> state_;
  std::vector<std::unique_ptr<net::EventLoop>> loops_;
  std::unique_ptr<net::Acceptor> acceptor_;
  std::vector<std::thread> threads_;
  std::thread cron_;
  std::atomic<bool> stopping_{false};
  std::atomic<int64_t> connected_{0};
  int port_ = 0;
  int listen_fd_ = -1;
  int mc_port_ = 0;
  int mc_listen_fd_ = -1;
};

}  // namespace tessera::server
