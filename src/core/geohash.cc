// Geohash cells as Redis 7.0 computes them.
//
// Representation. A cell at step s (1..26) splits the longitude range [-180, 180] and the
// latitude range [lat_lo, lat_hi] each into 2^s equal parts and is named by the pair of part
// numbers (ilon, ilat), both < 2^s. Its index interleaves them into 2s bits: bit 2k holds bit k
// of ilat and bit 2k+1 bit k of ilon, so the index read from the top is lon, lat, lon, lat...
// (a standard geohash, which starts with longitude). Scores are step-26 indices (52 bits) of
// the Mercator square (lat_lo = -lat_hi = -85.05112878); GEOHASH strings are step-26 indices
// of the standard square ([-90, 90]) cut into 5-bit characters from the top.
//
// A step-s cell covers the step-26 indices [index << (52 - 2s), (index + 1) << (52 - 2s)),
// which is how a search turns cells into zset score ranges: cells are prefixes.
//
// Invariants and the quirks they keep (each is visible in redis-server's replies):
// - A coordinate's part number is trunc(offset * 2^s) with offset in [0, 1]; a coordinate on its
//   upper limit gives 2^s, one bit past the cell's 2s bits (lon 180 sets bit 53 of a score). We
//   keep that bit wherever Redis keeps it: encoding, decoding, and a neighbour move on the other
//   axis (moving along one axis wraps that axis modulo 2^s and drops its overflow bit only).
// - Neighbours wrap: east of the last column is the first (the antimeridian), and north of the
//   top row is the bottom row (Redis does not stop at the poles; the far cell is walked).
// - Decoding reads all 64 bits of the index (a ZADD'd score can set any), with part + 1 done in
//   32-bit unsigned arithmetic, then clamps the centre to the Mercator limits.
// - Floating point operations happen in Redis's order and with its constants (degrees to
//   radians is a multiplication by pi/180, the inverse a division by it), so results are equal
//   to the last bit, not merely close.
#include "core/geohash.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <initializer_list>
#include <limits>
#include <numbers>

