// io_uring engine. Per loop: one ring, one multishot accept on the shared listening socket,
// one multishot recv per connection that picks its buffers from the loop's provided-buffer
// ring, and at most one send in flight per connection.
//
// A loop turn: one io_uring_enter submits everything prepared during the previous turn
// (sends, re-armed receives) and waits for completions; the completions are handled
// (received bytes are copied into the connection's input and parsed, replies appended to
// its output); then every connection with output gets one send. So a batch of requests
// read in one turn is answered by one send, and a busy loop makes one system call per turn
// whatever the number of connections.
//
// Output is double-buffered: `out` collects replies while `sending` is in the kernel's
// hands; when a send completes, the two swap, so neither is reallocated in steady state.
//
// A connection is freed only when no request of its own is left in the kernel: closing
// cancels its receive and send, and the memory goes when their last completions arrive.
#ifdef __linux__

#include <liburing.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <ctime>
#include <memory>
#include <mutex>
#include <utility>
#include <vector>

#if __has_include(<valgrind/valgrind.h>)
#include <valgrind/valgrind.h>
#define TESSERA_HAVE_VALGRIND_H 1
#endif

#include "core/clock.h"
#include "core/logging.h"
#include "core/strutil.h"
#include "net/event_loop.h"
#include "net/wake_queue.h"

#include "absl/container/flat_hash_map.h"

namespace tessera::net {
namespace {

constexpr unsigned kRingEntries = 256;  // a full queue is submitted early (Sqe())
// The provided receive buffers of a loop: 16 x 16 KB. The kernel goes round the ring, so
// all of it becomes resident; kept small because it is paid per loop whatever the load.
// With incremental consumption (Linux 6.12) receives pack into a buffer one after another
// instead of taking a whole buffer each, so 256 KB serves a loop turn of many small
// requests. A connection that receives more than the ring holds (ENOBUFS) is read directly
// into its input buffer with recv(), as epoll does, and its multishot receive re-armed.
constexpr unsigned kBufCount = 16;        // power of 2
constexpr unsigned kBufSize = 16 * 1024;
// Not in Debian's liburing 2.3 headers: incremental buffer consumption (Linux 6.12).
constexpr uint16_t kPbufRingInc = 2;            // IOU_PBUF_RING_INC
constexpr uint32_t kCqeFlagBufMore = 1u << 4;   // IORING_CQE_F_BUF_MORE
constexpr int kBufGroup = 0;
constexpr int64_t kSweepMs = 100;

// user_data: a pointer (8-aligned) or 0, with the operation in the low 3 bits.
enum Op : uint64_t { kRecv = 1, kSend = 2, kAccept = 3, kWakeRead = 4, kCancel = 5 };

struct UConn {
  Connection c;
  std::string sending;       // the bytes of the send in flight
  OutputRefs sending_refs;   // and the values they reference
  size_t send_off = 0;       // of the send's output (sending and sending_refs), already sent
  std::unique_ptr<iovec[]> iov;  // a gathered send's pieces (kMaxOutputIov), kept until
  msghdr msg{};                  // its completion
  size_t index = 0;          // position in UringLoop::conns_
  int in_kernel = 0;         // requests whose last completion has not arrived
  bool recv_armed = false;
  bool send_busy = false;
  bool queued = false;       // in pending_ for this turn's sends
  bool closing = false;
  bool cancelled = false;    // closed while requests were in the kernel
};

class UringLoop final : public EventLoop {
 public:
  UringLoop(const LoopOptions& o, Dispatcher* d) : opts_(o), d_(d) {}
  ~UringLoop() override {
    // Run() frees every connection before it returns; what is left was never run.
    for (UConn* u : conns_) {
      d_->OnClose(u->c);
      ::close(u->c.fd);
      delete u;
    }
    if (ring_ok_) {
      if (buf_ring_) io_uring_unregister_buf_ring(&ring_, kBufGroup);
      io_uring_queue_exit(&ring_);
    }
    if (buf_ring_) munmap(buf_ring_, RingBytes());
    delete[] bufs_;
    if (wake_fd_ >= 0) ::close(wake_fd_);
  }

