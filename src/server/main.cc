// tessera: start-up. Parses the configuration, starts the loops, and waits for SIGINT or
// SIGTERM, after which it stops accepting, lets replies in flight leave, and exits 0.
// The stop is bounded: a loop busy in a long command (a KEYS over millions of keys, DEBUG
// SLEEP) is waited for at most kStopGraceMs, after which the process exits anyway (0, with
// a warning in the log) rather than hang on it.
#include <signal.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/syscall.h>
#endif
#ifdef TESSERA_WITH_MIMALLOC
#include <mimalloc.h>
#endif

#include <chrono>
#include <cstdio>
#include <thread>

#include "commands/registry.h"
#include "core/config.h"
#include "core/logging.h"
#include "server/server.h"

namespace {
constexpr int kStopGraceMs = 2000;  // how long a stop waits for a command in flight
}  // namespace

int main(int argc, char** argv) {
  using namespace tessera;
  signal(SIGPIPE, SIG_IGN);
  Config config;
  std::string msg;
  switch (config.Load(argc, argv, &msg)) {
    case Config::LoadResult::kExitOk:
      printf("%s\n", msg.c_str());
      return 0;
    case Config::LoadResult::kError:
      fprintf(stderr, "tessera: %s\n", msg.c_str());
      return 1;
    case Config::LoadResult::kOk:
      break;
  }
  auto problems = commands::Registry::Global().Validate();
  for (const auto& p : problems) TLOG_WARN("command table: %s", p.c_str());
  if (!problems.empty()) return 1;

  // Block the stop signals in every thread; this one waits for them below.
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);

  server::Server srv(config);
  srv.state().executable = argv[0];
  // SHUTDOWN takes the same path as SIGTERM: the signal wakes sigwait below.
  srv.state().request_shutdown = [] { kill(getpid(), SIGTERM); };
  if (!srv.Start(&msg)) {
    TLOG_WARN("%s", msg.c_str());
    return 1;
  }
#ifdef TESSERA_WITH_MIMALLOC
  const char* allocator = "mimalloc";
  (void)mi_version();  // a real reference keeps the mimalloc library linked
#else
  const char* allocator = "libc";
#endif
  TLOG_INFO("tessera 0.1.0 ready to accept connections on %s:%d (%d threads, %s)",
            config.bind().c_str(), srv.port(), srv.state().io_threads, allocator);
  if (srv.memcached_port() > 0)
    TLOG_INFO("memcached front end on %s:%d", config.bind().c_str(), srv.memcached_port());
  int sig = 0;
  sigwait(&set, &sig);
  TLOG_INFO("received %s, shutting down", sig == SIGINT ? "SIGINT" : "SIGTERM");
  std::thread([] {
    std::this_thread::sleep_for(std::chrono::milliseconds(kStopGraceMs));
    TLOG_WARN("a command was still running %d ms after the stop was asked: exiting anyway",
              kStopGraceMs);
#ifdef __linux__
    syscall(SYS_exit_group, 0);  // at once: not through sanitizers' exit-time reports
#endif
    _exit(0);
  }).detach();
  srv.Stop();
  TLOG_INFO("bye");
  return 0;
}
