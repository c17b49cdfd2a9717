#include "net/readiness_loop.h"

#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <mutex>
#include <unordered_map>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include <vector>

#include "core/clock.h"
#include "core/logging.h"
#include "net/wake_queue.h"

namespace tessera::net {
namespace {

constexpr int64_t kSweepMs = 100;


class ReadinessLoop final : public EventLoop {
 public:
  ReadinessLoop(const LoopOptions& o, Dispatcher* d, std::unique_ptr<Poller> p)
      : opts_(o), d_(d), poller_(std::move(p)) {}
  ~ReadinessLoop() override {
    for (auto& [fd, c] : conns_) {
      d_->OnClose(*c);
      ::close(fd);
    }
  }

  bool Init(std::string* err) override {
    if (!poller_->Init(err)) return false;
    for (const ListenSocket& l : opts_.listeners) poller_->WatchListener(l.fd);
    return true;
  }

  void Stop() override {
    stop_.store(true);
    Wake();
  }

  void Wake() override { poller_->Wake(); }

  void Adopt(int fd, int front_end) override {
    {
      std::lock_guard lk(adopt_mu_);
      adopted_.push_back({fd, front_end});
    }
    Wake();
  }

  static void WakeConn(void* self, uint64_t token) {
    auto* l = static_cast<ReadinessLoop*>(self);
    if (l->wakes_.Push(token)) l->Wake();
  }
  static void WakeConnAt(void* self, uint64_t token, int64_t at_ms) {
    auto* l = static_cast<ReadinessLoop*>(self);
    auto it = l->by_token_.find(token);
    if (it != l->by_token_.end()) l->wakes_.SetTimer(token, &it->second->timer_at, at_ms);
  }

  void Run() override {
    std::vector<ReadyEvent> events(256);
    int64_t last_sweep = MonotonicMs();
    while (!stop_.load(std::memory_order_relaxed)) {
      bool woken = false;
      int64_t wait = wakes_.WaitMs(MonotonicMs(), kSweepMs);
      turn_started_ms.store(0, std::memory_order_relaxed);
      int n = poller_->Wait(events.data(), int(events.size()), int(wait), &woken);
      turn_started_ms.store(MonotonicMs(), std::memory_order_relaxed);
      if (n < 0) {
        if (errno == EINTR) continue;
        TLOG_WARN("wait: %s", strerror(errno));
        break;
      }
      for (int i = 0; i < n; ++i) {
        const ReadyEvent& ev = events[size_t(i)];
        if (const ListenSocket* l = Listener(ev.fd)) {
          AcceptAll(*l);
          continue;
        }
        auto it = conns_.find(ev.fd);
        if (it == conns_.end()) continue;
        Connection* c = it->second.get();
        // Writable first: a client that keeps sending must not starve its own replies.
        if (ev.writable && !Flush(c)) continue;
        if (!c->close_after_write) {
          if (ev.readable || ev.hangup) OnReadable(c);
        } else if (ev.hangup && !ev.writable) {
          Close(c);
        }
      }
      int64_t now = MonotonicMs();
      ServeAdopted();
      ServeWakes(now);
      if (now - last_sweep >= kSweepMs) {
        Sweep(now);
        last_sweep = now;
        if (accept_paused_) {
          accept_paused_ = false;
          for (const ListenSocket& l : opts_.listeners) poller_->WatchListener(l.fd);
        }
      }
      FlushPending();
    }
    Shutdown();
  }

 private:
  const ListenSocket* Listener(int fd) const {
    for (const ListenSocket& l : opts_.listeners)
      if (l.fd == fd && !stopped_listening_) return &l;
    return nullptr;
  }

  void AcceptAll(const ListenSocket& l) {
    for (int i = 0; i < 64; ++i) {
      int fd = AcceptNonBlocking(l.fd);
      if (fd < 0) {
        if ((errno == EMFILE || errno == ENFILE) && !accept_paused_) {
          // The listening sockets stay readable: stop watching them until the next sweep
          // instead of spinning on them.
          TLOG_WARN("accept: %s", strerror(errno));
          for (const ListenSocket& o : opts_.listeners) poller_->Unwatch(o.fd);
          accept_paused_ = true;
        }
        return;
      }
      AddConnection(fd, l.front_end);
    }
  }

  // The connections the acceptor handed over since the last turn.
  void ServeAdopted() {
    {
      std::lock_guard lk(adopt_mu_);
      if (adopted_.empty()) return;
      adopting_.swap(adopted_);
    }
    for (const auto& [fd, front_end] : adopting_) AddConnection(fd, front_end);
    adopting_.clear();
  }

  void AddConnection(int fd, int front_end) {
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    auto c = std::make_unique<Connection>();
    c->fd = fd;
    DescribeSocket(fd, &c->peer, &c->local);
    c->last_active_ms = MonotonicMs();
    c->token = ++last_token_;
    c->front_end = front_end;
    if (!d_->OnAccept(*c, ConnWaker{this, c->token, &WakeConn, &WakeConnAt})) {
      if (!c->out.empty()) {
        ssize_t w = ::write(fd, c->out.data(), c->out.size());
        (void)w;
      }
      ::close(fd);
      return;
    }
    poller_->Watch(fd, true, false, true);
    by_token_.emplace(c->token, c.get());
    conns_.emplace(fd, std::move(c));
  }

