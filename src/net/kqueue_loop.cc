// kqueue engine (BSD, macOS): the readiness loop (readiness_loop.cc) over kqueue.
// Level-triggered read and write filters; an EVFILT_USER event wakes a waiting loop. kqueue
// has no exclusive wake-up for the shared listening socket: every loop is told, one accepts
// and the others find nothing (EAGAIN). Built on BSD and macOS; CI (Linux) cannot run it,
// but checks that it compiles against tests/kqueue_shim (TESSERA_KQUEUE_SYNTAX_CHECK).
#include "net/readiness_loop.h"

#if defined(__APPLE__) || defined(__FreeBSD__) || defined(__OpenBSD__) || defined(__NetBSD__) || \
    defined(TESSERA_KQUEUE_SYNTAX_CHECK)

#include <sys/event.h>
#include <sys/time.h>
#include <sys/types.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <vector>

#include "core/strutil.h"

namespace tessera::net {
namespace {

constexpr uintptr_t kWakeIdent = 1;

class KqueuePoller final : public Poller {
 public:
  ~KqueuePoller() override {
    if (kq_ >= 0) ::close(kq_);
  }

  bool Init(std::string* err) override {
    kq_ = kqueue();
    if (kq_ < 0) {
      *err = StrCat("kqueue: ", strerror(errno));
      return false;
    }
    struct kevent ev;
    EV_SET(&ev, kWakeIdent, EVFILT_USER, EV_ADD | EV_CLEAR, 0, 0, nullptr);
    if (kevent(kq_, &ev, 1, nullptr, 0, nullptr) < 0) {
      *err = StrCat("kqueue EVFILT_USER: ", strerror(errno));
      return false;
    }
    return true;
  }

  void WatchListener(int fd) override {
    Change(fd, EVFILT_READ, EV_ADD);
    SetInterest(fd, true, false);
  }

  void Watch(int fd, bool read, bool write, bool add) override {
    if (add || read != Reading(fd)) Change(fd, EVFILT_READ, read ? EV_ADD : EV_DELETE);
    if (add ? write : write != Writing(fd)) Change(fd, EVFILT_WRITE, write ? EV_ADD : EV_DELETE);
    SetInterest(fd, read, write);
  }

  void Unwatch(int fd) override {
    if (Reading(fd)) Change(fd, EVFILT_READ, EV_DELETE);
    if (Writing(fd)) Change(fd, EVFILT_WRITE, EV_DELETE);
    SetInterest(fd, false, false);
  }

  int Wait(ReadyEvent* out, int max, int timeout_ms, bool* woken) override {
    struct kevent evs[256];
    timespec ts{timeout_ms / 1000, long(timeout_ms % 1000) * 1000000L};
    int n = kevent(kq_, nullptr, 0, evs, std::min(max, 256), &ts);
    if (n < 0) return -1;
    int k = 0;
    for (int i = 0; i < n; ++i) {
      if (evs[i].filter == EVFILT_USER) {
        *woken = true;
        continue;
      }
      ReadyEvent r;
      r.fd = int(evs[i].ident);
      r.readable = evs[i].filter == EVFILT_READ;
      r.writable = evs[i].filter == EVFILT_WRITE;
      r.hangup = (evs[i].flags & (EV_EOF | EV_ERROR)) != 0;
      out[k++] = r;
    }
    return k;
  }

  void Wake() override {
    struct kevent ev;
    EV_SET(&ev, kWakeIdent, EVFILT_USER, 0, NOTE_TRIGGER, 0, nullptr);
    kevent(kq_, &ev, 1, nullptr, 0, nullptr);
  }

 private:
  void Change(int fd, int16_t filter, uint16_t flags) {
    struct kevent ev;
    EV_SET(&ev, uintptr_t(fd), filter, flags, 0, 0, nullptr);
    kevent(kq_, &ev, 1, nullptr, 0, nullptr);
  }
  // The filters registered per fd (kqueue has no "modify" of a read+write interest set).
  bool Reading(int fd) const { return size_t(fd) < interest_.size() && (interest_[size_t(fd)] & 1); }
  bool Writing(int fd) const { return size_t(fd) < interest_.size() && (interest_[size_t(fd)] & 2); }
  void SetInterest(int fd, bool read, bool write) {
    if (size_t(fd) >= interest_.size()) interest_.resize(size_t(fd) + 1, 0);
    interest_[size_t(fd)] = uint8_t((read ? 1 : 0) | (write ? 2 : 0));
  }

  int kq_ = -1;
  std::vector<uint8_t> interest_;
};

}  // namespace

std::unique_ptr<EventLoop> CreateKqueueLoop(const LoopOptions& opts, Dispatcher* d) {
  return CreateReadinessLoop(opts, d, std::make_unique<KqueuePoller>());
}

}  // namespace tessera::net

#else

namespace tessera::net {
std::unique_ptr<EventLoop> CreateKqueueLoop(const LoopOptions&, Dispatcher*) { return nullptr; }
}  // namespace tessera::net

#endif
