// Clocks. TTL deadlines are absolute Unix times in ms, as in Redis.
//
// NowMs()/NowUs() read the system clock. On the command path we avoid them: a clock read
// costs ~12% of a pipelined GET here (measured with perf), and a command needs several. The
// command path uses FastClock instead: each I/O thread anchors it once per read batch (one
// real clock read), and in between derives the time from the CPU's timestamp counter, which
// the kernel itself uses as its clocksource on x86-64 with constant_tsc. Elsewhere (other
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
  // Wall-clock ms: anchored time plus elapsed ticks, or the real clock when not anchored.
  static int64_t NowMs();

  // Anchors for the lifetime of the object (one I/O batch).
  struct Scope {
    Scope() { Anchor(); }
    ~Scope() { Release(); }
  };
};

}  // namespace tessera
