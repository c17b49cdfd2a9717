// storage::hll against ground truth from redis-server 7.0.15, plus robustness on damaged
// values.
//
// The vectors between the GENERATED markers come from tests/storage/hll_vectors.py (see its
// docstring to regenerate). They are replayed through PfServer, a few lines of command
// layer written the way the real PFADD/PFCOUNT/PFMERGE/PFDEBUG handlers are meant to use the
// API, so the tests also show that the API is enough for them. Large values are compared by
// FNV-1a 64 of their bytes.
//
// The damaged-value tests are meant for ASan (and -D_GLIBCXX_ASSERTIONS, which bounds-checks
// string_view indexing): read-only functions get their input in an exactly sized heap
// buffer so that any read past the end is reported.
#include "storage/hll.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <string_view>
#include <vector>

namespace tessera::storage::hll {
namespace {

uint64_t Fnv(std::string_view s) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : s) h = (h ^ c) * 0x100000001b3ULL;
  return h;
}

std::string FromHex(std::string_view hex) {
  std::string out;
  for (size_t i = 0; i + 1 < hex.size(); i += 2) {
    out += static_cast<char>(std::stoi(std::string(hex.substr(i, 2)), nullptr, 16));
  }
  return out;
}

std::string ToHex(std::string_view s) {
  static const char kDigits[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : s) {
    out += kDigits[c >> 4];
    out += kDigits[c & 15];
  }
  return out;
}

