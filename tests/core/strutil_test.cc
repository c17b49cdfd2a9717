#include "core/strutil.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

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

// The classic dynamic program for '*', '?' and literals: the reference the backtracking
// matcher (with its early give-up) must agree with, apart from Redis's empty-string rule.
bool ReferenceGlob(const std::string& p, const std::string& s) {
  if (s.empty()) return p.empty();  // as Redis's stringmatchlen: "*" does not match ""
  std::vector<std::vector<bool>> m(p.size() + 1, std::vector<bool>(s.size() + 1, false));
  m[p.size()][s.size()] = true;
  for (size_t i = p.size(); i-- > 0;)
    for (size_t j = s.size() + 1; j-- > 0;) {
      if (p[i] == '*') m[i][j] = m[i + 1][j] || (j < s.size() && m[i][j + 1]);
      else m[i][j] = j < s.size() && (p[i] == '?' || p[i] == s[j]) && m[i + 1][j + 1];
    }
  return m[0][0];
}

TEST(StrUtilTest, GlobAgreesWithTheReference) {
  std::mt19937 rng(7);
  const char pat_chars[] = {'a', 'b', '*', '?'};
  for (int n = 0; n < 50000; ++n) {
    std::string p, s;
    for (size_t i = rng() % 10; i > 0; --i) p += pat_chars[rng() % 4];
    for (size_t i = rng() % 12; i > 0; --i) s += char('a' + rng() % 2);
    ASSERT_EQ(GlobMatch(p, s), ReferenceGlob(p, s)) << "pattern " << p << " string " << s;
  }
}

TEST(StrUtilTest, GlobPathologicalPatternsEnd) {
  // Exponential for a plain backtracking matcher; each finishes at once here.
  std::string star20;
  for (int i = 0; i < 20; ++i) star20 += "a*";
  EXPECT_FALSE(GlobMatch(star20 + "b", std::string(40, 'a')));
  EXPECT_TRUE(GlobMatch(star20 + "a", std::string(40, 'a')));
  std::string star500;
  for (int i = 0; i < 500; ++i) star500 += "*a";
  EXPECT_FALSE(GlobMatch(star500 + "*b", std::string(100000, 'a')));
  EXPECT_TRUE(GlobMatch(star500, std::string(100000, 'a')));
  // past 1000 stars the match fails instead of recursing deeper
  std::string star2000;
  for (int i = 0; i < 2000; ++i) star2000 += "*a";
  EXPECT_FALSE(GlobMatch(star2000, std::string(3000, 'a')));
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
