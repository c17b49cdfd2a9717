// The geohash maths behind the GEO commands, reproducing Redis 7.0's arithmetic bit for bit:
// the GEO commands' replies (scores, GEOPOS text, GEOHASH strings, distances, which members a
// search returns and, for COUNT n ANY, which n) must match redis-server to the byte, so every
// rounding step below follows the order Redis performs it in. See geohash.cc for the
// representation and its invariants.
//
// Pure functions of their arguments: no state, safe from any thread. No dependency on the rest
// of Tessera. Build without -ffast-math or FMA contraction (-march with FMA and
// -ffp-contract=fast): either changes the last bit of a distance and so, rarely, a reply.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace tessera::geo {

// What GEOADD, GEOSEARCH FROMLONLAT and GEORADIUS accept (the Web Mercator square, inclusive).
inline constexpr double kLonMin = -180.0;
inline constexpr double kLonMax = 180.0;
inline constexpr double kLatMin = -85.05112878;
inline constexpr double kLatMax = 85.05112878;
// Bits per coordinate in a stored score; a score holds 2 * kMaxStep = 52 bits.
inline constexpr int kMaxStep = 26;
// Redis's sphere (metres); all distances and search areas use it.
inline constexpr double kEarthRadiusM = 6372797.560856;

struct Point {
  double lon = 0;
  double lat = 0;
};

// True when Redis accepts the pair: both inside the limits above, bounds included. NaN never
// reaches here (the float parser rejects it); +-inf is rejected by this test.
bool IsValidLonLat(double lon, double lat);
// The error for a rejected pair, without the leading '-', as Redis formats it with "%f":
// "ERR invalid longitude,latitude pair 200.000000,0.000000" ("inf" for infinity).
std::string InvalidLonLatError(double lon, double lat);

// --- Scores -----------------------------------------------------------------------------------

// The cell index GEOADD stores for a valid pair: latitude bits at even positions, longitude bits
// at odd ones, most significant first (bit 51 is the longitude's top bit). A coordinate on its
// upper limit (lon 180, lat 85.05112878) overflows into bit 53 or 52, as in Redis.
uint64_t EncodeBits(double lon, double lat);
// The zset score GEOADD stores: EncodeBits as a double (Redis goes through the decimal text,
// which rounds the same way; only overflowed indices above 2^53 can round).
double EncodeScore(double lon, double lat);

// The index Redis reads back from a score: its (uint64_t) cast as compiled for x86-64 (negative
// and huge scores, reachable through ZADD, wrap the way redis-server's do).
uint64_t ScoreToBits(double score);
// The value WITHHASH replies with: Redis's (long long) cast of the score (truncation; out of
// range gives INT64_MIN).
int64_t HashReplyValue(double score);

// The centre of a score's cell, clamped to the limits: what GEOPOS returns and where FROMMEMBER
// and GEORADIUSBYMEMBER search from.
Point Decode(double score);
Point DecodeBits(uint64_t bits);

// GEOHASH's 11-character string for a stored score: the decoded centre re-encoded with the
// standard latitude range [-90, 90], ten 5-bit characters of base32 and an eleventh that is
// always '0' (52 bits do not fill 11 characters; Redis pads with zero bits).
std::string GeohashString(double score);

// --- Distances and units ----------------------------------------------------------------------

// Haversine distance in metres. Not symmetric to the last bit: pass the points in the order the
// command does (GEODIST: first member, second member; searches: centre, candidate).
double Distance(Point a, Point b);

// Metres per unit for m, km, mi, ft (case-insensitive), or nullopt (the command then replies
// "ERR unsupported unit provided. please use M, KM, FT, MI").
std::optional<double> ParseUnit(std::string_view unit);

// GEODIST and WITHDIST text: "%.4f" of a distance already divided by the unit's metres.
std::string FormatDistance(double distance_in_unit);
// GEOPOS and WITHCOORD text: Redis's human long double format ("%.17Lf" of the value widened
// to long double, trailing zeros and a bare '.' removed, "-0" printed as "0"). RESP2 sends it
// as a bulk string, RESP3 as a double (",<text>\r\n") with this same text.
std::string FormatCoordinate(double v);

// --- Searches ---------------------------------------------------------------------------------

// What GEOSEARCH BYRADIUS/BYBOX, GEORADIUS and GEORADIUSBYMEMBER look for. Sizes stay in the
// query's unit (Redis multiplies by to_meters at each use, and the rounding of that product is
// part of the result).
struct Shape {
  enum class Kind { kRadius, kBox };
  Kind kind = Kind::kRadius;
  Point centre;          // FROMLONLAT as parsed, or a member's Decode()
  double radius = 0;     // kRadius
  double width = 0;      // kBox: full width and height
  double height = 0;
  double to_meters = 1;  // ParseUnit of the query's unit

  static Shape Radius(Point centre, double radius, double to_meters) {
    return Shape{Kind::kRadius, centre, radius, 0, 0, to_meters};
  }
  static Shape Box(Point centre, double width, double height, double to_meters) {
    return Shape{Kind::kBox, centre, 0, width, height, to_meters};
  }
};

// One geohash cell as the scores it covers: min <= score < max.
struct ScoreRange {
  double min = 0;
  double max = 0;
};

// The cells a search walks, in Redis's order: centre, north, south, east, west, north-east,
// north-west, south-east, south-west, less the neighbours Redis drops: those on a side where
// the centre cell already reaches past the shape's bounding box, and one equal to the
// neighbour walked just before it (at step 1, where south is north and west is east).
struct SearchRanges {
  int step = 0;       // bits per coordinate of the cells
  size_t size = 0;    // ranges[0, size) are walked
  std::array<ScoreRange, 9> ranges{};

  const ScoreRange* begin() const { return ranges.data(); }
  const ScoreRange* end() const { return ranges.data() + size; }
};

// The walk the command does with these: for each range in order, the members with
// min <= score < max in zset order (score, then member bytes), each tested with
// DistanceIfInside on Decode(score); with COUNT n ANY it stops at the n-th match (even inside a
// range). Matches then go through ReplyOrder when ASC or DESC was given, or COUNT without ANY
// (which means ASC); ANY alone keeps the walk order. Reply distances (WITHDIST, STOREDIST) are
// the metres divided by shape.to_meters.
SearchRanges ComputeSearchRanges(const Shape& shape);

// The order of a sorted search reply: indices into dist_m (the matches' distances in metres, in
// walk order), the first min(count, n) of them (count 0: no COUNT). Redis sorts every match
// with a stable sort when it returns them all, but with its own partial quicksort when COUNT
// cuts the list, and that one orders equal distances differently (two members at the same
// position come back in an order that depends on every other match); both are reproduced.
std::vector<size_t> ReplyOrder(std::span<const double> dist_m, bool descending, size_t count);

// The exact test: the distance in metres from shape.centre to p when p is inside (distance <=
// radius, or within the box's half height in latitude and half width in longitude along p's
// parallel, each measured as Redis measures it), else nullopt.
std::optional<double> DistanceIfInside(const Shape& shape, Point p);

}  // namespace tessera::geo
