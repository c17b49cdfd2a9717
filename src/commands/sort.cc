// SORT and SORT_RO (generic group): the parser and replies; ops/sort_ops does the work.
#include "commands/context.h"
#include "commands/notify.h"
#include "core/strutil.h"
#include "storage/ops/sort_ops.h"

namespace tessera::commands {
namespace {

// SORT key [BY pattern] [LIMIT offset count] [GET pattern ...] [ASC|DESC] [ALPHA]
//      [STORE destination] -- O(N+M*log(M)). Reply: the sorted elements (or GET values),
// or with STORE the number stored. SORT_RO takes every option but STORE.
void SortGeneric(CmdArgs args, CommandContext& ctx, bool readonly) {
  ops::sort::Spec s;
  s.key = args[1];
  auto& r = ctx.reply();
  for (size_t j = 2; j < args.size(); ++j) {
    size_t left = args.size() - j - 1;
    std::string_view a = args[j];
    if (EqualsIgnoreCase(a, "asc")) {
      s.desc = false;
    } else if (EqualsIgnoreCase(a, "desc")) {
      s.desc = true;
    } else if (EqualsIgnoreCase(a, "alpha")) {
      s.alpha = true;
    } else if (EqualsIgnoreCase(a, "limit") && left >= 2) {
      if (!ParseInt64(args[j + 1], &s.limit_start) || !ParseInt64(args[j + 2], &s.limit_count))
        return r.SendError(errors::kNotInteger);
      j += 2;
    } else if (EqualsIgnoreCase(a, "store") && left >= 1 && !readonly) {
      s.store = args[++j];
    } else if (EqualsIgnoreCase(a, "by") && left >= 1) {
      s.by = args[++j];
      // Redis looks for the '*' as a C string does (up to a NUL byte).
      std::string_view p = s.by->substr(0, s.by->find('\0'));
      if (p.find('*') == std::string_view::npos) s.dontsort = true;
    } else if (EqualsIgnoreCase(a, "get") && left >= 1) {
      s.gets.push_back(args[++j]);
    } else {
      return r.SendError(errors::kSyntax);
    }
  }
  if (s.store) {
    s.list_fill = ctx.server().config().list_max_listpack_size();
    auto n = ops::sort::SortStore(ctx.db(), s);
    if (!n) return ctx.SendStatus(n.status());
    if (*n > 0) Notify(ctx, notify::kList, "sortstore", *s.store);
    return r.SendLong(*n);
  }
  OpStatus st = ops::sort::Sort(
      ctx.db(), s, [&](size_t n) { r.StartArray(n); },
      [&](std::optional<std::string_view> v) {
        if (v) r.SendBulk(*v);
        else r.SendNull();
      });
  if (st != OpStatus::kOk) ctx.SendStatus(st);
}

void CmdSort(CmdArgs args, CommandContext& ctx) { SortGeneric(args, ctx, false); }
void CmdSortRo(CmdArgs args, CommandContext& ctx) { SortGeneric(args, ctx, true); }

// SORT's keys, as Redis's sortGetKeys finds them: the source, and the last STORE's
// destination (LIMIT, GET and BY skip their arguments).
void SortKeys(absl::Span<const std::string_view> args, std::vector<size_t>* out) {
  if (args.size() < 2) return;
  out->push_back(1);
  size_t store = 0;
  for (size_t i = 2; i < args.size(); ++i) {
    if (EqualsIgnoreCase(args[i], "limit")) i += 2;
    else if (EqualsIgnoreCase(args[i], "get") || EqualsIgnoreCase(args[i], "by")) i += 1;
    else if (EqualsIgnoreCase(args[i], "store") && i + 1 < args.size()) store = i + 1;
  }
  if (store) out->push_back(store);
}

CommandSpec WithSortKeys(CommandSpec spec) {
  spec.find_keys = &SortKeys;
  return spec;
}

constexpr const char* kSortCost =
    "O(N+M*log(M)) where N is the number of elements in the list or set to sort, and M the "
    "number of returned elements. When the elements are not sorted, complexity is O(N).";

// Both read keys named by their patterns: EXEC must hold every shard (kKeyspaceWide).
TESSERA_REGISTER_COMMANDS(
    sort,
    WithSortKeys(Cmd("sort", -2, kWrite | kDenyOom | kKeyspaceWide, {0, 0, 0}, CmdSort,
        "generic", "Sorts the elements in a list, a set, or a sorted set, optionally storing "
        "the result.", kSortCost)),
    Cmd("sort_ro", -2, kReadOnly | kKeyspaceWide, {1, 1, 1}, CmdSortRo, "generic",
        "Returns the sorted elements of a list, a set, or a sorted set.", kSortCost,
        "7.0.0"));

}  // namespace
}  // namespace tessera::commands
