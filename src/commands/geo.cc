// GEO commands on sorted sets: GEOADD GEOPOS GEODIST GEOHASH GEOSEARCH GEOSEARCHSTORE
// GEORADIUS[_RO] GEORADIUSBYMEMBER[_RO]. A member's score is its 52-bit geohash
// (core/geohash.h, which reproduces Redis's arithmetic); searches walk the score ranges of
// the cells around the centre and test each member exactly.
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "commands/context.h"
#include "commands/notify.h"
#include "core/geohash.h"
#include "core/strutil.h"
#include "storage/ops/zset_ops.h"

namespace tessera::commands {
namespace {

namespace zops = ops::zset;
constexpr std::string_view kBadUnit = "ERR unsupported unit provided. please use M, KM, FT, MI";
constexpr std::string_view kNoMember = "ERR could not decode requested zset member";

zops::Limits Limits(CommandContext& ctx) {
  const Config& c = ctx.server().config();
  return {c.zset_max_listpack_entries(), c.zset_max_listpack_value()};
}

// GEOADD key [NX|XX] [CH] longitude latitude member [...] -- O(log N) per member. Reply:
// members added (with CH: added or moved).
void CmdGeoAdd(CmdArgs args, CommandContext& ctx) {
  auto& r = ctx.reply();
  zops::AddOptions opt;
  size_t i = 2;
  for (; i < args.size(); ++i) {
    if (EqualsIgnoreCase(args[i], "NX")) opt.nx = true;
    else if (EqualsIgnoreCase(args[i], "XX")) opt.xx = true;
    else if (EqualsIgnoreCase(args[i], "CH")) opt.ch = true;
    else break;
  }
  size_t left = args.size() - i;
  if (left == 0 || left % 3 || (opt.nx && opt.xx)) return r.SendError(errors::kSyntax);
  std::vector<zops::ScoreMember> pairs;
  pairs.reserve(left / 3);
  for (; i < args.size(); i += 3) {
    double lon, lat;
    if (!ParseDouble(args[i], &lon) || !ParseDouble(args[i + 1], &lat))
      return r.SendError(errors::kNotFloat);
    if (!geo::IsValidLonLat(lon, lat)) return r.SendError(geo::InvalidLonLatError(lon, lat));
    pairs.push_back({geo::EncodeScore(lon, lat), args[i + 2]});
  }
  bool modified = false;
  auto n = zops::Add(ctx.db(), args[1], opt, pairs, Limits(ctx), nullptr, nullptr, &modified);
  if (!n) return ctx.SendStatus(n.status());
  if (modified) Notify(ctx, notify::kZSet, "zadd", args[1]);  // GEOADD is ZADD in Redis
  r.SendLong(*n);
}

void SendPoint(protocol::ReplyBuilder& r, geo::Point p) {
  r.StartArray(2);
  r.SendDoubleText(geo::FormatCoordinate(p.lon));
  r.SendDoubleText(geo::FormatCoordinate(p.lat));
}

// GEOPOS key [member ...] -- O(1) per member. Reply: [longitude, latitude] or null each.
void CmdGeoPos(CmdArgs args, CommandContext& ctx) {
  PendingReply b(ctx);
  OpStatus st = zops::MScore(ctx.db(), args[1], args.subspan(2), [&](bool found, double s) {
    if (!found) return b.rb.SendNullArray();
    SendPoint(b.rb, geo::Decode(s));
  });
  if (st != OpStatus::kOk) return ctx.SendStatus(st);
  ctx.reply().StartArray(args.size() - 2);
  b.Flush();
}

// GEOHASH key [member ...] -- O(1) per member. Reply: an 11-character geohash or null each.
void CmdGeoHash(CmdArgs args, CommandContext& ctx) {
  PendingReply b(ctx);
  OpStatus st = zops::MScore(ctx.db(), args[1], args.subspan(2), [&](bool found, double s) {
    if (!found) return b.rb.SendNull();
    b.rb.SendBulk(geo::GeohashString(s));
  });
  if (st != OpStatus::kOk) return ctx.SendStatus(st);
  ctx.reply().StartArray(args.size() - 2);
  b.Flush();
}

// GEODIST key member1 member2 [M|KM|FT|MI] -- O(1). Reply: the distance, or null.
void CmdGeoDist(CmdArgs args, CommandContext& ctx) {
  auto& r = ctx.reply();
  double to_m = 1;
  if (args.size() == 5) {
    auto u = geo::ParseUnit(args[4]);
    if (!u) return r.SendError(kBadUnit);
    to_m = *u;
  } else if (args.size() > 5) {
    return r.SendError(errors::kSyntax);
  }
  double s[2];
  bool found[2] = {false, false};
  int k = 0;
  OpStatus st = zops::MScore(ctx.db(), args[1], args.subspan(2, 2), [&](bool f, double v) {
    found[k] = f;
    s[k++] = v;
  });
  if (st != OpStatus::kOk) return ctx.SendStatus(st);
  if (!found[0] || !found[1]) return r.SendNull();
  r.SendBulk(geo::FormatDistance(geo::Distance(geo::Decode(s[0]), geo::Decode(s[1])) / to_m));
}

// Which command runs the search (Redis's georadiusGeneric flags).
enum SearchKind { kRadius, kRadiusByMember, kSearch, kSearchStore };

// The search commands' one parser and runner. `ro`: the _RO forms (no STORE).
void SearchGeneric(CmdArgs args, CommandContext& ctx, SearchKind kind, bool ro) {
  auto& r = ctx.reply();
  size_t src_at = kind == kSearchStore ? 2 : 1;
  std::string_view key = args[src_at];
  // Redis looks the key up (and reports WRONGTYPE) before it reads any argument.
  auto card = zops::Card(ctx.db(), key);
  if (!card) return ctx.SendStatus(card.status());
  bool exists = *card > 0;

  geo::Shape shape;
  bool have_centre = false, have_shape = false;
  auto parse_distance = [&](std::string_view v, std::string_view unit, double* out) {
    if (!ParseDouble(v, out)) return r.SendError("ERR need numeric radius"), false;
    if (*out < 0) return r.SendError("ERR radius cannot be negative"), false;
    auto u = geo::ParseUnit(unit);
    if (!u) return r.SendError(kBadUnit), false;
    shape.to_meters = *u;
    return true;
  };
  auto parse_lonlat = [&](std::string_view a, std::string_view b) {
    double lon, lat;
    if (!ParseDouble(a, &lon) || !ParseDouble(b, &lat))
      return r.SendError(errors::kNotFloat), false;
    if (!geo::IsValidLonLat(lon, lat))
      return r.SendError(geo::InvalidLonLatError(lon, lat)), false;
    shape.centre = {lon, lat};
    return true;
  };
  auto from_member = [&](std::string_view m) {
    double s;
    OpStatus st = zops::Score(ctx.db(), key, m, &s);
    if (st == OpStatus::kWrongType) return ctx.SendStatus(st), false;
    if (st != OpStatus::kOk) return r.SendError(kNoMember), false;
    shape.centre = geo::Decode(s);
    return true;
  };

  size_t base = 0;
  if (kind == kRadius) {
    base = 6;
    if (!parse_lonlat(args[2], args[3])) return;
    if (!parse_distance(args[4], args[5], &shape.radius)) return;
    have_centre = have_shape = true;
  } else if (kind == kRadiusByMember) {
    base = 5;
    if (exists) {  // a missing key's arguments are not read (the reply is empty anyway)
      if (!from_member(args[2])) return;
      if (!parse_distance(args[3], args[4], &shape.radius)) return;
    }
    have_centre = have_shape = true;
  } else {
    base = src_at + 1;
  }

  bool withdist = false, withhash = false, withcoord = false, any = false;
  int sort = 0;  // 0 none, 1 asc, -1 desc
  int64_t count = 0;
  std::string_view store_key = kind == kSearchStore ? args[1] : std::string_view();
  bool store = kind == kSearchStore, storedist = false;
  bool geosearch = kind == kSearch || kind == kSearchStore;
  bool frommember = false, fromlonlat = false, byradius = false, bybox = false;
  size_t n_opts = args.size() - base;
  for (size_t i = 0; i < n_opts; ++i) {
    std::string_view a = args[base + i];
    size_t left = n_opts - i - 1;
    auto next = [&](size_t k) { return args[base + i + k]; };
    if (EqualsIgnoreCase(a, "WITHDIST")) {
      withdist = true;
    } else if (EqualsIgnoreCase(a, "WITHHASH")) {
      withhash = true;
    } else if (EqualsIgnoreCase(a, "WITHCOORD")) {
      withcoord = true;
    } else if (EqualsIgnoreCase(a, "ANY")) {
      any = true;
    } else if (EqualsIgnoreCase(a, "ASC")) {
      sort = 1;
    } else if (EqualsIgnoreCase(a, "DESC")) {
      sort = -1;
    } else if (EqualsIgnoreCase(a, "COUNT") && left >= 1) {
      if (!ParseInt64(next(1), &count)) return r.SendError(errors::kNotInteger);
      if (count <= 0) return r.SendError("ERR COUNT must be > 0");
      ++i;
    } else if (!geosearch && !ro && left >= 1 &&
               (EqualsIgnoreCase(a, "STORE") || EqualsIgnoreCase(a, "STOREDIST"))) {
      store = true;
      storedist = EqualsIgnoreCase(a, "STOREDIST");
      store_key = next(1);
      ++i;
    } else if (kind == kSearchStore && EqualsIgnoreCase(a, "STOREDIST")) {
      storedist = true;
    } else if (geosearch && !fromlonlat && left >= 1 && EqualsIgnoreCase(a, "FROMMEMBER")) {
      if (exists && !from_member(next(1))) return;
      frommember = true;
      ++i;
    } else if (geosearch && !frommember && left >= 2 && EqualsIgnoreCase(a, "FROMLONLAT")) {
      if (!parse_lonlat(next(1), next(2))) return;
      fromlonlat = true;
      i += 2;
    } else if (geosearch && !bybox && left >= 2 && EqualsIgnoreCase(a, "BYRADIUS")) {
      shape.kind = geo::Shape::Kind::kRadius;
      if (!parse_distance(next(1), next(2), &shape.radius)) return;
      byradius = true;
      i += 2;
    } else if (geosearch && !byradius && left >= 3 && EqualsIgnoreCase(a, "BYBOX")) {
      shape.kind = geo::Shape::Kind::kBox;
      if (!ParseDouble(next(1), &shape.width)) return r.SendError("ERR need numeric width");
      if (!ParseDouble(next(2), &shape.height)) return r.SendError("ERR need numeric height");
      if (shape.width < 0 || shape.height < 0)
        return r.SendError("ERR height or width cannot be negative");
      auto u = geo::ParseUnit(next(3));
      if (!u) return r.SendError(kBadUnit);
      shape.to_meters = *u;
      bybox = true;
      i += 3;
    } else {
      return r.SendError(errors::kSyntax);
    }
  }
  if (geosearch) {
    have_centre = frommember || fromlonlat;
    have_shape = byradius || bybox;
  }
  if (store && (withdist || withhash || withcoord))
    return r.SendError(StrCat("ERR ",
                              kind == kSearchStore ? "GEOSEARCHSTORE" : "STORE option in GEORADIUS",
                              " is not compatible with WITHDIST, WITHHASH and WITHCOORD options"));
  if (!have_centre)
    return r.SendError(StrCat("ERR exactly one of FROMMEMBER or FROMLONLAT can be specified for ",
                              args[0]));
  if (!have_shape)
    return r.SendError(StrCat("ERR exactly one of BYRADIUS and BYBOX can be specified for ",
                              args[0]));
  if (any && count == 0) return r.SendError("ERR the ANY argument requires COUNT argument");
  if (!exists) {
    if (!store) return r.SendEmptyArray();
    auto n = zops::StoreMembers(ctx.db(), store_key, {}, Limits(ctx));
    if (!n) return ctx.SendStatus(n.status());
    return r.SendLong(0);
  }
  if (count != 0 && sort == 0 && !any) sort = 1;

  // The walk: every range in order, each member tested exactly.
  geo::SearchRanges ranges = geo::ComputeSearchRanges(shape);
  std::vector<std::pair<double, double>> spans;
  for (const geo::ScoreRange& sr : ranges) spans.emplace_back(sr.min, sr.max);
  struct Match {
    std::string member;
    double score;
    double dist_m;
  };
  std::vector<Match> found;
  OpStatus st = zops::WalkScoreRanges(ctx.db(), key, spans, [&](std::string_view m, double s) {
    auto d = geo::DistanceIfInside(shape, geo::Decode(s));
    if (d) found.push_back({std::string(m), s, *d});
    return !(any && int64_t(found.size()) >= count);
  });
  if (st != OpStatus::kOk) return ctx.SendStatus(st);
  std::vector<size_t> order;
  if (sort != 0) {
    std::vector<double> dists;
    dists.reserve(found.size());
    for (const Match& m : found) dists.push_back(m.dist_m);
    order = geo::ReplyOrder(dists, sort < 0, any ? 0 : size_t(count));
  } else {
    size_t n = count > 0 ? std::min(found.size(), size_t(count)) : found.size();
    for (size_t i = 0; i < n; ++i) order.push_back(i);
  }

  if (store) {
    std::vector<std::pair<std::string, double>> items;
    items.reserve(order.size());
    for (size_t i : order)
      items.emplace_back(std::move(found[i].member),
                         storedist ? found[i].dist_m / shape.to_meters : found[i].score);
    auto n = zops::StoreMembers(ctx.db(), store_key, std::move(items), Limits(ctx));
    if (!n) return ctx.SendStatus(n.status());
    if (*n > 0)
      Notify(ctx, notify::kZSet, kind == kSearchStore ? "geosearchstore" : "georadiusstore",
             store_key);
    return r.SendLong(*n);
  }
  size_t fields = 1 + withdist + withhash + withcoord;
  r.StartArray(order.size());
  for (size_t i : order) {
    const Match& m = found[i];
    if (fields == 1) {
      r.SendBulk(m.member);
      continue;
    }
    r.StartArray(fields);
    r.SendBulk(m.member);
    if (withdist) r.SendBulk(geo::FormatDistance(m.dist_m / shape.to_meters));
    if (withhash) r.SendLong(geo::HashReplyValue(m.score));
    if (withcoord) SendPoint(r, geo::Decode(m.score));
  }
}

// GEOSEARCH key FROMMEMBER member|FROMLONLAT lon lat BYRADIUS r unit|BYBOX w h unit [ASC|DESC]
// [COUNT n [ANY]] [WITHCOORD] [WITHDIST] [WITHHASH] -- O(N + log M). Reply: the members.
void CmdGeoSearch(CmdArgs args, CommandContext& ctx) { SearchGeneric(args, ctx, kSearch, true); }
// GEOSEARCHSTORE dst src ... [STOREDIST] -- as GEOSEARCH. Reply: members stored.
void CmdGeoSearchStore(CmdArgs args, CommandContext& ctx) {
  SearchGeneric(args, ctx, kSearchStore, false);
}
// GEORADIUS key lon lat radius unit [options] [STORE key] [STOREDIST key].
void CmdGeoRadius(CmdArgs args, CommandContext& ctx) { SearchGeneric(args, ctx, kRadius, false); }
void CmdGeoRadiusRo(CmdArgs args, CommandContext& ctx) { SearchGeneric(args, ctx, kRadius, true); }
// GEORADIUSBYMEMBER key member radius unit [options] [STORE key] [STOREDIST key].
void CmdGeoRadiusByMember(CmdArgs args, CommandContext& ctx) {
  SearchGeneric(args, ctx, kRadiusByMember, false);
}
void CmdGeoRadiusByMemberRo(CmdArgs args, CommandContext& ctx) {
  SearchGeneric(args, ctx, kRadiusByMember, true);
}

// GEORADIUS[BYMEMBER] keys: the source, and the STORE/STOREDIST destination when given.
void RadiusKeys(absl::Span<const std::string_view> args, std::vector<size_t>* out) {
  if (args.size() < 2) return;
  out->push_back(1);
  for (size_t i = 2; i + 1 < args.size(); ++i)
    if (EqualsIgnoreCase(args[i], "STORE") || EqualsIgnoreCase(args[i], "STOREDIST"))
      out->push_back(++i);
}

CommandSpec WithRadiusKeys(CommandSpec spec) {
  spec.find_keys = &RadiusKeys;
  return spec;
}

constexpr const char* kSearchCost =
    "O(N+log(M)) where N is the number of elements in the grid-aligned bounding box area "
    "around the shape provided as the filter and M is the number of items inside the shape";

TESSERA_REGISTER_COMMANDS(
    geo,
    Cmd("geoadd", -5, kWrite | kDenyOom, {1, 1, 1}, CmdGeoAdd, "geo",
        "Adds one or more members to a geospatial index. The key is created if it doesn't "
        "exist.", "O(log(N)) for each item added, where N is the number of elements in the "
        "sorted set.", "3.2.0"),
    Cmd("geopos", -2, kReadOnly, {1, 1, 1}, CmdGeoPos, "geo",
        "Returns the longitude and latitude of members from a geospatial index.",
        "O(N) where N is the number of members requested.", "3.2.0"),
    Cmd("geohash", -2, kReadOnly, {1, 1, 1}, CmdGeoHash, "geo",
        "Returns members from a geospatial index as geohash strings.",
        "O(log(N)) for each member requested, where N is the number of elements in the sorted "
        "set.", "3.2.0"),
    Cmd("geodist", -4, kReadOnly, {1, 1, 1}, CmdGeoDist, "geo",
        "Returns the distance between two members of a geospatial index.", "O(log(N))",
        "3.2.0"),
    Cmd("geosearch", -7, kReadOnly, {1, 1, 1}, CmdGeoSearch, "geo",
        "Queries a geospatial index for members inside an area of a box or a circle.",
        kSearchCost, "6.2.0"),
    Cmd("geosearchstore", -8, kWrite | kDenyOom, {1, 2, 1}, CmdGeoSearchStore, "geo",
        "Queries a geospatial index for members inside an area of a box or a circle, "
        "optionally stores the result.", kSearchCost, "6.2.0"),
    WithRadiusKeys(Cmd("georadius", -6, kWrite | kDenyOom, {0, 0, 0}, CmdGeoRadius, "geo",
        "Queries a geospatial index for members within a distance from a coordinate, "
        "optionally stores the result.", kSearchCost, "3.2.0")),
    Cmd("georadius_ro", -6, kReadOnly, {1, 1, 1}, CmdGeoRadiusRo, "geo",
        "Returns members from a geospatial index that are within a distance from a "
        "coordinate.", kSearchCost, "3.2.10"),
    WithRadiusKeys(Cmd("georadiusbymember", -5, kWrite | kDenyOom, {0, 0, 0},
        CmdGeoRadiusByMember, "geo", "Queries a geospatial index for members within a "
        "distance from a member, optionally stores the result.", kSearchCost, "3.2.0")),
    Cmd("georadiusbymember_ro", -5, kReadOnly, {1, 1, 1}, CmdGeoRadiusByMemberRo, "geo",
        "Returns members from a geospatial index that are within a distance from a member.",
        kSearchCost, "3.2.10"));

}  // namespace
}  // namespace tessera::commands
