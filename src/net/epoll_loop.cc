// epoll engine: level-triggered, one read per readiness event (a second read only when the
// first filled the buffer). Replies are not written as each connection is read: every
// connection with output is written once after all ready events of an epoll_wait are
// handled (as Redis does before it sleeps), so clients are woken with replies in bursts.
// EPOLLOUT is registered only while a write is short.
#ifdef __linux__

#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <unordered_map>
#include <vector>

#include "core/clock.h"
#include "core/strutil.h"
#include "core/logging.h"
#include "net/event_loop.h"

namespace tessera::net {
namespace {

class EpollLoop final : public EventLoop {
 public:
  EpollLoop(const LoopOptions& o, Dispatcher* d) : opts_(o), d_(d) {}
  ~EpollLoop() override {
    for (auto& [fd, c] : conns_) {
      d_->OnClose(*c);
      ::close(fd);
    }
    if (ep_ >= 0) ::close(ep_);
    if (wake_fd_ >= 0) ::close(wake_fd_);
    if (timer_fd_ >= 0) ::close(timer_fd_);
  }

  bool Init(std::string* err) override {
    ep_ = epoll_create1(EPOLL_CLOEXEC);
    wake_fd_ = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    timer_fd_ = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
    if (ep_ < 0 || wake_fd_ < 0 || timer_fd_ < 0) {
      *err = StrCat("epoll setup failed: ", strerror(errno));
      return false;
    }
    itimerspec ts{};
    ts.it_interval.tv_nsec = 100 * 1000 * 1000;
    ts.it_value.tv_nsec = 100 * 1000 * 1000;
    timerfd_settime(timer_fd_, 0, &ts, nullptr);
    listen_fd_ = opts_.listen_fd;
    Add(listen_fd_, EPOLLIN | EPOLLEXCLUSIVE);
    Add(wake_fd_, EPOLLIN);
    Add(timer_fd_, EPOLLIN);
    return true;
  }

  void Stop() override {
    stop_.store(true);
    Wake();
  }

  void Wake() override {
    uint64_t one = 1;
    ssize_t r = ::write(wake_fd_, &one, sizeof(one));
    (void)r;
  }

  static void WakeThunk(void* self) { static_cast<EpollLoop*>(self)->Wake(); }

  void Run() override {
    std::vector<epoll_event> events(256);
    while (!stop_.load(std::memory_order_relaxed)) {
      int n = epoll_wait(ep_, events.data(), int(events.size()), -1);
      if (n < 0) {
        if (errno == EINTR) continue;
        TLOG_WARN("epoll_wait: %s", strerror(errno));
        break;
      }
      for (int i = 0; i < n; ++i) {
        int fd = events[i].data.fd;
        uint32_t ev = events[i].events;
        if (fd == listen_fd_) {
          AcceptAll();
        } else if (fd == wake_fd_) {
          uint64_t v;
          while (::read(wake_fd_, &v, sizeof(v)) > 0) {}
          Sweep();
        } else if (fd == timer_fd_) {
          uint64_t v;
          while (::read(timer_fd_, &v, sizeof(v)) > 0) {}
          Sweep();
        } else {
          auto it = conns_.find(fd);
          if (it == conns_.end()) continue;
          Connection* c = it->second.get();
          // Writable first: a client that keeps sending must not starve its own replies.
          if ((ev & EPOLLOUT) && !Flush(c)) continue;
          if (!c->close_after_write) {
            if (ev & (EPOLLIN | EPOLLHUP | EPOLLERR)) OnReadable(c);
          } else if ((ev & (EPOLLHUP | EPOLLERR)) && !(ev & EPOLLOUT)) {
            Close(c);
          }
        }
      }
      FlushPending();
    }
    Shutdown();
  }

 private:
  void Add(int fd, uint32_t ev) {
    epoll_event e{};
    e.events = ev;
    e.data.fd = fd;
    epoll_ctl(ep_, EPOLL_CTL_ADD, fd, &e);
  }
  void Mod(int fd, uint32_t ev) {
    epoll_event e{};
    e.events = ev;
    e.data.fd = fd;
    epoll_ctl(ep_, EPOLL_CTL_MOD, fd, &e);
  }

