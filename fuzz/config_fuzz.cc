// Start-up configuration: the input is command-line flags (one per line) and, after a NUL
// byte, a TOML file given with --config. Config::Load must refuse what is bad with a
// message and never crash, whatever the mix.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "core/config.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  std::string_view flags = in.substr(0, in.find('\0'));
  std::vector<std::string> args{"tessera"};
  for (size_t at = 0; at <= flags.size() && args.size() < 32;) {
    size_t nl = flags.find('\n', at);
    if (nl == std::string_view::npos) nl = flags.size();
    if (nl > at) args.emplace_back(flags.substr(at, nl - at));
    at = nl + 1;
  }
  if (flags.size() < in.size()) {
    static const std::string path = "/tmp/tessera-fuzz-" + std::to_string(getpid()) + ".toml";
    if (FILE* f = fopen(path.c_str(), "wb")) {
      std::string_view toml = in.substr(flags.size() + 1);
      fwrite(toml.data(), 1, toml.size(), f);
      fclose(f);
      args.push_back("--config");
      args.push_back(path);
    }
  }
  std::vector<const char*> argv;
  for (const auto& a : args) argv.push_back(a.c_str());
  tessera::Config config;
  std::string msg;
  config.Load(int(argv.size()), argv.data(), &msg);
  return 0;
}
