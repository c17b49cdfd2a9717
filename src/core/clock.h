// Clocks. TTL deadlines are absolute Unix times in ms, as in Redis.
//
// NowMs()/NowUs() read the system clock. On the command path we avoid them: a clock read
// costs ~12% of a pipelined GET here (measured with perf), and a command needs several. The
// command path uses FastClock instead: each I/O thread anchors it once per read batch (one
// real clock read), and in between derives the time from the CPU's timestamp counter, which
// the kernel itself uses as its clocksource on x86-64 with constant_tsc. The counter is read
// once per command, at its end (for its duration and the time of the next command): each
// read costs ~40 cycles here, 9% of a pipelined SET when there were three. Elsewhere (other
// CPUs, threads that never anchor) FastClock falls back to the real clock.
#pragma once

#include <chrono>
#include <cstdint>

#if defined(__x86_64__)
#include <x86intrin.h>
#endif

namespace tessera {

inline int64_t NowMs() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

inline int64_t NowUs() {
  using namespace std::chrono;
  return duration_cast<microseconds>(system_clock::now().time_since_epoch()).count();
}

inline int64_t MonotonicMs() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
}

class FastClock {
 public:
  // Raw ticks for measuring intervals (TSC on x86-64, steady-clock ns elsewhere).
  static uint64_t Ticks() {
#if defined(__x86_64__)
    return __rdtsc();
#else
    using namespace std::chrono;
    return uint64_t(duration_cast<nanoseconds>(steady_clock::now().time_since_epoch()).count());
#endif
  }
  // Ticks per microsecond, calibrated once per process.
  static double TicksPerUs();
  static uint64_t TicksToNs(uint64_t ticks) {
    return uint64_t(double(ticks) * 1000.0 / TicksPerUs());
  }

  // Reads the real clock and makes this thread's NowMs() derive from it until Release().
  static void Anchor();
  static void Release();
  // Wall-clock ms. Anchored: the time of the last counter read on this thread (the anchor,
  // or the end of the previous command: see CommandStart), so within a command the time
  // stands still at its start, as Redis's command time snapshot does. Not anchored: the
  // real clock.
  static int64_t NowMs();

  // Command timing with one counter read per command. Anchored, a command starts where
  // the previous one of its batch ended (or at the anchor), so its duration includes
  // parsing its request; CommandEnd reads the counter and moves the thread's time on.
  // Not anchored, both read the counter.
  static uint64_t CommandStart();
  static uint64_t CommandEnd();

  // Anchors for the lifetime of the object (one I/O batch).
  struct Scope {
    Scope() { Anchor(); }
    ~Scope() { Release(); }
  };
};

}  // namespace tessera
