// Per-command statistics (INFO commandstats and latencystats, total_commands_processed).
//
// Every command updates them and INFO reads them now and then. An atomic read-modify-write
// per update costs a locked instruction, and when two I/O threads update the same counter
// its cache line moves between their cores on every command. So each thread counts in a
// block of its own (plain loads and stores on lines no other thread writes), and a reader
// adds up every thread's block. A block, once made, lives as long as the process: counts
// are cumulative, whichever thread made them.
#pragma once

#include <atomic>
#include <cstdint>

#include "absl/functional/function_ref.h"

namespace tessera::commands {

inline constexpr int kLatencyBuckets = 48 * 8;  // log-linear: 8 per power of two of ns
inline constexpr int kMaxCommandIds = 1024;     // commands and subcommands

// One thread's counters for one command.
struct SpecCounters {
  std::atomic<uint64_t> calls{0}, usec{0}, failed{0}, rejected{0};
  // kLatencyBuckets counts, made by the owning thread on its first sample.
  std::atomic<std::atomic<uint64_t>*> latency{nullptr};
};

// Everything one thread counts.
struct ThreadCounters {
  std::atomic<uint64_t> commands{0};  // total_commands_processed
  SpecCounters spec[kMaxCommandIds];
  ~ThreadCounters();
};

// This thread's block, made and registered on first use.
ThreadCounters& MyCounters();
// Calls f for every block made so far.
void ForEachThreadCounters(absl::FunctionRef<void(ThreadCounters&)> f);

// Adds to a counter only this thread writes.
inline void Bump(std::atomic<uint64_t>& c, uint64_t n = 1) {
  c.store(c.load(std::memory_order_relaxed) + n, std::memory_order_relaxed);
}

// The statistics of one command; `id` is given by the registry (-1: not registered, and
// nothing is counted).
struct CommandStats {
  int id = -1;

  // Refused before it ran (arity, NOAUTH, OOM, ...).
  void Rejected() const {
    if (id >= 0) Bump(MyCounters().spec[id].rejected);
  }
  // Ran for `ns` nanoseconds; `failed` when it replied with an error.
  void Ran(uint64_t ns, bool failed) const;

  uint64_t Calls() const { return Sum(&SpecCounters::calls); }
  uint64_t Usec() const { return Sum(&SpecCounters::usec); }
  uint64_t Failed() const { return Sum(&SpecCounters::failed); }
  uint64_t RejectedCalls() const { return Sum(&SpecCounters::rejected); }
  uint64_t LatencyCount() const;
  // The value (ns) below which `pct` percent of the samples fall; 0 when there are none.
  uint64_t LatencyPercentile(double pct) const;
  // CONFIG RESETSTAT. Not atomic with commands running meanwhile on other threads (nor is
  // Redis's); an update racing with the reset may survive it.
  void Reset() const;

 private:
  uint64_t Sum(std::atomic<uint64_t> SpecCounters::*field) const;
};

uint64_t TotalCommands();
void ResetTotalCommands();

}  // namespace tessera::commands
