// The memcached front end: the text/meta parser on arbitrary bytes (whole), each framed
// request run through the real commands against a real store, as a connection would.
#include <cstddef>
#include <cstdint>
#include <string>

#include "commands/memcached.h"
#include "fuzz/world.h"
#include "protocol/mc_parser.h"
#include "protocol/mc_reply.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  tessera::fuzz::World w(2);
  tessera::protocol::McParser p;
  p.set_max_item_size(1 << 20);
  std::string out;
  tessera::OutputRefs refs;
  tessera::protocol::McReply reply(&out, &refs);
  const char* d = reinterpret_cast<const char*>(data);
  size_t n = size;
  tessera::protocol::McRequest req;
  for (int reqs = 0; reqs < 256 && n > 0; ++reqs) {
    size_t consumed = 0;
    auto r = p.Parse(d, n, &consumed, &req);
    if (consumed > n) __builtin_trap();
    if (r == tessera::protocol::McParser::Result::kIncomplete && consumed > 0) {
      d += consumed;  // a refused value's data, swallowed
      n -= consumed;
      continue;
    }
    if (r != tessera::protocol::McParser::Result::kOk) break;
    if (consumed == 0) __builtin_trap();
    tessera::commands::McContext ctx{w.state(), reply};
    tessera::commands::McExecute(req, ctx);
    if (ctx.close) break;
    if (out.size() > (1u << 20)) {
      out.clear();
      refs.Clear();
    }
    d += consumed;
    n -= consumed;
  }
  return 0;
}
