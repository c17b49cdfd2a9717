// The command layer: the input is a RESP stream (first byte: the protocol version), each
// command goes through the real registry and Dispatch against a real store, as a client's
// would; every command must leave a well-formed state behind (ASan/UBSan watch).
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "fuzz/world.h"
#include "protocol/resp_parser.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  tessera::fuzz::World w((data[0] & 1) ? 3 : 2);
  tessera::protocol::RespParser p;
  p.set_max_bulk_len(1 << 20);
  const char* d = reinterpret_cast<const char*>(data) + 1;
  size_t n = size - 1;
  std::vector<std::string_view> args;
  for (int cmds = 0; cmds < 256 && n > 0; ++cmds) {
    size_t consumed = 0;
    if (p.Parse(d, n, &consumed, &args) != tessera::protocol::RespParser::Result::kOk) break;
    if (!args.empty() && !w.Run(args)) break;
    d += consumed;
    n -= consumed;
  }
  return 0;
}
