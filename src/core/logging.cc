#include "core/logging.h"

#include <unistd.h>

#include <atomic>
#include <ctime>

#include "core/strutil.h"

namespace tessera::log {
namespace {
std::atomic<Level> g_level{Level::kNotice};
}

void SetLevel(Level l) { g_level.store(l, std::memory_order_relaxed); }
Level GetLevel() { return g_level.load(std::memory_order_relaxed); }

bool ParseLevel(std::string_view s, Level* out) {
  if (s == "debug") *out = Level::kDebug;
  else if (s == "verbose") *out = Level::kVerbose;
  else if (s == "notice") *out = Level::kNotice;
  else if (s == "warning") *out = Level::kWarning;
  else return false;
  return true;
}

void Write(Level l, std::string_view msg) {
  static constexpr char kMarks[] = {'.', '-', '*', '#'};  // Redis's level marks
  char ts[64];
  time_t now = time(nullptr);
  struct tm tm;
  localtime_r(&now, &tm);
  strftime(ts, sizeof(ts), "%d %b %Y %H:%M:%S", &tm);
  std::string line = StrCat(getpid(), ":M ", ts, " ", std::string(1, kMarks[int(l)]), " ",
                                  msg, "\n");
  ssize_t unused = ::write(2, line.data(), line.size());
  (void)unused;
}

}  // namespace tessera::log
