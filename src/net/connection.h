// A client connection as the net layer sees it: a socket, an input buffer and an output
// buffer (a string, plus the large values it references: core/shared_bytes.h). The
// Dispatcher (server/) parses the input and appends replies to the output; the loop that
// owns the connection reads into `in` and writes the output out.
//
// Lifetime and threading: a Connection belongs to the loop thread that accepted it and is
// only touched there. `session` is the Dispatcher's per-connection state, created in
// OnAccept and destroyed in OnClose.
#pragma once

#include <cstddef>
#include <cstring>
#include <memory>
#include <string>

#include "core/shared_bytes.h"

struct iovec;

namespace tessera::net {

// Buffer bytes a connection keeps however long it is idle. Larger buffers that a burst of
// traffic grew are kept while the connection stays busy (reallocating them for every
// pipelined batch cost more than the copy they hold) and given back once it has been idle
// for kTrimIdleMs (Connection::TrimIdleBuffers, from the loops' sweeps).
inline constexpr size_t kKeptBufferBytes = 64 * 1024;
inline constexpr int64_t kTrimIdleMs = 1000;

// A growable byte buffer with a consumed prefix: reads append at the end, the parser
// consumes from the front. Compaction (moving pending bytes to the front) happens only in
// PrepareWrite, i.e. before a read, never while views into the buffer are in use.
class InputBuffer {
 public:
  const char* data() const { return buf_.get() + start_; }
  size_t size() const { return end_ - start_; }
  void Consume(size_t n) {
    start_ += n;
    if (start_ == end_) start_ = end_ = 0;
  }
  // Makes room for at least `min_free` bytes at the end; returns where to write.
  char* PrepareWrite(size_t min_free, size_t* avail) {
    if (cap_ - end_ < min_free) {
      size_t pending = end_ - start_;
      if (start_ > 0 && cap_ - pending >= min_free) {
        memmove(buf_.get(), buf_.get() + start_, pending);
      } else {
        size_t ncap = cap_ ? cap_ : 16384;
        while (ncap - pending < min_free) ncap *= 2;
        std::unique_ptr<char[]> nb(new char[ncap]);
        if (pending) memcpy(nb.get(), buf_.get() + start_, pending);
        buf_ = std::move(nb);
        cap_ = ncap;
      }
      start_ = 0;
      end_ = pending;
    }
    *avail = cap_ - end_;
    return buf_.get() + end_;
  }
  void Commit(size_t n) { end_ += n; }
  size_t capacity() const { return cap_; }
  // Drops a large, now empty buffer so idle connections do not keep megabytes.
  void ShrinkIfIdle() {
    if (start_ == end_ && cap_ > kKeptBufferBytes) {
      buf_.reset();
      cap_ = start_ = end_ = 0;
    }
  }

 private:
  std::unique_ptr<char[]> buf_;
  size_t cap_ = 0, start_ = 0, end_ = 0;
};

struct Connection {
  int fd = -1;
  std::string peer;   // "ip:port"
  std::string local;  // "ip:port"
  InputBuffer in;
  std::string out;
  OutputRefs out_refs;          // values sent by reference, placed between bytes of `out`
  size_t out_off = 0;           // bytes of the output (out and out_refs) already written
  size_t in_flight = 0;         // bytes handed to the kernel, not yet sent (uring)
  size_t read_hint = 0;         // bytes the parser needs in total (large bulks)
  bool close_after_write = false;
  bool close_now = false;
  bool want_write = false;      // readiness engines: interest in writing registered
  void* session = nullptr;
  int front_end = 0;     // the ListenSocket::front_end of the listener that accepted it
  int64_t last_active_ms = 0;
  uint64_t token = 0;    // the loop's name for it in its WakeQueue (never reused)
  int64_t timer_at = 0;  // its WakeQueue timer (monotonic ms), 0 = none

  // Bytes of output: `out` and the values it references.
  size_t OutputSize() const { return out.size() + out_refs.bytes(); }
  bool HasOutput() const { return !out.empty() || !out_refs.empty(); }
  // Not yet sent: queued, or handed to the kernel (client-output-buffer-limit, omem).
  size_t PendingOutput() const { return OutputSize() - out_off + in_flight; }
  // Gives back the large buffers of a connection idle since kTrimIdleMs (see above).
  void TrimIdleBuffers(int64_t now_ms) {
    if (now_ms - last_active_ms < kTrimIdleMs) return;
    in.ShrinkIfIdle();
    if (!HasOutput() && out.capacity() > kKeptBufferBytes) std::string().swap(out);
  }
  void ClearOutput() {
    out.clear();
    out_refs.Clear();
    out_off = 0;
  }
};

// Pieces gathered into one write or send: a reply batch with more large values than this
// leaves in several.
inline constexpr size_t kMaxOutputIov = 256;

// Points iov[0, n) at the output bytes from offset `off` on (out and refs interleaved, as
// OutputRefs describes), at most max_iov pieces; returns n.
size_t GatherOutput(const std::string& out, const OutputRefs& refs, size_t off, iovec* iov,
                    size_t max_iov);

}  // namespace tessera::net
