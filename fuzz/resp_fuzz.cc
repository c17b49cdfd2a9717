// The RESP request parser on arbitrary bytes, whole and split: the first byte picks a split
// point, and the stream is fed as it would arrive in two reads, with the pending bytes kept
// as the parser's contract asks. Both ways must parse the same commands.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "protocol/resp_parser.h"

using tessera::protocol::RespParser;

namespace {

// Every command of the stream, as copies; stops at an error (the connection would close).
std::vector<std::vector<std::string>> ParseStream(std::string_view data, size_t split,
                                                  bool* error) {
  RespParser p;
  p.set_max_bulk_len(1 << 20);
  std::vector<std::vector<std::string>> cmds;
  std::string buf;
  std::vector<std::string_view> args;
  size_t fed = 0;
  *error = false;
  for (int part = 0; part < 2; ++part) {
    size_t upto = part == 0 ? split : data.size();
    buf.append(data.substr(fed, upto - fed));
    fed = upto;
    while (!buf.empty()) {
      size_t consumed = 0;
      auto r = p.Parse(buf.data(), buf.size(), &consumed, &args);
      if (r == RespParser::Result::kError) {
        *error = true;
        if (p.error().empty()) abort();  // an error always has Redis's text
        return cmds;
      }
      if (r == RespParser::Result::kIncomplete) break;
      if (consumed == 0 || consumed > buf.size()) abort();  // progress, within the buffer
      cmds.emplace_back(args.begin(), args.end());
      buf.erase(0, consumed);
    }
  }
  return cmds;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  std::string_view in(reinterpret_cast<const char*>(data) + 1, size - 1);
  size_t split = in.empty() ? 0 : data[0] % (in.size() + 1);
  bool e1, e2;
  auto whole = ParseStream(in, in.size(), &e1);
  auto parts = ParseStream(in, split, &e2);
  // Split reads see the same commands, and the same error if there is one (the only
  // difference allowed: the whole stream was parsed further before failing).
  size_t common = std::min(whole.size(), parts.size());
  for (size_t i = 0; i < common; ++i)
    if (whole[i] != parts[i]) abort();
  if (!e1 && !e2 && whole.size() != parts.size()) abort();
  std::string_view keys[8];
  RespParser::PeekKeys(in.data(), in.size(), keys, 8);
  return 0;
}