  void OnReadable(Connection* c) {
    for (int round = 0; round < 4; ++round) {
      size_t want = 16 * 1024;
      if (c->read_hint > c->in.size()) want = std::max(want, c->read_hint - c->in.size());
      size_t avail;
      char* p = c->in.PrepareWrite(want, &avail);
      ssize_t n = ::read(c->fd, p, avail);
      if (n == 0) {  // the client half-closed: answer what it sent, then close
        if (c->OutputSize() == c->out_off) return Close(c);
        c->close_after_write = true;
        if (c->want_write) poller_->Watch(c->fd, false, true, false);  // no more EOF reads
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
    if (c->out_off < c->OutputSize() || c->close_after_write) pending_flush_.push_back(c->fd);
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
    while (c->out_off < c->OutputSize()) {
      ssize_t w = WriteSome(c);
      if (w < 0) {
        if (errno == EINTR) continue;
        if (errno == EAGAIN) {
          if (!c->want_write) {
            c->want_write = true;
            poller_->Watch(c->fd, !c->close_after_write, true, false);
          }
          return true;
        }
        Close(c);
        return false;
      }
      d_->OnWritten(*c, size_t(w));
      c->out_off += size_t(w);
    }
    c->ClearOutput();  // keeps its capacity for the next batch (see TrimIdleBuffers)
    if (c->close_after_write) {
      Close(c);
      return false;
    }
    if (c->want_write) {
      c->want_write = false;
      poller_->Watch(c->fd, true, false, false);
    }
    return true;
  }

  // One write of the pending output: the string alone, or gathered with the values it
  // references.
  static ssize_t WriteSome(Connection* c) {
    if (c->out_refs.empty())
      return ::write(c->fd, c->out.data() + c->out_off, c->out.size() - c->out_off);
    iovec iov[kMaxOutputIov];
    size_t n = GatherOutput(c->out, c->out_refs, c->out_off, iov, kMaxOutputIov);
    return ::writev(c->fd, iov, int(n));
  }

  void Close(Connection* c) {
    int fd = c->fd;
    wakes_.SetTimer(c->token, &c->timer_at, 0);
    by_token_.erase(c->token);
    poller_->Unwatch(fd);
    d_->OnClose(*c);
    ::close(fd);
    conns_.erase(fd);  // destroys c
  }

  // The connections other threads woke and those whose timers are due: only those.
  void ServeWakes(int64_t now) {
    wakes_.Drain(&woken_);
    size_t n = woken_.size();
    wakes_.DueTimers(now, &due_);
    woken_.insert(woken_.end(), due_.begin(), due_.end());
    for (size_t i = 0; i < woken_.size(); ++i) {
      auto it = by_token_.find(woken_[i]);
      if (it == by_token_.end()) continue;  // closed meanwhile
      Connection* c = it->second;
      if (i >= n) wakes_.SetTimer(c->token, &c->timer_at, 0);  // due: Poll may set a new one
      if (d_->ShouldClose(*c, now)) Close(c);
      else if (d_->Poll(*c)) (c->close_now ? Close(c) : pending_flush_.push_back(c->fd));
    }
  }

  // Periodic check of every connection (idle timeouts, buffers to trim, CLIENT PAUSE ends).
  void Sweep(int64_t now) {
    std::vector<Connection*> doomed;
    for (auto& [fd, c] : conns_) {
      c->TrimIdleBuffers(now);
      if (d_->ShouldClose(*c, now)) doomed.push_back(c.get());
      else if (d_->Poll(*c)) (c->close_now ? doomed.push_back(c.get()) : pending_flush_.push_back(fd));
    }
    for (Connection* c : doomed) Close(c);
  }

  // Stop accepting, give pending replies a bounded time to leave, then close everything.
  void Shutdown() {
    if (!stopped_listening_) {
      if (!accept_paused_)
        for (const ListenSocket& l : opts_.listeners) poller_->Unwatch(l.fd);  // the server
      stopped_listening_ = true;                                                // closes them
    }
    {  // handed over but never served: nobody will
      std::lock_guard lk(adopt_mu_);
      for (const auto& a : adopted_) ::close(a.first);
      adopted_.clear();
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
      while (c->out_off < c->OutputSize() && MonotonicMs() < deadline) {
        ssize_t w = WriteSome(c);
        if (w <= 0) break;
        c->out_off += size_t(w);
      }
      Close(c);
    }
  }

  LoopOptions opts_;
  Dispatcher* d_;
  std::unique_ptr<Poller> poller_;
  bool accept_paused_ = false;  // out of descriptors: the listeners are watched again later
  bool stopped_listening_ = false;
  std::atomic<bool> stop_{false};
  std::unordered_map<int, std::unique_ptr<Connection>> conns_;
  std::vector<int> pending_flush_;  // fds with replies to write at the end of this turn
  WakeQueue wakes_;
  absl::flat_hash_map<uint64_t, Connection*> by_token_;
  uint64_t last_token_ = 0;
  std::vector<uint64_t> woken_, due_;  // ServeWakes' scratch
  std::mutex adopt_mu_;
  std::vector<std::pair<int, int>> adopted_;   // (fd, front end) from Adopt, any thread
  std::vector<std::pair<int, int>> adopting_;  // ServeAdopted's scratch
};

}  // namespace

std::unique_ptr<EventLoop> CreateReadinessLoop(const LoopOptions& opts, Dispatcher* d,
                                               std::unique_ptr<Poller> poller) {
  return std::make_unique<ReadinessLoop>(opts, d, std::move(poller));
}

}  // namespace tessera::net