namespace tessera::geo {
namespace {

constexpr double kDegToRad = std::numbers::pi / 180.0;  // M_PI / 180.0, as Redis
// Half the Mercator square's width in metres: the search-step estimate doubles a radius until
// it reaches this.
constexpr double kMercatorMax = 20037726.37;
constexpr char kBase32[] = "0123456789bcdefghjkmnpqrstuvwxyz";

double ToRadians(double deg) { return deg * kDegToRad; }
double ToDegrees(double rad) { return rad / kDegToRad; }

// Spreads the 32 bits of v to the even positions of a 64-bit word (bit k to bit 2k).
uint64_t SpreadBits(uint32_t v) {
  uint64_t x = v;
  x = (x | (x << 16)) & 0x0000FFFF0000FFFFULL;
  x = (x | (x << 8)) & 0x00FF00FF00FF00FFULL;
  x = (x | (x << 4)) & 0x0F0F0F0F0F0F0F0FULL;
  x = (x | (x << 2)) & 0x3333333333333333ULL;
  x = (x | (x << 1)) & 0x5555555555555555ULL;
  return x;
}

// The inverse of SpreadBits: gathers the even bits of x into 32 bits.
uint32_t GatherBits(uint64_t x) {
  x &= 0x5555555555555555ULL;
  x = (x | (x >> 1)) & 0x3333333333333333ULL;
  x = (x | (x >> 2)) & 0x0F0F0F0F0F0F0F0FULL;
  x = (x | (x >> 4)) & 0x00FF00FF00FF00FFULL;
  x = (x | (x >> 8)) & 0x0000FFFF0000FFFFULL;
  x = (x | (x >> 16)) & 0x00000000FFFFFFFFULL;
  return uint32_t(x);
}

struct Cell {
  uint64_t bits = 0;
  int step = 0;  // 0 with bits 0 marks a neighbour the search dropped
};

struct Area {
  double lon_min, lon_max, lat_min, lat_max;
};

uint64_t Interleave(uint32_t ilon, uint32_t ilat) {
  return SpreadBits(ilat) | (SpreadBits(ilon) << 1);
}
uint32_t LatPart(uint64_t bits) { return GatherBits(bits); }
uint32_t LonPart(uint64_t bits) { return GatherBits(bits >> 1); }

// The part number of a coordinate at a step. The offset is in [0, 1], so the product is at
// most 2^26 and the conversion (Redis passes the double to a uint32_t parameter) truncates.
uint32_t PartNumber(double v, double lo, double hi, int step) {
  double offset = (v - lo) / (hi - lo);
  offset *= double(uint64_t(1) << step);
  return uint32_t(offset);
}

// Callers have checked the pair against the Mercator limits (Redis refuses to encode outside
// them even for the standard square, which only GEOHASH uses, on decoded points).
Cell EncodeCell(Point p, int step, double lat_lo, double lat_hi) {
  return Cell{Interleave(PartNumber(p.lon, kLonMin, kLonMax, step),
                         PartNumber(p.lat, lat_lo, lat_hi, step)),
              step};
}

Area DecodeArea(Cell c) {
  uint32_t ilat = LatPart(c.bits);
  uint32_t ilon = LonPart(c.bits);
  // part + 1 wraps in 32 bits, as Redis's does, for the all-ones parts a stray score can hold.
  uint32_t ilat_next = ilat + 1;
  uint32_t ilon_next = ilon + 1;
  double cells = double(uint64_t(1) << c.step);
  double lat_scale = kLatMax - kLatMin;
  double lon_scale = kLonMax - kLonMin;
  return Area{kLonMin + (ilon * 1.0 / cells) * lon_scale,
              kLonMin + (ilon_next * 1.0 / cells) * lon_scale,
              kLatMin + (ilat * 1.0 / cells) * lat_scale,
              kLatMin + (ilat_next * 1.0 / cells) * lat_scale};
}

double Clamp(double v, double lo, double hi) {
  if (v > hi) v = hi;
  if (v < lo) v = lo;
  return v;
}

// A neighbour: each axis with a non-zero delta moves by it modulo 2^step, dropping that axis's
// overflow bit; an axis with zero delta keeps its bits untouched (overflow included).
Cell Move(Cell c, int dlon, int dlat) {
  uint32_t ilon = LonPart(c.bits);
  uint32_t ilat = LatPart(c.bits);
  uint32_t mask = uint32_t((uint64_t(1) << c.step) - 1);
  if (dlon != 0) ilon = (ilon + uint32_t(dlon)) & mask;
  if (dlat != 0) ilat = (ilat + uint32_t(dlat)) & mask;
  return Cell{Interleave(ilon, ilat), c.step};
}

// The 8 neighbours in the order a search walks them after the centre.
std::array<Cell, 8> Neighbours(Cell c) {
  return {Move(c, 0, 1),    // north
          Move(c, 0, -1),   // south
          Move(c, 1, 0),    // east
          Move(c, -1, 0),   // west
          Move(c, 1, 1),    // north-east
          Move(c, -1, 1),   // north-west
          Move(c, 1, -1),   // south-east
          Move(c, -1, -1)};  // south-west
}
enum { kNorth, kSouth, kEast, kWest, kNorthEast, kNorthWest, kSouthEast, kSouthWest };

// Redis's guess of the coarsest step whose cells, with their neighbours, cover the radius:
// one step per halving of the Mercator half-width, two less for margin, and wider cells near
// the poles where meridians converge.
int EstimateStep(double range_m, double lat) {
  if (range_m == 0) return kMaxStep;
  int step = 1;
  while (range_m < kMercatorMax) {
    range_m *= 2;
    step++;
  }
  step -= 2;
  if (lat > 66 || lat < -66) {
    step--;
    if (lat > 80 || lat < -80) step--;
  }
  if (step < 1) step = 1;
  if (step > kMaxStep) step = kMaxStep;
  return step;
}

struct Bounds {
  double lon_min, lat_min, lon_max, lat_max;
};

// The shape's bounding box in degrees. The longitude half-width is taken at the parallel
// nearer the pole (top edge in the north, bottom edge in the south), where it is widest.
Bounds BoundingBox(const Shape& s) {
  bool radius = s.kind == Shape::Kind::kRadius;
  double height = s.to_meters * (radius ? s.radius : s.height / 2);
  double width = s.to_meters * (radius ? s.radius : s.width / 2);
  double lon = s.centre.lon;
  double lat = s.centre.lat;
  double lat_delta = ToDegrees(height / kEarthRadiusM);
  double lon_delta_top = ToDegrees(width / kEarthRadiusM / std::cos(ToRadians(lat + lat_delta)));
  double lon_delta_bottom =
      ToDegrees(width / kEarthRadiusM / std::cos(ToRadians(lat - lat_delta)));
  double lon_delta = lat < 0 ? lon_delta_bottom : lon_delta_top;
  return Bounds{lon - lon_delta, lat - lat_delta, lon + lon_delta, lat + lat_delta};
}

// Distance along a meridian, used when two longitudes are equal (Redis's shortcut; it is not
// the haversine's value to the last bit, so the shortcut is part of the result).
double LatDistance(double lat1, double lat2) {
  return kEarthRadiusM * std::fabs(ToRadians(lat2) - ToRadians(lat1));
}

double DistanceDeg(double lon1, double lat1, double lon2, double lat2) {
  double lon1r = ToRadians(lon1);
  double lon2r = ToRadians(lon2);
  double v = std::sin((lon2r - lon1r) / 2);
  if (v == 0.0) return LatDistance(lat1, lat2);
  double lat1r = ToRadians(lat1);
  double lat2r = ToRadians(lat2);
  double u = std::sin((lat2r - lat1r) / 2);
  double a = u * u + std::cos(lat1r) * std::cos(lat2r) * v * v;
  return 2.0 * kEarthRadiusM * std::asin(std::sqrt(a));
}

// x86-64's cvttsd2si: truncation, and INT64_MIN for anything out of range (NaN included).
int64_t TruncateToInt64(double v) {
  if (v >= -9223372036854775808.0 && v < 9223372036854775808.0) return int64_t(v);
  return std::numeric_limits<int64_t>::min();
}

// Redis's partial quicksort (pqsort) of v[lo, lo + n), exact to the order it leaves equal keys
// in: Bentley and McIlroy's three-way quicksort. The pivot (median of three, or of three
// medians past 40 elements) is swapped to the front; one scan parks keys equal to it at both
// ends while splitting smaller from larger, then the parked runs are swapped into the middle.
// Below 7 elements an insertion sort. Only parts that start before `limit` are sorted further,
// so v[0, limit) ends sorted and the rest is left partitioned. redis-server 7.0 never switches
// to insertion sort after a pass with no swaps (some BSD qsorts do); its replies show it.
template <typename Compare>
void PartialQuickSort(std::vector<size_t>& v, size_t lo, size_t n, size_t limit,
                      const Compare& cmp) {
  auto c = [&](size_t i, size_t j) { return cmp(v[i], v[j]); };
  auto swap_runs = [&v](size_t i, size_t j, size_t len) {
    for (size_t t = 0; t < len; ++t) std::swap(v[i + t], v[j + t]);
  };
  auto median = [&c](size_t i, size_t j, size_t k) {
    if (c(i, j) < 0) return c(j, k) < 0 ? j : (c(i, k) < 0 ? k : i);
    return c(j, k) > 0 ? j : (c(i, k) < 0 ? i : k);
  };
  for (;;) {
    if (n < 7) {
      for (size_t m = lo + 1; m < lo + n; ++m)
        for (size_t l = m; l > lo && c(l - 1, l) > 0; --l) std::swap(v[l], v[l - 1]);
      return;
    }
    size_t mid = lo + n / 2;
    if (n > 7) {
      size_t first = lo, last = lo + n - 1;
      if (n > 40) {
        size_t d = n / 8;
        first = median(first, first + d, first + 2 * d);
        mid = median(mid - d, mid, mid + d);
        last = median(last - 2 * d, last - d, last);
      }
      mid = median(first, mid, last);
    }
    std::swap(v[lo], v[mid]);
    // v[lo + 1, eq_front) and v(eq_back, end) hold keys equal to the pivot v[lo];
    // [eq_front, below) smaller ones, (above, eq_back] larger ones.
    size_t eq_front = lo + 1, below = lo + 1;
    size_t above = lo + n - 1, eq_back = lo + n - 1;
    for (;;) {
      while (below <= above) {
        int r = c(below, lo);
        if (r > 0) break;
        if (r == 0) std::swap(v[eq_front++], v[below]);
        ++below;
      }
      while (below <= above) {
        int r = c(above, lo);
        if (r < 0) break;
        if (r == 0) std::swap(v[above], v[eq_back--]);
        --above;
      }
      if (below > above) break;
      std::swap(v[below++], v[above--]);
    }
    size_t end = lo + n;
    size_t len = std::min(eq_front - lo, below - eq_front);
    swap_runs(lo, below - len, len);
    len = std::min(eq_back - above, end - eq_back - 1);
    swap_runs(below, end - len, len);
    size_t smaller = below - eq_front;
    if (smaller > 1 && lo < limit) PartialQuickSort(v, lo, smaller, limit, cmp);
    size_t larger = eq_back - above;
    if (larger <= 1 || end - larger >= limit) return;
    lo = end - larger;  // the larger part by iteration, as Redis does
    n = larger;
  }
}

}  // namespace

bool IsValidLonLat(double lon, double lat) {
  return !(lon < kLonMin || lon > kLonMax || lat < kLatMin || lat > kLatMax) &&
         !std::isnan(lon) && !std::isnan(lat);
}

std::string InvalidLonLatError(double lon, double lat) {
  char buf[800];  // "%f" of 1e308 is 316 characters
  int n = std::snprintf(buf, sizeof(buf), "ERR invalid longitude,latitude pair %f,%f", lon, lat);
  return std::string(buf, size_t(n) < sizeof(buf) ? size_t(n) : sizeof(buf) - 1);
}

uint64_t EncodeBits(double lon, double lat) {
  return EncodeCell(Point{lon, lat}, kMaxStep, kLatMin, kLatMax).bits;
}

double EncodeScore(double lon, double lat) { return double(EncodeBits(lon, lat)); }

uint64_t ScoreToBits(double score) {
  // GCC's double -> uint64 on x86-64: below 2^63 a signed conversion; from 2^63 up, convert
  // score - 2^63 and flip the top bit. Both conversions saturate to INT64_MIN's bit pattern.
  constexpr double kTwo63 = 9223372036854775808.0;
  if (score < kTwo63) return uint64_t(TruncateToInt64(score));
  return uint64_t(TruncateToInt64(score - kTwo63)) ^ (uint64_t(1) << 63);
}

int64_t HashReplyValue(double score) { return TruncateToInt64(score); }

Point DecodeBits(uint64_t bits) {
  Area a = DecodeArea(Cell{bits, kMaxStep});
  return Point{Clamp((a.lon_min + a.lon_max) / 2, kLonMin, kLonMax),
               Clamp((a.lat_min + a.lat_max) / 2, kLatMin, kLatMax)};
}

Point Decode(double score) { return DecodeBits(ScoreToBits(score)); }

std::string GeohashString(double score) {
  uint64_t bits = EncodeCell(Decode(score), kMaxStep, -90.0, 90.0).bits;
  std::string out(11, '0');
  for (int i = 0; i < 10; ++i) out[i] = kBase32[(bits >> (52 - (i + 1) * 5)) & 0x1f];
  return out;
}

double Distance(Point a, Point b) { return DistanceDeg(a.lon, a.lat, b.lon, b.lat); }

std::optional<double> ParseUnit(std::string_view unit) {
  auto is = [unit](std::string_view want) {
    if (unit.size() != want.size()) return false;
    for (size_t i = 0; i < unit.size(); ++i) {
      char c = unit[i];
      if (c >= 'A' && c <= 'Z') c = char(c + 32);
      if (c != want[i]) return false;
    }
    return true;
  };
  if (is("m")) return 1.0;
  if (is("km")) return 1000.0;
  if (is("ft")) return 0.3048;
  if (is("mi")) return 1609.34;
  return std::nullopt;
}

std::string FormatDistance(double distance_in_unit) {
  char buf[400];
  int n = std::snprintf(buf, sizeof(buf), "%.4f", distance_in_unit);
  return std::string(buf, size_t(n) < sizeof(buf) ? size_t(n) : sizeof(buf) - 1);
}

std::string FormatCoordinate(double v) {
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  char buf[400];
  int n = std::snprintf(buf, sizeof(buf), "%.17Lf", static_cast<long double>(v));
  size_t len = size_t(n) < sizeof(buf) ? size_t(n) : sizeof(buf) - 1;
  std::string out(buf, len);
  if (out.find('.') != std::string::npos) {
    while (out.back() == '0') out.pop_back();
    if (out.back() == '.') out.pop_back();
  }
  if (out == "-0") out = "0";
  return out;
}

SearchRanges ComputeSearchRanges(const Shape& shape) {
  Bounds b = BoundingBox(shape);
  double radius_m = shape.kind == Shape::Kind::kRadius
                        ? shape.radius
                        : std::sqrt((shape.width / 2) * (shape.width / 2) +
                                    (shape.height / 2) * (shape.height / 2));
  radius_m *= shape.to_meters;

  int step = EstimateStep(radius_m, shape.centre.lat);
  Cell centre = EncodeCell(shape.centre, step, kLatMin, kLatMax);
  std::array<Cell, 8> around = Neighbours(centre);

  // The estimate can leave the bounding box poking out past a neighbour when the centre sits
  // near its cell's edge; one step coarser then (comparisons with NaN bounds, from an infinite
  // radius, are false and change nothing).
  bool coarser = DecodeArea(around[kNorth]).lat_max < b.lat_max ||
                 DecodeArea(around[kSouth]).lat_min > b.lat_min ||
                 DecodeArea(around[kEast]).lon_max < b.lon_max ||
                 DecodeArea(around[kWest]).lon_min > b.lon_min;
  if (step > 1 && coarser) {
    --step;
    centre = EncodeCell(shape.centre, step, kLatMin, kLatMax);
    around = Neighbours(centre);
  }

  // Drop the neighbours on a side where the centre cell already reaches past the box.
  if (step >= 2) {
    Area a = DecodeArea(centre);
    auto drop = [&around](std::initializer_list<int> which) {
      for (int i : which) around[i] = Cell{};
    };
    if (a.lat_min < b.lat_min) drop({kSouth, kSouthWest, kSouthEast});
    if (a.lat_max > b.lat_max) drop({kNorth, kNorthEast, kNorthWest});
    if (a.lon_min < b.lon_min) drop({kWest, kSouthWest, kNorthWest});
    if (a.lon_max > b.lon_max) drop({kEast, kSouthEast, kNorthEast});
  }

  SearchRanges out;
  out.step = step;
  int shift = 52 - 2 * step;
  auto add = [&out, shift](Cell c) {
    out.ranges[out.size++] = ScoreRange{double(c.bits << shift), double((c.bits + 1) << shift)};
  };
  add(centre);
  // At coarse steps neighbours coincide (at step 1 south is north); Redis skips a neighbour
  // equal to the one walked just before it, never comparing with the centre.
  const Cell* previous = nullptr;
  for (const Cell& c : around) {
    if (c.bits == 0 && c.step == 0) continue;
    if (previous && previous->bits == c.bits && previous->step == c.step) continue;
    add(c);
    previous = &c;
  }
  return out;
}

std::vector<size_t> ReplyOrder(std::span<const double> dist_m, bool descending, size_t count) {
  std::vector<size_t> order(dist_m.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  if (count == 0 || count >= order.size()) {
    // glibc's qsort, which Redis calls here, is a merge sort: stable.
    if (descending) {
      std::stable_sort(order.begin(), order.end(),
                       [&](size_t a, size_t b) { return dist_m[a] > dist_m[b]; });
    } else {
      std::stable_sort(order.begin(), order.end(),
                       [&](size_t a, size_t b) { return dist_m[a] < dist_m[b]; });
    }
    return order;
  }
  int sign = descending ? -1 : 1;
  auto cmp = [&](size_t a, size_t b) {
    double x = dist_m[a], y = dist_m[b];
    return x == y ? 0 : (x > y ? sign : -sign);
  };
  PartialQuickSort(order, 0, order.size(), count, cmp);
  order.resize(count);
  return order;
}

std::optional<double> DistanceIfInside(const Shape& shape, Point p) {
  const Point& c = shape.centre;
  if (shape.kind == Shape::Kind::kRadius) {
    double d = DistanceDeg(c.lon, c.lat, p.lon, p.lat);
    if (d > shape.radius * shape.to_meters) return std::nullopt;
    return d;
  }
  double width_m = shape.width * shape.to_meters;
  double height_m = shape.height * shape.to_meters;
  // Latitude first (cheaper), then the east-west distance along the candidate's parallel.
  if (LatDistance(p.lat, c.lat) > height_m / 2) return std::nullopt;
  if (DistanceDeg(p.lon, p.lat, c.lon, p.lat) > width_m / 2) return std::nullopt;
  return DistanceDeg(c.lon, c.lat, p.lon, p.lat);
}

}  // namespace tessera::geo
