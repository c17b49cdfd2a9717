// What the process allocator (mimalloc, except under the sanitizers) says about memory:
// INFO memory's allocator_* fields, MEMORY STATS/PURGE, and the accounting test.
#pragma once

#include <cstdint>
#include <string>

namespace tessera {

struct AllocatorInfo {
  bool available = false;  // false: not mimalloc (sanitizer builds); the figures are 0
  int64_t committed = 0;   // memory the allocator has committed from the OS
};
AllocatorInfo GetAllocatorInfo();

// Bytes in blocks the calling thread's heap has handed out and not got back (a walk over
// every block: slow, for tests and diagnostics). -1 when not mimalloc.
int64_t ThreadHeapBytes();

// The process's resident set (/proc/self/statm), whatever the allocator.
int64_t ProcessRssBytes();

// MEMORY MALLOC-STATS: the allocator's report; empty when not mimalloc.
std::string AllocatorStatsText();

// MEMORY PURGE: returns freed pages to the OS. False when the allocator cannot.
bool AllocatorPurge();

}  // namespace tessera
