// Wall-clock milliseconds (TTL deadlines are absolute Unix times, as in Redis) and a cheap
// coarse clock for LRU stamps.
#pragma once

#include <chrono>
#include <cstdint>

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

}  // namespace tessera