std::string FnvText(uint64_t h) {
  char buf[17];
  std::snprintf(buf, sizeof(buf), "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

// The element i of the script's binary set: i bytes.
std::string BinaryElement(int i) {
  std::string e;
  for (int j = 0; j < i; ++j) e += static_cast<char>((i * 37 + j * 11 + 5) & 0xff);
  return e;
}

// A minimal command layer over a map of string keys, replying in the vectors' notation:
// ":n", "+status", "-error", "$bulk", "*<fnv of the comma-joined integers>".
class PfServer {
 public:
  explicit PfServer(size_t sparse_max = kDefaultSparseMaxBytes) : sparse_max_(sparse_max) {}

  std::string Run(const std::vector<std::string>& argv) {
    const std::string& cmd = argv[0];
    if (cmd == "SET") {
      keys_[argv[1]] = argv[2];
      return "+OK";
    }
    if (cmd == "PFADD") return PfAddCmd(argv);
    if (cmd == "PFCOUNT") return PfCountCmd(argv);
    if (cmd == "PFMERGE") return PfMergeCmd(argv);
    if (cmd == "PFDEBUG") return PfDebugCmd(argv);
    return "-ERR unknown command";
  }

  // CONFIG SET hll-sparse-max-bytes.
  void SetMax(size_t sparse_max) { sparse_max_ = sparse_max; }

  // GET; "" for a missing key, as the script hashes it.
  std::string Get(const std::string& key) const {
    auto it = keys_.find(key);
    return it == keys_.end() ? "" : it->second;
  }

  // PFADD key <prefix><i> for start <= i < end, in batches as the script sends them.
  void AddMany(const std::string& key, const std::string& prefix, int start, int end) {
    for (int lo = start; lo < end; lo += 1000) {
      std::vector<std::string> argv = {"PFADD", key};
      for (int i = lo; i < std::min(end, lo + 1000); ++i) {
        argv.push_back(prefix + std::to_string(i));
      }
      Run(argv);
    }
  }

 private:
  static std::string Error(Check c) {
    return "-" + std::string(c == Check::kNotHll ? kNotHllError : kCorruptError);
  }
  static std::string Int(uint64_t card) {
    return ":" + std::to_string(static_cast<int64_t>(card));  // Redis replies a long long
  }

  std::string PfAddCmd(const std::vector<std::string>& argv) {
    const bool created = !keys_.contains(argv[1]);
    std::string& v = keys_[argv[1]];
    if (created) v = NewEmpty();
    std::vector<std::string_view> elements(argv.begin() + 2, argv.end());
    bool updated = false;
    if (Check c = PfAdd(&v, created, elements, sparse_max_, &updated); c != Check::kOk) {
      return Error(c);
    }
    return updated ? ":1" : ":0";
  }

  std::string PfCountCmd(const std::vector<std::string>& argv) {
    if (argv.size() == 2) {
      auto it = keys_.find(argv[1]);
      if (it == keys_.end()) return ":0";
      uint64_t card = 0;
      bool written = false;
      if (Check c = CountCached(&it->second, &card, &written); c != Check::kOk) return Error(c);
      return Int(card);
    }
    Union u;
    for (size_t j = 1; j < argv.size(); ++j) {
      auto it = keys_.find(argv[j]);
      if (it == keys_.end()) continue;
      if (Check c = u.Merge(it->second); c != Check::kOk) return Error(c);
    }
    return Int(u.Count());
  }

  std::string PfMergeCmd(const std::vector<std::string>& argv) {
    Union u;
    for (size_t j = 1; j < argv.size(); ++j) {  // the destination is a source too
      auto it = keys_.find(argv[j]);
      if (it == keys_.end()) continue;
      if (Check c = u.Merge(it->second); c != Check::kOk) return Error(c);
    }
    auto it = keys_.find(argv[1]);
    std::string dest = it == keys_.end() ? NewEmpty() : it->second;
    if (Check c = StoreMerged(&dest, u, sparse_max_); c != Check::kOk) return Error(c);
    keys_[argv[1]] = std::move(dest);
    return "+OK";
  }

  std::string PfDebugCmd(const std::vector<std::string>& argv) {
    const std::string& sub = argv[1];
    auto it = keys_.find(argv[2]);
    if (it == keys_.end()) return "-ERR The specified key does not exist";
    std::string& v = it->second;
    if (Check c = Validate(v); c != Check::kOk) return Error(c);
    if (sub == "GETREG") {
      bool converted = false;
      if (Check c = ToDense(&v, &converted); c != Check::kOk) return Error(c);
      std::array<uint8_t, kRegisters> regs;
      EXPECT_EQ(ReadRegisters(v, &regs), Check::kOk);
      std::string list;
      for (size_t i = 0; i < kRegisters; ++i) {
        if (i > 0) list += ',';
        list += std::to_string(regs[i]);
      }
      return "*" + FnvText(Fnv(list));
    }
    if (sub == "TODENSE") {
      bool converted = false;
      if (Check c = ToDense(&v, &converted); c != Check::kOk) return Error(c);
      return converted ? ":1" : ":0";
    }
    if (sub == "DECODE") {
      std::optional<std::string> text = Decode(v);
      if (!text) return "-" + std::string(kNotSparseError);
      return "$" + *text;
    }
    if (sub == "ENCODING") return "+" + std::string(EncodingName(v));
    return "-ERR Unknown PFDEBUG subcommand '" + sub + "'";
  }

  size_t sparse_max_;
  std::map<std::string, std::string> keys_;
};

struct SmallVector {
  int n;
  const char* hex;
  const char* decode;
};
struct BigVector {
  const char* prefix;
  int n;
  uint64_t fnv_before;
  int64_t count;
  uint64_t fnv_after_count;
  const char* encoding;
};
struct PromotionVector {
  size_t sparse_max;
  int first_dense;  // index of the element whose PFADD made the value dense
  uint64_t fnv_last_sparse;
  uint64_t fnv_first_dense;
  size_t last_sparse_len;
};
struct MergeVector {
  const char* cmd;
  const char* keys;
  const char* reply;
  uint64_t fnv_dest;
  const char* encoding;
  int64_t count;
};
struct OpOutcome {
  const char* reply;
  uint64_t fnv_after;
};
struct DamagedVector {
  const char* spec;  // hex, "R:<prefix hex>:<pattern hex>:<reps>" or "D:<n>:<pos>=<hex>,..."
  OpOutcome outcomes[8];
};

// clang-format off
// BEGIN GENERATED by tests/storage/hll_vectors.py
// GET after PFADD of "s<i>" for i < n to a new key (hex).
const SmallVector kSmall[] = {
    {0,
     "48594c4c0100000000000000000000807fff",
     "Z:16384"},
    {1,
     "48594c4c01000000000000000000008059bf84663e",
     "Z:6592 v:2,1 Z:9791"},
    {2,
     "48594c4c01000000000000000000008059bf8450538055e9",
     "Z:6592 v:2,1 Z:4180 v:1,1 Z:5610"},
    {3,
     "48594c4c01000000000000000000008059bf845053804606804fe1",
     "Z:6592 v:2,1 Z:4180 v:1,1 Z:1543 v:1,1 Z:4066"},
    {4,
     "48594c4c01000000000000000000008058118441ac845053804606804fe1",
     "Z:6162 v:2,1 Z:429 v:2,1 Z:4180 v:1,1 Z:1543 v:1,1 Z:4066"},
    {5,
     "48594c4c01000000000000000000008058118441ac8450538041369444ce804fe1",
     "Z:6162 v:2,1 Z:429 v:2,1 Z:4180 v:1,1 Z:311 v:6,1 Z:1231 v:1,1 Z:4066"},
    {6,
     "48594c4c010000000000000000000080492d804ee28441ac8450538041369444ce804fe1",
     "Z:2350 v:1,1 Z:3811 v:2,1 Z:429 v:2,1 Z:4180 v:1,1 Z:311 v:6,1 Z:1231 v:"
     "1,1 Z:4066"},
    {7,
     "48594c4c010000000000000000000080492d804ee28441ac8450538041369444ce804859"
     "804786",
     "Z:2350 v:1,1 Z:3811 v:2,1 Z:429 v:2,1 Z:4180 v:1,1 Z:311 v:6,1 Z:1231 v:"
     "1,1 Z:2138 v:1,1 Z:1927"},
    {8,
     "48594c4c010000000000000000000080492d80459580494b8441ac8450538041369444ce"
     "804859804786",
     "Z:2350 v:1,1 Z:1430 v:1,1 Z:2380 v:2,1 Z:429 v:2,1 Z:4180 v:1,1 Z:311 v:"
     "6,1 Z:1231 v:1,1 Z:2138 v:1,1 Z:1927"},
    {9,
     "48594c4c010000000000000000000080490a8c2180459580494b8441ac84505380413694"
     "44ce804859804786",
     "Z:2315 v:4,1 z:34 v:1,1 Z:1430 v:1,1 Z:2380 v:2,1 Z:429 v:2,1 Z:4180 v:1"
     ",1 Z:311 v:6,1 Z:1231 v:1,1 Z:2138 v:1,1 Z:1927"},
    {10,
     "48594c4c010000000000000000000080490a8c2180440b84418880494b8441ac84505380"
     "41369444ce804859804786",
     "Z:2315 v:4,1 z:34 v:1,1 Z:1036 v:2,1 Z:393 v:1,1 Z:2380 v:2,1 Z:429 v:2,"
     "1 Z:4180 v:1,1 Z:311 v:6,1 Z:1231 v:1,1 Z:2138 v:1,1 Z:1927"},
    {11,
     "48594c4c010000000000000000000080490a8c2180440b8441888048908440b98441ac84"
     "50538041369444ce804859804786",
     "Z:2315 v:4,1 z:34 v:1,1 Z:1036 v:2,1 Z:393 v:1,1 Z:2193 v:2,1 Z:186 v:2,"
     "1 Z:429 v:2,1 Z:4180 v:1,1 Z:311 v:6,1 Z:1231 v:1,1 Z:2138 v:1,1 Z:1927"},
    {12,
     "48594c4c01000000000000000000008044988044708c2180440b8441888048908440b984"
     "41ac8450538041369444ce804859804786",
     "Z:1177 v:1,1 Z:1137 v:4,1 z:34 v:1,1 Z:1036 v:2,1 Z:393 v:1,1 Z:2193 v:2"
     ",1 Z:186 v:2,1 Z:429 v:2,1 Z:4180 v:1,1 Z:311 v:6,1 Z:1231 v:1,1 Z:2138 "
     "v:1,1 Z:1927"},
    {13,
     "48594c4c01000000000000000000008044988044708c2180440b8441888048908440b984"
     "41ac844e5f8441f28041369444ce804859804786",
     "Z:1177 v:1,1 Z:1137 v:4,1 z:34 v:1,1 Z:1036 v:2,1 Z:393 v:1,1 Z:2193 v:2"
     ",1 Z:186 v:2,1 Z:429 v:2,1 Z:3680 v:2,1 Z:499 v:1,1 Z:311 v:6,1 Z:1231 v"
     ":1,1 Z:2138 v:1,1 Z:1927"},
    {14,
     "48594c4c01000000000000000000008044988044708c2180440b8441888048908440b984"
     "41ac8416804e478441f28041369444ce804859804786",
     "Z:1177 v:1,1 Z:1137 v:4,1 z:34 v:1,1 Z:1036 v:2,1 Z:393 v:1,1 Z:2193 v:2"
     ",1 Z:186 v:2,1 Z:429 v:2,1 z:23 v:1,1 Z:3656 v:2,1 Z:499 v:1,1 Z:311 v:6"
     ",1 Z:1231 v:1,1 Z:2138 v:1,1 Z:1927"},
    {15,
     "48594c4c010000000000000000000080449880443e80308c2180440b8441888048908440"
     "b98441ac8416804e478441f28041369444ce804859804786",
     "Z:1177 v:1,1 Z:1087 v:1,1 z:49 v:4,1 z:34 v:1,1 Z:1036 v:2,1 Z:393 v:1,1"
     " Z:2193 v:2,1 Z:186 v:2,1 Z:429 v:2,1 z:23 v:1,1 Z:3656 v:2,1 Z:499 v:1,"
     "1 Z:311 v:6,1 Z:1231 v:1,1 Z:2138 v:1,1 Z:1927"},
    {16,
     "48594c4c010000000000000000000080449880443e80308c2180440b8441888048908440"
     "b98441ac84168041c6844c7f8441f28041369444ce804859804786",
     "Z:1177 v:1,1 Z:1087 v:1,1 z:49 v:4,1 z:34 v:1,1 Z:1036 v:2,1 Z:393 v:1,1"
     " Z:2193 v:2,1 Z:186 v:2,1 Z:429 v:2,1 z:23 v:1,1 Z:455 v:2,1 Z:3200 v:2,"
     "1 Z:499 v:1,1 Z:311 v:6,1 Z:1231 v:1,1 Z:2138 v:1,1 Z:1927"},
    {17,
     "48594c4c010000000000000000000080449880443e80308c2180440b8441888048908440"
     "b98441ac84168041c6844c7f8441f28041369444ce8048598046a78840dd",
     "Z:1177 v:1,1 Z:1087 v:1,1 z:49 v:4,1 z:34 v:1,1 Z:1036 v:2,1 Z:393 v:1,1"
     " Z:2193 v:2,1 Z:186 v:2,1 Z:429 v:2,1 z:23 v:1,1 Z:455 v:2,1 Z:3200 v:2,"
     "1 Z:499 v:1,1 Z:311 v:6,1 Z:1231 v:1,1 Z:2138 v:1,1 Z:1704 v:3,1 Z:222"},
    {18,
     "48594c4c010000000000000000000080449880443e80308c2180440b8441888048908440"
     "b98441ac84168041c6844acf8441ae8441f28041369444ce8048598046a78840dd",
     "Z:1177 v:1,1 Z:1087 v:1,1 z:49 v:4,1 z:34 v:1,1 Z:1036 v:2,1 Z:393 v:1,1"
     " Z:2193 v:2,1 Z:186 v:2,1 Z:429 v:2,1 z:23 v:1,1 Z:455 v:2,1 Z:2768 v:2,"
     "1 Z:431 v:2,1 Z:499 v:1,1 Z:311 v:6,1 Z:1231 v:1,1 Z:2138 v:1,1 Z:1704 v"
     ":3,1 Z:222"},
    {19,
     "48594c4c010000000000000000000080449880443e80308c2180440b8441888048908440"
     "b98441ac84168041c6844acf8441ae8441f280409c8040989444ce8048598046a78840dd",
     "Z:1177 v:1,1 Z:1087 v:1,1 z:49 v:4,1 z:34 v:1,1 Z:1036 v:2,1 Z:393 v:1,1"
     " Z:2193 v:2,1 Z:186 v:2,1 Z:429 v:2,1 z:23 v:1,1 Z:455 v:2,1 Z:2768 v:2,"
     "1 Z:431 v:2,1 Z:499 v:1,1 Z:157 v:1,1 Z:153 v:6,1 Z:1231 v:1,1 Z:2138 v:"
     "1,1 Z:1704 v:3,1 Z:222"},
    {20,
     "48594c4c010000000000000000000080449880443e80308c2180440b8441888048908440"
     "b98441ac84168041c6844acf8441ae8441f280409c8040989443ec8840e08048598046a7"
     "8840dd",
     "Z:1177 v:1,1 Z:1087 v:1,1 z:49 v:4,1 z:34 v:1,1 Z:1036 v:2,1 Z:393 v:1,1"
     " Z:2193 v:2,1 Z:186 v:2,1 Z:429 v:2,1 z:23 v:1,1 Z:455 v:2,1 Z:2768 v:2,"
     "1 Z:431 v:2,1 Z:499 v:1,1 Z:157 v:1,1 Z:153 v:6,1 Z:1005 v:3,1 Z:225 v:1"
     ",1 Z:2138 v:1,1 Z:1704 v:3,1 Z:222"},
    {21,
     "48594c4c010000000000000000000080449880443e80308c2180440b8441888048908440"
     "b98441ac84168041c6844acf8441ae8441f280409c8040989443ec8840e08040ba80479d"
     "8046a78840dd",
     "Z:1177 v:1,1 Z:1087 v:1,1 z:49 v:4,1 z:34 v:1,1 Z:1036 v:2,1 Z:393 v:1,1"
     " Z:2193 v:2,1 Z:186 v:2,1 Z:429 v:2,1 z:23 v:1,1 Z:455 v:2,1 Z:2768 v:2,"
     "1 Z:431 v:2,1 Z:499 v:1,1 Z:157 v:1,1 Z:153 v:6,1 Z:1005 v:3,1 Z:225 v:1"
     ",1 Z:187 v:1,1 Z:1950 v:1,1 Z:1704 v:3,1 Z:222"},
    {22,
     "48594c4c010000000000000000000080449880443e80308c2180440b8441888048908440"
     "b98441ac84168041c684476384436a8441ae8441f280409c8040989443ec8840e08040ba"
     "80479d8046a78840dd",
     "Z:1177 v:1,1 Z:1087 v:1,1 z:49 v:4,1 z:34 v:1,1 Z:1036 v:2,1 Z:393 v:1,1"
     " Z:2193 v:2,1 Z:186 v:2,1 Z:429 v:2,1 z:23 v:1,1 Z:455 v:2,1 Z:1892 v:2,"
     "1 Z:875 v:2,1 Z:431 v:2,1 Z:499 v:1,1 Z:157 v:1,1 Z:153 v:6,1 Z:1005 v:3"
     ",1 Z:225 v:1,1 Z:187 v:1,1 Z:1950 v:1,1 Z:1704 v:3,1 Z:222"},
    {23,
     "48594c4c010000000000000000000080449880443e80308c2180440b8441888048908440"
     "b98441ac84168041c684476384436a8441ae8441f280409c8040989443ec8840e08040ba"
     "80479d80159446908840dd",
     "Z:1177 v:1,1 Z:1087 v:1,1 z:49 v:4,1 z:34 v:1,1 Z:1036 v:2,1 Z:393 v:1,1"
     " Z:2193 v:2,1 Z:186 v:2,1 Z:429 v:2,1 z:23 v:1,1 Z:455 v:2,1 Z:1892 v:2,"
     "1 Z:875 v:2,1 Z:431 v:2,1 Z:499 v:1,1 Z:157 v:1,1 Z:153 v:6,1 Z:1005 v:3"
     ",1 Z:225 v:1,1 Z:187 v:1,1 Z:1950 v:1,1 z:22 v:6,1 Z:1681 v:3,1 Z:222"},
    {24,
     "48594c4c010000000000000000000080449880443e80308c2180440b8441888048908440"
     "b98441ac84168041c684476384436a8441ae8441f280409c8040989443ec8840e08040ba"
     "80430288449980159446908840dd",
     "Z:1177 v:1,1 Z:1087 v:1,1 z:49 v:4,1 z:34 v:1,1 Z:1036 v:2,1 Z:393 v:1,1"
     " Z:2193 v:2,1 Z:186 v:2,1 Z:429 v:2,1 z:23 v:1,1 Z:455 v:2,1 Z:1892 v:2,"
     "1 Z:875 v:2,1 Z:431 v:2,1 Z:499 v:1,1 Z:157 v:1,1 Z:153 v:6,1 Z:1005 v:3"
     ",1 Z:225 v:1,1 Z:187 v:1,1 Z:771 v:3,1 Z:1178 v:1,1 z:22 v:6,1 Z:1681 v:"
     "3,1 Z:222"},
    {25,
     "48594c4c010000000000000000000080449880443e80308c2180440b84418880473f8441"
     "4f8440b98441ac84168041c684476384436a8441ae8441f280409c8040989443ec8840e0"
     "8040ba80430288449980159446908840dd",
     "Z:1177 v:1,1 Z:1087 v:1,1 z:49 v:4,1 z:34 v:1,1 Z:1036 v:2,1 Z:393 v:1,1"
     " Z:1856 v:2,1 Z:336 v:2,1 Z:186 v:2,1 Z:429 v:2,1 z:23 v:1,1 Z:455 v:2,1"
     " Z:1892 v:2,1 Z:875 v:2,1 Z:431 v:2,1 Z:499 v:1,1 Z:157 v:1,1 Z:153 v:6,"
     "1 Z:1005 v:3,1 Z:225 v:1,1 Z:187 v:1,1 Z:771 v:3,1 Z:1178 v:1,1 z:22 v:6"
     ",1 Z:1681 v:3,1 Z:222"},
    {26,
     "48594c4c010000000000000000000080449880443e80308c2180440b84418880473f8441"
     "4f8440b98441ac84168041c684451384424e84436a8441ae8441f280409c8040989443ec"
     "8840e08040ba80430288449980159446908840dd",
     "Z:1177 v:1,1 Z:1087 v:1,1 z:49 v:4,1 z:34 v:1,1 Z:1036 v:2,1 Z:393 v:1,1"
     " Z:1856 v:2,1 Z:336 v:2,1 Z:186 v:2,1 Z:429 v:2,1 z:23 v:1,1 Z:455 v:2,1"
     " Z:1300 v:2,1 Z:591 v:2,1 Z:875 v:2,1 Z:431 v:2,1 Z:499 v:1,1 Z:157 v:1,"
     "1 Z:153 v:6,1 Z:1005 v:3,1 Z:225 v:1,1 Z:187 v:1,1 Z:771 v:3,1 Z:1178 v:"
     "1,1 z:22 v:6,1 Z:1681 v:3,1 Z:222"},
    {27,
     "48594c4c010000000000000000000080449880443e80308c2180440b84418880473f8441"
     "4f8440b98441ac84168041c684451384424e84436a8441ae8441f280409c8040989443ec"
     "8840e08040ba8043028841ed8042aa80159446908840dd",
     "Z:1177 v:1,1 Z:1087 v:1,1 z:49 v:4,1 z:34 v:1,1 Z:1036 v:2,1 Z:393 v:1,1"
     " Z:1856 v:2,1 Z:336 v:2,1 Z:186 v:2,1 Z:429 v:2,1 z:23 v:1,1 Z:455 v:2,1"
     " Z:1300 v:2,1 Z:591 v:2,1 Z:875 v:2,1 Z:431 v:2,1 Z:499 v:1,1 Z:157 v:1,"
     "1 Z:153 v:6,1 Z:1005 v:3,1 Z:225 v:1,1 Z:187 v:1,1 Z:771 v:3,1 Z:494 v:1"
     ",1 Z:683 v:1,1 z:22 v:6,1 Z:1681 v:3,1 Z:222"},
    {28,
     "48594c4c010000000000000000000080449880443e80308c2180440b84418880473f8441"
     "4f8440b98441ac84168041c684451384424e84436a8441ae8441f280409c8040989443ec"
     "8840e08040ba8043028841ed8042aa80159444e78441a78840dd",
     "Z:1177 v:1,1 Z:1087 v:1,1 z:49 v:4,1 z:34 v:1,1 Z:1036 v:2,1 Z:393 v:1,1"
     " Z:1856 v:2,1 Z:336 v:2,1 Z:186 v:2,1 Z:429 v:2,1 z:23 v:1,1 Z:455 v:2,1"
     " Z:1300 v:2,1 Z:591 v:2,1 Z:875 v:2,1 Z:431 v:2,1 Z:499 v:1,1 Z:157 v:1,"
     "1 Z:153 v:6,1 Z:1005 v:3,1 Z:225 v:1,1 Z:187 v:1,1 Z:771 v:3,1 Z:494 v:1"
     ",1 Z:683 v:1,1 z:22 v:6,1 Z:1256 v:2,1 Z:424 v:3,1 Z:222"},
    {29,
     "48594c4c010000000000000000000080449880443e80308c2180440b8441888046ca8040"
     "7384414f8440b98441ac84168041c684451384424e84436a8441ae8441f280409c804098"
     "9443ec8840e08040ba8043028841ed8042aa80159444e78441a78840dd",
     "Z:1177 v:1,1 Z:1087 v:1,1 z:49 v:4,1 z:34 v:1,1 Z:1036 v:2,1 Z:393 v:1,1"
     " Z:1739 v:1,1 Z:116 v:2,1 Z:336 v:2,1 Z:186 v:2,1 Z:429 v:2,1 z:23 v:1,1"
     " Z:455 v:2,1 Z:1300 v:2,1 Z:591 v:2,1 Z:875 v:2,1 Z:431 v:2,1 Z:499 v:1,"
     "1 Z:157 v:1,1 Z:153 v:6,1 Z:1005 v:3,1 Z:225 v:1,1 Z:187 v:1,1 Z:771 v:3"
     ",1 Z:494 v:1,1 Z:683 v:1,1 z:22 v:6,1 Z:1256 v:2,1 Z:424 v:3,1 Z:222"},
    {30,
     "48594c4c010000000000000000000080449880443e80308c2180440b8441888046ca8040"
     "7384414f8440b98441ac84168041c684451384424e8442f48040748441ae8441f280409c"
     "8040989443ec8840e08040ba8043028841ed8042aa80159444e78441a78840dd",
     "Z:1177 v:1,1 Z:1087 v:1,1 z:49 v:4,1 z:34 v:1,1 Z:1036 v:2,1 Z:393 v:1,1"
     " Z:1739 v:1,1 Z:116 v:2,1 Z:336 v:2,1 Z:186 v:2,1 Z:429 v:2,1 z:23 v:1,1"
     " Z:455 v:2,1 Z:1300 v:2,1 Z:591 v:2,1 Z:757 v:1,1 Z:117 v:2,1 Z:431 v:2,"
     "1 Z:499 v:1,1 Z:157 v:1,1 Z:153 v:6,1 Z:1005 v:3,1 Z:225 v:1,1 Z:187 v:1"
     ",1 Z:771 v:3,1 Z:494 v:1,1 Z:683 v:1,1 z:22 v:6,1 Z:1256 v:2,1 Z:424 v:3"
     ",1 Z:222"},
    {31,
     "48594c4c010000000000000000000080436780412f80443e80308c2180440b8441888046"
     "ca80407384414f8440b98441ac84168041c684451384424e8442f48040748441ae8441f2"
     "80409c8040989443ec8840e08040ba8043028841ed8042aa80159444e78441a78840dd",
     "Z:872 v:1,1 Z:304 v:1,1 Z:1087 v:1,1 z:49 v:4,1 z:34 v:1,1 Z:1036 v:2,1 "
     "Z:393 v:1,1 Z:1739 v:1,1 Z:116 v:2,1 Z:336 v:2,1 Z:186 v:2,1 Z:429 v:2,1"
     " z:23 v:1,1 Z:455 v:2,1 Z:1300 v:2,1 Z:591 v:2,1 Z:757 v:1,1 Z:117 v:2,1"
     " Z:431 v:2,1 Z:499 v:1,1 Z:157 v:1,1 Z:153 v:6,1 Z:1005 v:3,1 Z:225 v:1,"
     "1 Z:187 v:1,1 Z:771 v:3,1 Z:494 v:1,1 Z:683 v:1,1 z:22 v:6,1 Z:1256 v:2,"
     "1 Z:424 v:3,1 Z:222"},
    {32,
     "48594c4c010000000000000000000080436780412f80443e80308c2180440b8441888041"
     "058045c380407384414f8440b98441ac84168041c684451384424e8442f48040748441ae"
     "8441f280409c8040989443ec8840e08040ba8043028841ed8042aa80159444e78441a788"
     "40dd",
     "Z:872 v:1,1 Z:304 v:1,1 Z:1087 v:1,1 z:49 v:4,1 z:34 v:1,1 Z:1036 v:2,1 "
     "Z:393 v:1,1 Z:262 v:1,1 Z:1476 v:1,1 Z:116 v:2,1 Z:336 v:2,1 Z:186 v:2,1"
     " Z:429 v:2,1 z:23 v:1,1 Z:455 v:2,1 Z:1300 v:2,1 Z:591 v:2,1 Z:757 v:1,1"
     " Z:117 v:2,1 Z:431 v:2,1 Z:499 v:1,1 Z:157 v:1,1 Z:153 v:6,1 Z:1005 v:3,"
     "1 Z:225 v:1,1 Z:187 v:1,1 Z:771 v:3,1 Z:494 v:1,1 Z:683 v:1,1 z:22 v:6,1"
     " Z:1256 v:2,1 Z:424 v:3,1 Z:222"},
    {33,
     "48594c4c010000000000000000000080436780412f80443e80308c2180440b8441888041"
     "058045c380407384414f8440b98441ac84168041c684451384424e8442f48040748441ae"
     "8441f280409c8040989443ec8840e08040ba8042da8c268841ed8042aa80159444e78441"
     "a78840dd",
     "Z:872 v:1,1 Z:304 v:1,1 Z:1087 v:1,1 z:49 v:4,1 z:34 v:1,1 Z:1036 v:2,1 "
     "Z:393 v:1,1 Z:262 v:1,1 Z:1476 v:1,1 Z:116 v:2,1 Z:336 v:2,1 Z:186 v:2,1"
     " Z:429 v:2,1 z:23 v:1,1 Z:455 v:2,1 Z:1300 v:2,1 Z:591 v:2,1 Z:757 v:1,1"
     " Z:117 v:2,1 Z:431 v:2,1 Z:499 v:1,1 Z:157 v:1,1 Z:153 v:6,1 Z:1005 v:3,"
     "1 Z:225 v:1,1 Z:187 v:1,1 Z:731 v:4,1 z:39 v:3,1 Z:494 v:1,1 Z:683 v:1,1"
     " z:22 v:6,1 Z:1256 v:2,1 Z:424 v:3,1 Z:222"},
    {34,
     "48594c4c010000000000000000000080436780412f80443e80308c2180440b8441888041"
     "058045c380407384414f8440b98441ac84168041c684451384424e84409388425f804074"
     "8441ae8441f280409c8040989443ec8840e08040ba8042da8c268841ed8042aa80159444"
     "e78441a78840dd",
     "Z:872 v:1,1 Z:304 v:1,1 Z:1087 v:1,1 z:49 v:4,1 z:34 v:1,1 Z:1036 v:2,1 "
     "Z:393 v:1,1 Z:262 v:1,1 Z:1476 v:1,1 Z:116 v:2,1 Z:336 v:2,1 Z:186 v:2,1"
     " Z:429 v:2,1 z:23 v:1,1 Z:455 v:2,1 Z:1300 v:2,1 Z:591 v:2,1 Z:148 v:3,1"
     " Z:608 v:1,1 Z:117 v:2,1 Z:431 v:2,1 Z:499 v:1,1 Z:157 v:1,1 Z:153 v:6,1"
     " Z:1005 v:3,1 Z:225 v:1,1 Z:187 v:1,1 Z:731 v:4,1 z:39 v:3,1 Z:494 v:1,1"
     " Z:683 v:1,1 z:22 v:6,1 Z:1256 v:2,1 Z:424 v:3,1 Z:222"},
    {35,
     "48594c4c010000000000000000000080436780412f80443e80308c2180440b8441888041"
     "058045c380407384414f8440b98441ac84168041c684451384424e84409388425f804074"
     "8441ae8441f280409c8040989442b98441318840e08040ba8042da8c268841ed8042aa80"
     "159444e78441a78840dd",
     "Z:872 v:1,1 Z:304 v:1,1 Z:1087 v:1,1 z:49 v:4,1 z:34 v:1,1 Z:1036 v:2,1 "
     "Z:393 v:1,1 Z:262 v:1,1 Z:1476 v:1,1 Z:116 v:2,1 Z:336 v:2,1 Z:186 v:2,1"
     " Z:429 v:2,1 z:23 v:1,1 Z:455 v:2,1 Z:1300 v:2,1 Z:591 v:2,1 Z:148 v:3,1"
     " Z:608 v:1,1 Z:117 v:2,1 Z:431 v:2,1 Z:499 v:1,1 Z:157 v:1,1 Z:153 v:6,1"
     " Z:698 v:2,1 Z:306 v:3,1 Z:225 v:1,1 Z:187 v:1,1 Z:731 v:4,1 z:39 v:3,1 "
     "Z:494 v:1,1 Z:683 v:1,1 z:22 v:6,1 Z:1256 v:2,1 Z:424 v:3,1 Z:222"},
    {36,
     "48594c4c010000000000000000000080436780412f80443e80308c2180440b8441888041"
     "058045c380407384414f8440b98441ac84168041c684451384424e844093884047804216"
     "8040748441ae8441f280409c8040989442b98441318840e08040ba8042da8c268841ed80"
     "42aa80159444e78441a78840dd",
     "Z:872 v:1,1 Z:304 v:1,1 Z:1087 v:1,1 z:49 v:4,1 z:34 v:1,1 Z:1036 v:2,1 "
     "Z:393 v:1,1 Z:262 v:1,1 Z:1476 v:1,1 Z:116 v:2,1 Z:336 v:2,1 Z:186 v:2,1"
     " Z:429 v:2,1 z:23 v:1,1 Z:455 v:2,1 Z:1300 v:2,1 Z:591 v:2,1 Z:148 v:3,1"
     " Z:72 v:1,1 Z:535 v:1,1 Z:117 v:2,1 Z:431 v:2,1 Z:499 v:1,1 Z:157 v:1,1 "
     "Z:153 v:6,1 Z:698 v:2,1 Z:306 v:3,1 Z:225 v:1,1 Z:187 v:1,1 Z:731 v:4,1 "
     "z:39 v:3,1 Z:494 v:1,1 Z:683 v:1,1 z:22 v:6,1 Z:1256 v:2,1 Z:424 v:3,1 Z"
     ":222"},
    {37,
     "48594c4c010000000000000000000080436780412f8043da80406280308c2180440b8441"
     "888041058045c380407384414f8440b98441ac84168041c684451384424e844093884047"
     "8042168040748441ae8441f280409c8040989442b98441318840e08040ba8042da8c2688"
     "41ed8042aa80159444e78441a78840dd",
     "Z:872 v:1,1 Z:304 v:1,1 Z:987 v:1,1 Z:99 v:1,1 z:49 v:4,1 z:34 v:1,1 Z:1"
     "036 v:2,1 Z:393 v:1,1 Z:262 v:1,1 Z:1476 v:1,1 Z:116 v:2,1 Z:336 v:2,1 Z"
     ":186 v:2,1 Z:429 v:2,1 z:23 v:1,1 Z:455 v:2,1 Z:1300 v:2,1 Z:591 v:2,1 Z"
     ":148 v:3,1 Z:72 v:1,1 Z:535 v:1,1 Z:117 v:2,1 Z:431 v:2,1 Z:499 v:1,1 Z:"
     "157 v:1,1 Z:153 v:6,1 Z:698 v:2,1 Z:306 v:3,1 Z:225 v:1,1 Z:187 v:1,1 Z:"
     "731 v:4,1 z:39 v:3,1 Z:494 v:1,1 Z:683 v:1,1 z:22 v:6,1 Z:1256 v:2,1 Z:4"
     "24 v:3,1 Z:222"},
    {38,
     "48594c4c010000000000000000000080436780412f8043da80406280308c218042ab8041"
     "5e8441888041058045c380407384414f8440b98441ac84168041c684451384424e844093"
     "8840478042168040748441ae8441f280409c8040989442b98441318840e08040ba8042da"
     "8c268841ed8042aa80159444e78441a78840dd",
     "Z:872 v:1,1 Z:304 v:1,1 Z:987 v:1,1 Z:99 v:1,1 z:49 v:4,1 z:34 v:1,1 Z:6"
     "84 v:1,1 Z:351 v:2,1 Z:393 v:1,1 Z:262 v:1,1 Z:1476 v:1,1 Z:116 v:2,1 Z:"
     "336 v:2,1 Z:186 v:2,1 Z:429 v:2,1 z:23 v:1,1 Z:455 v:2,1 Z:1300 v:2,1 Z:"
     "591 v:2,1 Z:148 v:3,1 Z:72 v:1,1 Z:535 v:1,1 Z:117 v:2,1 Z:431 v:2,1 Z:4"
     "99 v:1,1 Z:157 v:1,1 Z:153 v:6,1 Z:698 v:2,1 Z:306 v:3,1 Z:225 v:1,1 Z:1"
     "87 v:1,1 Z:731 v:4,1 z:39 v:3,1 Z:494 v:1,1 Z:683 v:1,1 z:22 v:6,1 Z:125"
     "6 v:2,1 Z:424 v:3,1 Z:222"},
    {39,
     "48594c4c010000000000000000000080436780412f8043da80406280308c218042ab8041"
     "5e8441888041058045c380407384414f8440b9844170803a84168041c684451384424e84"
     "40938840478042168040748441ae8441f280409c8040989442b98441318840e08040ba80"
     "42da8c268841ed8042aa80159444e78441a78840dd",
     "Z:872 v:1,1 Z:304 v:1,1 Z:987 v:1,1 Z:99 v:1,1 z:49 v:4,1 z:34 v:1,1 Z:6"
     "84 v:1,1 Z:351 v:2,1 Z:393 v:1,1 Z:262 v:1,1 Z:1476 v:1,1 Z:116 v:2,1 Z:"
     "336 v:2,1 Z:186 v:2,1 Z:369 v:1,1 z:59 v:2,1 z:23 v:1,1 Z:455 v:2,1 Z:13"
     "00 v:2,1 Z:591 v:2,1 Z:148 v:3,1 Z:72 v:1,1 Z:535 v:1,1 Z:117 v:2,1 Z:43"
     "1 v:2,1 Z:499 v:1,1 Z:157 v:1,1 Z:153 v:6,1 Z:698 v:2,1 Z:306 v:3,1 Z:22"
     "5 v:1,1 Z:187 v:1,1 Z:731 v:4,1 z:39 v:3,1 Z:494 v:1,1 Z:683 v:1,1 z:22 "
     "v:6,1 Z:1256 v:2,1 Z:424 v:3,1 Z:222"},
    {40,
     "48594c4c010000000000000000000080436780412f8043da80406280308c218042ab8041"
     "5e8441888041058045c38040738440558440f88440b9844170803a84168041c684451384"
     "424e8440938840478042168040748441ae8441f280409c8040989442b98441318840e080"
     "40ba8042da8c268841ed8042aa80159444e78441a78840dd",
     "Z:872 v:1,1 Z:304 v:1,1 Z:987 v:1,1 Z:99 v:1,1 z:49 v:4,1 z:34 v:1,1 Z:6"
     "84 v:1,1 Z:351 v:2,1 Z:393 v:1,1 Z:262 v:1,1 Z:1476 v:1,1 Z:116 v:2,1 Z:"
     "86 v:2,1 Z:249 v:2,1 Z:186 v:2,1 Z:369 v:1,1 z:59 v:2,1 z:23 v:1,1 Z:455"
     " v:2,1 Z:1300 v:2,1 Z:591 v:2,1 Z:148 v:3,1 Z:72 v:1,1 Z:535 v:1,1 Z:117"
     " v:2,1 Z:431 v:2,1 Z:499 v:1,1 Z:157 v:1,1 Z:153 v:6,1 Z:698 v:2,1 Z:306"
     " v:3,1 Z:225 v:1,1 Z:187 v:1,1 Z:731 v:4,1 z:39 v:3,1 Z:494 v:1,1 Z:683 "
     "v:1,1 z:22 v:6,1 Z:1256 v:2,1 Z:424 v:3,1 Z:222"},
};
// GET after PFADD of binary_element(i) alone to a new key (hex).
const char* const kBinarySingles[] = {
    "48594c4c01000000000000000000008057318468cc",
    "48594c4c010000000000000000000080498388767a",
    "48594c4c0100000000000000000000806a3b8855c2",
    "48594c4c010000000000000000000080660c8859f1",
    "48594c4c0100000000000000000000806a7c8c5581",
    "48594c4c0100000000000000000000806fc5805038",
    "48594c4c010000000000000000000080710b844ef2",
    "48594c4c0100000000000000000000804e198871e4",
    "48594c4c010000000000000000000080529f806d5e",
    "48594c4c0100000000000000000000807cec804311",
    "48594c4c01000000000000000000008069188856e5",
    "48594c4c0100000000000000000000807227884dd6",
    "48594c4c0100000000000000000000804443887bba",
    "48594c4c0100000000000000000000805766806897",
    "48594c4c01000000000000000000008056f9806904",
    "48594c4c01000000000000000000008078bf80473e",
    "48594c4c01000000000000000000008044e4907b19",
    "48594c4c0100000000000000000000807fe78016",
    "48594c4c010000000000000000000080643f845bbe",
    "48594c4c0100000000000000000000807a5e80459f",
    "48594c4c0100000000000000000000804f6f8c708e",
    "48594c4c0100000000000000000000805076806f87",
    "48594c4c0100000000000000000000805150846ead",
    "48594c4c01000000000000000000008070b0804f4d",
    "48594c4c01000000000000000000008077288848d5",
    "48594c4c01000000000000000000008079e4804619",
    "48594c4c0100000000000000000000805f738c608a",
    "48594c4c01000000000000000000008077278c48d6",
    "48594c4c0100000000000000000000806d418452bc",
    "48594c4c010000000000000000000080488e80776f",
    "48594c4c0100000000000000000000804201847dfc",
    "48594c4c01000000000000000000008048ec847711",
    "48594c4c0100000000000000000000805ead806150",
    "48594c4c010000000000000000000080623a805dc3",
    "48594c4c01000000000000000000008063bc845c41",
    "48594c4c0100000000000000000000806b87805476",
    "48594c4c01000000000000000000008059cf80662e",
    "48594c4c01000000000000000000008065f0845a0d",
    "48594c4c0100000000000000000000805a77846586",
    "48594c4c01000000000000000000008052ba8c6d43",
    "48594c4c0100000000000000000000807355804ca8",
};
// PFADD "<prefix><i>" for i < n: FNV-1a of GET, PFCOUNT, FNV-1a of GET after it.
const BigVector kBig[] = {
    {"big-", 0, 0x524bc36d036c0579ULL, 0, 0xfd8f436a8f6e62f9ULL, "sparse"},
    {"big-", 1, 0xba5660f660a6e0d3ULL, 1, 0x4a7cc19f8cb9dbe0ULL, "sparse"},
    {"big-", 10, 0x6077fe2ab98dcc57ULL, 10, 0xca29f11c4db10b75ULL, "sparse"},
    {"big-", 100, 0x79d9341d20444fefULL, 100, 0x7007446e4e24db93ULL, "sparse"},
    {"big-", 1000, 0xabb035cb1a7796c0ULL, 1003, 0xd15a2d562385721aULL, "sparse"},
    {"big-", 10000, 0x4391e424e10d6f8eULL, 10132, 0x569c7f52c4155be7ULL, "dense"},
    {"big-", 100000, 0xe7add7022445598cULL, 99038, 0x3e7c58c3625d9011ULL, "dense"},
    {"big-", 1000000, 0x9d66d1e8288e1c03ULL, 996828, 0xa92f81282a73d083ULL, "dense"},
};
// With hll-sparse-max-bytes = max, PFADD "p<i>" one at a time: the first element
// that makes the value dense, FNV-1a of the last sparse value and of the first
// dense one, the last sparse length.
const PromotionVector kPromotion[] = {
    {18, 0, 0x524bc36d036c0579ULL, 0x4047fd6bf49ed7caULL, 18},
    {19, 0, 0x524bc36d036c0579ULL, 0x4047fd6bf49ed7caULL, 18},
    {30, 4, 0x9c065cd52c2edee2ULL, 0xdabdb572c0f424dbULL, 29},
    {100, 29, 0xf0bd86e51a59104aULL, 0x9832bbb6ab58923fULL, 100},
    {1000, 472, 0xe1136918cf50240aULL, 0xfa5c43e7b67cff7cULL, 1000},
    {3000, 1670, 0xa8f8b456cd2c8d32ULL, 0xfe9c65784536c7c0ULL, 3000},
};
// Each case: the keys built (see MergeFixture), the command, its reply, then
// FNV-1a and encoding of the destination and PFCOUNT of it afterwards.
const MergeVector kMerge[] = {
    {"PFCOUNT", "a b c", ":70", 0, "", 0},
    {"PFCOUNT", "a big nokey", ":5053", 0, "", 0},
    {"PFCOUNT", "s1 s2", ":2017", 0, "", 0},
    {"PFMERGE", "d1 a b c", "+OK", 0xca64ac388ceaac53ULL, "sparse", 70},
    {"PFMERGE", "d2 a big", "+OK", 0x3f367fb464be229bULL, "dense", 5053},
    {"PFMERGE", "a b", "+OK", 0x7d936bb8f49f7728ULL, "sparse", 50},
    {"PFMERGE", "d3 s1 s2", "+OK", 0x286b987d5c61819bULL, "dense", 2017},
    {"PFMERGE", "big a b", "+OK", 0x4cc9d55c31cf9ce6ULL, "dense", 5085},
    {"PFMERGE", "d4", "+OK", 0x524bc36d036c0579ULL, "sparse", 0},
    {"PFMERGE", "d5 nokey", "+OK", 0x524bc36d036c0579ULL, "sparse", 0},
};
// Damaged values: what each command replies on a copy, and FNV-1a of the key (for
// PFMERGE: of the new destination) afterwards. Ops: see RunDamagedOp.
const char* const kDamagedOps[] = {"PFADD", "PFCOUNT", "PFCOUNT2", "PFMERGE",
                                   "TODENSE", "GETREG", "DECODE", "ENCODING"};
const DamagedVector kDamaged[] = {
    {"48594c4c010000000000000000000000",
     {{"-INVALIDOBJ Corrupted HLL object detected", 0x5699e86d7b48564bULL},
      {":0", 0x5699e86d7b48564bULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x5699e86d7b48564bULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xcbf29ce484222325ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x5699e86d7b48564bULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x5699e86d7b48564bULL},
      {"$", 0x5699e86d7b48564bULL},
      {"+sparse", 0x5699e86d7b48564bULL}}},
    {"48594c4c010000000000000000000080",
     {{"-INVALIDOBJ Corrupted HLL object detected", 0x569a686d7b492fcbULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x569a686d7b492fcbULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x569a686d7b492fcbULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xcbf29ce484222325ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x569a686d7b492fcbULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x569a686d7b492fcbULL},
      {"$", 0x569a686d7b492fcbULL},
      {"+sparse", 0x569a686d7b492fcbULL}}},
    {"48594c4c0100000000000000000000807fff7fff",
     {{":1", 0xcac120b3ab675412ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xfc58fc565ece2757ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xfc58fc565ece2757ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xcbf29ce484222325ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xfc58fc565ece2757ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xfc58fc565ece2757ULL},
      {"$Z:16384 Z:16384", 0xfc58fc565ece2757ULL},
      {"+sparse", 0xfc58fc565ece2757ULL}}},
    {"48594c4c0100000000000000000000807fff",
     {{":1", 0xab7441d603d1ee32ULL},
      {":0", 0xfd8f436a8f6e62f9ULL},
      {":2", 0x524bc36d036c0579ULL},
      {"+OK", 0x84873ce79c0bdfe9ULL},
      {":1", 0xed2b8f67626cc41aULL},
      {"*df8cc77bfd516beb", 0xed2b8f67626cc41aULL},
      {"$Z:16384", 0x524bc36d036c0579ULL},
      {"+sparse", 0x524bc36d036c0579ULL}}},
    {"48594c4c0100000000000000000000807f00",
     {{":1", 0x9a50a8c234dcacaaULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x524c7c6d036d3fd4ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x524c7c6d036d3fd4ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xcbf29ce484222325ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x524c7c6d036d3fd4ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x524c7c6d036d3fd4ULL},
      {"$Z:16129", 0x524c7c6d036d3fd4ULL},
      {"+sparse", 0x524c7c6d036d3fd4ULL}}},
    {"48594c4c0100000000000000000000807f",
     {{":1", 0x5384c2be5e67a284ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x718f26087d5c0edcULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x718f26087d5c0edcULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xcbf29ce484222325ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x718f26087d5c0edcULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x718f26087d5c0edcULL},
      {"$Z:16129", 0x718f26087d5c0edcULL},
      {"+sparse", 0x718f26087d5c0edcULL}}},
    {"48594c4c01000000000000000000008040007f",
     {{":1", 0x961e221e280871fbULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xe212873c097b9ff4ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xe212873c097b9ff4ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xcbf29ce484222325ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xe212873c097b9ff4ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xe212873c097b9ff4ULL},
      {"$Z:1 Z:16129", 0xe212873c097b9ff4ULL},
      {"+sparse", 0xe212873c097b9ff4ULL}}},
    {"48594c4c0100000000000000000000807ffe80",
     {{":1", 0xa5e56209f5b8f2fdULL},
      {":1", 0x534d9d1adacd97b9ULL},
      {":3", 0x42bea53cd0898ff2ULL},
      {"+OK", 0x3da9808e282b6f42ULL},
      {":1", 0xed2b8b67626cbd4eULL},
      {"*df8cc67bfd516a38", 0xed2b8b67626cbd4eULL},
      {"$Z:16383 v:1,1", 0x42bea53cd0898ff2ULL},
      {"+sparse", 0x42bea53cd0898ff2ULL}}},
    {"48594c4c0100000000000000000000807ffe83",
     {{":1", 0xe758ef8c8bf7b9cbULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x42bea43cd0898e3fULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x42bea43cd0898e3fULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xcbf29ce484222325ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x42bea43cd0898e3fULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x42bea43cd0898e3fULL},
      {"$Z:16383 v:1,4", 0x42bea43cd0898e3fULL},
      {"+sparse", 0x42bea43cd0898e3fULL}}},
    {"48594c4c010000000000000000000080837ffb",
     {{":1", 0x77375fe6b53da408ULL},
      {":4", 0x640183f02b2d19eeULL},
      {":6", 0x9d11503ac03757daULL},
      {"+OK", 0xad9d174cabeac576ULL},
      {":1", 0x29850fb762b7806fULL},
      {"*08ba60acc1c7bcbb", 0x29850fb762b7806fULL},
      {"$v:1,4 Z:16380", 0x9d11503ac03757daULL},
      {"+sparse", 0x9d11503ac03757daULL}}},
    {"48594c4c010000000000000000000080fc7ffe",
     {{":1", 0xdffa9ba51563567cULL},
      {":1", 0xb109001d53fc299bULL},
      {":3", 0x0909923a6c257a00ULL},
      {"+OK", 0x4a0f48b1f4cdd72eULL},
      {":1", 0x509a142a8884c43aULL},
      {"*7a265245ac80f80c", 0x509a142a8884c43aULL},
      {"$v:32,1 Z:16383", 0x0909923a6c257a00ULL},
      {"+sparse", 0x0909923a6c257a00ULL}}},
    {"48594c4c0100000000000000000000807fff00",
     {{":1", 0xa7354797f2b2a539ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x42c28b3cd08d4c9bULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x42c28b3cd08d4c9bULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xcbf29ce484222325ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x42c28b3cd08d4c9bULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x42c28b3cd08d4c9bULL},
      {"$Z:16384 z:1", 0x42c28b3cd08d4c9bULL},
      {"+sparse", 0x42c28b3cd08d4c9bULL}}},
    {"48594c4c0105060700000000000000807fff",
     {{":1", 0x3fda8737b0482d14ULL},
      {":0", 0xcdf641c01826f9a9ULL},
      {":2", 0x22b4c1c28c280229ULL},
      {"+OK", 0x84873ce79c0bdfe9ULL},
      {":1", 0xb4a6c5bb04849c76ULL},
      {"*df8cc77bfd516beb", 0xb4a6c5bb04849c76ULL},
      {"$Z:16384", 0x22b4c1c28c280229ULL},
      {"+sparse", 0x22b4c1c28c280229ULL}}},
    {"48594c4c0100000005000000000000007fff",
     {{":1", 0x98cb946b6f9bade5ULL},
      {":5", 0x484434751a0702d4ULL},
      {":2", 0x484434751a0702d4ULL},
      {"+OK", 0x84873ce79c0bdfe9ULL},
      {":1", 0x28661a027625d03fULL},
      {"*df8cc77bfd516beb", 0x28661a027625d03fULL},
      {"$Z:16384", 0x484434751a0702d4ULL},
      {"+sparse", 0x484434751a0702d4ULL}}},
    {"48594c4c010000000500000000000000",
     {{"-INVALIDOBJ Corrupted HLL object detected", 0xb38a3d889c1634aeULL},
      {":5", 0xb38a3d889c1634aeULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xb38a3d889c1634aeULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xcbf29ce484222325ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xb38a3d889c1634aeULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xb38a3d889c1634aeULL},
      {"$", 0xb38a3d889c1634aeULL},
      {"+sparse", 0xb38a3d889c1634aeULL}}},
    {"48594c4c0200000000000000000000007fff",
     {{"-WRONGTYPE Key is not a valid HyperLogLog string value.", 0xf9bb52fb05d10ceeULL},
      {"-WRONGTYPE Key is not a valid HyperLogLog string value.", 0xf9bb52fb05d10ceeULL},
      {"-WRONGTYPE Key is not a valid HyperLogLog string value.", 0xf9bb52fb05d10ceeULL},
      {"-WRONGTYPE Key is not a valid HyperLogLog string value.", 0xcbf29ce484222325ULL},
      {"-WRONGTYPE Key is not a valid HyperLogLog string value.", 0xf9bb52fb05d10ceeULL},
      {"-WRONGTYPE Key is not a valid HyperLogLog string value.", 0xf9bb52fb05d10ceeULL},
      {"-WRONGTYPE Key is not a valid HyperLogLog string value.", 0xf9bb52fb05d10ceeULL},
      {"-WRONGTYPE Key is not a valid HyperLogLog string value.", 0xf9bb52fb05d10ceeULL}}},
    {"48594c580100000000000000000000007fff",
     {{"-WRONGTYPE Key is not a valid HyperLogLog string value.", 0x593e9fe2d687525dULL},
      {"-WRONGTYPE Key is not a valid HyperLogLog string value.", 0x593e9fe2d687525dULL},
      {"-WRONGTYPE Key is not a valid HyperLogLog string value.", 0x593e9fe2d687525dULL},
      {"-WRONGTYPE Key is not a valid HyperLogLog string value.", 0xcbf29ce484222325ULL},
      {"-WRONGTYPE Key is not a valid HyperLogLog string value.", 0x593e9fe2d687525dULL},
      {"-WRONGTYPE Key is not a valid HyperLogLog string value.", 0x593e9fe2d687525dULL},
      {"-WRONGTYPE Key is not a valid HyperLogLog string value.", 0x593e9fe2d687525dULL},
      {"-WRONGTYPE Key is not a valid HyperLogLog string value.", 0x593e9fe2d687525dULL}}},
    {"48594c4c0100000000000000000000",
     {{"-WRONGTYPE Key is not a valid HyperLogLog string value.", 0xcb341358870d1d09ULL},
      {"-WRONGTYPE Key is not a valid HyperLogLog string value.", 0xcb341358870d1d09ULL},
      {"-WRONGTYPE Key is not a valid HyperLogLog string value.", 0xcb341358870d1d09ULL},
      {"-WRONGTYPE Key is not a valid HyperLogLog string value.", 0xcbf29ce484222325ULL},
      {"-WRONGTYPE Key is not a valid HyperLogLog string value.", 0xcb341358870d1d09ULL},
      {"-WRONGTYPE Key is not a valid HyperLogLog string value.", 0xcb341358870d1d09ULL},
      {"-WRONGTYPE Key is not a valid HyperLogLog string value.", 0xcb341358870d1d09ULL},
      {"-WRONGTYPE Key is not a valid HyperLogLog string value.", 0xcb341358870d1d09ULL}}},
    {"48594c4c0000000000000000000000007fff",
     {{"-WRONGTYPE Key is not a valid HyperLogLog string value.", 0xfd6b489ab7dc20a0ULL},
      {"-WRONGTYPE Key is not a valid HyperLogLog string value.", 0xfd6b489ab7dc20a0ULL},
      {"-WRONGTYPE Key is not a valid HyperLogLog string value.", 0xfd6b489ab7dc20a0ULL},
      {"-WRONGTYPE Key is not a valid HyperLogLog string value.", 0xcbf29ce484222325ULL},
      {"-WRONGTYPE Key is not a valid HyperLogLog string value.", 0xfd6b489ab7dc20a0ULL},
      {"-WRONGTYPE Key is not a valid HyperLogLog string value.", 0xfd6b489ab7dc20a0ULL},
      {"-WRONGTYPE Key is not a valid HyperLogLog string value.", 0xfd6b489ab7dc20a0ULL},
      {"-WRONGTYPE Key is not a valid HyperLogLog string value.", 0xfd6b489ab7dc20a0ULL}}},
    {"R:48594c4c000000000000000000000000:00:12288",
     {{":1", 0x31220f7d5f912a97ULL},
      {":0", 0x205a6dce4d8d9d9aULL},
      {":2", 0x205a6dce4d8d9d9aULL},
      {"+OK", 0x6dd5b65fc147831aULL},
      {":0", 0x205a6dce4d8d9d9aULL},
      {"*df8cc77bfd516beb", 0x205a6dce4d8d9d9aULL},
      {"-ERR HLL encoding is not sparse", 0x205a6dce4d8d9d9aULL},
      {"+dense", 0x205a6dce4d8d9d9aULL}}},
    {"R:48594c4c000000000000000000000080:00:12287",
     {{"-WRONGTYPE Key is not a valid HyperLogLog string value.", 0x0b80c65dcf615a7eULL},
      {"-WRONGTYPE Key is not a valid HyperLogLog string value.", 0x0b80c65dcf615a7eULL},
      {"-WRONGTYPE Key is not a valid HyperLogLog string value.", 0x0b80c65dcf615a7eULL},
      {"-WRONGTYPE Key is not a valid HyperLogLog string value.", 0xcbf29ce484222325ULL},
      {"-WRONGTYPE Key is not a valid HyperLogLog string value.", 0x0b80c65dcf615a7eULL},
      {"-WRONGTYPE Key is not a valid HyperLogLog string value.", 0x0b80c65dcf615a7eULL},
      {"-WRONGTYPE Key is not a valid HyperLogLog string value.", 0x0b80c65dcf615a7eULL},
      {"-WRONGTYPE Key is not a valid HyperLogLog string value.", 0x0b80c65dcf615a7eULL}}},
    {"R:48594c4c000000000000000000000080:ff:12288",
     {{":0", 0x8d95a60fca2b941aULL},
      {":-9223372036854775808", 0x8d95a60fca2b941aULL},
      {":-9223372036854775808", 0x8d95a60fca2b941aULL},
      {"+OK", 0x8d95a60fca2b941aULL},
      {":0", 0x8d95a60fca2b941aULL},
      {"*fb76f3bfc08dabeb", 0x8d95a60fca2b941aULL},
      {"-ERR HLL encoding is not sparse", 0x8d95a60fca2b941aULL},
      {"+dense", 0x8d95a60fca2b941aULL}}},
    {"R:48594c4c000000000000000000000080:411004:4096",
     {{":1", 0x981c637e27b0d9caULL},
      {":23637", 0x8a8f4d4ba380af3bULL},
      {":23638", 0xc0aedd4c7afef41aULL},
      {"+OK", 0x98af483b1c79929aULL},
      {":0", 0xc0aedd4c7afef41aULL},
      {"*65402da567fc6beb", 0xc0aedd4c7afef41aULL},
      {"-ERR HLL encoding is not sparse", 0xc0aedd4c7afef41aULL},
      {"+dense", 0xc0aedd4c7afef41aULL}}},
    {"R:48594c4c000000000000000000000080:c30c30:4096",
     {{":0", 0xb7f027f1e5e8f41aULL},
      {":33606", 0xc8f0cf2120ac44adULL},
      {":33606", 0xb7f027f1e5e8f41aULL},
      {"+OK", 0xb7f027f1e5e8f41aULL},
      {":0", 0xb7f027f1e5e8f41aULL},
      {"*0386aac2b6c2ebeb", 0xb7f027f1e5e8f41aULL},
      {"-ERR HLL encoding is not sparse", 0xb7f027f1e5e8f41aULL},
      {"+dense", 0xb7f027f1e5e8f41aULL}}},
    {"R:48594c4c000000000000000000000080:e81d00:4096",
     {{":1", 0x929363fe84947d96ULL},
      {":26536", 0x875f120451a58e4bULL},
      {":26536", 0xd78dd96b31c3d41aULL},
      {"+OK", 0xd78dd96b31c3d41aULL},
      {":0", 0xd78dd96b31c3d41aULL},
      {"*7fd21fba6c6d2beb", 0xd78dd96b31c3d41aULL},
      {"-ERR HLL encoding is not sparse", 0xd78dd96b31c3d41aULL},
      {"+dense", 0xd78dd96b31c3d41aULL}}},
    {"R:48594c4c000000000000000000000080:00:12289",
     {{"-WRONGTYPE Key is not a valid HyperLogLog string value.", 0x6dc8c6ac3ed1382eULL},
      {"-WRONGTYPE Key is not a valid HyperLogLog string value.", 0x6dc8c6ac3ed1382eULL},
      {"-WRONGTYPE Key is not a valid HyperLogLog string value.", 0x6dc8c6ac3ed1382eULL},
      {"-WRONGTYPE Key is not a valid HyperLogLog string value.", 0xcbf29ce484222325ULL},
      {"-WRONGTYPE Key is not a valid HyperLogLog string value.", 0x6dc8c6ac3ed1382eULL},
      {"-WRONGTYPE Key is not a valid HyperLogLog string value.", 0x6dc8c6ac3ed1382eULL},
      {"-WRONGTYPE Key is not a valid HyperLogLog string value.", 0x6dc8c6ac3ed1382eULL},
      {"-WRONGTYPE Key is not a valid HyperLogLog string value.", 0x6dc8c6ac3ed1382eULL}}},
    {"",
     {{"-WRONGTYPE Key is not a valid HyperLogLog string value.", 0xcbf29ce484222325ULL},
      {"-WRONGTYPE Key is not a valid HyperLogLog string value.", 0xcbf29ce484222325ULL},
      {"-WRONGTYPE Key is not a valid HyperLogLog string value.", 0xcbf29ce484222325ULL},
      {"-WRONGTYPE Key is not a valid HyperLogLog string value.", 0xcbf29ce484222325ULL},
      {"-WRONGTYPE Key is not a valid HyperLogLog string value.", 0xcbf29ce484222325ULL},
      {"-WRONGTYPE Key is not a valid HyperLogLog string value.", 0xcbf29ce484222325ULL},
      {"-WRONGTYPE Key is not a valid HyperLogLog string value.", 0xcbf29ce484222325ULL},
      {"-WRONGTYPE Key is not a valid HyperLogLog string value.", 0xcbf29ce484222325ULL}}},
    {"48594c4c",
     {{"-WRONGTYPE Key is not a valid HyperLogLog string value.", 0x272879d8e9fefdbaULL},
      {"-WRONGTYPE Key is not a valid HyperLogLog string value.", 0x272879d8e9fefdbaULL},
      {"-WRONGTYPE Key is not a valid HyperLogLog string value.", 0x272879d8e9fefdbaULL},
      {"-WRONGTYPE Key is not a valid HyperLogLog string value.", 0xcbf29ce484222325ULL},
      {"-WRONGTYPE Key is not a valid HyperLogLog string value.", 0x272879d8e9fefdbaULL},
      {"-WRONGTYPE Key is not a valid HyperLogLog string value.", 0x272879d8e9fefdbaULL},
      {"-WRONGTYPE Key is not a valid HyperLogLog string value.", 0x272879d8e9fefdbaULL},
      {"-WRONGTYPE Key is not a valid HyperLogLog string value.", 0x272879d8e9fefdbaULL}}},
    {"48594c4c0100000000000000000000807ffea0",
     {{":1", 0xd0aeb8d43421d338ULL},
      {":1", 0x534d7d1adacd6159ULL},
      {":3", 0x42bec53cd089c652ULL},
      {"+OK", 0x3da9608e282b38e2ULL},
      {":1", 0xed2b6b67626c86eeULL},
      {"*df8cbe7bfd515ca0", 0xed2b6b67626c86eeULL},
      {"$Z:16383 v:9,1", 0x42bec53cd089c652ULL},
      {"+sparse", 0x42bec53cd089c652ULL}}},
    {"48594c4c0100000000000000000000807ffb",
     {{":1", 0x98e5f1540e7e4111ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x524bc76d036c0c45ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x524bc76d036c0c45ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xcbf29ce484222325ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x524bc76d036c0c45ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x524bc76d036c0c45ULL},
      {"$Z:16380", 0x524bc76d036c0c45ULL},
      {"+sparse", 0x524bc76d036c0c45ULL}}},
    {"D:3000:9032=fb,7=77,12153=af,11983=90,14=fe",
     {{":1", 0xd2659bf06bba1feeULL},
      {":3027", 0x46e6d124ce0672f7ULL},
      {":3030", 0x4186ca97891a7e93ULL},
      {"+OK", 0x2e40547816126534ULL},
      {":0", 0x4186ca97891a7e93ULL},
      {"*aea85ca8ac024bee", 0x4186ca97891a7e93ULL},
      {"-ERR HLL encoding is not sparse", 0x4186ca97891a7e93ULL},
      {"+dense", 0x4186ca97891a7e93ULL}}},
    {"D:3000:8764=6e",
     {{":1", 0x66b0f1299dd4690aULL},
      {":3025", 0x36795bd2c524d3b5ULL},
      {":3027", 0x589656ff10e60d39ULL},
      {"+OK", 0xab9a590e09634e39ULL},
      {":0", 0x589656ff10e60d39ULL},
      {"*c2a14d8d9d4dcb1e", 0x589656ff10e60d39ULL},
      {"-ERR HLL encoding is not sparse", 0x589656ff10e60d39ULL},
      {"+dense", 0x589656ff10e60d39ULL}}},
    {"D:3000:7=5a,13=4c",
     {{":1", 0x6e854f8af8b07eacULL},
      {":3022", 0x8d0bb50f35b32f16ULL},
      {":3025", 0x97053fecf6392225ULL},
      {"+OK", 0x43dbe8b0f97b06bfULL},
      {":0", 0x97053fecf6392225ULL},
      {"*c4c040867ea7c327", 0x97053fecf6392225ULL},
      {"-ERR HLL encoding is not sparse", 0x97053fecf6392225ULL},
      {"+dense", 0x97053fecf6392225ULL}}},
    {"D:20000:10364=9d,8065=3b,11588=45",
     {{":1", 0x534400b9015acd3dULL},
      {":19877", 0x50fb6cb6069698ffULL},
      {":19881", 0xa8d8be3176aa4e11ULL},
      {"+OK", 0xaef7fc3317ec92d1ULL},
      {":0", 0xa8d8be3176aa4e11ULL},
      {"*32b455ea52f04459", 0xa8d8be3176aa4e11ULL},
      {"-ERR HLL encoding is not sparse", 0xa8d8be3176aa4e11ULL},
      {"+dense", 0xa8d8be3176aa4e11ULL}}},
    {"D:20000:7297=31,7462=6a,9845=a3",
     {{":0", 0x170f14a2f2a0a906ULL},
      {":19879", 0xcfadb2f04d932722ULL},
      {":19882", 0x170f14a2f2a0a906ULL},
      {"+OK", 0x152504de57dfa8c6ULL},
      {":0", 0x170f14a2f2a0a906ULL},
      {"*ef766d7fe6f9f2d2", 0x170f14a2f2a0a906ULL},
      {"-ERR HLL encoding is not sparse", 0x170f14a2f2a0a906ULL},
      {"+dense", 0x170f14a2f2a0a906ULL}}},
    {"D:20000:7410=7b,7769=c0,7889=fe,759=af,183=ec",
     {{":1", 0x4a1778585ca77cffULL},
      {":19882", 0xc9201a3252d404abULL},
      {":19886", 0x7e759ef1da11b58aULL},
      {"+OK", 0xac873d433fd4174aULL},
      {":0", 0x7e759ef1da11b58aULL},
      {"*284bdc634c96426d", 0x7e759ef1da11b58aULL},
      {"-ERR HLL encoding is not sparse", 0x7e759ef1da11b58aULL},
      {"+dense", 0x7e759ef1da11b58aULL}}},
    {"48594c4c010000000000000000000080588c5bd8a0493c80421b",
     {{":1", 0x939d1061ca185cddULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x7b4461b7107f93a8ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x7b4461b7107f93a8ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xcbf29ce484222325ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x7b4461b7107f93a8ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x7b4461b7107f93a8ULL},
      {"$Z:6285 Z:7129 v:9,1 Z:2365 v:1,1 Z:540", 0x7b4461b7107f93a8ULL},
      {"+sparse", 0x7b4461b7107f93a8ULL}}},
    {"48594c4c0100000000000000000000806f2c8c50d168",
     {{":1", 0x1d1a499d38b20e00ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x9993fbae3697244dULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x9993fbae3697244dULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xcbf29ce484222325ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x9993fbae3697244dULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x9993fbae3697244dULL},
      {"$Z:12077 v:4,1 Z:4306 Z:10241", 0x9993fbae3697244dULL},
      {"+sparse", 0x9993fbae3697244dULL}}},
    {"48594c4c01000000000000000000008040a288411e84461180411f843e80438088442780"
     "449e8441ad8046b8801c8043768440ce8c421984409e8042079447d18041ff806ef48849"
     "c5884080",
     {{":1", 0xabbc0a19f2d6f022ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x9b57b895a7cb7fc8ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x9b57b895a7cb7fc8ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xcbf29ce484222325ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x9b57b895a7cb7fc8ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x9b57b895a7cb7fc8ULL},
      {"$Z:163 v:3,1 Z:287 v:2,1 Z:1554 v:1,1 Z:288 v:2,1 z:63 v:1,1"
       " Z:897 v:3,1 Z:1064 v:1,1 Z:1183 v:2,1 Z:430 v:1,1 Z:1721 v:"
       "1,1 z:29 v:1,1 Z:887 v:2,1 Z:207 v:4,1 Z:538 v:2,1 Z:159 v:1"
       ",1 Z:520 v:6,1 Z:2002 v:1,1 Z:512 v:1,1 Z:12021 v:3,1 Z:2502"
       " v:3,1 Z:129", 0x9b57b895a7cb7fc8ULL},
      {"+sparse", 0x9b57b895a7cb7fc8ULL}}},
    {"48594c4c0100000000000000000000806f2c8c50",
     {{":1", 0xe4781a20ef68a8eaULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xc202c9d3af35665cULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xc202c9d3af35665cULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xcbf29ce484222325ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xc202c9d3af35665cULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xc202c9d3af35665cULL},
      {"$Z:12077 v:4,1 Z:4097", 0xc202c9d3af35665cULL},
      {"+sparse", 0xc202c9d3af35665cULL}}},
    {"48594c4c01000000000000000000008058ca5a5bf1a0493c80421b",
     {{":1", 0x41ce8f7562249121ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xaf138487ea3e679dULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xaf138487ea3e679dULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xcbf29ce484222325ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xaf138487ea3e679dULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xaf138487ea3e679dULL},
      {"$Z:6347 Z:6748 v:29,2 v:9,1 Z:2365 v:1,1 Z:540", 0xaf138487ea3e679dULL},
      {"+sparse", 0xaf138487ea3e679dULL}}},
    {"48594c4c01000000000000000000008040a288411e84461180411f84bd80435874442780"
     "449e8441ad8046b8801c8043768440ce8c421984409e8042079447d18041ff8044f48849"
     "c5884080",
     {{":1", 0xa61a4e36ec5f22c2ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xe5f61b77f490dc99ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xe5f61b77f490dc99ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xcbf29ce484222325ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xe5f61b77f490dc99ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xe5f61b77f490dc99ULL},
      {"$Z:163 v:3,1 Z:287 v:2,1 Z:1554 v:1,1 Z:288 v:2,1 v:16,2 v:1"
       ",1 Z:857 Z:13381 z:40 v:1,1 Z:1183 v:2,1 Z:430 v:1,1 Z:1721 "
       "v:1,1 z:29 v:1,1 Z:887 v:2,1 Z:207 v:4,1 Z:538 v:2,1 Z:159 v"
       ":1,1 Z:520 v:6,1 Z:2002 v:1,1 Z:512 v:1,1 Z:1269 v:3,1 Z:250"
       "2 v:3,1 Z:129", 0xe5f61b77f490dc99ULL},
      {"+sparse", 0xe5f61b77f490dc99ULL}}},
    {"48594c4c01000000000000000000008040a288411e84461180411f843e80435888442780"
     "449e8441ad8046b8801c8043768440ce8c6d1984409e8042079447d18041ff8044f48849"
     "c5884080",
     {{":1", 0x7c411da6313f2f36ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x3f206542c1f00b1bULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x3f206542c1f00b1bULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xcbf29ce484222325ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x3f206542c1f00b1bULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x3f206542c1f00b1bULL},
      {"$Z:163 v:3,1 Z:287 v:2,1 Z:1554 v:1,1 Z:288 v:2,1 z:63 v:1,1"
       " Z:857 v:3,1 Z:1064 v:1,1 Z:1183 v:2,1 Z:430 v:1,1 Z:1721 v:"
       "1,1 z:29 v:1,1 Z:887 v:2,1 Z:207 v:4,1 Z:11546 v:2,1 Z:159 v"
       ":1,1 Z:520 v:6,1 Z:2002 v:1,1 Z:512 v:1,1 Z:1269 v:3,1 Z:250"
       "2 v:3,1 Z:129", 0x3f206542c1f00b1bULL},
      {"+sparse", 0x3f206542c1f00b1bULL}}},
    {"48594c4c010000000000000000000080",
     {{"-INVALIDOBJ Corrupted HLL object detected", 0x569a686d7b492fcbULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x569a686d7b492fcbULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x569a686d7b492fcbULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xcbf29ce484222325ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x569a686d7b492fcbULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x569a686d7b492fcbULL},
      {"$", 0x569a686d7b492fcbULL},
      {"+sparse", 0x569a686d7b492fcbULL}}},
    {"48594c4c01000000000000000000008040a288411e84461180411f843e80435888442780"
     "449e84418046b8801c8043768440ce8c421984409e8042079447d18041ff8044f48849c5"
     "884080",
     {{":1", 0x5b3392e60bab6eedULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xba0c338ffe8e32cbULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xba0c338ffe8e32cbULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xcbf29ce484222325ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xba0c338ffe8e32cbULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xba0c338ffe8e32cbULL},
      {"$Z:163 v:3,1 Z:287 v:2,1 Z:1554 v:1,1 Z:288 v:2,1 z:63 v:1,1"
       " Z:857 v:3,1 Z:1064 v:1,1 Z:1183 v:2,1 Z:385 Z:1721 v:1,1 z:"
       "29 v:1,1 Z:887 v:2,1 Z:207 v:4,1 Z:538 v:2,1 Z:159 v:1,1 Z:5"
       "20 v:6,1 Z:2002 v:1,1 Z:512 v:1,1 Z:1269 v:3,1 Z:2502 v:3,1 "
       "Z:129", 0xba0c338ffe8e32cbULL},
      {"+sparse", 0xba0c338ffe8e32cbULL}}},
    {"48594c4c01000000000000000000008040a288411e84461180411f843e80435888442780"
     "449e8441ad8046b8801c8043768440ce8c421984409e8042079447d180418044f48849c5"
     "884080",
     {{":1", 0x3aa347a7d526ab6cULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xdafcce697df4343fULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xdafcce697df4343fULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xcbf29ce484222325ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xdafcce697df4343fULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xdafcce697df4343fULL},
      {"$Z:163 v:3,1 Z:287 v:2,1 Z:1554 v:1,1 Z:288 v:2,1 z:63 v:1,1"
       " Z:857 v:3,1 Z:1064 v:1,1 Z:1183 v:2,1 Z:430 v:1,1 Z:1721 v:"
       "1,1 z:29 v:1,1 Z:887 v:2,1 Z:207 v:4,1 Z:538 v:2,1 Z:159 v:1"
       ",1 Z:520 v:6,1 Z:2002 v:1,1 Z:385 Z:1269 v:3,1 Z:2502 v:3,1 "
       "Z:129", 0xdafcce697df4343fULL},
      {"+sparse", 0xdafcce697df4343fULL}}},
    {"48594c4c01000000000000000000008040a288411e84461190411f843e80435888442780"
     "449e8441ad8046b8801c8043768440ce8c421984409e8042079447d18041ff8044f48849"
     "c5884080",
     {{":1", 0x593af54d9b17ab4fULL},
      {":20", 0xf63002be4a01ada2ULL},
      {":22", 0x0c51989a9bdb7c56ULL},
      {"+OK", 0x1da8c5a11def0264ULL},
      {":1", 0xd76d4105b904527cULL},
      {"*c24a1d951333f57c", 0xd76d4105b904527cULL},
      {"$Z:163 v:3,1 Z:287 v:2,1 Z:1554 v:5,1 Z:288 v:2,1 z:63 v:1,1"
       " Z:857 v:3,1 Z:1064 v:1,1 Z:1183 v:2,1 Z:430 v:1,1 Z:1721 v:"
       "1,1 z:29 v:1,1 Z:887 v:2,1 Z:207 v:4,1 Z:538 v:2,1 Z:159 v:1"
       ",1 Z:520 v:6,1 Z:2002 v:1,1 Z:512 v:1,1 Z:1269 v:3,1 Z:2502 "
       "v:3,1 Z:129", 0x0c51989a9bdb7c56ULL},
      {"+sparse", 0x0c51989a9bdb7c56ULL}}},
    {"48594c4c0100000000000000000000804a6184412d804f408846598040ad885975809d88"
     "43f49815",
     {{":1", 0x60e835d36fa20fdaULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x9a3c7efdb33c74fcULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x9a3c7efdb33c74fcULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xcbf29ce484222325ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x9a3c7efdb33c74fcULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x9a3c7efdb33c74fcULL},
      {"$Z:2658 v:2,1 Z:302 v:1,1 Z:3905 v:3,1 Z:1626 v:1,1 Z:174 v:"
       "3,1 Z:6518 v:1,1 v:8,2 v:3,1 Z:1013 v:7,1 z:22", 0x9a3c7efdb33c74fcULL},
      {"+sparse", 0x9a3c7efdb33c74fcULL}}},
    {"48594c4c0100000000000000000000804a6184412d804f408846598040ad885975c4409d"
     "8843f49815",
     {{":1", 0x5ba9bc1f5a403037ULL},
      {":8", 0x77627071273c11deULL},
      {":10", 0xe69eded83675a5e6ULL},
      {"+OK", 0x175071cc4f791a4aULL},
      {":1", 0xe555ca5417c0bb8fULL},
      {"*7f57a2815ed6ae1e", 0xe555ca5417c0bb8fULL},
      {"$Z:2658 v:2,1 Z:302 v:1,1 Z:3905 v:3,1 Z:1626 v:1,1 Z:174 v:"
       "3,1 Z:6518 v:18,1 Z:158 v:3,1 Z:1013 v:7,1 z:22", 0xe69eded83675a5e6ULL},
      {"+sparse", 0xe69eded83675a5e6ULL}}},
    {"48594c4c0100000000000000000000806f2c8c50d131d527",
     {{":1", 0x8de939822c921a47ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x6d141c7b5961ee66ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x6d141c7b5961ee66ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xcbf29ce484222325ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x6d141c7b5961ee66ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x6d141c7b5961ee66ULL},
      {"$Z:12077 v:4,1 Z:4306 z:50 v:22,2 z:40", 0x6d141c7b5961ee66ULL},
      {"+sparse", 0x6d141c7b5961ee66ULL}}},
    {"48594c4c01000000000000000000008058ca8c5bd8",
     {{":1", 0xaccc37b91f9caf5fULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xec2c51e123f51e0cULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xec2c51e123f51e0cULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xcbf29ce484222325ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xec2c51e123f51e0cULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xec2c51e123f51e0cULL},
      {"$Z:6347 v:4,1 Z:7129", 0xec2c51e123f51e0cULL},
      {"+sparse", 0xec2c51e123f51e0cULL}}},
    {"48594c4c01000000000000000000008058ca8c5bd8a0493c8042",
     {{":1", 0xc653e191f031745cULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x5b7a9c00b7979b13ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x5b7a9c00b7979b13ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xcbf29ce484222325ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x5b7a9c00b7979b13ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x5b7a9c00b7979b13ULL},
      {"$Z:6347 v:4,1 Z:7129 v:9,1 Z:2365 v:1,1 Z:513", 0x5b7a9c00b7979b13ULL},
      {"+sparse", 0x5b7a9c00b7979b13ULL}}},
    {"48594c4c01000000000000000000008058ca8c39d8a049c980421b",
     {{"-INVALIDOBJ Corrupted HLL object detected", 0x91d804e602895f14ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x6d96ea3be1d1ecb7ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x6d96ea3be1d1ecb7ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xcbf29ce484222325ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x6d96ea3be1d1ecb7ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x6d96ea3be1d1ecb7ULL},
      {"$Z:6347 v:4,1 z:58 v:23,1 v:9,1 Z:2506 v:1,1 Z:540", 0x6d96ea3be1d1ecb7ULL},
      {"+sparse", 0x6d96ea3be1d1ecb7ULL}}},
    {"48594c4c01000000000000000000008040d88440c28041b7842d98348c41d28442d18440"
     "6c8c414198406d80431d804063888b518c4116882a8041308040d8844109804210804073"
     "80416a80408d84406080421b842784408280411684409780048440ea84408d8041408041"
     "0d8004804570840380418480419480416480414c80409288405e8440a684420284209842"
     "b084408f80168440aa80436588288040cf840b8041be8040b18042838c420e802780409f"
     "8040a2801e",
     {{":1", 0xef6d203b4cde6026ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x645d83ea800ab19bULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x645d83ea800ab19bULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xcbf29ce484222325ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x645d83ea800ab19bULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x645d83ea800ab19bULL},
      {"$Z:217 v:2,1 Z:195 v:1,1 Z:440 v:2,1 z:46 v:7,1 z:53 v:4,1 Z"
       ":467 v:2,1 Z:722 v:2,1 Z:109 v:4,1 Z:322 v:7,1 Z:110 v:1,1 Z"
       ":798 v:1,1 Z:100 v:3,1 v:3,4 Z:4493 Z:279 v:3,1 z:43 v:1,1 Z"
       ":305 v:1,1 Z:217 v:2,1 Z:266 v:1,1 Z:529 v:1,1 Z:116 v:1,1 Z"
       ":363 v:1,1 Z:142 v:2,1 Z:97 v:1,1 Z:540 v:2,1 z:40 v:2,1 Z:1"
       "31 v:1,1 Z:279 v:2,1 Z:152 v:1,1 z:5 v:2,1 Z:235 v:2,1 Z:142"
       " v:1,1 Z:321 v:1,1 Z:270 v:1,1 z:5 v:1,1 Z:1393 v:2,1 z:4 v:"
       "1,1 Z:389 v:1,1 Z:405 v:1,1 Z:357 v:1,1 Z:333 v:1,1 Z:147 v:"
       "3,1 Z:95 v:2,1 Z:167 v:2,1 Z:515 v:2,1 z:33 v:7,1 Z:689 v:2,"
       "1 Z:144 v:1,1 z:23 v:2,1 Z:171 v:1,1 Z:870 v:3,1 z:41 v:1,1 "
       "Z:208 v:2,1 z:12 v:1,1 Z:447 v:1,1 Z:178 v:1,1 Z:644 v:4,1 Z"
       ":527 v:1,1 z:40 v:1,1 Z:160 v:1,1 Z:163 v:1,1 z:31", 0x645d83ea800ab19bULL},
      {"+sparse", 0x645d83ea800ab19bULL}}},
    {"48594c4c01000000000000000000008058ca8cadd8a0493c80421b",
     {{"-INVALIDOBJ Corrupted HLL object detected", 0xf430b2788e0afce6ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xf430b2788e0afce6ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xf430b2788e0afce6ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xcbf29ce484222325ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xf430b2788e0afce6ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xf430b2788e0afce6ULL},
      {"$Z:6347 v:4,1 v:12,2 v:23,1 v:9,1 Z:2365 v:1,1 Z:540", 0xf430b2788e0afce6ULL},
      {"+sparse", 0xf430b2788e0afce6ULL}}},
    {"48594c4c01000000000000000000008040d88440c28041b7842d98348c41d28442d18440"
     "6c8c414198406d80431d8040638840518c4116882a8041308040d88441094e4210804073"
     "80416a80408d84406080421b842784408280411684409780048440ea84408d8041408041"
     "0d8004804570840380418480419480416480414c80409288405e8440a684426d84209842"
     "b084408f80168440aa80436588288040cf840b8041be8040b18042838c420e802780409f"
     "8040a2801e",
     {{":1", 0x3786c7384ec68fd1ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x5a1c1375036706ebULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x5a1c1375036706ebULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xcbf29ce484222325ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x5a1c1375036706ebULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x5a1c1375036706ebULL},
      {"$Z:217 v:2,1 Z:195 v:1,1 Z:440 v:2,1 z:46 v:7,1 z:53 v:4,1 Z"
       ":467 v:2,1 Z:722 v:2,1 Z:109 v:4,1 Z:322 v:7,1 Z:110 v:1,1 Z"
       ":798 v:1,1 Z:100 v:3,1 Z:82 v:4,1 Z:279 v:3,1 z:43 v:1,1 Z:3"
       "05 v:1,1 Z:217 v:2,1 Z:266 Z:3651 z:17 v:1,1 Z:116 v:1,1 Z:3"
       "63 v:1,1 Z:142 v:2,1 Z:97 v:1,1 Z:540 v:2,1 z:40 v:2,1 Z:131"
       " v:1,1 Z:279 v:2,1 Z:152 v:1,1 z:5 v:2,1 Z:235 v:2,1 Z:142 v"
       ":1,1 Z:321 v:1,1 Z:270 v:1,1 z:5 v:1,1 Z:1393 v:2,1 z:4 v:1,"
       "1 Z:389 v:1,1 Z:405 v:1,1 Z:357 v:1,1 Z:333 v:1,1 Z:147 v:3,"
       "1 Z:95 v:2,1 Z:167 v:2,1 Z:622 v:2,1 z:33 v:7,1 Z:689 v:2,1 "
       "Z:144 v:1,1 z:23 v:2,1 Z:171 v:1,1 Z:870 v:3,1 z:41 v:1,1 Z:"
       "208 v:2,1 z:12 v:1,1 Z:447 v:1,1 Z:178 v:1,1 Z:644 v:4,1 Z:5"
       "27 v:1,1 z:40 v:1,1 Z:160 v:1,1 Z:163 v:1,1 z:31", 0x5a1c1375036706ebULL},
      {"+sparse", 0x5a1c1375036706ebULL}}},
    {"48594c4c0100000000000000000000804a6184412d804f408846598040ad88597580409d"
     "8843",
     {{":1", 0x0314d1385ef95b56ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xd1752c944bc2b0efULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xd1752c944bc2b0efULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xcbf29ce484222325ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xd1752c944bc2b0efULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xd1752c944bc2b0efULL},
      {"$Z:2658 v:2,1 Z:302 v:1,1 Z:3905 v:3,1 Z:1626 v:1,1 Z:174 v:"
       "3,1 Z:6518 v:1,1 Z:158 v:3,1 Z:769", 0xd1752c944bc2b0efULL},
      {"+sparse", 0xd1752c944bc2b0efULL}}},
    {"48594c4c01000000000000000000008058ca8c5bd8a0a73c80421b",
     {{"-INVALIDOBJ Corrupted HLL object detected", 0xfb362c5f8fef21d2ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xfb362c5f8fef21d2ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xfb362c5f8fef21d2ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xcbf29ce484222325ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xfb362c5f8fef21d2ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xfb362c5f8fef21d2ULL},
      {"$Z:6347 v:4,1 Z:7129 v:9,1 v:10,4 z:61 v:1,1 Z:540", 0xfb362c5f8fef21d2ULL},
      {"+sparse", 0xfb362c5f8fef21d2ULL}}},
    {"48594c4c01000000000000000000008058ca8c5bd8a0493c804290",
     {{":1", 0x24c95b9b458f2bfcULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x08f29837f69d3f99ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x08f29837f69d3f99ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xcbf29ce484222325ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x08f29837f69d3f99ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x08f29837f69d3f99ULL},
      {"$Z:6347 v:4,1 Z:7129 v:9,1 Z:2365 v:1,1 Z:657", 0x08f29837f69d3f99ULL},
      {"+sparse", 0x08f29837f69d3f99ULL}}},
    {"48594c4c0100000000000000000000804a6184412d804f408846598040ad",
     {{"-INVALIDOBJ Corrupted HLL object detected", 0xbd3e96e159ad8497ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xbd3e96e159ad8497ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xbd3e96e159ad8497ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xcbf29ce484222325ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xbd3e96e159ad8497ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xbd3e96e159ad8497ULL},
      {"$Z:2658 v:2,1 Z:302 v:1,1 Z:3905 v:3,1 Z:1626 v:1,1 Z:174", 0xbd3e96e159ad8497ULL},
      {"+sparse", 0xbd3e96e159ad8497ULL}}},
    {"48594c4c0100000000000000000000806f",
     {{"-INVALIDOBJ Corrupted HLL object detected", 0x718f16087d5bf3acULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x718f16087d5bf3acULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x718f16087d5bf3acULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xcbf29ce484222325ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x718f16087d5bf3acULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x718f16087d5bf3acULL},
      {"$Z:12033", 0x718f16087d5bf3acULL},
      {"+sparse", 0x718f16087d5bf3acULL}}},
    {"48594c4c01000000000000000000008040a288411e84461180411f843e80435888442780"
     "449e8441ad8046b8801c8043768440ce",
     {{"-INVALIDOBJ Corrupted HLL object detected", 0xac4130807462fb60ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xac4130807462fb60ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xac4130807462fb60ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xcbf29ce484222325ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xac4130807462fb60ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xac4130807462fb60ULL},
      {"$Z:163 v:3,1 Z:287 v:2,1 Z:1554 v:1,1 Z:288 v:2,1 z:63 v:1,1"
       " Z:857 v:3,1 Z:1064 v:1,1 Z:1183 v:2,1 Z:430 v:1,1 Z:1721 v:"
       "1,1 z:29 v:1,1 Z:887 v:2,1 Z:207", 0xac4130807462fb60ULL},
      {"+sparse", 0xac4130807462fb60ULL}}},
    {"48594c4c01000000000000000000008040d88440c28041b7842d98348c41d28442d18440"
     "6c8c414198406d80431d8040638840518c4116882a8041308040d8844109804210804073"
     "80426a80408d84406080421b842784408280411684409780048440ea84408d8041408041"
     "0d8004804570840380418480419480416480414c80409288405e8440a684420284209842"
     "b084408f80168440aa80436588288040cf840b8041be8040b180b4838c420e802780409f"
     "8040a2801e",
     {{":1", 0xcdc247c752c8eed1ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x57b8a12a79be7563ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x57b8a12a79be7563ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xcbf29ce484222325ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x57b8a12a79be7563ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x57b8a12a79be7563ULL},
      {"$Z:217 v:2,1 Z:195 v:1,1 Z:440 v:2,1 z:46 v:7,1 z:53 v:4,1 Z"
       ":467 v:2,1 Z:722 v:2,1 Z:109 v:4,1 Z:322 v:7,1 Z:110 v:1,1 Z"
       ":798 v:1,1 Z:100 v:3,1 Z:82 v:4,1 Z:279 v:3,1 z:43 v:1,1 Z:3"
       "05 v:1,1 Z:217 v:2,1 Z:266 v:1,1 Z:529 v:1,1 Z:116 v:1,1 Z:6"
       "19 v:1,1 Z:142 v:2,1 Z:97 v:1,1 Z:540 v:2,1 z:40 v:2,1 Z:131"
       " v:1,1 Z:279 v:2,1 Z:152 v:1,1 z:5 v:2,1 Z:235 v:2,1 Z:142 v"
       ":1,1 Z:321 v:1,1 Z:270 v:1,1 z:5 v:1,1 Z:1393 v:2,1 z:4 v:1,"
       "1 Z:389 v:1,1 Z:405 v:1,1 Z:357 v:1,1 Z:333 v:1,1 Z:147 v:3,"
       "1 Z:95 v:2,1 Z:167 v:2,1 Z:515 v:2,1 z:33 v:7,1 Z:689 v:2,1 "
       "Z:144 v:1,1 z:23 v:2,1 Z:171 v:1,1 Z:870 v:3,1 z:41 v:1,1 Z:"
       "208 v:2,1 z:12 v:1,1 Z:447 v:1,1 Z:178 v:1,1 v:14,1 v:1,4 v:"
       "4,1 Z:527 v:1,1 z:40 v:1,1 Z:160 v:1,1 Z:163 v:1,1 z:31", 0x57b8a12a79be7563ULL},
      {"+sparse", 0x57b8a12a79be7563ULL}}},
    {"48594c4c0100000000000000000000806f218c50d1",
     {{":1", 0x8e339d1479648b06ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xba91821ef1365f96ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xba91821ef1365f96ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xcbf29ce484222325ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xba91821ef1365f96ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xba91821ef1365f96ULL},
      {"$Z:12066 v:4,1 Z:4306", 0xba91821ef1365f96ULL},
      {"+sparse", 0xba91821ef1365f96ULL}}},
    {"48594c4c0100000000000000000000804a6184412d804f404646598040ad88597580e69d"
     "8843f49815",
     {{":1", 0x8f0597cb9aed2e81ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x794055f7c1914a3aULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x794055f7c1914a3aULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xcbf29ce484222325ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x794055f7c1914a3aULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x794055f7c1914a3aULL},
      {"$Z:2658 v:2,1 Z:302 v:1,1 Z:3905 Z:1607 Z:6529 Z:174 v:3,1 Z"
       ":6518 v:1,1 v:26,3 v:8,2 v:3,1 Z:1013 v:7,1 z:22", 0x794055f7c1914a3aULL},
      {"+sparse", 0x794055f7c1914a3aULL}}},
    {"48594c4c01000000000000000000008040a288411e84461180411f843e80435888442780"
     "449e8441ad8046b8801c8043768440ce8c421984409e8042079447d18041ff8044f48849"
     "884080",
     {{":1", 0xe66e3d3af00570f5ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x0c9ae952ef96c8b1ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x0c9ae952ef96c8b1ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xcbf29ce484222325ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x0c9ae952ef96c8b1ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x0c9ae952ef96c8b1ULL},
      {"$Z:163 v:3,1 Z:287 v:2,1 Z:1554 v:1,1 Z:288 v:2,1 z:63 v:1,1"
       " Z:857 v:3,1 Z:1064 v:1,1 Z:1183 v:2,1 Z:430 v:1,1 Z:1721 v:"
       "1,1 z:29 v:1,1 Z:887 v:2,1 Z:207 v:4,1 Z:538 v:2,1 Z:159 v:1"
       ",1 Z:520 v:6,1 Z:2002 v:1,1 Z:512 v:1,1 Z:1269 v:3,1 Z:2441 "
       "Z:129", 0x0c9ae952ef96c8b1ULL},
      {"+sparse", 0x0c9ae952ef96c8b1ULL}}},
    {"48594c4c01000000000000000000008040a288411e84461180411f843e80435888442780"
     "449e84418046b8801c8043768440ce8c421984409e8042079447d18041ff8044f48849c5"
     "884080",
     {{":1", 0x618b86ecbf01587bULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xba0c338ffe8e32cbULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xba0c338ffe8e32cbULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xcbf29ce484222325ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xba0c338ffe8e32cbULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xba0c338ffe8e32cbULL},
      {"$Z:163 v:3,1 Z:287 v:2,1 Z:1554 v:1,1 Z:288 v:2,1 z:63 v:1,1"
       " Z:857 v:3,1 Z:1064 v:1,1 Z:1183 v:2,1 Z:385 Z:1721 v:1,1 z:"
       "29 v:1,1 Z:887 v:2,1 Z:207 v:4,1 Z:538 v:2,1 Z:159 v:1,1 Z:5"
       "20 v:6,1 Z:2002 v:1,1 Z:512 v:1,1 Z:1269 v:3,1 Z:2502 v:3,1 "
       "Z:129", 0xba0c338ffe8e32cbULL},
      {"+sparse", 0xba0c338ffe8e32cbULL}}},
    {"48594c4c0100000000000000000000804a6184412d804f408846598040ad885975409d88"
     "43f49815",
     {{":1", 0x85848cc8105f3303ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x40eee5bfb70ec9bcULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x40eee5bfb70ec9bcULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xcbf29ce484222325ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x40eee5bfb70ec9bcULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x40eee5bfb70ec9bcULL},
      {"$Z:2658 v:2,1 Z:302 v:1,1 Z:3905 v:3,1 Z:1626 v:1,1 Z:174 v:"
       "3,1 Z:6518 Z:158 v:3,1 Z:1013 v:7,1 z:22", 0x40eee5bfb70ec9bcULL},
      {"+sparse", 0x40eee5bfb70ec9bcULL}}},
    {"48594c4c01000000000000000000008040a2c8411e84461180411f843e80435888442780"
     "449e8441ad8046b8801c8043768440ce8c421984409e8042079447d18041ff8044f48849"
     "c5884080",
     {{":1", 0x22ff0f080a8a575eULL},
      {":20", 0x07c0963fe53c2e32ULL},
      {":22", 0xd5300e50179682a6ULL},
      {"+OK", 0x03dc444371cca714ULL},
      {":1", 0x266576fff6d9647cULL},
      {"*46e8f1df27c29291", 0x266576fff6d9647cULL},
      {"$Z:163 v:19,1 Z:287 v:2,1 Z:1554 v:1,1 Z:288 v:2,1 z:63 v:1,"
       "1 Z:857 v:3,1 Z:1064 v:1,1 Z:1183 v:2,1 Z:430 v:1,1 Z:1721 v"
       ":1,1 z:29 v:1,1 Z:887 v:2,1 Z:207 v:4,1 Z:538 v:2,1 Z:159 v:"
       "1,1 Z:520 v:6,1 Z:2002 v:1,1 Z:512 v:1,1 Z:1269 v:3,1 Z:2502"
       " v:3,1 Z:129", 0xd5300e50179682a6ULL},
      {"+sparse", 0xd5300e50179682a6ULL}}},
    {"48594c4c0100000000000000000000804a84412d804f408846598040ad88597580409d88"
     "43f49815",
     {{":1", 0xa7a7b1e957149a67ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x8d730e1959d72785ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x8d730e1959d72785ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xcbf29ce484222325ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x8d730e1959d72785ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x8d730e1959d72785ULL},
      {"$Z:2693 Z:302 v:1,1 Z:3905 v:3,1 Z:1626 v:1,1 Z:174 v:3,1 Z:"
       "6518 v:1,1 Z:158 v:3,1 Z:1013 v:7,1 z:22", 0x8d730e1959d72785ULL},
      {"+sparse", 0x8d730e1959d72785ULL}}},
    {"48594c4c01000000000000000000008040a288411e84461180411f843e80435888442780"
     "449e8441ad8046b8801c8043768440ce8c421984409e8042079447d18041ff8044f48849"
     "c58840809d366a",
     {{":1", 0x9bf44969f45576adULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xc128fb4e4acb712dULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xc128fb4e4acb712dULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xcbf29ce484222325ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xc128fb4e4acb712dULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xc128fb4e4acb712dULL},
      {"$Z:163 v:3,1 Z:287 v:2,1 Z:1554 v:1,1 Z:288 v:2,1 z:63 v:1,1"
       " Z:857 v:3,1 Z:1064 v:1,1 Z:1183 v:2,1 Z:430 v:1,1 Z:1721 v:"
       "1,1 z:29 v:1,1 Z:887 v:2,1 Z:207 v:4,1 Z:538 v:2,1 Z:159 v:1"
       ",1 Z:520 v:6,1 Z:2002 v:1,1 Z:512 v:1,1 Z:1269 v:3,1 Z:2502 "
       "v:3,1 Z:129 v:8,2 z:55 Z:10753", 0xc128fb4e4acb712dULL},
      {"+sparse", 0xc128fb4e4acb712dULL}}},
    {"48594c4c010000000000000000000080aa6184412d804f408846598040ad88597580409d"
     "8843f4a515",
     {{":1", 0x384b7e131dd09a2cULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x6a497fcb8bb6501bULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x6a497fcb8bb6501bULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xcbf29ce484222325ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x6a497fcb8bb6501bULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x6a497fcb8bb6501bULL},
      {"$v:11,3 Z:8581 Z:302 v:1,1 Z:3905 v:3,1 Z:1626 v:1,1 Z:174 v"
       ":3,1 Z:6518 v:1,1 Z:158 v:3,1 Z:1013 v:10,2 z:22", 0x6a497fcb8bb6501bULL},
      {"+sparse", 0x6a497fcb8bb6501bULL}}},
    {"48594c4c01000000000000000000008040d88440c28041b7842d98348c41d28442d18440"
     "6c8c414198406d80431d8040638840518c4116882a8041308040d8844109804210804073"
     "80416a80408d84406080421b842784408280411684409780048440ea84408d8041408041"
     "0d8004804570840380418480419480416480414c80409288405e8440a684420284209842"
     "b084408f80168440aa80436588288040cf840b8041be8040b18042838c420e802780409f"
     "804011801e",
     {{":1", 0x27817fee8ed1ebf0ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xd0df9bdae5b7f3a3ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xd0df9bdae5b7f3a3ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xcbf29ce484222325ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xd0df9bdae5b7f3a3ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xd0df9bdae5b7f3a3ULL},
      {"$Z:217 v:2,1 Z:195 v:1,1 Z:440 v:2,1 z:46 v:7,1 z:53 v:4,1 Z"
       ":467 v:2,1 Z:722 v:2,1 Z:109 v:4,1 Z:322 v:7,1 Z:110 v:1,1 Z"
       ":798 v:1,1 Z:100 v:3,1 Z:82 v:4,1 Z:279 v:3,1 z:43 v:1,1 Z:3"
       "05 v:1,1 Z:217 v:2,1 Z:266 v:1,1 Z:529 v:1,1 Z:116 v:1,1 Z:3"
       "63 v:1,1 Z:142 v:2,1 Z:97 v:1,1 Z:540 v:2,1 z:40 v:2,1 Z:131"
       " v:1,1 Z:279 v:2,1 Z:152 v:1,1 z:5 v:2,1 Z:235 v:2,1 Z:142 v"
       ":1,1 Z:321 v:1,1 Z:270 v:1,1 z:5 v:1,1 Z:1393 v:2,1 z:4 v:1,"
       "1 Z:389 v:1,1 Z:405 v:1,1 Z:357 v:1,1 Z:333 v:1,1 Z:147 v:3,"
       "1 Z:95 v:2,1 Z:167 v:2,1 Z:515 v:2,1 z:33 v:7,1 Z:689 v:2,1 "
       "Z:144 v:1,1 z:23 v:2,1 Z:171 v:1,1 Z:870 v:3,1 z:41 v:1,1 Z:"
       "208 v:2,1 z:12 v:1,1 Z:447 v:1,1 Z:178 v:1,1 Z:644 v:4,1 Z:5"
       "27 v:1,1 z:40 v:1,1 Z:160 v:1,1 Z:18 v:1,1 z:31", 0xd0df9bdae5b7f3a3ULL},
      {"+sparse", 0xd0df9bdae5b7f3a3ULL}}},
    {"48594c4c01000000000000000000008040a288411e84461180411f843e80435888442780"
     "449e8441ad8046b8801c8043768440ce8c421984409e8042",
     {{"-INVALIDOBJ Corrupted HLL object detected", 0x10a35dfbe9a853caULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xe68fb3d9a34dcf1bULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xe68fb3d9a34dcf1bULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xcbf29ce484222325ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xe68fb3d9a34dcf1bULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xe68fb3d9a34dcf1bULL},
      {"$Z:163 v:3,1 Z:287 v:2,1 Z:1554 v:1,1 Z:288 v:2,1 z:63 v:1,1"
       " Z:857 v:3,1 Z:1064 v:1,1 Z:1183 v:2,1 Z:430 v:1,1 Z:1721 v:"
       "1,1 z:29 v:1,1 Z:887 v:2,1 Z:207 v:4,1 Z:538 v:2,1 Z:159 v:1"
       ",1 Z:513", 0xe68fb3d9a34dcf1bULL},
      {"+sparse", 0xe68fb3d9a34dcf1bULL}}},
    {"48594c4c01000000000000000000008040d88440c280b7842d98348c41d28442d184406c"
     "8c414198406d80431d8040638840518c4116882a8041308040d884410980421080407380"
     "416a80408d84406080421b842784408280411684409780048440ea84408d80414080410d"
     "8004804570840380418480419480416480414c80409288405e8440a684420284209842b0"
     "84408f80168440aa80436588288040cf840b8041be8040b18042838c420e802780409f80"
     "40a2801e",
     {{":1", 0xb1b7727524d6e274ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x97fde3bdfe0088ffULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x97fde3bdfe0088ffULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xcbf29ce484222325ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x97fde3bdfe0088ffULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x97fde3bdfe0088ffULL},
      {"$Z:217 v:2,1 Z:195 v:1,1 v:14,4 v:2,1 z:46 v:7,1 z:53 v:4,1 "
       "Z:467 v:2,1 Z:722 v:2,1 Z:109 v:4,1 Z:322 v:7,1 Z:110 v:1,1 "
       "Z:798 v:1,1 Z:100 v:3,1 Z:82 v:4,1 Z:279 v:3,1 z:43 v:1,1 Z:"
       "305 v:1,1 Z:217 v:2,1 Z:266 v:1,1 Z:529 v:1,1 Z:116 v:1,1 Z:"
       "363 v:1,1 Z:142 v:2,1 Z:97 v:1,1 Z:540 v:2,1 z:40 v:2,1 Z:13"
       "1 v:1,1 Z:279 v:2,1 Z:152 v:1,1 z:5 v:2,1 Z:235 v:2,1 Z:142 "
       "v:1,1 Z:321 v:1,1 Z:270 v:1,1 z:5 v:1,1 Z:1393 v:2,1 z:4 v:1"
       ",1 Z:389 v:1,1 Z:405 v:1,1 Z:357 v:1,1 Z:333 v:1,1 Z:147 v:3"
       ",1 Z:95 v:2,1 Z:167 v:2,1 Z:515 v:2,1 z:33 v:7,1 Z:689 v:2,1"
       " Z:144 v:1,1 z:23 v:2,1 Z:171 v:1,1 Z:870 v:3,1 z:41 v:1,1 Z"
       ":208 v:2,1 z:12 v:1,1 Z:447 v:1,1 Z:178 v:1,1 Z:644 v:4,1 Z:"
       "527 v:1,1 z:40 v:1,1 Z:160 v:1,1 Z:163 v:1,1 z:31", 0x97fde3bdfe0088ffULL},
      {"+sparse", 0x97fde3bdfe0088ffULL}}},
    {"48594c4c01000000000000000000008040d88440c28041b7842d98348c41d28442d18440"
     "6c8c414198406d80431d8040638840518c4116882a804130804054844109804210804073"
     "80416a80408d84406080421b842784408280411684409780048440ea84408d8041408041"
     "0d8004804570840380418480419480416480414c80409288405e8440a684420284209842"
     "b084408f80168440aa80436588288040cf840b8041be8040b18042838c420e802780409f"
     "8040a2801e",
     {{":1", 0xe6e74026a429f1d8ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x21c35436a750637aULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x21c35436a750637aULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xcbf29ce484222325ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x21c35436a750637aULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x21c35436a750637aULL},
      {"$Z:217 v:2,1 Z:195 v:1,1 Z:440 v:2,1 z:46 v:7,1 z:53 v:4,1 Z"
       ":467 v:2,1 Z:722 v:2,1 Z:109 v:4,1 Z:322 v:7,1 Z:110 v:1,1 Z"
       ":798 v:1,1 Z:100 v:3,1 Z:82 v:4,1 Z:279 v:3,1 z:43 v:1,1 Z:3"
       "05 v:1,1 Z:85 v:2,1 Z:266 v:1,1 Z:529 v:1,1 Z:116 v:1,1 Z:36"
       "3 v:1,1 Z:142 v:2,1 Z:97 v:1,1 Z:540 v:2,1 z:40 v:2,1 Z:131 "
       "v:1,1 Z:279 v:2,1 Z:152 v:1,1 z:5 v:2,1 Z:235 v:2,1 Z:142 v:"
       "1,1 Z:321 v:1,1 Z:270 v:1,1 z:5 v:1,1 Z:1393 v:2,1 z:4 v:1,1"
       " Z:389 v:1,1 Z:405 v:1,1 Z:357 v:1,1 Z:333 v:1,1 Z:147 v:3,1"
       " Z:95 v:2,1 Z:167 v:2,1 Z:515 v:2,1 z:33 v:7,1 Z:689 v:2,1 Z"
       ":144 v:1,1 z:23 v:2,1 Z:171 v:1,1 Z:870 v:3,1 z:41 v:1,1 Z:2"
       "08 v:2,1 z:12 v:1,1 Z:447 v:1,1 Z:178 v:1,1 Z:644 v:4,1 Z:52"
       "7 v:1,1 z:40 v:1,1 Z:160 v:1,1 Z:163 v:1,1 z:31", 0x21c35436a750637aULL},
      {"+sparse", 0x21c35436a750637aULL}}},
    {"48594c4c01000000000000000000008040d88440c28041b7622d98348c41d28442d18440"
     "6c8c414198406d80431d8040638840518c4116882a8041308040d8844109804210804073"
     "80416a80408d84406080421b842784408280411684409780048440ea84408d8041408041"
     "0d8004804570840380418480419480416480414c80409288405e8440a684420284209842"
     "b084408f80168440aa80436588478040cf840b8041be8040b18042838c420e802780409f"
     "8040a2801e",
     {{":1", 0xfac5862428e6c534ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x06831576fba0048bULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x06831576fba0048bULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xcbf29ce484222325ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x06831576fba0048bULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x06831576fba0048bULL},
      {"$Z:217 v:2,1 Z:195 v:1,1 Z:440 Z:8750 v:7,1 z:53 v:4,1 Z:467"
       " v:2,1 Z:722 v:2,1 Z:109 v:4,1 Z:322 v:7,1 Z:110 v:1,1 Z:798"
       " v:1,1 Z:100 v:3,1 Z:82 v:4,1 Z:279 v:3,1 z:43 v:1,1 Z:305 v"
       ":1,1 Z:217 v:2,1 Z:266 v:1,1 Z:529 v:1,1 Z:116 v:1,1 Z:363 v"
       ":1,1 Z:142 v:2,1 Z:97 v:1,1 Z:540 v:2,1 z:40 v:2,1 Z:131 v:1"
       ",1 Z:279 v:2,1 Z:152 v:1,1 z:5 v:2,1 Z:235 v:2,1 Z:142 v:1,1"
       " Z:321 v:1,1 Z:270 v:1,1 z:5 v:1,1 Z:1393 v:2,1 z:4 v:1,1 Z:"
       "389 v:1,1 Z:405 v:1,1 Z:357 v:1,1 Z:333 v:1,1 Z:147 v:3,1 Z:"
       "95 v:2,1 Z:167 v:2,1 Z:515 v:2,1 z:33 v:7,1 Z:689 v:2,1 Z:14"
       "4 v:1,1 z:23 v:2,1 Z:171 v:1,1 Z:870 v:3,1 Z:1921 Z:208 v:2,"
       "1 z:12 v:1,1 Z:447 v:1,1 Z:178 v:1,1 Z:644 v:4,1 Z:527 v:1,1"
       " z:40 v:1,1 Z:160 v:1,1 Z:163 v:1,1 z:31", 0x06831576fba0048bULL},
      {"+sparse", 0x06831576fba0048bULL}}},
    {"48594c4c01000000000000000000008040d88440c28041b7842d98348c41d28442d18440"
     "6c8c414198406d80431d8040438840518c4116882a8041308040d8844109804210804073"
     "80416a80408d84406080421b842784408280411684409780048440ea84408d8041408041"
     "0d8004804570840380418480419480416480414c80409288405e8440a684420284209842"
     "b084408f80168440aa80436588288040cf840b8041be8040b18042838c420e802780409f"
     "8040a2801e",
     {{":1", 0x0e4000dbe32e2a6bULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x003233b6f695662eULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x003233b6f695662eULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xcbf29ce484222325ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x003233b6f695662eULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x003233b6f695662eULL},
      {"$Z:217 v:2,1 Z:195 v:1,1 Z:440 v:2,1 z:46 v:7,1 z:53 v:4,1 Z"
       ":467 v:2,1 Z:722 v:2,1 Z:109 v:4,1 Z:322 v:7,1 Z:110 v:1,1 Z"
       ":798 v:1,1 Z:68 v:3,1 Z:82 v:4,1 Z:279 v:3,1 z:43 v:1,1 Z:30"
       "5 v:1,1 Z:217 v:2,1 Z:266 v:1,1 Z:529 v:1,1 Z:116 v:1,1 Z:36"
       "3 v:1,1 Z:142 v:2,1 Z:97 v:1,1 Z:540 v:2,1 z:40 v:2,1 Z:131 "
       "v:1,1 Z:279 v:2,1 Z:152 v:1,1 z:5 v:2,1 Z:235 v:2,1 Z:142 v:"
       "1,1 Z:321 v:1,1 Z:270 v:1,1 z:5 v:1,1 Z:1393 v:2,1 z:4 v:1,1"
       " Z:389 v:1,1 Z:405 v:1,1 Z:357 v:1,1 Z:333 v:1,1 Z:147 v:3,1"
       " Z:95 v:2,1 Z:167 v:2,1 Z:515 v:2,1 z:33 v:7,1 Z:689 v:2,1 Z"
       ":144 v:1,1 z:23 v:2,1 Z:171 v:1,1 Z:870 v:3,1 z:41 v:1,1 Z:2"
       "08 v:2,1 z:12 v:1,1 Z:447 v:1,1 Z:178 v:1,1 Z:644 v:4,1 Z:52"
       "7 v:1,1 z:40 v:1,1 Z:160 v:1,1 Z:163 v:1,1 z:31", 0x003233b6f695662eULL},
      {"+sparse", 0x003233b6f695662eULL}}},
    {"48594c4c0100000000000000000000804a6135412d804f408846598040ad8859de80409d"
     "8843f49815",
     {{":1", 0x77002a74bd5d6c72ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xba034d4ea4334c74ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xba034d4ea4334c74ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xcbf29ce484222325ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xba034d4ea4334c74ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xba034d4ea4334c74ULL},
      {"$Z:2658 z:54 Z:302 v:1,1 Z:3905 v:3,1 Z:1626 v:1,1 Z:174 v:3"
       ",1 Z:6623 v:1,1 Z:158 v:3,1 Z:1013 v:7,1 z:22", 0xba034d4ea4334c74ULL},
      {"+sparse", 0xba034d4ea4334c74ULL}}},
    {"48594c4c0100000000000000000000806f2c8c50d1520fd9",
     {{":1", 0xc2c27c03df8eed8dULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x7700c57bef454f8bULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x7700c57bef454f8bULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xcbf29ce484222325ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x7700c57bef454f8bULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x7700c57bef454f8bULL},
      {"$Z:12077 v:4,1 Z:4306 Z:4624 v:23,2", 0x7700c57bef454f8bULL},
      {"+sparse", 0x7700c57bef454f8bULL}}},
    {"48594c4c01000000000000000000008040a288411e84461180411f843e80435888442780"
     "449e8441ad8046b8801c8043768440ce8c421984409e8042079447d18041ff8044f48849"
     "c5884080a6",
     {{":1", 0x8c683cc45be92067ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x7e6d81f33b5b5540ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x7e6d81f33b5b5540ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xcbf29ce484222325ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x7e6d81f33b5b5540ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x7e6d81f33b5b5540ULL},
      {"$Z:163 v:3,1 Z:287 v:2,1 Z:1554 v:1,1 Z:288 v:2,1 z:63 v:1,1"
       " Z:857 v:3,1 Z:1064 v:1,1 Z:1183 v:2,1 Z:430 v:1,1 Z:1721 v:"
       "1,1 z:29 v:1,1 Z:887 v:2,1 Z:207 v:4,1 Z:538 v:2,1 Z:159 v:1"
       ",1 Z:520 v:6,1 Z:2002 v:1,1 Z:512 v:1,1 Z:1269 v:3,1 Z:2502 "
       "v:3,1 Z:129 v:10,3", 0x7e6d81f33b5b5540ULL},
      {"+sparse", 0x7e6d81f33b5b5540ULL}}},
    {"48594c4c0100000000000000000000804a6184412d804f4088",
     {{":1", 0xdf65a41ef6002071ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x55b79524d01eb8e5ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x55b79524d01eb8e5ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xcbf29ce484222325ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x55b79524d01eb8e5ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x55b79524d01eb8e5ULL},
      {"$Z:2658 v:2,1 Z:302 v:1,1 Z:3905 v:3,1", 0x55b79524d01eb8e5ULL},
      {"+sparse", 0x55b79524d01eb8e5ULL}}},
    {"48594c4c0100000000000000000000804a6184412d804f408846598040add9597e80409d"
     "8843f49815",
     {{":1", 0xb02af63d544dbb65ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xf4f87a1e3e378940ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xf4f87a1e3e378940ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xcbf29ce484222325ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xf4f87a1e3e378940ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xf4f87a1e3e378940ULL},
      {"$Z:2658 v:2,1 Z:302 v:1,1 Z:3905 v:3,1 Z:1626 v:1,1 Z:174 v:"
       "23,2 Z:6527 v:1,1 Z:158 v:3,1 Z:1013 v:7,1 z:22", 0xf4f87a1e3e378940ULL},
      {"+sparse", 0xf4f87a1e3e378940ULL}}},
    {"48594c4c0100000000000000000000804a6184412d804f408846598040ad88597580409d"
     "8847f49815",
     {{":1", 0x6f4cea9595309d55ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x2020ad8d45e4c726ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x2020ad8d45e4c726ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xcbf29ce484222325ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x2020ad8d45e4c726ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x2020ad8d45e4c726ULL},
      {"$Z:2658 v:2,1 Z:302 v:1,1 Z:3905 v:3,1 Z:1626 v:1,1 Z:174 v:"
       "3,1 Z:6518 v:1,1 Z:158 v:3,1 Z:2037 v:7,1 z:22", 0x2020ad8d45e4c726ULL},
      {"+sparse", 0x2020ad8d45e4c726ULL}}},
    {"48594c4c01000000000000000000008040d88440c2804199842d98348c41d28442d18440"
     "6c8c414198406d80431d8040638840518c4116882a8041308040d8844109804210804073"
     "80416a80408d84406080421b842784408280411684409780048440ea84408d8041408041"
     "0d8004804570840380418480419480416480414c80409288405e8440a684420284202842"
     "b084408f80168440aa80436588288040cf840b8041be8040b18042838c420e802780409f"
     "8040a2801e",
     {{":1", 0x8f5d79f1e6c37d0aULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x1b6fbbdd532490c8ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x1b6fbbdd532490c8ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xcbf29ce484222325ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x1b6fbbdd532490c8ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x1b6fbbdd532490c8ULL},
      {"$Z:217 v:2,1 Z:195 v:1,1 Z:410 v:2,1 z:46 v:7,1 z:53 v:4,1 Z"
       ":467 v:2,1 Z:722 v:2,1 Z:109 v:4,1 Z:322 v:7,1 Z:110 v:1,1 Z"
       ":798 v:1,1 Z:100 v:3,1 Z:82 v:4,1 Z:279 v:3,1 z:43 v:1,1 Z:3"
       "05 v:1,1 Z:217 v:2,1 Z:266 v:1,1 Z:529 v:1,1 Z:116 v:1,1 Z:3"
       "63 v:1,1 Z:142 v:2,1 Z:97 v:1,1 Z:540 v:2,1 z:40 v:2,1 Z:131"
       " v:1,1 Z:279 v:2,1 Z:152 v:1,1 z:5 v:2,1 Z:235 v:2,1 Z:142 v"
       ":1,1 Z:321 v:1,1 Z:270 v:1,1 z:5 v:1,1 Z:1393 v:2,1 z:4 v:1,"
       "1 Z:389 v:1,1 Z:405 v:1,1 Z:357 v:1,1 Z:333 v:1,1 Z:147 v:3,"
       "1 Z:95 v:2,1 Z:167 v:2,1 Z:515 v:2,1 z:33 z:41 Z:689 v:2,1 Z"
       ":144 v:1,1 z:23 v:2,1 Z:171 v:1,1 Z:870 v:3,1 z:41 v:1,1 Z:2"
       "08 v:2,1 z:12 v:1,1 Z:447 v:1,1 Z:178 v:1,1 Z:644 v:4,1 Z:52"
       "7 v:1,1 z:40 v:1,1 Z:160 v:1,1 Z:163 v:1,1 z:31", 0x1b6fbbdd532490c8ULL},
      {"+sparse", 0x1b6fbbdd532490c8ULL}}},
    {"48594c4c01000000000000000000008040a288411e84461180411f843e80435888442780"
     "44968441ad8046b8801c8043768440ce8c421984409e8042079447d18041ff8044f48849"
     "c5884080",
     {{":1", 0x321ef0b642fb4362ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x5b8dd4bd5496be0eULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x5b8dd4bd5496be0eULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xcbf29ce484222325ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x5b8dd4bd5496be0eULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x5b8dd4bd5496be0eULL},
      {"$Z:163 v:3,1 Z:287 v:2,1 Z:1554 v:1,1 Z:288 v:2,1 z:63 v:1,1"
       " Z:857 v:3,1 Z:1064 v:1,1 Z:1175 v:2,1 Z:430 v:1,1 Z:1721 v:"
       "1,1 z:29 v:1,1 Z:887 v:2,1 Z:207 v:4,1 Z:538 v:2,1 Z:159 v:1"
       ",1 Z:520 v:6,1 Z:2002 v:1,1 Z:512 v:1,1 Z:1269 v:3,1 Z:2502 "
       "v:3,1 Z:129", 0x5b8dd4bd5496be0eULL},
      {"+sparse", 0x5b8dd4bd5496be0eULL}}},
    {"48594c4c0100000000000000000000804a6184412d804f408846",
     {{"-INVALIDOBJ Corrupted HLL object detected", 0xc5ab108da433bcf9ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xc5ab108da433bcf9ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xc5ab108da433bcf9ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xcbf29ce484222325ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xc5ab108da433bcf9ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xc5ab108da433bcf9ULL},
      {"$Z:2658 v:2,1 Z:302 v:1,1 Z:3905 v:3,1 Z:1537", 0xc5ab108da433bcf9ULL},
      {"+sparse", 0xc5ab108da433bcf9ULL}}},
    {"48594c4c01000000000000000000008040d88440c28041b7842d98348c41d28442d18440"
     "6c8c414198406d80431d8040638840518c4116882a8041308040d8844109804210804073"
     "80416a80408d84406080421b842784408280411684409780048440ea84408d8041408041"
     "0d8004804570840380418480419480416480414c80409288405e8440a684420284209842"
     "b084408f80168440aa80436588288040cf840b8041be8040b18042838c420e802780409f"
     "8040a2801e3225",
     {{":1", 0x7f2ea7ffe2d9cfe0ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x9728edf8e24d0923ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x9728edf8e24d0923ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xcbf29ce484222325ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x9728edf8e24d0923ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x9728edf8e24d0923ULL},
      {"$Z:217 v:2,1 Z:195 v:1,1 Z:440 v:2,1 z:46 v:7,1 z:53 v:4,1 Z"
       ":467 v:2,1 Z:722 v:2,1 Z:109 v:4,1 Z:322 v:7,1 Z:110 v:1,1 Z"
       ":798 v:1,1 Z:100 v:3,1 Z:82 v:4,1 Z:279 v:3,1 z:43 v:1,1 Z:3"
       "05 v:1,1 Z:217 v:2,1 Z:266 v:1,1 Z:529 v:1,1 Z:116 v:1,1 Z:3"
       "63 v:1,1 Z:142 v:2,1 Z:97 v:1,1 Z:540 v:2,1 z:40 v:2,1 Z:131"
       " v:1,1 Z:279 v:2,1 Z:152 v:1,1 z:5 v:2,1 Z:235 v:2,1 Z:142 v"
       ":1,1 Z:321 v:1,1 Z:270 v:1,1 z:5 v:1,1 Z:1393 v:2,1 z:4 v:1,"
       "1 Z:389 v:1,1 Z:405 v:1,1 Z:357 v:1,1 Z:333 v:1,1 Z:147 v:3,"
       "1 Z:95 v:2,1 Z:167 v:2,1 Z:515 v:2,1 z:33 v:7,1 Z:689 v:2,1 "
       "Z:144 v:1,1 z:23 v:2,1 Z:171 v:1,1 Z:870 v:3,1 z:41 v:1,1 Z:"
       "208 v:2,1 z:12 v:1,1 Z:447 v:1,1 Z:178 v:1,1 Z:644 v:4,1 Z:5"
       "27 v:1,1 z:40 v:1,1 Z:160 v:1,1 Z:163 v:1,1 z:31 z:51 z:38", 0x9728edf8e24d0923ULL},
      {"+sparse", 0x9728edf8e24d0923ULL}}},
    {"48594c4c0100000000000000000000804a6184412d80fe408846598040ad88597580409d"
     "8843f49815",
     {{":1", 0x8acb9c45afc274b9ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x14920432dacfb175ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x14920432dacfb175ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xcbf29ce484222325ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x14920432dacfb175ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x14920432dacfb175ULL},
      {"$Z:2658 v:2,1 Z:302 v:1,1 v:32,3 Z:137 Z:1626 v:1,1 Z:174 v:"
       "3,1 Z:6518 v:1,1 Z:158 v:3,1 Z:1013 v:7,1 z:22", 0x14920432dacfb175ULL},
      {"+sparse", 0x14920432dacfb175ULL}}},
    {"48594c4c01000000000000000000008058ca8c5bd8a0493c80421bce",
     {{":1", 0xde8b4178665adcf9ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xcfd5fc180bcf7c22ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xcfd5fc180bcf7c22ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xcbf29ce484222325ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xcfd5fc180bcf7c22ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xcfd5fc180bcf7c22ULL},
      {"$Z:6347 v:4,1 Z:7129 v:9,1 Z:2365 v:1,1 Z:540 v:20,3", 0xcfd5fc180bcf7c22ULL},
      {"+sparse", 0xcfd5fc180bcf7c22ULL}}},
    {"48594c4c0100000000000000000000806f0c8c50d1",
     {{":1", 0x9b2f9a596180760fULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xe12c80bd7fe741b7ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xe12c80bd7fe741b7ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xcbf29ce484222325ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xe12c80bd7fe741b7ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xe12c80bd7fe741b7ULL},
      {"$Z:12045 v:4,1 Z:4306", 0xe12c80bd7fe741b7ULL},
      {"+sparse", 0xe12c80bd7fe741b7ULL}}},
    {"48594c4c01000000000000000000008058ca5bd8a0493c80421b",
     {{":1", 0x6d7bde20b6304109ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x8edc8a49e88fcf26ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x8edc8a49e88fcf26ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xcbf29ce484222325ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x8edc8a49e88fcf26ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x8edc8a49e88fcf26ULL},
      {"$Z:6347 Z:7129 v:9,1 Z:2365 v:1,1 Z:540", 0x8edc8a49e88fcf26ULL},
      {"+sparse", 0x8edc8a49e88fcf26ULL}}},
    {"48594c4c01000000000000000000008040a288411e84461180411f843e80435888442780"
     "449e8441ad8046b8801c80437640ce8c421984409e8042079447d18041ff8044f48849c5"
     "884080",
     {{":1", 0x1f286a634fea9e89ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x768f24bb34e90ac6ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x768f24bb34e90ac6ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xcbf29ce484222325ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x768f24bb34e90ac6ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x768f24bb34e90ac6ULL},
      {"$Z:163 v:3,1 Z:287 v:2,1 Z:1554 v:1,1 Z:288 v:2,1 z:63 v:1,1"
       " Z:857 v:3,1 Z:1064 v:1,1 Z:1183 v:2,1 Z:430 v:1,1 Z:1721 v:"
       "1,1 z:29 v:1,1 Z:887 Z:207 v:4,1 Z:538 v:2,1 Z:159 v:1,1 Z:5"
       "20 v:6,1 Z:2002 v:1,1 Z:512 v:1,1 Z:1269 v:3,1 Z:2502 v:3,1 "
       "Z:129", 0x768f24bb34e90ac6ULL},
      {"+sparse", 0x768f24bb34e90ac6ULL}}},
    {"48594c4c0100000000000000000000804a6184412d804f408846598040ad88597580409d"
     "88c3f49815",
     {{":1", 0xad6cae14641252b4ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x0918c980e8fa98caULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x0918c980e8fa98caULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xcbf29ce484222325ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x0918c980e8fa98caULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x0918c980e8fa98caULL},
      {"$Z:2658 v:2,1 Z:302 v:1,1 Z:3905 v:3,1 Z:1626 v:1,1 Z:174 v:"
       "3,1 Z:6518 v:1,1 Z:158 v:3,1 v:17,4 v:30,1 v:7,1 z:22", 0x0918c980e8fa98caULL},
      {"+sparse", 0x0918c980e8fa98caULL}}},
    {"48594c4c01000000000000000000008040a288411e84461180411f843e80435888442780"
     "449e8441ad8046b8801c8043768440ce8c421984409e8042079441d18041ff8044f48849"
     "c5884080",
     {{":1", 0xcc1d6abbd3cd44caULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xa22fa6b739e1ef44ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xa22fa6b739e1ef44ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xcbf29ce484222325ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xa22fa6b739e1ef44ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xa22fa6b739e1ef44ULL},
      {"$Z:163 v:3,1 Z:287 v:2,1 Z:1554 v:1,1 Z:288 v:2,1 z:63 v:1,1"
       " Z:857 v:3,1 Z:1064 v:1,1 Z:1183 v:2,1 Z:430 v:1,1 Z:1721 v:"
       "1,1 z:29 v:1,1 Z:887 v:2,1 Z:207 v:4,1 Z:538 v:2,1 Z:159 v:1"
       ",1 Z:520 v:6,1 Z:466 v:1,1 Z:512 v:1,1 Z:1269 v:3,1 Z:2502 v"
       ":3,1 Z:129", 0xa22fa6b739e1ef44ULL},
      {"+sparse", 0xa22fa6b739e1ef44ULL}}},
    {"48594c4c01000000000000000000008058ca8c5bd8a0493c80421bb0a0",
     {{":1", 0xdf47a87b01b393efULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xf77a8adc110a0c88ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xf77a8adc110a0c88ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xcbf29ce484222325ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xf77a8adc110a0c88ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xf77a8adc110a0c88ULL},
      {"$Z:6347 v:4,1 Z:7129 v:9,1 Z:2365 v:1,1 Z:540 v:13,1 v:9,1", 0xf77a8adc110a0c88ULL},
      {"+sparse", 0xf77a8adc110a0c88ULL}}},
    {"48594c4c01000000000000000000008040a288411e84461180411f843e804358882c2780"
     "449e8441ad8046b8801c8043768440ce8c421984409e8042079447d18041ff8044f48849"
     "c5884080",
     {{":1", 0xe21c9ec6ec9dee45ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x9c78387ce32e47eeULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x9c78387ce32e47eeULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xcbf29ce484222325ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x9c78387ce32e47eeULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x9c78387ce32e47eeULL},
      {"$Z:163 v:3,1 Z:287 v:2,1 Z:1554 v:1,1 Z:288 v:2,1 z:63 v:1,1"
       " Z:857 v:3,1 z:45 z:40 v:1,1 Z:1183 v:2,1 Z:430 v:1,1 Z:1721"
       " v:1,1 z:29 v:1,1 Z:887 v:2,1 Z:207 v:4,1 Z:538 v:2,1 Z:159 "
       "v:1,1 Z:520 v:6,1 Z:2002 v:1,1 Z:512 v:1,1 Z:1269 v:3,1 Z:25"
       "02 v:3,1 Z:129", 0x9c78387ce32e47eeULL},
      {"+sparse", 0x9c78387ce32e47eeULL}}},
    {"48594c4c01000000000000000000008040d88440c28041b7842d98348c41d28442d18440"
     "6c8c414198406d80431d8040638840518c4116882a8041308040d8844109804210804073"
     "80416a80408d84406080421b842784408280411684409780048440ea84408d8041408041"
     "0d8004804570840380418480419480416480414c80409288405e8440a684420284209842"
     "b084408f80168440aa80436588288040cf840b8041be8040b18042838c420e802780409f"
     "8040a2801ed8",
     {{":1", 0xdc0c3200928dde72ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xc293f67645f7c8a2ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xc293f67645f7c8a2ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xcbf29ce484222325ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xc293f67645f7c8a2ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xc293f67645f7c8a2ULL},
      {"$Z:217 v:2,1 Z:195 v:1,1 Z:440 v:2,1 z:46 v:7,1 z:53 v:4,1 Z"
       ":467 v:2,1 Z:722 v:2,1 Z:109 v:4,1 Z:322 v:7,1 Z:110 v:1,1 Z"
       ":798 v:1,1 Z:100 v:3,1 Z:82 v:4,1 Z:279 v:3,1 z:43 v:1,1 Z:3"
       "05 v:1,1 Z:217 v:2,1 Z:266 v:1,1 Z:529 v:1,1 Z:116 v:1,1 Z:3"
       "63 v:1,1 Z:142 v:2,1 Z:97 v:1,1 Z:540 v:2,1 z:40 v:2,1 Z:131"
       " v:1,1 Z:279 v:2,1 Z:152 v:1,1 z:5 v:2,1 Z:235 v:2,1 Z:142 v"
       ":1,1 Z:321 v:1,1 Z:270 v:1,1 z:5 v:1,1 Z:1393 v:2,1 z:4 v:1,"
       "1 Z:389 v:1,1 Z:405 v:1,1 Z:357 v:1,1 Z:333 v:1,1 Z:147 v:3,"
       "1 Z:95 v:2,1 Z:167 v:2,1 Z:515 v:2,1 z:33 v:7,1 Z:689 v:2,1 "
       "Z:144 v:1,1 z:23 v:2,1 Z:171 v:1,1 Z:870 v:3,1 z:41 v:1,1 Z:"
       "208 v:2,1 z:12 v:1,1 Z:447 v:1,1 Z:178 v:1,1 Z:644 v:4,1 Z:5"
       "27 v:1,1 z:40 v:1,1 Z:160 v:1,1 Z:163 v:1,1 z:31 v:23,1", 0xc293f67645f7c8a2ULL},
      {"+sparse", 0xc293f67645f7c8a2ULL}}},
    {"48594c4c0100000000000000000000806f2c8cf9d1",
     {{":1", 0xe81c351dec768996ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xe18773b2b8eaed62ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xe18773b2b8eaed62ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xcbf29ce484222325ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xe18773b2b8eaed62ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xe18773b2b8eaed62ULL},
      {"$Z:12077 v:4,1 v:31,2 v:21,2", 0xe18773b2b8eaed62ULL},
      {"+sparse", 0xe18773b2b8eaed62ULL}}},
    {"48594c4c0100000000000000000000804a6184412d8024408846598040ad88597580409d"
     "8843f49815",
     {{"-INVALIDOBJ Corrupted HLL object detected", 0xbe8c3c04f87baa1fULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x8adbd1d572c52477ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x8adbd1d572c52477ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xcbf29ce484222325ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x8adbd1d572c52477ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x8adbd1d572c52477ULL},
      {"$Z:2658 v:2,1 Z:302 v:1,1 z:37 Z:137 Z:1626 v:1,1 Z:174 v:3,"
       "1 Z:6518 v:1,1 Z:158 v:3,1 Z:1013 v:7,1 z:22", 0x8adbd1d572c52477ULL},
      {"+sparse", 0x8adbd1d572c52477ULL}}},
    {"48594c4c01000000000000000000008040a288411e84461180411f843e80435888442780"
     "449e8441ad8046b8801c8043768440ce8c421984409e80420794478041ff8044f48849c5"
     "884080",
     {{":1", 0x8c1e02e335aaab0bULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x935d256e24e4830fULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x935d256e24e4830fULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xcbf29ce484222325ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x935d256e24e4830fULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x935d256e24e4830fULL},
      {"$Z:163 v:3,1 Z:287 v:2,1 Z:1554 v:1,1 Z:288 v:2,1 z:63 v:1,1"
       " Z:857 v:3,1 Z:1064 v:1,1 Z:1183 v:2,1 Z:430 v:1,1 Z:1721 v:"
       "1,1 z:29 v:1,1 Z:887 v:2,1 Z:207 v:4,1 Z:538 v:2,1 Z:159 v:1"
       ",1 Z:520 v:6,1 Z:1921 Z:512 v:1,1 Z:1269 v:3,1 Z:2502 v:3,1 "
       "Z:129", 0x935d256e24e4830fULL},
      {"+sparse", 0x935d256e24e4830fULL}}},
    {"48594c4c01000000000000000000008040d88440c28041b7842d98348c41d28442d18440"
     "6c8c414198406d80431d8040638840518c4116882a8041308240d8844109804210804073"
     "80416a80408d84406080421b842784408280411684409780048440ea84408d8041408041"
     "0d8004804570840380418480419480416480414c80409288405e8440a684420284209842"
     "b084408f80168440aa80436588288040cf840b8041be8040b18042838c420e802780409f"
     "8040a2801e",
     {{":1", 0xd682ec22c98ea522ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x270212f229926198ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x270212f229926198ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xcbf29ce484222325ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x270212f229926198ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x270212f229926198ULL},
      {"$Z:217 v:2,1 Z:195 v:1,1 Z:440 v:2,1 z:46 v:7,1 z:53 v:4,1 Z"
       ":467 v:2,1 Z:722 v:2,1 Z:109 v:4,1 Z:322 v:7,1 Z:110 v:1,1 Z"
       ":798 v:1,1 Z:100 v:3,1 Z:82 v:4,1 Z:279 v:3,1 z:43 v:1,1 Z:3"
       "05 v:1,3 Z:217 v:2,1 Z:266 v:1,1 Z:529 v:1,1 Z:116 v:1,1 Z:3"
       "63 v:1,1 Z:142 v:2,1 Z:97 v:1,1 Z:540 v:2,1 z:40 v:2,1 Z:131"
       " v:1,1 Z:279 v:2,1 Z:152 v:1,1 z:5 v:2,1 Z:235 v:2,1 Z:142 v"
       ":1,1 Z:321 v:1,1 Z:270 v:1,1 z:5 v:1,1 Z:1393 v:2,1 z:4 v:1,"
       "1 Z:389 v:1,1 Z:405 v:1,1 Z:357 v:1,1 Z:333 v:1,1 Z:147 v:3,"
       "1 Z:95 v:2,1 Z:167 v:2,1 Z:515 v:2,1 z:33 v:7,1 Z:689 v:2,1 "
       "Z:144 v:1,1 z:23 v:2,1 Z:171 v:1,1 Z:870 v:3,1 z:41 v:1,1 Z:"
       "208 v:2,1 z:12 v:1,1 Z:447 v:1,1 Z:178 v:1,1 Z:644 v:4,1 Z:5"
       "27 v:1,1 z:40 v:1,1 Z:160 v:1,1 Z:163 v:1,1 z:31", 0x270212f229926198ULL},
      {"+sparse", 0x270212f229926198ULL}}},
    {"48594c4c01000000000000000000008040a288411e84461180411f843e80435888442780"
     "449e8441ad8046b8801c8043768440ce8c421984409e8042079407d18041ff8044f48849"
     "c5884080",
     {{":1", 0x0227cce1ec567e51ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x98bb6806f793d026ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x98bb6806f793d026ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xcbf29ce484222325ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x98bb6806f793d026ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x98bb6806f793d026ULL},
      {"$Z:163 v:3,1 Z:287 v:2,1 Z:1554 v:1,1 Z:288 v:2,1 z:63 v:1,1"
       " Z:857 v:3,1 Z:1064 v:1,1 Z:1183 v:2,1 Z:430 v:1,1 Z:1721 v:"
       "1,1 z:29 v:1,1 Z:887 v:2,1 Z:207 v:4,1 Z:538 v:2,1 Z:159 v:1"
       ",1 Z:520 v:6,1 z:8 v:21,2 v:1,1 Z:512 v:1,1 Z:1269 v:3,1 Z:2"
       "502 v:3,1 Z:129", 0x98bb6806f793d026ULL},
      {"+sparse", 0x98bb6806f793d026ULL}}},
    {"48594c4c01000000000000000000008040a288411e84461180411f843e43588844278044"
     "9e8441ad8046b8801c8043768440ce8c421984409e8042079447d18041ff8044f48849c5"
     "884080",
     {{":1", 0x4f0d40befc04e5a6ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x4f45648a112d9158ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x4f45648a112d9158ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xcbf29ce484222325ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x4f45648a112d9158ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x4f45648a112d9158ULL},
      {"$Z:163 v:3,1 Z:287 v:2,1 Z:1554 v:1,1 Z:288 v:2,1 z:63 Z:857"
       " v:3,1 Z:1064 v:1,1 Z:1183 v:2,1 Z:430 v:1,1 Z:1721 v:1,1 z:"
       "29 v:1,1 Z:887 v:2,1 Z:207 v:4,1 Z:538 v:2,1 Z:159 v:1,1 Z:5"
       "20 v:6,1 Z:2002 v:1,1 Z:512 v:1,1 Z:1269 v:3,1 Z:2502 v:3,1 "
       "Z:129", 0x4f45648a112d9158ULL},
      {"+sparse", 0x4f45648a112d9158ULL}}},
    {"48594c4c0100000000000000000000806f2c8c40d1",
     {{"-INVALIDOBJ Corrupted HLL object detected", 0xdfedbfb2b7901ee7ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xdfedbfb2b7901ee7ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xdfedbfb2b7901ee7ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xcbf29ce484222325ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xdfedbfb2b7901ee7ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xdfedbfb2b7901ee7ULL},
      {"$Z:12077 v:4,1 Z:210", 0xdfedbfb2b7901ee7ULL},
      {"+sparse", 0xdfedbfb2b7901ee7ULL}}},
    {"48594c4c01000000000000000000008040a288411e84461180411f843e8043588844",
     {{"-INVALIDOBJ Corrupted HLL object detected", 0x79973654176367b8ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x79973654176367b8ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x79973654176367b8ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0xcbf29ce484222325ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x79973654176367b8ULL},
      {"-INVALIDOBJ Corrupted HLL object detected", 0x79973654176367b8ULL},
      {"$Z:163 v:3,1 Z:287 v:2,1 Z:1554 v:1,1 Z:288 v:2,1 z:63 v:1,1"
       " Z:857 v:3,1 Z:1025", 0x79973654176367b8ULL},
      {"+sparse", 0x79973654176367b8ULL}}},
};
// END GENERATED
// clang-format on

std::vector<std::string> Split(const std::string& s, char sep) {
  std::vector<std::string> out;
  size_t start = 0;
  for (size_t i = 0; i <= s.size(); ++i) {
    if (i == s.size() || s[i] == sep) {
      out.push_back(s.substr(start, i - start));
      start = i + 1;
    }
  }
  return out;
}

std::string DamagedValue(const std::string& spec) {
  if (spec.rfind("R:", 0) == 0) {
    std::vector<std::string> f = Split(spec, ':');
    std::string v = FromHex(f[1]);
    const std::string pattern = FromHex(f[2]);
    for (int i = 0, n = std::stoi(f[3]); i < n; ++i) v += pattern;
    return v;
  }
  if (spec.rfind("D:", 0) == 0) {
    std::vector<std::string> f = Split(spec, ':');
    PfServer s;
    s.AddMany("d", "d-", 0, std::stoi(f[1]));
    std::string v = s.Get("d");
    for (const std::string& edit : Split(f[2], ',')) {
      std::vector<std::string> kv = Split(edit, '=');
      v[std::stoul(kv[0])] = static_cast<char>(std::stoi(kv[1], nullptr, 16));
    }
    return v;
  }
  return FromHex(spec);
}

// --- ground truth -------------------------------------------------------------------------

TEST(HllRedisVectors, NewKeyAndSmallSparse) {
  // NewEmpty is the bytes of a new key before PFADD marks the cache stale.
  EXPECT_EQ(ToHex(NewEmpty()), "48594c4c0100000000000000000000007fff");
  PfServer s;
  for (const SmallVector& t : kSmall) {
    if (t.n == 0) {
      EXPECT_EQ(s.Run({"PFADD", "k"}), ":1");
    } else {
      s.Run({"PFADD", "k", "s" + std::to_string(t.n - 1)});
    }
    EXPECT_EQ(ToHex(s.Get("k")), t.hex) << "after " << t.n << " elements";
    EXPECT_EQ(s.Run({"PFDEBUG", "DECODE", "k"}), std::string("$") + t.decode);
  }
}

TEST(HllRedisVectors, BinaryElementsHashLikeRedis) {
  for (int i = 0; i < static_cast<int>(std::size(kBinarySingles)); ++i) {
    PfServer s;
    s.Run({"PFADD", "b", BinaryElement(i)});
    EXPECT_EQ(ToHex(s.Get("b")), kBinarySingles[i]) << "element of " << i << " bytes";
  }
}

TEST(HllRedisVectors, BigValuesAndCounts) {
  for (const BigVector& t : kBig) {
    PfServer s;
    s.Run({"PFADD", "g"});
    s.AddMany("g", t.prefix, 0, t.n);
    EXPECT_EQ(Fnv(s.Get("g")), t.fnv_before) << t.n;
    EXPECT_EQ(s.Run({"PFCOUNT", "g"}), ":" + std::to_string(t.count)) << t.n;
    EXPECT_EQ(Fnv(s.Get("g")), t.fnv_after_count) << t.n;
    EXPECT_EQ(s.Run({"PFDEBUG", "ENCODING", "g"}), std::string("+") + t.encoding) << t.n;
  }
}

TEST(HllRedisVectors, SparseToDensePromotionPoint) {
  for (const PromotionVector& t : kPromotion) {
    PfServer s(t.sparse_max);
    s.Run({"PFADD", "p"});
    std::string last = s.Get("p");
    int i = 0;
    for (;; ++i) {
      s.Run({"PFADD", "p", "p" + std::to_string(i)});
      if (IsDense(s.Get("p"))) break;
      last = s.Get("p");
      ASSERT_LE(last.size(), t.sparse_max);
    }
    EXPECT_EQ(i, t.first_dense) << "sparse_max " << t.sparse_max;
    EXPECT_EQ(last.size(), t.last_sparse_len) << "sparse_max " << t.sparse_max;
    EXPECT_EQ(Fnv(last), t.fnv_last_sparse) << "sparse_max " << t.sparse_max;
    EXPECT_EQ(Fnv(s.Get("p")), t.fnv_first_dense) << "sparse_max " << t.sparse_max;
  }
}

TEST(HllRedisVectors, UnionAndMerge) {
  PfServer s;
  s.AddMany("a", "a-", 0, 20);
  s.AddMany("b", "b-", 0, 30);
  s.AddMany("c", "a-", 10, 40);
  s.AddMany("big", "big-", 0, 5000);
  s.AddMany("s1", "a-", 0, 1000);
  s.AddMany("s2", "b-", 0, 1000);
  for (const MergeVector& t : kMerge) {
    std::vector<std::string> argv = {t.cmd};
    for (const std::string& k : Split(t.keys, ' ')) argv.push_back(k);
    EXPECT_EQ(s.Run(argv), t.reply) << t.cmd << " " << t.keys;
    if (std::string_view(t.cmd) != "PFMERGE") continue;
    EXPECT_EQ(Fnv(s.Get(argv[1])), t.fnv_dest) << t.cmd << " " << t.keys;
    EXPECT_EQ(s.Run({"PFDEBUG", "ENCODING", argv[1]}), std::string("+") + t.encoding) << t.keys;
    EXPECT_EQ(s.Run({"PFCOUNT", argv[1]}), ":" + std::to_string(t.count)) << t.keys;
  }
}

// Values ending in the first byte of an XZERO. When PFADD splits that opcode, Redis sizes
// the result as if the missing byte had been there, so the last byte of the new opcodes lands
// just past the end of its string, in the byte that normally holds the string's terminating
// NUL. We produce the same bytes (GET agrees), but Redis's next update of the same value reads
// that hidden byte, which we do not keep: after several PFADDs the values differ. Only the
// reply is compared for these (the single-PFADD case is checked in HllUnit.HalfXZeroAtEnd).
bool EndsInHalfXZero(std::string_view v) {
  if (Validate(v) != Check::kOk || IsDense(v)) return false;
  size_t pos = kHeaderSize;
  while (pos < v.size()) {
    const bool xzero = (static_cast<uint8_t>(v[pos]) & 0xc0) == 0x40;
    if (xzero && pos + 1 == v.size()) return true;
    pos += xzero ? 2 : 1;
  }
  return false;
}

TEST(HllRedisVectors, DamagedValuesBehaveLikeRedis) {
  for (size_t idx = 0; idx < std::size(kDamaged); ++idx) {
    const DamagedVector& t = kDamaged[idx];
    const std::string value = DamagedValue(t.spec);
    for (size_t op = 0; op < std::size(kDamagedOps); ++op) {
      PfServer s;
      s.Run({"SET", "x", value});
      s.Run({"PFADD", "y", "y-1", "y-2"});
      const std::string name = kDamagedOps[op];
      std::string reply, after;
      if (name == "PFADD") {
        std::vector<std::string> argv = {"PFADD", "x"};
        for (int j = 0; j < 4; ++j) {
          argv.push_back("e" + std::to_string(idx) + "-" + std::to_string(j));
        }
        reply = s.Run(argv);
        after = s.Get("x");
      } else if (name == "PFCOUNT") {
        reply = s.Run({"PFCOUNT", "x"});
        after = s.Get("x");
      } else if (name == "PFCOUNT2") {
        reply = s.Run({"PFCOUNT", "y", "x"});
        after = s.Get("x");
      } else if (name == "PFMERGE") {
        reply = s.Run({"PFMERGE", "z", "y", "x"});
        after = s.Get("z");
      } else {
        reply = s.Run({"PFDEBUG", name, "x"});
        after = s.Get("x");
      }
      EXPECT_EQ(reply, t.outcomes[op].reply) << name << " on " << t.spec;
      if (name == "PFADD" && EndsInHalfXZero(value)) continue;
      EXPECT_EQ(Fnv(after), t.outcomes[op].fnv_after) << name << " on " << t.spec;
    }
  }
}

// --- the pieces on their own --------------------------------------------------------------

TEST(HllUnit, ValidateHeader) {
  std::string v = NewEmpty();
  EXPECT_EQ(Validate(v), Check::kOk);
  EXPECT_EQ(Validate(v.substr(0, 15)), Check::kNotHll);
  EXPECT_EQ(Validate(v.substr(0, 16)), Check::kOk);  // header only: content is checked later
  EXPECT_EQ(ValidateContent(v.substr(0, 16)), Check::kCorrupt);
  EXPECT_EQ(ValidateContent(v), Check::kOk);
  std::string bad = v;
  bad[3] = 'X';
  EXPECT_EQ(Validate(bad), Check::kNotHll);
  bad = v;
  bad[4] = 2;
  EXPECT_EQ(Validate(bad), Check::kNotHll);
  bad = v;
  bad[4] = 0;  // dense of the wrong length
  EXPECT_EQ(Validate(bad), Check::kNotHll);
  bool converted = false;
  ASSERT_EQ(ToDense(&v, &converted), Check::kOk);
  EXPECT_TRUE(converted);
  EXPECT_EQ(v.size(), kDenseSize);
  EXPECT_EQ(Validate(v), Check::kOk);
  EXPECT_EQ(Validate(v + "x"), Check::kNotHll);
  EXPECT_EQ(ToDense(&v, &converted), Check::kOk);
  EXPECT_FALSE(converted);
  EXPECT_EQ(Decode(v), std::nullopt);
  EXPECT_EQ(EncodingName(v), "dense");
}

TEST(HllUnit, DensePackingRoundTrips) {
  std::mt19937 rng(7);
  std::string v = NewEmpty();
  bool converted;
  ToDense(&v, &converted);
  std::array<uint8_t, kRegisters> want{};
  for (int round = 0; round < 3; ++round) {
    for (size_t i = 0; i < kRegisters; ++i) {
      const auto x = static_cast<uint8_t>(1 + rng() % 63);
      if (SetRegister(&v, static_cast<uint32_t>(i), x, 0) == AddResult::kChanged) {
        want[i] = x;
      }
      EXPECT_EQ(want[i], std::max(want[i], x));
    }
    std::array<uint8_t, kRegisters> got;
    ASSERT_EQ(ReadRegisters(v, &got), Check::kOk);
    ASSERT_EQ(got, want);
  }
}

TEST(HllUnit, SparseAndDenseAgreeRegisterByRegister) {
  std::mt19937 rng(11);
  std::string sparse = NewEmpty();
  std::string dense = NewEmpty();
  bool converted;
  ToDense(&dense, &converted);
  std::array<uint8_t, kRegisters> want{};
  for (int step = 0; step < 4000; ++step) {
    // Clustered indexes exercise ZERO/VAL splits and fusions, not only XZERO splits.
    const auto index = static_cast<uint32_t>(step % 3 == 0 ? rng() % 40 : rng() % kRegisters);
    const auto count = static_cast<uint8_t>(1 + rng() % 32);
    const AddResult a = SetRegister(&sparse, index, count, 1 << 20);
    const AddResult b = SetRegister(&dense, index, count, 1 << 20);
    ASSERT_EQ(a, b);
    ASSERT_EQ(a == AddResult::kChanged, count > want[index]);
    want[index] = std::max(want[index], count);
    ASSERT_FALSE(IsDense(sparse));
    if (step % 97 == 0) {
      std::array<uint8_t, kRegisters> got;
      ASSERT_EQ(ReadRegisters(sparse, &got), Check::kOk);
      ASSERT_EQ(got, want) << "step " << step;
      uint64_t c1 = 0, c2 = 0;
      ASSERT_EQ(Count(sparse, &c1), Check::kOk);
      ASSERT_EQ(Count(dense, &c2), Check::kOk);
      ASSERT_EQ(c1, c2);
    }
  }
}

TEST(HllUnit, CountAbove32PromotesAndKeepsHeader) {
  std::string v = NewEmpty();
  v[5] = 9;  // unused header bytes travel with the value
  ASSERT_EQ(SetRegister(&v, 100, 7, kDefaultSparseMaxBytes), AddResult::kChanged);
  ASSERT_FALSE(IsDense(v));
  ASSERT_EQ(SetRegister(&v, 101, 32, kDefaultSparseMaxBytes), AddResult::kChanged);
  ASSERT_FALSE(IsDense(v));
  ASSERT_EQ(SetRegister(&v, 16383, 33, kDefaultSparseMaxBytes), AddResult::kChanged);
  ASSERT_TRUE(IsDense(v));
  EXPECT_EQ(v[5], 9);
  EXPECT_NE(static_cast<uint8_t>(v[15]) & 0x80, 0);
  std::array<uint8_t, kRegisters> regs;
  ASSERT_EQ(ReadRegisters(v, &regs), Check::kOk);
  EXPECT_EQ(regs[100], 7);
  EXPECT_EQ(regs[101], 32);
  EXPECT_EQ(regs[16383], 33);
  EXPECT_EQ(std::count(regs.begin(), regs.end(), 0), static_cast<long>(kRegisters - 3));
  EXPECT_EQ(SetRegister(&v, 16383, 20, kDefaultSparseMaxBytes), AddResult::kUnchanged);
}

TEST(HllUnit, CacheIsUsedAndWritten) {
  PfServer s;
  s.AddMany("k", "c-", 0, 500);
  std::string v = s.Get("k");
  uint64_t card = 0;
  bool written = false;
  ASSERT_EQ(CountCached(&v, &card, &written), Check::kOk);
  EXPECT_TRUE(written);
  uint64_t again = 0;
  ASSERT_EQ(CountCached(&v, &again, &written), Check::kOk);
  EXPECT_FALSE(written);
  EXPECT_EQ(again, card);
  // A valid cache is believed even when it disagrees with the registers.
  v[8] = 42;
  v[9] = 0;
  ASSERT_EQ(CountCached(&v, &again, &written), Check::kOk);
  EXPECT_EQ(again, 42u);
  uint64_t fresh = 0;
  ASSERT_EQ(Count(v, &fresh), Check::kOk);
  EXPECT_EQ(fresh, card);
  InvalidateCache(&v);
  ASSERT_EQ(CountCached(&v, &again, &written), Check::kOk);
  EXPECT_TRUE(written);
  EXPECT_EQ(again, card);
}

TEST(HllUnit, HalfXZeroAtEnd) {
  // One PFADD into a body that ends in the first byte of an XZERO (its run read with a 0 low
  // byte: 16129 registers): the bytes redis-server 7.0.15 leaves, including the dropped last
  // byte of the split.
  PfServer s;
  s.Run({"SET", "x", FromHex("48594c4c0100000000000000000000807f")});
  EXPECT_EQ(s.Run({"PFADD", "x", "e5-0"}), ":1");
  EXPECT_EQ(ToHex(s.Get("x")), "48594c4c0100000000000000000000804b928073");
  EXPECT_EQ(s.Run({"PFDEBUG", "DECODE", "x"}), "$Z:2963 v:1,1 Z:13057");  // Redis: Z:13165
}

TEST(HllUnit, PatternOfBounds) {
  for (int i = 0; i < 20000; ++i) {
    const Pattern p = PatternOf("x" + std::to_string(i));
    ASSERT_LT(p.index, kRegisters);
    ASSERT_GE(p.count, 1);
    ASSERT_LE(p.count, 51);
  }
}

TEST(HllUnit, SelfTestPasses) { EXPECT_EQ(SelfTest(), ""); }

// --- damaged values: nothing crashes or reads out of bounds --------------------------------

// A copy of s in a heap block of exactly s.size() bytes.
class ExactBuffer {
 public:
  explicit ExactBuffer(std::string_view s) : data_(new char[std::max<size_t>(s.size(), 1)]) {
    std::memcpy(data_.get(), s.data(), s.size());
    size_ = s.size();
  }
  std::string_view view() const { return {data_.get(), size_}; }

 private:
  std::unique_ptr<char[]> data_;
  size_t size_;
};

void ExerciseEverything(const std::string& value, std::mt19937& rng) {
  const ExactBuffer buf(value);
  const std::string_view v = buf.view();
  const Check header = Validate(v);
  const Check content = ValidateContent(v);
  if (header != Check::kOk) {
    EXPECT_EQ(content, header);
  } else {
    EncodingName(v);
  }
  uint64_t card = 0;
  EXPECT_EQ(Count(v, &card), content);
  std::array<uint8_t, kRegisters> regs;
  EXPECT_EQ(ReadRegisters(v, &regs), content);
  std::optional<std::string> text = Decode(v);
  EXPECT_EQ(text.has_value(), header == Check::kOk && !IsDense(v));

  Union u;
  EXPECT_EQ(u.Merge(v), content);
  if (content == Check::kOk) {
    EXPECT_EQ(u.Count(), card);
    EXPECT_EQ(u.registers(), regs);
  }

  std::string copy = value;
  bool flag = false;
  EXPECT_EQ(CountCached(&copy, &card, &flag),
            header == Check::kOk && (value[15] & 0x80) == 0 ? Check::kOk : content);

  copy = value;
  const Check dense = ToDense(&copy, &flag);
  EXPECT_EQ(dense, content);
  if (dense == Check::kOk) {
    std::array<uint8_t, kRegisters> after;
    ASSERT_EQ(ReadRegisters(copy, &after), Check::kOk);
    EXPECT_EQ(after, regs);
    EXPECT_EQ(copy.size(), kDenseSize);
  }

  copy = value;
  for (int i = 0; i < 6; ++i) {
    const auto max_bytes = static_cast<size_t>(rng() % 2 ? kDefaultSparseMaxBytes : 40);
    AddResult r = rng() % 2 ? Add(&copy, "e" + std::to_string(rng()), max_bytes)
                            : SetRegister(&copy, rng() % kRegisters, 1 + rng() % 63, max_bytes);
    EXPECT_EQ(r == AddResult::kNotHll, header != Check::kOk);
    if (header == Check::kOk) {
      EXPECT_EQ(Validate(copy), Check::kOk);
    }
    ExactBuffer after(copy);
    Count(after.view(), &card);
    Decode(after.view());
  }
  copy = value;
  bool updated;
  std::vector<std::string_view> elements = {"a", "b", "c"};
  PfAdd(&copy, false, elements, kDefaultSparseMaxBytes, &updated);

  // As a PFMERGE destination (when it merged, as PFMERGE requires) and as a source.
  if (content == Check::kOk) {
    Union w;
    ASSERT_EQ(w.Merge(v), Check::kOk);
    std::string other = NewEmpty();
    for (int i = 0; i < 50; ++i) Add(&other, std::to_string(rng()), kDefaultSparseMaxBytes);
    ASSERT_EQ(w.Merge(other), Check::kOk);
    copy = value;
    EXPECT_EQ(StoreMerged(&copy, w, 100), Check::kOk);
    EXPECT_EQ(ReadRegisters(copy, &regs), Check::kOk);
    EXPECT_EQ(regs, w.registers());
    EXPECT_EQ(StoreMerged(&other, w, kDefaultSparseMaxBytes), Check::kOk);
    EXPECT_EQ(ReadRegisters(other, &regs), Check::kOk);
    EXPECT_EQ(regs, w.registers());
  } else {
    copy = value;
    Union empty;
    const Check stored = StoreMerged(&copy, empty, kDefaultSparseMaxBytes);
    EXPECT_TRUE(stored == header || stored == Check::kOk);
  }
}

std::vector<std::string> Bases() {
  std::vector<std::string> bases;
  for (int n : {0, 1, 5, 30, 200, 1200, 4000}) {
    PfServer s;
    s.Run({"PFADD", "k"});
    s.AddMany("k", "base-" + std::to_string(n) + "-", 0, n);
    bases.push_back(s.Get("k"));
  }
  return bases;
}

TEST(HllDamaged, RandomMutationsOfValidValues) {
  std::mt19937 rng(1234);
  const std::vector<std::string> bases = Bases();
  for (int iter = 0; iter < 1500; ++iter) {
    std::string v = bases[rng() % bases.size()];
    const int edits = 1 + static_cast<int>(rng() % 3);
    for (int e = 0; e < edits; ++e) {
      switch (rng() % 6) {
        case 0:  // a byte replaced, mostly in the body
          if (!v.empty()) {
            const size_t pos =
                rng() % 4 && v.size() > 16 ? 16 + rng() % (v.size() - 16) : rng() % v.size();
            v[pos] = static_cast<char>(rng());
          }
          break;
        case 1:  // truncated
          v.resize(rng() % (v.size() + 1));
          break;
        case 2:  // extended
          for (int k = 1 + static_cast<int>(rng() % 4); k > 0; --k) v += static_cast<char>(rng());
          break;
        case 3:  // a bit flipped
          if (!v.empty()) v[rng() % v.size()] ^= static_cast<char>(1 << (rng() % 8));
          break;
        case 4:  // a byte removed
          if (!v.empty()) v.erase(rng() % v.size(), 1);
          break;
        default:  // the cache marked stale so PFCOUNT decodes
          if (v.size() >= 16) v[15] = static_cast<char>(v[15] | 0x80);
          break;
      }
    }
    ExerciseEverything(v, rng);
  }
}

TEST(HllDamaged, RandomSparseBodies) {
  // A valid header followed by random opcodes: the decoders meet every kind of run overflow,
  // short cover and truncated XZERO.
  std::mt19937 rng(99);
  for (int iter = 0; iter < 1500; ++iter) {
    std::string v = NewEmpty().substr(0, kHeaderSize);
    if (rng() % 2) v[15] = static_cast<char>(0x80);
    const size_t len = rng() % 12;
    for (size_t i = 0; i < len; ++i) {
      // Favour XZERO runs so that some bodies come close to 16384 registers.
      const uint32_t pick = rng() % 4;
      v += static_cast<char>(pick == 0 ? 0x40 | (rng() % 64) : pick == 1 ? 0x7f : rng());
    }
    ExerciseEverything(v, rng);
  }
}

TEST(HllDamaged, ShortAndHeaderOnlyStrings) {
  std::mt19937 rng(5);
  for (size_t n = 0; n <= 20; ++n) {
    ExerciseEverything(NewEmpty().substr(0, std::min<size_t>(n, 18)), rng);
    ExerciseEverything(std::string(n, '\0'), rng);
    ExerciseEverything(std::string("HYLL\x01", 5) + std::string(n, '\xff'), rng);
    ExerciseEverything(std::string("HYLL\x00", 5) + std::string(n, '\xff'), rng);
  }
  std::string dense(kDenseSize, '\xff');
  std::memcpy(dense.data(), "HYLL\x00", 5);
  ExerciseEverything(dense, rng);
  uint64_t card = 0;
  ASSERT_EQ(Count(dense, &card), Check::kOk);
  EXPECT_EQ(card, uint64_t{1} << 63);  // every register above 51: Redis's overflow value
}

}  // namespace
}  // namespace tessera::storage::hll
