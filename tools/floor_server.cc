// The do-nothing floor for tools/bench.py: a server on tessera's own engines (the same
// EventLoop code as tessera) that answers every request with +PONG and does nothing else:
// no command table, no store. What it costs per request is what the kernel, loopback TCP
// and the engine cost; tessera's CPU per request minus this is the price of the work.
//
// A request is a RESP multibulk (*N, then N bulk strings) or an inline line, as
// redis-benchmark sends them; each gets one reply, so redis-benchmark stays in step.
//
// Usage: floor_server [--port N] [--io-engine uring|epoll] [--threads N]
#include <signal.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "net/dispatcher.h"
#include "net/event_loop.h"

namespace {

using tessera::net::Connection;

// Length of the complete request at the front of [p, p+n), or 0 when it is incomplete.
size_t RequestLength(const char* p, size_t n) {
  const char* end = p + n;
  auto line_end = [end](const char* from) -> const char* {
    const void* nl = memchr(from, '\n', size_t(end - from));
    return nl ? static_cast<const char*>(nl) + 1 : nullptr;
  };
  if (*p != '*') {
    const char* e = line_end(p);
    return e ? size_t(e - p) : 0;
  }
  const char* q = line_end(p);
  if (!q) return 0;
  long argc = strtol(p + 1, nullptr, 10);
  for (long i = 0; i < argc; ++i) {
    if (q >= end) return 0;
    const char* e = line_end(q);
    if (!e) return 0;
    long len = strtol(q + 1, nullptr, 10);
    if (len < 0 || end - e < len + 2) return 0;
    q = e + len + 2;
  }
  return size_t(q - p);
}

class PongDispatcher final : public tessera::net::Dispatcher {
 public:
  bool OnAccept(Connection&, const tessera::net::ConnWaker&) override { return true; }
  void OnData(Connection& c) override {
    while (c.in.size() > 0) {
      size_t len = RequestLength(c.in.data(), c.in.size());
      if (len == 0) break;
      c.in.Consume(len);
      c.out.append("+PONG\r\n");
    }
  }
  bool ShouldClose(Connection&, int64_t) override { return false; }
  bool Poll(Connection&) override { return false; }
  void OnClose(Connection&) override {}
  void OnWritten(Connection&, size_t) override {}
};

}  // namespace

int main(int argc, char** argv) {
  int port = 6399, threads = 1;
  std::string engine = "uring";
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string_view a = argv[i];
    if (a == "--port") port = atoi(argv[i + 1]);
    else if (a == "--io-engine") engine = argv[i + 1];
    else if (a == "--threads") threads = atoi(argv[i + 1]);
    else {
      fprintf(stderr, "usage: floor_server [--port N] [--io-engine uring|epoll] [--threads N]\n");
      return 1;
    }
  }
  signal(SIGPIPE, SIG_IGN);
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);

  std::string err;
  int bound = 0;
  int fd = tessera::net::OpenListener("127.0.0.1", port, &bound, &err);
  if (fd < 0) {
    fprintf(stderr, "floor_server: %s\n", err.c_str());
    return 1;
  }
  PongDispatcher d;
  tessera::net::LoopOptions opts;
  opts.listeners.push_back({fd, 0});
  std::vector<std::unique_ptr<tessera::net::EventLoop>> loops;
  for (int i = 0; i < threads; ++i) {
    auto loop = engine == "epoll" ? tessera::net::CreateEpollLoop(opts, &d)
                                  : tessera::net::CreateUringLoop(opts, &d);
    if (!loop || !loop->Init(&err)) {
      fprintf(stderr, "floor_server: %s engine: %s\n", engine.c_str(), err.c_str());
      return 1;
    }
    loops.push_back(std::move(loop));
  }
  std::vector<std::thread> ts;
  for (auto& l : loops) ts.emplace_back([p = l.get()] { p->Run(); });
  printf("floor_server on 127.0.0.1:%d (%s, %d threads)\n", bound, engine.c_str(), threads);
  fflush(stdout);
  int sig = 0;
  sigwait(&set, &sig);
  for (auto& l : loops) l->Stop();
  for (auto& t : ts) t.join();
  loops.clear();
  close(fd);
  return 0;
}
