// The command registry. Each command family declares its commands once, beside their
// handlers, with Redis's metadata (arity, flags, key positions, docs), and registers them
// from its own file through TESSERA_REGISTER_COMMANDS; nothing central lists them.
// COMMAND INFO/DOCS/COUNT/LIST/GETKEYS, the central arity check and the shard locking all
// read the same table.
//
// Threading: registration happens during static initialisation; afterwards the table is
// read-only, apart from the per-command statistics, which are atomics.
#pragma once

#include <atomic>
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "commands/command_stats.h"
#include "absl/types/span.h"

namespace tessera::commands {

class CommandContext;
using CmdArgs = absl::Span<const std::string_view>;  // args[0] is the command name
using Handler = void (*)(CmdArgs, CommandContext&);

// Redis's command flags (COMMAND INFO prints them by these names).
enum CommandFlag : uint32_t {
  kWrite = 1 << 0,
  kReadOnly = 1 << 1,
  kDenyOom = 1 << 2,
  kAdmin = 1 << 3,
  kPubSub = 1 << 4,
  kNoScript = 1 << 5,
  kBlocking = 1 << 6,
  kLoading = 1 << 7,
  kStale = 1 << 8,
  kSkipMonitor = 1 << 9,
  kSkipSlowlog = 1 << 10,
  kFast = 1 << 11,
  kNoAuth = 1 << 12,
  kMayReplicate = 1 << 13,
  kNoMulti = 1 << 14,
  kAllowBusy = 1 << 15,
  kMovableKeys = 1 << 16,  // set by the registry for a spec with a key finder
  // Tessera's own (not shown by COMMAND INFO): the command reaches beyond its key arguments
  // (SELECT changes the db of the commands after it), so EXEC must lock every shard.
  kKeyspaceWide = 1 << 24,
  // Runs at once inside MULTI instead of being queued (EXEC, DISCARD, MULTI, WATCH, QUIT,
  // RESET), as in Redis's processCommand.
  kNotQueued = 1 << 25,
  // Updates the keys' access time even for a CLIENT NO-TOUCH client (TOUCH).
  kAlwaysTouch = 1 << 26,
  // The positions in `keys` are not keys (Redis's not_key key-spec flag: SPUBLISH's shard
  // channel): COMMAND INFO shows them, nothing locks or reports them as keys.
  kNotKey = 1 << 27,
};

// Legacy key positions (first, last, step); last < 0 counts from the end. 0,0,0 = no keys.
struct KeyPos {
  int first = 0;
  int last = 0;
  int step = 0;
};

// Key positions that a fixed (first, last, step) cannot describe, because an argument counts
// them (LMPOP numkeys key ..., SINTERCARD numkeys key ..., BLMPOP timeout numkeys key ...):
// appends the indexes of the keys in `args` (args[0] is the name) to *out. Whatever the
// arguments say, it stays inside args. The one source of keys for EXEC's shard locking,
// WATCH-style checks, COMMAND GETKEYS and COMMAND INFO (movablekeys).
using KeyFinder = void (*)(absl::Span<const std::string_view> args, std::vector<size_t>* out);

// The usual finder: the count at args[kCountAt], that many keys right after it (fewer when the
// count is not a positive number or runs past the arguments: the handler reports that).
template <int kCountAt>
void KeysCountedAt(absl::Span<const std::string_view> args, std::vector<size_t>* out);

// Replaces secret arguments (passwords) with "(redacted)" in what MONITOR and SLOWLOG show.
using RedactFn = void (*)(std::vector<std::string_view>& args);

struct CommandSpec {
  std::string name;  // lower case; "config|get" for subcommands
  int arity = 0;     // counts the name; negative = at least -arity
  uint32_t flags = 0;
  KeyPos keys;
  Handler handler = nullptr;
  std::string group;       // Redis's doc group: string, generic, connection, server
  std::string summary;
  std::string complexity;
  std::string since = "1.0.0";
  std::vector<CommandSpec> subcommands;
  RedactFn redact = nullptr;
  KeyFinder find_keys = nullptr;  // set for movable keys; `keys` is then {0, 0, 0}
  int keynum_index = 0;           // COMMAND INFO's keynum key spec: where the count is
  mutable CommandStats stats;

  CommandSpec() = default;
  CommandSpec(const CommandSpec& o)
      : name(o.name), arity(o.arity), flags(o.flags), keys(o.keys), handler(o.handler),
        group(o.group), summary(o.summary), complexity(o.complexity), since(o.since),
        subcommands(o.subcommands), redact(o.redact), find_keys(o.find_keys),
        keynum_index(o.keynum_index) {}

