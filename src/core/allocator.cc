#include "core/allocator.h"

#ifdef TESSERA_WITH_MIMALLOC
#include <mimalloc.h>
#endif

#include <unistd.h>

#include <fstream>

namespace tessera {

int64_t ProcessRssBytes() {
  std::ifstream f("/proc/self/statm");
  int64_t size = 0, rss = 0;
  f >> size >> rss;
  return rss * sysconf(_SC_PAGESIZE);
}

AllocatorInfo GetAllocatorInfo() {
  AllocatorInfo info;
#ifdef TESSERA_WITH_MIMALLOC
  size_t elapsed, user, sys, rss, peak_rss, commit, peak_commit, faults;
  mi_process_info(&elapsed, &user, &sys, &rss, &peak_rss, &commit, &peak_commit, &faults);
  info.available = true;
  info.committed = int64_t(commit);
  (void)rss;  // mimalloc's figure is its commit here, not the resident set
#endif
  return info;
}

int64_t ThreadHeapBytes() {
#ifdef TESSERA_WITH_MIMALLOC
  int64_t total = 0;
  mi_heap_visit_blocks(
      mi_heap_get_default(), true,
      [](const mi_heap_t*, const mi_heap_area_t*, void* block, size_t size, void* arg) {
        if (block) *static_cast<int64_t*>(arg) += int64_t(size);
        return true;
      },
      &total);
  return total;
#else
  return -1;
#endif
}

std::string AllocatorStatsText() {
  std::string out;
#ifdef TESSERA_WITH_MIMALLOC
  mi_stats_print_out([](const char* msg, void* arg) { static_cast<std::string*>(arg)->append(msg); },
                     &out);
#endif
  return out;
}

bool AllocatorPurge() {
#ifdef TESSERA_WITH_MIMALLOC
  mi_collect(true);
  return true;
#else
  return false;
#endif
}

}  // namespace tessera