  void AcceptAll() {
    for (int i = 0; i < 64; ++i) {
      int fd = accept4(listen_fd_, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
      if (fd < 0) {
        if (errno == EMFILE || errno == ENFILE)
          TLOG_WARN("accept: %s", strerror(errno));
        return;
      }
      int one = 1;
      setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
      auto c = std::make_unique<Connection>();
      c->fd = fd;
      DescribeSocket(fd, &c->peer, &c->local);
      c->last_active_ms = MonotonicMs();
      if (!d_->OnAccept(*c, &EpollLoop::WakeThunk, this)) {
        if (!c->out.empty()) {
          ssize_t w = ::write(fd, c->out.data(), c->out.size());
          (void)w;
        }
        ::close(fd);
        continue;
      }
      Add(fd, EPOLLIN);
      conns_.emplace(fd, std::move(c));
    }
  }

  void OnReadable(Connection* c) {
    for (int round = 0; round < 4; ++round) {
      size_t want = 16 * 1024;
      if (c->read_hint > c->in.size()) want = std::max(want, c->read_hint - c->in.size());
      size_t avail;
      char* p = c->in.PrepareWrite(want, &avail);
      ssize_t n = ::read(c->fd, p, avail);
      if (n == 0) {  // the client half-closed: answer what it sent, then close
        if (c->out.size() == c->out_off) return Close(c);
        c->close_after_write = true;
        if (c->want_write) Mod(c->fd, EPOLLOUT);  // no more reading of the EOF
        break;
      }
      if (n < 0) {
        if (errno == EAGAIN || errno == EINTR) break;
        return Close(c);
      }
      c->in.Commit(size_t(n));
      c->last_active_ms = MonotonicMs();
      d_->OnData(*c);
      if (c->close_now) return Close(c);
      if (c->close_after_write) break;
      if (size_t(n) < avail) break;  // the socket is drained for now
    }
    c->in.ShrinkIfIdle();
    if (c->out_off < c->out.size() || c->close_after_write) pending_flush_.push_back(c->fd);
  }

  // Writes the replies produced during this turn of the loop. Looked up by fd: a connection
  // closed in the meantime is simply gone from conns_.
  void FlushPending() {
    for (size_t i = 0; i < pending_flush_.size(); ++i) {
      auto it = conns_.find(pending_flush_[i]);
      if (it != conns_.end() && !it->second->want_write) Flush(it->second.get());
    }
    pending_flush_.clear();
  }

  // Writes pending output; closes when the dispatcher asked to after the write. False
  // when the connection is gone.
  bool Flush(Connection* c) {
    while (c->out_off < c->out.size()) {
      ssize_t w = ::write(c->fd, c->out.data() + c->out_off, c->out.size() - c->out_off);
      if (w < 0) {
        if (errno == EINTR) continue;
        if (errno == EAGAIN) {
          if (!c->want_write) {
            c->want_write = true;
            Mod(c->fd, c->close_after_write ? EPOLLOUT : (EPOLLIN | EPOLLOUT));
          }
          return true;
        }
        Close(c);
        return false;
      }
      d_->OnWritten(*c, size_t(w));
      c->out_off += size_t(w);
    }
    // Keep a modest buffer for the next batch; give back what a burst of big replies grew.
    if (c->out.capacity() > 64 * 1024) std::string().swap(c->out);
    else c->out.clear();
    c->out_off = 0;
    if (c->close_after_write) {
      Close(c);
      return false;
    }
    if (c->want_write) {
      c->want_write = false;
      Mod(c->fd, EPOLLIN);
    }
    return true;
  }

  void Close(Connection* c) {
    int fd = c->fd;
    epoll_ctl(ep_, EPOLL_CTL_DEL, fd, nullptr);
    d_->OnClose(*c);
    ::close(fd);
    conns_.erase(fd);  // destroys c
  }

  // Periodic and on-wake check of every connection (timeouts, CLIENT KILL).
  void Sweep() {
    int64_t now = MonotonicMs();
    std::vector<Connection*> doomed;
    for (auto& [fd, c] : conns_) {
      if (d_->ShouldClose(*c, now)) doomed.push_back(c.get());
      else if (d_->Poll(*c)) (c->close_now ? doomed.push_back(c.get()) : pending_flush_.push_back(fd));
    }
    for (Connection* c : doomed) Close(c);
  }

  // Stop accepting, give pending replies a bounded time to leave, then close everything.
  void Shutdown() {
    if (listen_fd_ >= 0) {
      epoll_ctl(ep_, EPOLL_CTL_DEL, listen_fd_, nullptr);  // the server closes it
      listen_fd_ = -1;
    }
    int64_t deadline = MonotonicMs() + 2000;
    std::vector<int> fds;
    for (auto& [fd, c] : conns_) fds.push_back(fd);
    for (int fd : fds) {
      auto it = conns_.find(fd);
      if (it == conns_.end()) continue;
      Connection* c = it->second.get();
      int flags = fcntl(fd, F_GETFL);
      fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
      timeval tv{0, 200 * 1000};
      setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
      while (c->out_off < c->out.size() && MonotonicMs() < deadline) {
        ssize_t w = ::write(fd, c->out.data() + c->out_off, c->out.size() - c->out_off);
        if (w <= 0) break;
        c->out_off += size_t(w);
      }
      Close(c);
    }
  }

  LoopOptions opts_;
  Dispatcher* d_;
  int ep_ = -1, listen_fd_ = -1, wake_fd_ = -1, timer_fd_ = -1;
  std::atomic<bool> stop_{false};
  std::unordered_map<int, std::unique_ptr<Connection>> conns_;
  std::vector<int> pending_flush_;  // fds with replies to write at the end of this turn
};

}  // namespace

std::unique_ptr<EventLoop> CreateEpollLoop(const LoopOptions& opts, Dispatcher* d) {
  return std::make_unique<EpollLoop>(opts, d);
}

}  // namespace tessera::net

#else  // !__linux__

#include "net/event_loop.h"

namespace tessera::net {
std::unique_ptr<EventLoop> CreateEpollLoop(const LoopOptions&, Dispatcher*) { return nullptr; }
}  // namespace tessera::net

#endif