  bool ArityOk(size_t argc) const {
    return arity >= 0 ? argc == size_t(arity) : argc >= size_t(-arity);
  }
  // Key positions in a concrete argument vector (COMMAND GETKEYS, EXEC's shard locking):
  // the finder's, or the (first, last, step) range's.
  std::vector<size_t> KeyIndexes(absl::Span<const std::string_view> args) const;
};

// A spec line in a family file:
//   Cmd("incrby", 3, kWrite | kDenyOom | kFast, {1, 1, 1}, CmdIncrBy, "string",
//       "Increments the integer value of a key by a number.", "O(1)")
CommandSpec Cmd(std::string name, int arity, uint32_t flags, KeyPos keys, Handler h,
                std::string group, std::string summary, std::string complexity,
                std::string since = "1.0.0");
// `spec` with a redaction hook for its secret arguments.
inline CommandSpec WithRedact(CommandSpec spec, RedactFn fn) {
  spec.redact = fn;
  return spec;
}
// `spec` whose keys are counted by the argument at `count_at` (KeysCountedAt).
template <int kCountAt>
CommandSpec WithCountedKeys(CommandSpec spec) {
  spec.find_keys = &KeysCountedAt<kCountAt>;
  spec.keynum_index = kCountAt;
  return spec;
}
// A container command (CONFIG, CLIENT, COMMAND) dispatching on its first argument; `root`
// handles the command sent without a subcommand, where that is allowed (COMMAND).
CommandSpec Container(std::string name, int arity, uint32_t flags, std::string group,
                      std::string summary, std::vector<CommandSpec> subs,
                      Handler root = nullptr);

class Registry {
 public:
  static Registry& Global();
  void Add(CommandSpec spec);
  // Case-insensitive, allocation-free lookup.
  const CommandSpec* Find(std::string_view name) const;
  const std::vector<const CommandSpec*>& All() const { return ordered_; }
  size_t size() const { return ordered_.size(); }
  // Checks the table once at start-up: no duplicates, key ranges inside the arity, no
  // command both write and read-only, a handler for every leaf. Returns problems found.
  std::vector<std::string> Validate() const;

 private:
  std::vector<std::unique_ptr<CommandSpec>> owned_;
  // Name index: open addressing over lowercase names with a hash computed while
  // lowercasing the request's name, so a lookup reads the name once and compares once.
  static uint32_t NameHash(std::string_view lower);
  void Rehash();
  void Place(const CommandSpec* s);  // into index_, which has room
  std::vector<const CommandSpec*> index_;  // power-of-two size, at most half full
  size_t index_mask_ = 0;
  std::vector<const CommandSpec*> ordered_;
  std::vector<std::string> duplicates_;
  int next_id_ = 0;  // CommandStats ids
};

const CommandSpec* FindSubcommand(const CommandSpec& parent, std::string_view sub);
// Redis's flag names for COMMAND INFO ("write", "readonly", "fast", ...).
std::vector<std::string_view> FlagNames(uint32_t flags);
// Redis's ACL categories for COMMAND INFO ("@write", "@string", "@fast", ...).
std::vector<std::string> AclCategories(const CommandSpec& spec);

template <int kCountAt>
void KeysCountedAt(absl::Span<const std::string_view> args, std::vector<size_t>* out) {
  if (args.size() <= size_t(kCountAt)) return;
  std::string_view c = args[kCountAt];
  uint64_t n = 0;
  if (c.empty() || c.size() > 10) return;
  for (char ch : c) {
    if (ch < '0' || ch > '9') return;
    n = n * 10 + uint64_t(ch - '0');
  }
  for (uint64_t i = 0; i < n && kCountAt + 1 + i < args.size(); ++i)
    out->push_back(size_t(kCountAt + 1 + i));
}

struct Registrar {
  Registrar(std::initializer_list<CommandSpec> specs) {
    for (const auto& s : specs) Registry::Global().Add(s);
  }
};

}  // namespace tessera::commands

#define TESSERA_REGISTER_CONCAT2(a, b) a##b
#define TESSERA_REGISTER_CONCAT(a, b) TESSERA_REGISTER_CONCAT2(a, b)
// Registers a family's commands when the program starts. Use once at the end of a family file.
#define TESSERA_REGISTER_COMMANDS(family, ...)                                              \
  static const ::tessera::commands::Registrar TESSERA_REGISTER_CONCAT(kRegistrar_, family){ \
      __VA_ARGS__}
