// Geo commands (commands/geo.cc) through the real registry, in RESP2 and RESP3, with replies
// checked against Redis 7.0: GEOADD's NX/XX/CH and coordinate errors, GEOPOS (RESP3 doubles),
// GEODIST and GEOHASH, GEOSEARCH and GEOSEARCHSTORE (BYRADIUS/BYBOX, FROMMEMBER/FROMLONLAT,
// ASC/DESC, COUNT [ANY], WITHDIST/WITHCOORD/WITHHASH), GEORADIUS[BYMEMBER] with STORE and
// STOREDIST and their _RO forms, the errors, WRONGTYPE and COMMAND GETKEYS.
#include <initializer_list>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "commands/command_test_base.h"

namespace tessera::commands {
namespace {

class GeoTest : public CommandTest {
 protected:
  // The four places of Redis's GEO documentation, in key "Sicily".
  void Sicily() {
    ASSERT_EQ(
        Run({"geoadd", "Sicily", "13.361389", "38.115556", "Palermo", "15.087269", "37.502669",
             "Catania", "12.758489", "38.788135", "edge1", "17.241510", "38.788135", "edge2"}),
        Int(4));
  }
  // A coordinate: a RESP3 double, a bulk string in RESP2.
  std::string Coord(std::string_view s) const { return resp3() ? StrCat(",", s, "\r\n") : Bulk(s); }
  std::string Pos(std::string_view lon, std::string_view lat) const {
    return Arr(2) + Coord(lon) + Coord(lat);
  }
  std::string NullArray() const { return resp3() ? "_\r\n" : "*-1\r\n"; }
  static std::string Bulks(std::initializer_list<std::string_view> items) {
    std::string s = Arr(items.size());
    for (auto i : items) s += Bulk(i);
    return s;
  }
  // GEOPOS of the places, as Redis decodes them from their geohash scores.
  std::string PalermoPos() const { return Pos("13.36138933897018433", "38.11555639549629859"); }
  std::string CataniaPos() const { return Pos("15.08726745843887329", "37.50266842333162032"); }
  static std::string BadPair(std::string_view pair) {
    return Err(StrCat("ERR invalid longitude,latitude pair ", pair));
  }
  static std::string BadUnit() {
    return Err("ERR unsupported unit provided. please use M, KM, FT, MI");
  }
  // The members of a flat GEOSEARCH reply, as a set.
  std::set<std::string> MemberSet(const std::vector<std::string>& cmd) {
    ParsedReply r = ParseReply(Run(cmd));
    EXPECT_EQ(r.type, '*');
    std::set<std::string> out;
    for (const ParsedReply& m : r.items) out.insert(m.str);
    return out;
  }
};
INSTANTIATE_TEST_SUITE_P(Resp, GeoTest, ::testing::Values(2, 3));

TEST_P(GeoTest, AddNxXxCh) {
  EXPECT_EQ(Run({"geoadd", "Sicily", "13.361389", "38.115556", "Palermo", "15.087269", "37.502669",
                 "Catania"}),
            Int(2));
  EXPECT_EQ(Run({"geoadd", "Sicily", "13.361389", "38.115556", "Palermo"}), Int(0));
  EXPECT_EQ(
      Run({"geoadd", "Sicily", "nx", "13.5", "38.1", "Palermo", "12.758489", "38.788135", "edge1"}),
      Int(1));  // Palermo untouched
  EXPECT_EQ(Run({"geopos", "Sicily", "Palermo"}), Arr(1) + PalermoPos());
  EXPECT_EQ(Run({"geoadd", "Sicily", "xx", "13.5", "38.1", "Palermo", "1", "1", "newone"}),
            Int(0));  // Palermo moved, but without CH only new members count
  EXPECT_EQ(Run({"geopos", "Sicily", "newone"}), Arr(1) + NullArray());
  EXPECT_EQ(Run({"geoadd", "Sicily", "xx", "ch", "13.361389", "38.115556", "Palermo"}), Int(1));
  EXPECT_EQ(Run({"geoadd", "Sicily", "ch", "13.361389", "38.115556", "Palermo", "17.241510",
                 "38.788135", "edge2"}),
            Int(1));
  EXPECT_EQ(Run({"zcard", "Sicily"}), Int(4));
  EXPECT_EQ(Run({"type", "Sicily"}), Simple("zset"));
  EXPECT_EQ(Run({"zscore", "Sicily", "Palermo"}),
            resp3() ? ",3479099956230698\r\n" : Bulk("3479099956230698"));
}

TEST_P(GeoTest, AddErrors) {
  EXPECT_EQ(Run({"geoadd", "g", "nx", "xx", "1", "1", "a"}), Syntax());
  EXPECT_EQ(Run({"geoadd", "g", "ch", "1", "1"}), Syntax());
  EXPECT_EQ(Run({"geoadd", "g", "1", "1", "a", "2"}), Syntax());
  EXPECT_EQ(Run({"geoadd", "g", "foo", "1", "1", "a"}), Syntax());
  EXPECT_EQ(Run({"geoadd", "g", "abc", "1", "a"}), Err("ERR value is not a valid float"));
  EXPECT_EQ(Run({"geoadd", "g", "181", "1", "a"}), BadPair("181.000000,1.000000"));
  EXPECT_EQ(Run({"geoadd", "g", "1", "86", "a"}), BadPair("1.000000,86.000000"));
  EXPECT_EQ(Run({"geoadd", "g", "1", "85.06", "a"}), BadPair("1.000000,85.060000"));
  EXPECT_EQ(Run({"geoadd", "g", "200", "100", "a"}), BadPair("200.000000,100.000000"));
  EXPECT_EQ(Run({"geoadd", "g", "1", "1"}), WrongArgs("geoadd"));
  EXPECT_EQ(Run({"exists", "g"}), Int(0));  // nothing was added by a failing GEOADD
  // The limits themselves are valid.
  EXPECT_EQ(Run({"geoadd", "g", "-180", "-85.05112878", "a", "180", "85.05112878", "b"}), Int(2));
}

TEST_P(GeoTest, PosDistHash) {
  Sicily();
  EXPECT_EQ(Run({"geopos", "Sicily", "Palermo", "nope", "Catania"}),
            Arr(3) + PalermoPos() + NullArray() + CataniaPos());
  EXPECT_EQ(Run({"geopos", "nokey", "a", "b"}), Arr(2) + NullArray() + NullArray());
  EXPECT_EQ(Run({"geopos", "Sicily"}), Arr(0));
  // GEODIST is a bulk string in RESP3 too.
  EXPECT_EQ(Run({"geodist", "Sicily", "Palermo", "Catania"}), Bulk("166274.1516"));
  EXPECT_EQ(Run({"geodist", "Sicily", "Palermo", "Catania", "km"}), Bulk("166.2742"));
  EXPECT_EQ(Run({"geodist", "Sicily", "Palermo", "Catania", "mi"}), Bulk("103.3182"));
  EXPECT_EQ(Run({"geodist", "Sicily", "Palermo", "Catania", "ft"}), Bulk("545518.8700"));
  EXPECT_EQ(Run({"geodist", "Sicily", "Palermo", "Catania", "M"}), Bulk("166274.1516"));
  EXPECT_EQ(Run({"geodist", "Sicily", "Palermo", "Palermo"}), Bulk("0.0000"));
  EXPECT_EQ(Run({"geodist", "Sicily", "Palermo", "nope"}), Nil());
  EXPECT_EQ(Run({"geodist", "nokey", "a", "b"}), Nil());
  EXPECT_EQ(Run({"geohash", "Sicily", "Palermo", "Catania", "nope"}),
            Arr(3) + Bulk("sqc8b49rny0") + Bulk("sqdtr74hyu0") + Nil());
  EXPECT_EQ(Run({"geohash", "nokey", "a"}), Arr(1) + Nil());
  EXPECT_EQ(Run({"geohash", "Sicily"}), Arr(0));
}

TEST_P(GeoTest, DistErrorsAndArity) {
  Sicily();
  EXPECT_EQ(Run({"geodist", "Sicily", "Palermo", "Catania", "foo"}), BadUnit());
  EXPECT_EQ(Run({"geodist", "Sicily", "Palermo", "Catania", "km", "x"}), Syntax());
  EXPECT_EQ(Run({"geodist", "Sicily", "Palermo"}), WrongArgs("geodist"));
  EXPECT_EQ(Run({"geopos"}), WrongArgs("geopos"));
  EXPECT_EQ(Run({"geohash"}), WrongArgs("geohash"));
}

TEST_P(GeoTest, SearchByRadiusOrdered) {
  Sicily();
  EXPECT_EQ(Run({"geosearch", "Sicily", "fromlonlat", "15", "37", "byradius", "200", "km", "asc"}),
            Bulks({"Catania", "Palermo"}));
  EXPECT_EQ(Run({"geosearch", "Sicily", "fromlonlat", "15", "37", "byradius", "200", "km", "desc"}),
            Bulks({"Palermo", "Catania"}));
  EXPECT_EQ(MemberSet({"geosearch", "Sicily", "fromlonlat", "15", "37", "byradius", "200", "km"}),
            (std::set<std::string>{"Catania", "Palermo"}));
  EXPECT_EQ(Run({"geosearch", "Sicily", "frommember", "Palermo", "byradius", "300", "km", "asc",
                 "withdist"}),
            Arr(3) + Arr(2) + Bulk("Palermo") + Bulk("0.0000") + Arr(2) + Bulk("edge1") +
                Bulk("91.4007") + Arr(2) + Bulk("Catania") + Bulk("166.2742"));
  EXPECT_EQ(Run({"geosearch", "Sicily", "fromlonlat", "15", "37", "byradius", "200", "mi", "asc",
                 "withdist"}),
            Arr(4) + Arr(2) + Bulk("Catania") + Bulk("35.0711") + Arr(2) + Bulk("Palermo") +
                Bulk("118.3357") + Arr(2) + Bulk("edge2") + Bulk("173.8230") + Arr(2) +
                Bulk("edge1") + Bulk("173.8231"));
  EXPECT_EQ(Run({"geosearch", "Sicily", "fromlonlat", "15", "37", "byradius", "1", "km"}), Arr(0));
  EXPECT_EQ(Run({"geosearch", "nokey", "fromlonlat", "15", "37", "byradius", "1", "km"}), Arr(0));
  EXPECT_EQ(Run({"geosearch", "nokey", "frommember", "nope", "byradius", "1", "km"}), Arr(0));
}

TEST_P(GeoTest, SearchByBox) {
  Sicily();
  EXPECT_EQ(
      Run({"geosearch", "Sicily", "fromlonlat", "15", "37", "bybox", "400", "400", "km", "asc"}),
      Bulks({"Catania", "Palermo", "edge2", "edge1"}));
  EXPECT_EQ(
      Run({"geosearch", "Sicily", "frommember", "Palermo", "bybox", "200", "200", "km", "asc"}),
      Bulks({"Palermo", "edge1"}));
}

// WITHDIST, WITHHASH, WITHCOORD come in that order, whatever order they were asked in.
TEST_P(GeoTest, SearchWithEverything) {
  Sicily();
  EXPECT_EQ(
      Run({"geosearch", "Sicily", "fromlonlat", "15", "37", "byradius", "200", "km", "withcoord",
           "withdist", "withhash", "count", "1", "asc"}),
      Arr(1) + Arr(4) + Bulk("Catania") + Bulk("56.4413") + Int(3479447370796909) + CataniaPos());
  EXPECT_EQ(Run({"geosearch", "Sicily", "fromlonlat", "15", "37", "byradius", "200000", "m", "asc",
                 "withhash"}),
            Arr(2) + Arr(2) + Bulk("Catania") + Int(3479447370796909) + Arr(2) + Bulk("Palermo") +
                Int(3479099956230698));
  EXPECT_EQ(Run({"georadius", "Sicily", "15", "37", "200", "km", "withdist", "withcoord", "asc"}),
            Arr(2) + Arr(3) + Bulk("Catania") + Bulk("56.4413") + CataniaPos() + Arr(3) +
                Bulk("Palermo") + Bulk("190.4424") + PalermoPos());
}

TEST_P(GeoTest, SearchCountAndAny) {
  Sicily();
  EXPECT_EQ(Run({"geosearch", "Sicily", "fromlonlat", "15", "37", "byradius", "500", "km", "asc",
                 "count", "2"}),
            Bulks({"Catania", "Palermo"}));
  EXPECT_EQ(Run({"geosearch", "Sicily", "fromlonlat", "15", "37", "byradius", "500", "km", "desc",
                 "count", "2", "withdist"}),
            Arr(2) + Arr(2) + Bulk("edge1") + Bulk("279.7405") + Arr(2) + Bulk("edge2") +
                Bulk("279.7403"));
  // COUNT without a sort still returns the nearest.
  EXPECT_EQ(
      Run({"geosearch", "Sicily", "fromlonlat", "15", "37", "byradius", "200", "km", "count", "1"}),
      Bulks({"Catania"}));
  // ANY stops at the first match, which need not be the nearest.
  auto any = MemberSet({"geosearch", "Sicily", "fromlonlat", "15", "37", "byradius", "500", "km",
                        "count", "1", "any"});
  ASSERT_EQ(any.size(), 1u);
  EXPECT_EQ((std::set<std::string>{"Palermo", "Catania", "edge1", "edge2"}).count(*any.begin()),
            1u);
}

TEST_P(GeoTest, SearchErrors) {
  Sicily();
  auto search = [&](std::vector<std::string> tail) {
    tail.insert(tail.begin(), {"geosearch", "Sicily"});
    return Run(tail);
  };
  EXPECT_EQ(search({"fromlonlat", "15", "37", "byradius", "1", "km", "frommember", "Palermo"}),
            Syntax());
  EXPECT_EQ(search({"fromlonlat", "15", "37", "byradius", "1", "km", "bybox", "1", "1", "km"}),
            Syntax());
  EXPECT_EQ(search({"byradius", "1", "km", "asc", "withdist"}),
            Err("ERR exactly one of FROMMEMBER or FROMLONLAT can be specified for geosearch"));
  EXPECT_EQ(search({"fromlonlat", "15", "37", "withdist", "asc"}),
            Err("ERR exactly one of BYRADIUS and BYBOX can be specified for geosearch"));
  EXPECT_EQ(search({"fromlonlat", "15", "37", "byradius", "1", "km", "any"}),
            Err("ERR the ANY argument requires COUNT argument"));
  EXPECT_EQ(search({"fromlonlat", "15", "37", "byradius", "1", "km", "count", "0"}),
            Err("ERR COUNT must be > 0"));
  EXPECT_EQ(search({"fromlonlat", "15", "37", "byradius", "1", "km", "count", "x"}), NotInt());
  EXPECT_EQ(search({"fromlonlat", "15", "37", "byradius", "x", "km"}),
            Err("ERR need numeric radius"));
  EXPECT_EQ(search({"fromlonlat", "15", "37", "byradius", "-1", "km"}),
            Err("ERR radius cannot be negative"));
  EXPECT_EQ(search({"fromlonlat", "15", "37", "byradius", "1", "parsec"}), BadUnit());
  EXPECT_EQ(search({"fromlonlat", "15", "37", "bybox", "-1", "1", "km"}),
            Err("ERR height or width cannot be negative"));
  EXPECT_EQ(search({"fromlonlat", "15", "37", "bybox", "x", "1", "km"}),
            Err("ERR need numeric width"));
  EXPECT_EQ(search({"fromlonlat", "15", "37", "bybox", "1", "y", "km"}),
            Err("ERR need numeric height"));
  EXPECT_EQ(search({"fromlonlat", "200", "37", "byradius", "1", "km"}),
            BadPair("200.000000,37.000000"));
  EXPECT_EQ(search({"fromlonlat", "x", "37", "byradius", "1", "km"}),
            Err("ERR value is not a valid float"));
  EXPECT_EQ(search({"frommember", "nope", "byradius", "1", "km"}),
            Err("ERR could not decode requested zset member"));
  EXPECT_EQ(search({"fromlonlat", "15", "37", "byradius", "1", "km", "store", "d"}), Syntax());
  EXPECT_EQ(search({"fromlonlat", "15", "37", "byradius", "1", "km", "storedist"}), Syntax());
  EXPECT_EQ(search({"fromlonlat", "15", "37"}), WrongArgs("geosearch"));
}

TEST_P(GeoTest, SearchStore) {
  Sicily();
  EXPECT_EQ(Run({"geosearchstore", "d", "Sicily", "fromlonlat", "15", "37", "byradius", "200", "km",
                 "asc"}),
            Int(2));
  // The geohash scores are copied.
  EXPECT_EQ(Run({"zscore", "d", "Catania"}),
            resp3() ? ",3479447370796909\r\n" : Bulk("3479447370796909"));
  EXPECT_EQ(Run({"zrange", "d", "0", "-1"}), Bulks({"Palermo", "Catania"}));
  EXPECT_EQ(Run({"geosearchstore", "d", "Sicily", "fromlonlat", "15", "37", "byradius", "200", "km",
                 "asc", "storedist"}),
            Int(2));
  EXPECT_EQ(Run({"zscore", "d", "Catania"}),
            resp3() ? ",56.441257870158204\r\n" : Bulk("56.441257870158204"));  // in km
  EXPECT_EQ(Run({"geosearchstore", "d", "Sicily", "fromlonlat", "15", "37", "byradius", "200", "km",
                 "asc", "count", "1"}),
            Int(1));
  EXPECT_EQ(Run({"zrange", "d", "0", "-1"}), Bulks({"Catania"}));
  EXPECT_EQ(Run({"set", "d2", "x"}), Ok());  // another type is replaced
  EXPECT_EQ(
      Run({"geosearchstore", "d2", "Sicily", "fromlonlat", "15", "37", "byradius", "200", "km"}),
      Int(2));
  EXPECT_EQ(Run({"type", "d2"}), Simple("zset"));
}

TEST_P(GeoTest, SearchStoreEmptyResultAndErrors) {
  Sicily();
  Run({"zadd", "d", "1", "old"});
  EXPECT_EQ(Run({"geosearchstore", "d", "Sicily", "fromlonlat", "15", "37", "byradius", "1", "km"}),
            Int(0));
  EXPECT_EQ(Run({"exists", "d"}), Int(0));  // an empty result deletes the destination
  EXPECT_EQ(
      Run({"geosearchstore", "d3", "nokey", "fromlonlat", "15", "37", "byradius", "200", "km"}),
      Int(0));
  EXPECT_EQ(Run({"exists", "d3"}), Int(0));
  const std::string incompatible =
      Err("ERR GEOSEARCHSTORE is not compatible with WITHDIST, WITHHASH and WITHCOORD options");
  for (const char* with : {"withdist", "withcoord", "withhash"})
    EXPECT_EQ(Run({"geosearchstore", "d", "Sicily", "fromlonlat", "15", "37", "byradius", "200",
                   "km", with}),
              incompatible)
        << with;
  EXPECT_EQ(Run({"geosearchstore", "d", "Sicily", "byradius", "1", "km", "asc", "withdist"}),
            incompatible);  // checked before the missing centre
  EXPECT_EQ(Run({"geosearchstore", "d", "Sicily", "fromlonlat", "15", "37", "asc", "desc"}),
            Err("ERR exactly one of BYRADIUS and BYBOX can be specified for geosearchstore"));
  EXPECT_EQ(Run({"exists", "d"}), Int(0));
}

TEST_P(GeoTest, RadiusStoreAndStoreDist) {
  Sicily();
  EXPECT_EQ(Run({"georadius", "Sicily", "15", "37", "200", "km", "asc"}),
            Bulks({"Catania", "Palermo"}));
  EXPECT_EQ(Run({"georadius", "Sicily", "15", "37", "200", "km", "asc", "store", "d"}), Int(2));
  EXPECT_EQ(Run({"zscore", "d", "Palermo"}),
            resp3() ? ",3479099956230698\r\n" : Bulk("3479099956230698"));
  EXPECT_EQ(Run({"georadius", "Sicily", "15", "37", "200", "km", "desc", "storedist", "d"}),
            Int(2));
  EXPECT_EQ(Run({"zscore", "d", "Palermo"}),
            resp3() ? ",190.44242984775784\r\n" : Bulk("190.44242984775784"));
  // The last of STORE and STOREDIST wins.
  EXPECT_EQ(Run({"georadius", "Sicily", "15", "37", "200", "km", "asc", "store", "d1", "storedist",
                 "d2"}),
            Int(2));
  EXPECT_EQ(Run({"exists", "d1"}), Int(0));
  EXPECT_EQ(Run({"zscore", "d2", "Catania"}),
            resp3() ? ",56.441257870158204\r\n" : Bulk("56.441257870158204"));
  EXPECT_EQ(
      Run({"georadius", "Sicily", "15", "37", "200", "km", "count", "1", "asc", "store", "d"}),
      Int(1));
  EXPECT_EQ(Run({"zrange", "d", "0", "-1"}), Bulks({"Catania"}));
  EXPECT_EQ(Run({"georadius", "Sicily", "15", "37", "1", "km", "store", "d"}), Int(0));
  EXPECT_EQ(Run({"exists", "d"}), Int(0));
  EXPECT_EQ(Run({"georadius", "nokey", "15", "37", "200", "km"}), Arr(0));
  EXPECT_EQ(Run({"georadius", "nokey", "15", "37", "200", "km", "store", "d5"}), Int(0));
  EXPECT_EQ(Run({"exists", "d5"}), Int(0));
}

TEST_P(GeoTest, RadiusByMemberAndReadOnlyForms) {
  Sicily();
  EXPECT_EQ(Run({"georadiusbymember", "Sicily", "Palermo", "200", "km", "asc", "withdist"}),
            Arr(3) + Arr(2) + Bulk("Palermo") + Bulk("0.0000") + Arr(2) + Bulk("edge1") +
                Bulk("91.4007") + Arr(2) + Bulk("Catania") + Bulk("166.2742"));
  EXPECT_EQ(Run({"georadiusbymember", "Sicily", "Palermo", "200", "km", "asc", "store", "d"}),
            Int(3));
  EXPECT_EQ(Run({"zrange", "d", "0", "-1"}), Bulks({"Palermo", "edge1", "Catania"}));
  EXPECT_EQ(Run({"georadiusbymember", "Sicily", "nope", "200", "km"}),
            Err("ERR could not decode requested zset member"));
  EXPECT_EQ(Run({"georadiusbymember", "nokey", "nope", "200", "km"}), Arr(0));
  EXPECT_EQ(Run({"georadius_ro", "Sicily", "15", "37", "200", "km", "asc"}),
            Bulks({"Catania", "Palermo"}));
  EXPECT_EQ(Run({"georadiusbymember_ro", "Sicily", "Palermo", "200", "km", "asc"}),
            Bulks({"Palermo", "edge1", "Catania"}));
  EXPECT_EQ(Run({"georadius_ro", "Sicily", "15", "37", "200", "km", "store", "x"}), Syntax());
  EXPECT_EQ(Run({"georadius_ro", "Sicily", "15", "37", "200", "km", "storedist", "x"}), Syntax());
  EXPECT_EQ(Run({"georadiusbymember_ro", "Sicily", "Palermo", "200", "km", "store", "x"}),
            Syntax());
  EXPECT_EQ(Run({"exists", "x"}), Int(0));
}

TEST_P(GeoTest, RadiusErrors) {
  Sicily();
  EXPECT_EQ(Run({"georadius", "Sicily", "15", "37", "200", "km", "withdist", "store", "d"}),
            Err("ERR STORE option in GEORADIUS is not compatible with WITHDIST, WITHHASH and "
                "WITHCOORD options"));
  EXPECT_EQ(Run({"georadius", "Sicily", "15", "37", "200", "km", "store"}), Syntax());
  EXPECT_EQ(Run({"georadius", "Sicily", "15", "37", "x", "km"}), Err("ERR need numeric radius"));
  EXPECT_EQ(Run({"georadius", "Sicily", "15", "37", "-1", "km"}),
            Err("ERR radius cannot be negative"));
  EXPECT_EQ(Run({"georadius", "Sicily", "15", "37", "1", "parsec"}), BadUnit());
  EXPECT_EQ(Run({"georadius", "Sicily", "200", "37", "1", "km"}), BadPair("200.000000,37.000000"));
  EXPECT_EQ(Run({"georadius", "Sicily", "15", "37", "1", "km", "count", "0"}),
            Err("ERR COUNT must be > 0"));
  EXPECT_EQ(Run({"georadius", "Sicily", "15", "37", "1", "km", "any"}),
            Err("ERR the ANY argument requires COUNT argument"));
  EXPECT_EQ(Run({"georadius", "Sicily", "15", "37", "1", "km", "foo"}), Syntax());
  EXPECT_EQ(Run({"georadius", "Sicily", "15", "37", "200", "km", "frommember", "Palermo"}),
            Syntax());  // GEOSEARCH's words are not GEORADIUS's
  EXPECT_EQ(Run({"georadius", "Sicily", "15", "37", "200", "km", "bybox", "1", "1", "km"}),
            Syntax());
  EXPECT_EQ(Run({"georadius", "Sicily", "15", "37", "1"}), WrongArgs("georadius"));
  EXPECT_EQ(Run({"exists", "d"}), Int(0));
}

TEST_P(GeoTest, WrongType) {
  Run({"set", "s", "v"});
  Sicily();
  const std::vector<std::vector<std::string>> cmds = {
      {"geoadd", "s", "1", "1", "a"},
      {"geopos", "s", "a"},
      {"geodist", "s", "a", "b"},
      {"geohash", "s", "a"},
      {"geosearch", "s", "frommember", "a", "byradius", "1", "km"},
      {"geosearch", "s", "fromlonlat", "1", "1", "byradius", "1", "km"},
      {"geosearchstore", "d", "s", "fromlonlat", "1", "1", "byradius", "1", "km"},
      {"georadius", "s", "15", "37", "200", "km"},
      {"georadiusbymember", "s", "a", "200", "km"},
  };
  for (const auto& cmd : cmds) EXPECT_EQ(Run(cmd), WrongType()) << cmd[0];
  EXPECT_EQ(Run({"get", "s"}), Bulk("v"));
  EXPECT_EQ(Run({"exists", "d"}), Int(0));
  // A string destination is simply replaced.
  EXPECT_EQ(Run({"georadius", "Sicily", "15", "37", "200", "km", "store", "s"}), Int(2));
  EXPECT_EQ(Run({"type", "s"}), Simple("zset"));
}

TEST_P(GeoTest, CommandGetKeys) {
  auto keys = [&](std::vector<std::string> args) {
    args.insert(args.begin(), {"command", "getkeys"});
    return Run(args);
  };
  EXPECT_EQ(keys({"georadius", "Sicily", "15", "37", "200", "km", "store", "x"}),
            Bulks({"Sicily", "x"}));
  EXPECT_EQ(keys({"georadius", "Sicily", "15", "37", "200", "km", "storedist", "x"}),
            Bulks({"Sicily", "x"}));
  EXPECT_EQ(keys({"georadius", "Sicily", "15", "37", "200", "km", "store", "x", "storedist", "y"}),
            Bulks({"Sicily", "x", "y"}));
  EXPECT_EQ(keys({"georadius", "Sicily", "15", "37", "200", "km", "STORE", "x", "count", "1"}),
            Bulks({"Sicily", "x"}));
  EXPECT_EQ(keys({"georadius", "Sicily", "15", "37", "200", "km"}), Bulks({"Sicily"}));
  EXPECT_EQ(keys({"georadius", "Sicily", "15", "37", "200", "km", "store"}), Bulks({"Sicily"}));
  EXPECT_EQ(keys({"georadiusbymember", "Sicily", "Palermo", "200", "km", "store", "x"}),
            Bulks({"Sicily", "x"}));
  EXPECT_EQ(keys({"georadius_ro", "Sicily", "15", "37", "200", "km"}), Bulks({"Sicily"}));
  EXPECT_EQ(
      keys({"geosearchstore", "d", "Sicily", "fromlonlat", "15", "37", "byradius", "200", "km"}),
      Bulks({"d", "Sicily"}));
}

}  // namespace
}  // namespace tessera::commands
