#include "net/acceptor.h"

#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

#include "core/clock.h"
#include "core/logging.h"

namespace tessera::net {

Acceptor::Acceptor(std::vector<ListenSocket> listeners, std::vector<EventLoop*> loops)
    : listeners_(std::move(listeners)), loops_(std::move(loops)) {}

Acceptor::~Acceptor() {
  Stop();
  for (int& fd : stop_pipe_) {
    if (fd >= 0) ::close(fd);
    fd = -1;
  }
}

bool Acceptor::Start(std::string* err) {
  if (loops_.empty() || listeners_.empty()) {
    *err = "acceptor: no loops or no listening sockets";
    return false;
  }
  if (::pipe(stop_pipe_) != 0) {
    *err = std::string("acceptor: pipe: ") + strerror(errno);
    return false;
  }
  for (int fd : stop_pipe_) fcntl(fd, F_SETFD, FD_CLOEXEC);
  thread_ = std::thread([this] { Run(); });
  return true;
}

void Acceptor::Stop() {
  if (!thread_.joinable()) return;
  stop_.store(true);
  char b = 1;
  ssize_t w = ::write(stop_pipe_[1], &b, 1);
  (void)w;
  thread_.join();
}

EventLoop* Acceptor::Pick() {
  int64_t now = MonotonicMs();
  size_t n = loops_.size();
  for (size_t tries = 0; tries < n; ++tries) {
    EventLoop* l = loops_[next_++ % n];
    int64_t since = l->turn_started_ms.load(std::memory_order_relaxed);
    if (since == 0 || now - since < kBusyMs) return l;
  }
  return loops_[next_++ % n];  // every loop is busy: round robin all the same
}

void Acceptor::Run() {
  std::vector<pollfd> fds;
  fds.push_back({stop_pipe_[0], POLLIN, 0});
  for (const ListenSocket& l : listeners_) fds.push_back({l.fd, POLLIN, 0});
  bool paused = false;  // out of descriptors: only the stop pipe is watched for a while
  while (!stop_.load()) {
    int r = ::poll(fds.data(), paused ? 1 : nfds_t(fds.size()), paused ? kRetryMs : -1);
    if (r < 0) {
      if (errno == EINTR) continue;
      TLOG_WARN("acceptor: poll: %s", strerror(errno));
      break;
    }
    if (stop_.load()) break;
    if (paused) {
      paused = false;
      continue;
    }
    for (size_t i = 1; i < fds.size(); ++i) {
      if (!(fds[i].revents & (POLLIN | POLLERR | POLLHUP))) continue;
      const ListenSocket& l = listeners_[i - 1];
      for (int k = 0; k < 64; ++k) {  // a burst at a time, then the other listeners
        int fd = AcceptNonBlocking(l.fd);
        if (fd < 0) {
          if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM) {
            TLOG_WARN("accept: %s", strerror(errno));
            paused = true;
          }
          break;
        }
        Pick()->Adopt(fd, l.front_end);
      }
    }
  }
}

}  // namespace tessera::net
