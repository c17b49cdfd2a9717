#include "core/clock.h"

#include <thread>

namespace tessera {

namespace {
struct Anchor {
  bool set = false;
  int64_t wall_us = 0;
  uint64_t ticks = 0;
  uint64_t last = 0;       // the last counter read: the anchor or a command's end
  double ticks_per_us = 1.0;
  int64_t ms = 0;          // NowMs() until the counter reaches next_tick
  uint64_t next_tick = 0;
};
thread_local Anchor t_anchor;

// The current millisecond, and the counter value at which the next one starts.
void SetMs(Anchor& a, int64_t ms) {
  a.ms = ms;
  a.next_tick = a.ticks + uint64_t(double((ms + 1) * 1000 - a.wall_us) * a.ticks_per_us);
}

double Calibrate() {
#if defined(__x86_64__)
  using namespace std::chrono;
  auto t0 = steady_clock::now();
  uint64_t c0 = __rdtsc();
  std::this_thread::sleep_for(milliseconds(5));
  auto t1 = steady_clock::now();
  uint64_t c1 = __rdtsc();
  double us = double(duration_cast<nanoseconds>(t1 - t0).count()) / 1000.0;
  double per_us = double(c1 - c0) / us;
  return per_us > 1.0 ? per_us : 1000.0;
#else
  return 1000.0;  // Ticks() are nanoseconds
#endif
}
}  // namespace

double FastClock::TicksPerUs() {
  static const double kTicksPerUs = Calibrate();
  return kTicksPerUs;
}

void FastClock::Anchor() {
  t_anchor.wall_us = NowUs();
  t_anchor.ticks = Ticks();
  t_anchor.last = t_anchor.ticks;
  t_anchor.ticks_per_us = TicksPerUs();
  SetMs(t_anchor, t_anchor.wall_us / 1000);
  t_anchor.set = true;
}

void FastClock::Release() { t_anchor.set = false; }

int64_t FastClock::NowMs() {
  auto& a = t_anchor;
  if (!a.set) return tessera::NowMs();
  uint64_t t = a.last;
  if (t < a.next_tick) return a.ms;  // still within the same millisecond
  SetMs(a, (a.wall_us + int64_t(double(t - a.ticks) / a.ticks_per_us)) / 1000);
  return a.ms;
}

uint64_t FastClock::CommandStart() { return t_anchor.set ? t_anchor.last : Ticks(); }

uint64_t FastClock::CommandEnd() {
  uint64_t t = Ticks();
  if (t_anchor.set) t_anchor.last = t;
  return t;
}

}  // namespace tessera