  bool Init(std::string* err) override {
    // The ring is created disabled and enabled by the loop thread in Run(): with
    // SINGLE_ISSUER the submitting task is fixed when the ring is enabled.
    io_uring_params p{};
    if (opts_.sqpoll) {
      p.flags = IORING_SETUP_SQPOLL;
      p.sq_thread_idle = 1000;
    } else {
      p.flags = IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_DEFER_TASKRUN;
    }
    p.flags |= IORING_SETUP_R_DISABLED;
    int r = io_uring_queue_init_params(kRingEntries, &ring_, &p);
    if (r == -EINVAL && !opts_.sqpoll) {  // kernels before 6.1: no DEFER_TASKRUN
      p = {};
      p.flags = IORING_SETUP_COOP_TASKRUN | IORING_SETUP_R_DISABLED;
      r = io_uring_queue_init_params(kRingEntries, &ring_, &p);
    }
    if (r < 0) {
      *err = StrCat("io_uring_setup: ", strerror(-r));
      return false;
    }
    ring_ok_ = true;
    // Multishot receive needs Linux 6.0. No feature bit tells; IORING_OP_SEND_ZC arrived
    // in the same release, and the opcode probe does tell.
    io_uring_probe* probe = io_uring_get_probe_ring(&ring_);
    bool new_enough = probe && io_uring_opcode_supported(probe, IORING_OP_SEND_ZC);
    if (probe) io_uring_free_probe(probe);
    if (!new_enough) {
      *err = "the kernel lacks multishot receive (Linux 6.0 or later needed)";
      return false;
    }
    buf_ring_ = static_cast<io_uring_buf_ring*>(
        mmap(nullptr, RingBytes(), PROT_READ | PROT_WRITE, MAP_ANONYMOUS | MAP_PRIVATE, -1, 0));
    if (buf_ring_ == MAP_FAILED) {
      buf_ring_ = nullptr;
      *err = StrCat("mmap: ", strerror(errno));
      return false;
    }
    io_uring_buf_reg reg{};
    reg.ring_addr = reinterpret_cast<uint64_t>(buf_ring_);
    reg.ring_entries = kBufCount;
    reg.bgid = kBufGroup;
    reg.pad = kPbufRingInc;  // "flags" in newer headers
    r = io_uring_register_buf_ring(&ring_, &reg, 0);
    incremental_ = r == 0;
    if (r == -EINVAL) {  // before 6.12: a whole buffer per receive
      reg.pad = 0;
      r = io_uring_register_buf_ring(&ring_, &reg, 0);
    }
    if (r < 0) {
      munmap(buf_ring_, RingBytes());
      buf_ring_ = nullptr;
      *err = StrCat("io_uring buffer ring: ", strerror(-r));
      return false;
    }
    bufs_ = new char[size_t(kBufCount) * kBufSize];
    io_uring_buf_ring_init(buf_ring_);
    for (unsigned i = 0; i < kBufCount; ++i)
      io_uring_buf_ring_add(buf_ring_, bufs_ + size_t(i) * kBufSize, kBufSize, uint16_t(i),
                            io_uring_buf_ring_mask(kBufCount), int(i));
    io_uring_buf_ring_advance(buf_ring_, kBufCount);
    wake_fd_ = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (wake_fd_ < 0) {
      *err = StrCat("eventfd: ", strerror(errno));
      return false;
    }
    accept_armed_.assign(opts_.listeners.size(), false);
    TLOG_DEBUG("io_uring loop: %u entries, %u x %u KB receive buffers%s%s", kRingEntries,
               kBufCount, kBufSize / 1024, incremental_ ? " (incremental)" : "",
               opts_.sqpoll ? ", SQPOLL" : "");
#if TESSERA_HAVE_VALGRIND_H
    under_valgrind_ = RUNNING_ON_VALGRIND;
#endif
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

  void Adopt(int fd, int front_end) override {
    {
      std::lock_guard lk(adopt_mu_);
      adopted_.push_back({fd, front_end});
    }
    Wake();
  }

  static void WakeConn(void* self, uint64_t token) {
    auto* l = static_cast<UringLoop*>(self);
    if (l->wakes_.Push(token)) l->Wake();
  }
  static void WakeConnAt(void* self, uint64_t token, int64_t at_ms) {
    auto* l = static_cast<UringLoop*>(self);
    auto it = l->by_token_.find(token);
    if (it != l->by_token_.end()) l->wakes_.SetTimer(token, &it->second->c.timer_at, at_ms);
  }

  void Run() override {
    // Debian's liburing 2.3 declares io_uring_enable_rings but does not export it.
    long r = syscall(__NR_io_uring_register, ring_.ring_fd, IORING_REGISTER_ENABLE_RINGS,
                     nullptr, 0);
    if (r < 0) {
      TLOG_WARN("io_uring: enabling the ring failed: %s", strerror(errno));
      return;
    }
    ArmAccepts();
    ArmWakeRead();
    last_sweep_ms_ = MonotonicMs();
    while (!stop_.load(std::memory_order_relaxed)) {
      int64_t to_sweep = std::max<int64_t>(0, last_sweep_ms_ + kSweepMs - MonotonicMs());
      Turn(wakes_.WaitMs(MonotonicMs(), to_sweep));
    }
    Shutdown();
  }

 private:
  static size_t RingBytes() { return kBufCount * sizeof(io_uring_buf); }

  io_uring_sqe* Sqe() {
    io_uring_sqe* s = io_uring_get_sqe(&ring_);
    while (!s) {  // the submission queue is full: hand it to the kernel now
      io_uring_submit(&ring_);
      s = io_uring_get_sqe(&ring_);
    }
    return s;
  }
  static uint64_t Tag(void* p, Op op) { return reinterpret_cast<uint64_t>(p) | op; }

  // One loop turn: submit what is prepared, wait (at most wait_ms) for completions, handle
  // them, then prepare this turn's sends.
  void Turn(int64_t wait_ms) {
    __kernel_timespec ts{};
    ts.tv_sec = wait_ms / 1000;
    ts.tv_nsec = (wait_ms % 1000) * 1000000;
    if (under_valgrind_) {
      PollForCompletions(wait_ms);
    } else {
      io_uring_cqe* first = nullptr;
      turn_started_ms.store(0, std::memory_order_relaxed);
      int r = io_uring_submit_and_wait_timeout(&ring_, &first, 1, &ts, nullptr);
      if (r < 0 && r != -ETIME && r != -EINTR && r != -EBUSY)
        TLOG_WARN("io_uring_enter: %s", strerror(-r));
    }
    now_ms_ = MonotonicMs();
    turn_started_ms.store(now_ms_, std::memory_order_relaxed);
    unsigned head, seen = 0;
    io_uring_cqe* cqe;
    io_uring_for_each_cqe(&ring_, head, cqe) {
      Handle(cqe);
      ++seen;
    }
    io_uring_cq_advance(&ring_, seen);
    if (returned_bufs_) {
      io_uring_buf_ring_advance(buf_ring_, returned_bufs_);
      returned_bufs_ = 0;
    }
    if (!stop_.load(std::memory_order_relaxed)) {  // before the sends below: Poll adds output
      ServeAdopted();
      ServeWakes();
      if (now_ms_ - last_sweep_ms_ >= kSweepMs) Sweep();
    }
    for (UConn* u : rearm_) {
      if (!u->closing && !u->recv_armed) ArmRecv(u);
    }
    rearm_.clear();
    for (size_t i = 0; i < pending_.size(); ++i) {
      UConn* u = pending_[i];
      u->queued = false;
      if (!u->closing) StartSend(u);
    }
    pending_.clear();
    for (UConn* u : graveyard_) delete u;
    graveyard_.clear();
  }

  // Valgrind (3.19) holds its global lock across io_uring_enter, so a waiting enter stops
  // every other thread, signal handling included. Under valgrind (callgrind measurements,
  // docs/cost_breakdown.md) the loop submits and reaps without waiting, and sleeps briefly
  // in nanosleep, which valgrind knows to block in, when nothing has completed.
  void PollForCompletions(int64_t wait_ms) {
    int64_t deadline = MonotonicMs() + wait_ms;
    for (;;) {
      io_uring_submit(&ring_);
      syscall(__NR_io_uring_enter, ring_.ring_fd, 0, 0,
              IORING_ENTER_GETEVENTS, nullptr, 0);
      if (io_uring_cq_ready(&ring_) > 0 || stop_.load() || MonotonicMs() >= deadline) return;
      timespec pause{0, 50 * 1000};
      nanosleep(&pause, nullptr);
    }
  }

  void Handle(io_uring_cqe* cqe) {
    uint64_t ud = io_uring_cqe_get_data64(cqe);
    auto op = Op(ud & 7);
    auto* u = reinterpret_cast<UConn*>(ud & ~uint64_t(7));
    switch (op) {
      case kRecv: return OnRecv(u, cqe);
      case kSend: return OnSend(u, cqe->res);
      case kAccept: {
        size_t li = size_t(ud >> 3);  // which listener (ArmAccept's tag)
        if (cqe->res >= 0) OnAccepted(cqe->res, opts_.listeners[li].front_end);
        if (!(cqe->flags & IORING_CQE_F_MORE)) {
          accept_armed_[li] = false;
          // Out of descriptors (EMFILE, ENFILE) and the like: try again at the next sweep,
          // not at once, which would spin and flood the log.
          if (cqe->res < 0 && cqe->res != -ECANCELED) {
            TLOG_WARN("accept: %s", strerror(-cqe->res));
            accept_retry_ = true;
          } else if (!stop_.load()) {
            ArmAccept(li);
          }
        }
        return;
      }
      case kWakeRead:  // the queue is served after this turn's completions (Run)
        wake_armed_ = false;
        if (!stop_.load()) ArmWakeRead();
        return;
      case kCancel:
        return;
    }
  }

  // One multishot accept per listener; its tag carries the listener's index above the op.
  static uint64_t AcceptTag(size_t li) { return kAccept | (uint64_t(li) << 3); }
  void ArmAccept(size_t li) {
    io_uring_sqe* s = Sqe();
    io_uring_prep_multishot_accept(s, opts_.listeners[li].fd, nullptr, nullptr,
                                   SOCK_NONBLOCK | SOCK_CLOEXEC);
    io_uring_sqe_set_data64(s, AcceptTag(li));
    accept_armed_[li] = true;
  }
  void ArmAccepts() {
    for (size_t li = 0; li < accept_armed_.size(); ++li)
      if (!accept_armed_[li]) ArmAccept(li);
  }
  bool AnyAcceptArmed() const {
    for (bool a : accept_armed_)
      if (a) return true;
    return false;
  }

  void ArmWakeRead() {
    io_uring_sqe* s = Sqe();
    io_uring_prep_read(s, wake_fd_, &wake_buf_, sizeof(wake_buf_), 0);
    io_uring_sqe_set_data64(s, kWakeRead);
    wake_armed_ = true;
  }

  void ArmRecv(UConn* u) {
    io_uring_sqe* s = Sqe();
    io_uring_prep_recv_multishot(s, u->c.fd, nullptr, 0, 0);
    s->flags |= IOSQE_BUFFER_SELECT;
    s->buf_group = kBufGroup;
    io_uring_sqe_set_data64(s, Tag(u, kRecv));
    u->recv_armed = true;
    ++u->in_kernel;
  }

  void OnAccepted(int fd, int front_end) {
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    auto* u = new UConn;
    Connection& c = u->c;
    c.fd = fd;
    DescribeSocket(fd, &c.peer, &c.local);
    c.last_active_ms = now_ms_;
    c.token = ++last_token_;
    c.front_end = front_end;
    if (!d_->OnAccept(c, ConnWaker{this, c.token, &WakeConn, &WakeConnAt})) {
      if (!c.out.empty()) {
        ssize_t w = ::write(fd, c.out.data(), c.out.size());
        (void)w;
      }
      ::close(fd);
      delete u;
      return;
    }
    u->index = conns_.size();
    conns_.push_back(u);
    by_token_.emplace(c.token, u);
    ArmRecv(u);
  }

  void ReturnBuffer(unsigned bid) {
    io_uring_buf_ring_add(buf_ring_, bufs_ + size_t(bid) * kBufSize, kBufSize, uint16_t(bid),
                          io_uring_buf_ring_mask(kBufCount), int(returned_bufs_));
    ++returned_bufs_;
  }

  void OnRecv(UConn* u, io_uring_cqe* cqe) {
    int res = cqe->res;
    if (!(cqe->flags & IORING_CQE_F_MORE)) {
      u->recv_armed = false;
      --u->in_kernel;
    }
    if (cqe->flags & IORING_CQE_F_BUFFER) {
      unsigned bid = cqe->flags >> IORING_CQE_BUFFER_SHIFT;
      // Incremental consumption: this receive's bytes follow the previous ones in the
      // buffer; the buffer goes back to the ring only once the kernel has used it up.
      uint32_t& used = buf_used_[bid];
      const char* data = bufs_ + size_t(bid) * kBufSize + (incremental_ ? used : 0);
      if (res > 0 && !u->closing) {
        Connection& c = u->c;
        size_t want = size_t(res);
        if (c.read_hint > c.in.size()) want = std::max(want, c.read_hint - c.in.size());
        size_t avail;
        char* p = c.in.PrepareWrite(want, &avail);
        memcpy(p, data, size_t(res));
        c.in.Commit(size_t(res));
      }
      if (incremental_ && (cqe->flags & kCqeFlagBufMore)) {
        used += uint32_t(std::max(res, 0));
      } else {
        used = 0;
        ReturnBuffer(bid);
      }
    }
    if (u->closing) return MaybeFree(u);
    Connection& c = u->c;
    if (res > 0) {
      c.last_active_ms = now_ms_;
      if (!c.close_after_write && !draining_) {
        d_->OnData(c);
        if (c.close_now) return Close(u);
      }
      if (!u->recv_armed) rearm_.push_back(u);
      Queue(u);
    } else if (res == -ENOBUFS) {
      if (!ReadDirect(u)) return;  // closed
      rearm_.push_back(u);
      Queue(u);
    } else if (res == 0 || res != -ECANCELED) {
      // End of input (or a receive error): answer what the client sent, then close.
      if (res < 0 || (!c.HasOutput() && !u->send_busy)) return Close(u);
      c.close_after_write = true;
      Queue(u);
    }
  }

  // Every provided buffer was in use (ENOBUFS): this client sends faster than the ring
  // turns over (big values, deep pipelines). What waits in its socket is read straight
  // into its input buffer, as the readiness engines do, instead of waiting for buffers and
  // copying out of them; the multishot receive is re-armed after. It has ended and its
  // earlier completions were handled before this one, so the bytes stay in order. End of
  // input and errors are left for the re-armed receive to report. False when closed.
  bool ReadDirect(UConn* u) {
    Connection& c = u->c;
    for (int round = 0; round < 8 && !c.close_after_write && !draining_; ++round) {
      size_t want = 16 * 1024;
      if (c.read_hint > c.in.size()) want = std::max(want, c.read_hint - c.in.size());
      size_t avail;
      char* p = c.in.PrepareWrite(want, &avail);
      ssize_t n = ::recv(c.fd, p, avail, MSG_DONTWAIT);
      if (n <= 0) break;
      c.in.Commit(size_t(n));
      c.last_active_ms = now_ms_;
      d_->OnData(c);
      if (c.close_now) {
        Close(u);
        return false;
      }
      if (size_t(n) < avail) break;  // the socket is drained for now
    }
    return true;
  }

  void Queue(UConn* u) {
    if (u->queued) return;
    u->queued = true;
    pending_.push_back(u);
  }

  void StartSend(UConn* u) {
    if (u->send_busy) return;
    Connection& c = u->c;
    if (!c.HasOutput()) {
      if (c.close_after_write) Close(u);
      return;
    }
    u->sending.swap(c.out);
    u->sending_refs.swap(c.out_refs);
    c.out.clear();
    u->send_off = 0;
    SubmitSend(u);
  }

  static size_t SendingSize(const UConn* u) {
    return u->sending.size() + u->sending_refs.bytes();
  }

  void SubmitSend(UConn* u) {
    io_uring_sqe* s = Sqe();
    if (u->sending_refs.empty()) {
      io_uring_prep_send(s, u->c.fd, u->sending.data() + u->send_off,
                         u->sending.size() - u->send_off, MSG_NOSIGNAL);
    } else {
      if (!u->iov) u->iov.reset(new iovec[kMaxOutputIov]);
      u->msg = {};
      u->msg.msg_iov = u->iov.get();
      u->msg.msg_iovlen =
          GatherOutput(u->sending, u->sending_refs, u->send_off, u->iov.get(), kMaxOutputIov);
      io_uring_prep_sendmsg(s, u->c.fd, &u->msg, MSG_NOSIGNAL);
    }
    io_uring_sqe_set_data64(s, Tag(u, kSend));
    u->send_busy = true;
    u->c.in_flight = SendingSize(u) - u->send_off;
    ++u->in_kernel;
  }

  void OnSend(UConn* u, int res) {
    --u->in_kernel;
    u->send_busy = false;
    if (u->closing) return MaybeFree(u);
    if (res < 0) {
      if (res == -EAGAIN || res == -EINTR) return SubmitSend(u);
      return Close(u);
    }
    d_->OnWritten(u->c, size_t(res));
    u->send_off += size_t(res);
    if (u->send_off < SendingSize(u)) return SubmitSend(u);
    u->c.in_flight = 0;
    u->sending.clear();  // keeps its capacity for the next batch (see Sweep)
    u->sending_refs.Clear();
    StartSend(u);  // what collected meanwhile, or the close a half-closed client waits for
  }

  // The dispatcher lets go of the connection now; the memory waits for the kernel.
  void Close(UConn* u) {
    if (u->closing) return;
    u->closing = true;
    wakes_.SetTimer(u->c.token, &u->c.timer_at, 0);
    by_token_.erase(u->c.token);
    d_->OnClose(u->c);
    conns_.back()->index = u->index;
    conns_[u->index] = conns_.back();
    conns_.pop_back();
    if (u->in_kernel > 0) {
      ++closed_in_kernel_;
      u->cancelled = true;
      io_uring_sqe* s = Sqe();
      io_uring_prep_cancel_fd(s, u->c.fd, IORING_ASYNC_CANCEL_ALL);
      io_uring_sqe_set_data64(s, kCancel);
    }
    MaybeFree(u);
  }

  void MaybeFree(UConn* u) {
    if (u->in_kernel > 0) return;
    if (u->cancelled) --closed_in_kernel_;
    ::close(u->c.fd);
    graveyard_.push_back(u);  // deleted at the end of the turn: pending_ may still name it
  }

  // The connections the acceptor handed over since the last turn.
  void ServeAdopted() {
    {
      std::lock_guard lk(adopt_mu_);
      if (adopted_.empty()) return;
      adopting_.swap(adopted_);
    }
    for (const auto& [fd, front_end] : adopting_) OnAccepted(fd, front_end);
    adopting_.clear();
  }

  // The connections other threads woke and those whose timers are due: only those.
  void ServeWakes() {
    wakes_.Drain(&woken_);
    size_t n = woken_.size();
    wakes_.DueTimers(now_ms_, &due_);
    if (n == 0 && due_.empty()) return;
    woken_.insert(woken_.end(), due_.begin(), due_.end());
    for (size_t i = 0; i < woken_.size(); ++i) {
      auto it = by_token_.find(woken_[i]);
      if (it == by_token_.end()) continue;  // closed meanwhile
      UConn* u = it->second;
      if (i >= n) wakes_.SetTimer(u->c.token, &u->c.timer_at, 0);  // Poll may set a new one
      if (d_->ShouldClose(u->c, now_ms_)) Close(u);
      else if (d_->Poll(u->c)) (u->c.close_now ? Close(u) : Queue(u));
    }
  }

  // Periodic check of every connection (idle timeouts, buffers to trim, CLIENT PAUSE ends).
  void Sweep() {
    last_sweep_ms_ = now_ms_;
    if (accept_retry_ && !stop_.load()) {
      accept_retry_ = false;
      ArmAccepts();
    }
    std::vector<UConn*> doomed;
    for (UConn* u : conns_) {
      u->c.TrimIdleBuffers(now_ms_);
      if (!u->send_busy && u->sending.capacity() > kKeptBufferBytes &&
          now_ms_ - u->c.last_active_ms >= kTrimIdleMs)
        std::string().swap(u->sending);
      if (d_->ShouldClose(u->c, now_ms_)) doomed.push_back(u);
      else if (d_->Poll(u->c)) (u->c.close_now ? doomed.push_back(u) : Queue(u));
    }
    for (UConn* u : doomed) Close(u);
  }

  // Stop accepting, give pending replies a bounded time to leave, then close everything
  // and wait until the kernel has let go of every buffer.
  void Shutdown() {
    io_uring_sqe* s;
    for (size_t li = 0; li < accept_armed_.size(); ++li) {
      if (!accept_armed_[li]) continue;
      s = Sqe();
      io_uring_prep_cancel64(s, AcceptTag(li), 0);
      io_uring_sqe_set_data64(s, kCancel);
    }
    s = Sqe();
    io_uring_prep_cancel64(s, kWakeRead, 0);
    io_uring_sqe_set_data64(s, kCancel);
    {  // handed over but never served: nobody will
      std::lock_guard lk(adopt_mu_);
      for (const auto& a : adopted_) ::close(a.first);
      adopted_.clear();
    }
    for (UConn* u : conns_) Queue(u);
    int64_t deadline = MonotonicMs() + 2000;
    // The listening socket must stop accepting here before Run returns: a multishot accept
    // left to the ring's teardown would keep the port bound after the process exits.
    while ((AnyAcceptArmed() || wake_armed_) && MonotonicMs() < deadline) Turn(50);
    auto sending = [this] {
      for (UConn* u : conns_)
        if (u->send_busy || u->c.HasOutput()) return true;
      return false;
    };
    while (sending() && MonotonicMs() < deadline) Turn(50);
    draining_ = true;
    while (!conns_.empty()) Close(conns_.back());
    deadline = MonotonicMs() + 2000;
    while (closed_in_kernel_ > 0 && MonotonicMs() < deadline) Turn(50);
    if (closed_in_kernel_ > 0)
      TLOG_WARN("io_uring: %d connections still had requests in the kernel at exit",
                closed_in_kernel_);
    for (UConn* u : graveyard_) delete u;
    graveyard_.clear();
  }

  LoopOptions opts_;
  Dispatcher* d_;
  io_uring ring_{};
  bool ring_ok_ = false;
  io_uring_buf_ring* buf_ring_ = nullptr;
  char* bufs_ = nullptr;
  bool incremental_ = false;         // IOU_PBUF_RING_INC accepted
  uint32_t buf_used_[kBufCount] = {};  // incremental: bytes of each buffer already handed out
  unsigned returned_bufs_ = 0;
  int wake_fd_ = -1;
  uint64_t wake_buf_ = 0;
  std::atomic<bool> stop_{false};
  bool draining_ = false;           // shutting down: input is no longer parsed
  bool under_valgrind_ = false;
  std::vector<bool> accept_armed_;  // per listener
  bool wake_armed_ = false;
  bool accept_retry_ = false;  // the accept failed; armed again at the next sweep
  int closed_in_kernel_ = 0;  // closed connections the kernel has not let go of yet
  int64_t now_ms_ = 0, last_sweep_ms_ = 0;
  std::vector<UConn*> conns_;      // live connections
  std::vector<UConn*> pending_;    // connections to send to at the end of this turn
  std::vector<UConn*> rearm_;      // connections whose multishot receive ended
  std::vector<UConn*> graveyard_;  // freed at the end of the turn
  WakeQueue wakes_;
  absl::flat_hash_map<uint64_t, UConn*> by_token_;
  uint64_t last_token_ = 0;
  std::vector<uint64_t> woken_, due_;  // ServeWakes' scratch
  std::mutex adopt_mu_;
  std::vector<std::pair<int, int>> adopted_;   // (fd, front end) from Adopt, any thread
  std::vector<std::pair<int, int>> adopting_;  // ServeAdopted's scratch
};

}  // namespace

std::unique_ptr<EventLoop> CreateUringLoop(const LoopOptions& opts, Dispatcher* d) {
  return std::make_unique<UringLoop>(opts, d);
}

}  // namespace tessera::net

#else  // !__linux__

#include "net/event_loop.h"
#include "net/wake_queue.h"

#include "absl/container/flat_hash_map.h"

namespace tessera::net {
std::unique_ptr<EventLoop> CreateUringLoop(const LoopOptions&, Dispatcher*) { return nullptr; }
}  // namespace tessera::net

#endif
