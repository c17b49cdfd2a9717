#include "core/strutil.h"

#include <gtest/gtest.h>

#include "core/config.h"

namespace tessera {
namespace {

TEST(StrUtilTest, ParseInt64IsStrict) {
  int64_t v;
  EXPECT_TRUE(ParseInt64("0", &v));
  EXPECT_EQ(v, 0);
  EXPECT_TRUE(ParseInt64("-9223372036854775808", &v));
  EXPECT_EQ(v, INT64_MIN);
  EXPECT_TRUE(ParseInt64("9223372036854775807", &v));
  EXPECT_EQ(v, INT64_MAX);
  for (const char* bad : {"", "-", "+1", " 1", "1 ", "01", "-0", "9223372036854775808",
                          "-9223372036854775809", "1a", "0x10"})
    EXPECT_FALSE(ParseInt64(bad, &v)) << bad;
}

TEST(StrUtilTest, LongDoubleFormatting) {
  EXPECT_EQ(FormatLongDoubleHuman(10.6L), "10.6");
  EXPECT_EQ(FormatLongDoubleHuman(3.0L), "3");
  EXPECT_EQ(FormatLongDoubleHuman(-0.0L), "0");
  EXPECT_EQ(FormatLongDoubleHuman(5.0e3L), "5000");
  long double d;
  EXPECT_TRUE(ParseLongDouble("1e3", &d));
  EXPECT_FALSE(ParseLongDouble(" 1", &d));
  EXPECT_FALSE(ParseLongDouble("nan", &d));
  EXPECT_FALSE(ParseLongDouble("1.5x", &d));
}

TEST(StrUtilTest, Glob) {
  EXPECT_TRUE(GlobMatch("*", "anything"));
  EXPECT_TRUE(GlobMatch("h?llo", "hello"));
  EXPECT_TRUE(GlobMatch("h*llo", "heeeello"));
  EXPECT_TRUE(GlobMatch("h[ae]llo", "hallo"));
  EXPECT_FALSE(GlobMatch("h[ae]llo", "hillo"));
  EXPECT_TRUE(GlobMatch("h[^e]llo", "hallo"));
  EXPECT_FALSE(GlobMatch("h[^e]llo", "hello"));
  EXPECT_TRUE(GlobMatch("h[a-b]llo", "hbllo"));
  EXPECT_TRUE(GlobMatch("h\\*llo", "h*llo"));
  EXPECT_FALSE(GlobMatch("h\\*llo", "hello"));
  EXPECT_TRUE(GlobMatch("MAX*", "maxmemory", true));
  EXPECT_FALSE(GlobMatch("MAX*", "maxmemory", false));
  EXPECT_FALSE(GlobMatch("a*b", "acd"));
  // pathological pattern finishes
  EXPECT_FALSE(GlobMatch("a*a*a*a*a*a*a*a*a*b", std::string(40, 'a')));
}

TEST(StrUtilTest, Memory) {
  EXPECT_EQ(ParseMemory("100mb"), 100ull * 1024 * 1024);
  EXPECT_EQ(ParseMemory("1k"), 1000u);
  EXPECT_EQ(ParseMemory("1KB"), 1024u);
  EXPECT_EQ(ParseMemory("7"), 7u);
  EXPECT_FALSE(ParseMemory("12xb"));
  EXPECT_FALSE(ParseMemory("mb"));
}

TEST(StrUtilTest, StrCat) {
  EXPECT_EQ(StrCat("a", std::string_view("b"), 12, std::string("c"), 'd', int64_t(-3)),
            "ab12cd-3");
}

TEST(ConfigTest, FlagsAndErrors) {
  Config c;
  const char* argv[] = {"tessera", "--port", "7777", "--maxmemory", "100mb"};
  std::string msg;
  ASSERT_EQ(c.Load(5, argv, &msg), Config::LoadResult::kOk) << msg;
  EXPECT_EQ(c.port(), 7777);
  EXPECT_EQ(c.maxmemory(), 100ll * 1024 * 1024);

  Config bad;
  const char* argv2[] = {"tessera", "--port", "abc"};
  EXPECT_EQ(bad.Load(3, argv2, &msg), Config::LoadResult::kError);
  EXPECT_NE(msg.find("port"), std::string::npos);

  Config help;
  const char* argv3[] = {"tessera", "--help"};
  EXPECT_EQ(help.Load(2, argv3, &msg), Config::LoadResult::kExitOk);
  EXPECT_NE(msg.find("--maxclients"), std::string::npos);
}

TEST(ConfigTest, SetAndGet) {
  Config c;
  std::string err;
  EXPECT_EQ(c.Set("maxmemory", "1gb", &err), Config::SetResult::kOk);
  EXPECT_EQ(c.Get("maxmemory")[0].second, "1073741824");
  EXPECT_EQ(c.Set("maxmemory", "lots", &err), Config::SetResult::kInvalid);
  EXPECT_EQ(c.Set("port", "1", &err), Config::SetResult::kImmutable);
  EXPECT_EQ(c.Set("nope", "1", &err), Config::SetResult::kUnknown);
  EXPECT_GE(c.Get("max*").size(), 3u);
}

}  // namespace
}  // namespace tessera
