// epoll engine: the readiness loop (readiness_loop.cc) over epoll. Level-triggered; the
// shared listening socket is registered with EPOLLEXCLUSIVE, so a new connection wakes one
// loop; an eventfd wakes a waiting loop.
#include "net/readiness_loop.h"

#ifdef __linux__

#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "core/strutil.h"

namespace tessera::net {
namespace {

class EpollPoller final : public Poller {
 public:
  ~EpollPoller() override {
    if (ep_ >= 0) ::close(ep_);
    if (wake_fd_ >= 0) ::close(wake_fd_);
  }

  bool Init(std::string* err) override {
    ep_ = epoll_create1(EPOLL_CLOEXEC);
    wake_fd_ = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (ep_ < 0 || wake_fd_ < 0) {
      *err = StrCat("epoll setup failed: ", strerror(errno));
      return false;
    }
    Ctl(EPOLL_CTL_ADD, wake_fd_, EPOLLIN);
    return true;
  }

  void WatchListener(int fd) override { Ctl(EPOLL_CTL_ADD, fd, EPOLLIN | EPOLLEXCLUSIVE); }

  void Watch(int fd, bool read, bool write, bool add) override {
    Ctl(add ? EPOLL_CTL_ADD : EPOLL_CTL_MOD, fd, (read ? EPOLLIN : 0u) | (write ? EPOLLOUT : 0u));
  }

  void Unwatch(int fd) override { epoll_ctl(ep_, EPOLL_CTL_DEL, fd, nullptr); }

  int Wait(ReadyEvent* out, int max, int timeout_ms, bool* woken) override {
    epoll_event evs[256];
    int n = epoll_wait(ep_, evs, std::min(max, 256), timeout_ms);
    if (n < 0) return -1;
    int k = 0;
    for (int i = 0; i < n; ++i) {
      if (evs[i].data.fd == wake_fd_) {
        uint64_t v;
        while (::read(wake_fd_, &v, sizeof(v)) > 0) {}
        *woken = true;
        continue;
      }
      uint32_t e = evs[i].events;
      out[k++] = ReadyEvent{evs[i].data.fd, (e & EPOLLIN) != 0, (e & EPOLLOUT) != 0,
                            (e & (EPOLLHUP | EPOLLERR)) != 0};
    }
    return k;
  }

  void Wake() override {
    uint64_t one = 1;
    ssize_t r = ::write(wake_fd_, &one, sizeof(one));
    (void)r;
  }

 private:
  void Ctl(int op, int fd, uint32_t events) {
    epoll_event e{};
    e.events = events;
    e.data.fd = fd;
    epoll_ctl(ep_, op, fd, &e);
  }

  int ep_ = -1, wake_fd_ = -1;
};

}  // namespace

std::unique_ptr<EventLoop> CreateEpollLoop(const LoopOptions& opts, Dispatcher* d) {
  return CreateReadinessLoop(opts, d, std::make_unique<EpollPoller>());
}

}  // namespace tessera::net

#else  // !__linux__

namespace tessera::net {
std::unique_ptr<EventLoop> CreateEpollLoop(const LoopOptions&, Dispatcher*) { return nullptr; }
}  // namespace tessera::net

#endif
