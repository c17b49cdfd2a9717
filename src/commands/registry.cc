#include "commands/registry.h"

#include <algorithm>
#include <memory>

#include "core/strutil.h"

namespace tessera::commands {

std::vector<size_t> CommandSpec::KeyIndexes(absl::Span<const std::string_view> args) const {
  std::vector<size_t> out;
  if (flags & kNotKey) return out;
  if (find_keys) {
    find_keys(args, &out);
    return out;
  }
  size_t argc = args.size();
  if (keys.first <= 0 || keys.step <= 0) return out;
  int last = keys.last < 0 ? int(argc) + keys.last : keys.last;
  for (int i = keys.first; i <= last && i < int(argc); i += keys.step) out.push_back(size_t(i));
  return out;
}

CommandSpec Cmd(std::string name, int arity, uint32_t flags, KeyPos keys, Handler h,
                std::string group, std::string summary, std::string complexity,
                std::string since) {
  CommandSpec s;
  s.name = AsciiLower(name);
  s.arity = arity;
  s.flags = flags;
  s.keys = keys;
  s.handler = h;
  s.group = std::move(group);
  s.summary = std::move(summary);
  s.complexity = std::move(complexity);
  s.since = std::move(since);
  return s;
}

CommandSpec Container(std::string name, int arity, uint32_t flags, std::string group,
                      std::string summary, std::vector<CommandSpec> subs, Handler root) {
  CommandSpec s;
  s.handler = root;
  s.name = AsciiLower(name);
  s.arity = arity;
  s.flags = flags;
  s.group = std::move(group);
  s.summary = std::move(summary);
  s.complexity = "Depends on subcommand.";
  for (auto& sub : subs) sub.name = s.name + "|" + sub.name;
  s.subcommands = std::move(subs);
  return s;
}

Registry& Registry::Global() {
  static Registry* r = new Registry();
  return *r;
}

uint32_t Registry::NameHash(std::string_view lower) {
  uint32_t h = 2166136261u;  // FNV-1a
  for (char c : lower) h = (h ^ uint8_t(c)) * 16777619u;
  return h;
}

void Registry::Rehash() {
  size_t n = 64;
  while (n < 2 * ordered_.size()) n *= 2;
  index_.assign(n, nullptr);
  index_mask_ = n - 1;
  for (const CommandSpec* s : ordered_) Place(s);
}

void Registry::Place(const CommandSpec* s) {
  size_t i = NameHash(s->name) & index_mask_;
  while (index_[i]) i = (i + 1) & index_mask_;
  index_[i] = s;
}

void Registry::Add(CommandSpec spec) {
  if (spec.find_keys) spec.flags |= kMovableKeys;
  for (auto& sub : spec.subcommands)
    if (sub.find_keys) sub.flags |= kMovableKeys;
  if (Find(spec.name)) {
    duplicates_.push_back(spec.name);
    return;
  }
  owned_.push_back(std::make_unique<CommandSpec>(std::move(spec)));
  ordered_.push_back(owned_.back().get());
  // ids for the statistics; past kMaxCommandIds a command counts nothing (Validate says so)
  CommandSpec& added = *owned_.back();
  auto give_id = [this](const CommandSpec& c) {
    c.stats.id = next_id_ < kMaxCommandIds ? next_id_ : -1;
    ++next_id_;
  };
  give_id(added);
  for (const auto& sub : added.subcommands) give_id(sub);
  if (2 * ordered_.size() > index_.size()) Rehash();
  else Place(ordered_.back());
}

const CommandSpec* Registry::Find(std::string_view name) const {
  char buf[64];
  if (name.size() > sizeof(buf) || index_.empty()) return nullptr;
  uint32_t h = 2166136261u;  // NameHash, fused with the lowercasing
  for (size_t i = 0; i < name.size(); ++i) {
    buf[i] = AsciiToLower(name[i]);
    h = (h ^ uint8_t(buf[i])) * 16777619u;
  }
  std::string_view lower(buf, name.size());
  for (size_t i = h & index_mask_;; i = (i + 1) & index_mask_) {
    const CommandSpec* s = index_[i];
    if (!s) return nullptr;
    if (s->name == lower) return s;
  }
}

const CommandSpec* FindSubcommand(const CommandSpec& parent, std::string_view sub) {
  for (const auto& s : parent.subcommands) {
    std::string_view leaf = std::string_view(s.name).substr(parent.name.size() + 1);
    if (EqualsIgnoreCase(leaf, sub)) return &s;
  }
  return nullptr;
}

namespace {
void ValidateOne(const CommandSpec& s, std::vector<std::string>* problems) {
  if (s.arity == 0) problems->push_back(s.name + ": arity 0");
  if ((s.flags & kWrite) && (s.flags & kReadOnly))
    problems->push_back(s.name + ": both write and readonly");
  if (s.subcommands.empty() && !s.handler) problems->push_back(s.name + ": no handler");
  if (s.find_keys && s.keys.first != 0)
    problems->push_back(s.name + ": a key finder and a key range");
  if (s.keys.first > 0) {
    if (s.keys.step <= 0) problems->push_back(s.name + ": key step must be positive");
    int min_argc = s.arity >= 0 ? s.arity : -s.arity;
    if (s.arity > 0 && s.keys.first >= min_argc)
      problems->push_back(s.name + ": first key beyond arity");
    if (s.keys.last > 0 && s.arity > 0 && s.keys.last >= s.arity)
      problems->push_back(s.name + ": last key beyond arity");
    if (s.keys.last > 0 && s.keys.last < s.keys.first)
      problems->push_back(s.name + ": last key before first");
  }
  for (const auto& sub : s.subcommands) ValidateOne(sub, problems);
}
}  // namespace

std::vector<std::string> Registry::Validate() const {
  std::vector<std::string> problems;
  for (const auto& d : duplicates_) problems.push_back("duplicate command: " + d);
  for (const auto* s : ordered_) ValidateOne(*s, &problems);
  if (next_id_ > kMaxCommandIds)
    problems.push_back(StrCat("more than ", kMaxCommandIds, " commands: raise kMaxCommandIds"));
  return problems;
}

std::vector<std::string_view> FlagNames(uint32_t f) {
  static constexpr std::pair<uint32_t, std::string_view> kNames[] = {
      {kWrite, "write"},         {kReadOnly, "readonly"},        {kDenyOom, "denyoom"},
      {kAdmin, "admin"},         {kPubSub, "pubsub"},            {kNoScript, "noscript"},
      {kBlocking, "blocking"},   {kLoading, "loading"},          {kStale, "stale"},
      {kSkipMonitor, "skip_monitor"}, {kSkipSlowlog, "skip_slowlog"}, {kFast, "fast"},
      {kNoAuth, "no_auth"},      {kMayReplicate, "may_replicate"}, {kNoMulti, "no_multi"},
      {kAllowBusy, "allow_busy"}, {kMovableKeys, "movablekeys"}};
  std::vector<std::string_view> out;
  for (auto [bit, name] : kNames)
    if (f & bit) out.push_back(name);
  return out;
}

std::vector<std::string> AclCategories(const CommandSpec& s) {
  std::vector<std::string> out;
  if (s.flags & kWrite) out.push_back("@write");
  if (s.flags & kReadOnly) out.push_back("@read");
  if (s.flags & kAdmin) {
    out.push_back("@admin");
    out.push_back("@dangerous");
  }
  // Redis's doc group -> ACL category of the same family.
  static constexpr std::pair<std::string_view, std::string_view> kGroupCategory[] = {
      {"string", "@string"},        {"generic", "@keyspace"}, {"connection", "@connection"},
      {"bitmap", "@bitmap"},        {"transactions", "@transaction"}, {"list", "@list"},
      {"hash", "@hash"},            {"set", "@set"},          {"pubsub", "@pubsub"}};
  for (auto [group, cat] : kGroupCategory)
    if (s.group == group) out.emplace_back(cat);
  if (s.flags & kFast) out.push_back("@fast");
  else out.push_back("@slow");
  if (s.flags & kBlocking) out.push_back("@blocking");
  return out;
}

}  // namespace tessera::commands
