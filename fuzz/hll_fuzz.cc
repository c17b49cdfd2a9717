// HyperLogLog decoding: arbitrary bytes stored as a value (with a valid "HYLL" header half
// the time, so the sparse and dense decoders are reached), then read, merged and written.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz/world.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  std::string value(reinterpret_cast<const char*>(data) + 1, size - 1);
  if (data[0] & 1) {
    // "HYLL", encoding (0 dense, 1 sparse), three unused bytes, then the cached count.
    std::string header("HYLL", 4);
    header.push_back(char((data[0] >> 1) & 1));
    header.append(11, '\0');
    value = header + value;
  }
  tessera::fuzz::World w(2);
  auto run = [&](std::vector<std::string_view> args) { w.Run(args); };
  run({"SET", "h", value});
  run({"PFCOUNT", "h"});
  run({"PFADD", "h", "a", "b", "c"});
  run({"PFCOUNT", "h", "h2"});
  run({"PFMERGE", "m", "h"});
  run({"PFDEBUG", "GETREG", "h"});
  run({"PFDEBUG", "DECODE", "h"});
  run({"PFDEBUG", "TODENSE", "h"});
  run({"PFCOUNT", "h"});
  return 0;
}
