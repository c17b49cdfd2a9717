#include "protocol/reply_builder.h"

#include <gtest/gtest.h>

namespace tessera::protocol {
namespace {

std::string Build(int ver, void (*f)(ReplyBuilder&)) {
  std::string out;
  ReplyBuilder b(&out);
  b.set_resp_version(ver);
  f(b);
  return out;
}

TEST(ReplyBuilderTest, Scalars) {
  auto f = [](ReplyBuilder& b) {
    b.SendOk();
    b.SendSimple("PONG");
    b.SendLong(-42);
    b.SendBulk("hi");
    b.SendBulk("");
    b.SendError("ERR bad\r\nthing");
    b.SendError("no code here");
  };
  const std::string common = "+OK\r\n+PONG\r\n:-42\r\n$2\r\nhi\r\n$0\r\n\r\n-ERR bad  thing\r\n"
                             "-ERR no code here\r\n";
  EXPECT_EQ(Build(2, f), common);
  EXPECT_EQ(Build(3, f), common);
}

TEST(ReplyBuilderTest, NullsDowngrade) {
  auto f = [](ReplyBuilder& b) {
    b.SendNull();
    b.SendNullArray();
  };
  EXPECT_EQ(Build(2, f), "$-1\r\n*-1\r\n");
  EXPECT_EQ(Build(3, f), "_\r\n_\r\n");
}

TEST(ReplyBuilderTest, AggregatesDowngrade) {
  auto f = [](ReplyBuilder& b) {
    b.StartMap(1);
    b.SendBulk("k");
    b.SendLong(1);
    b.StartSet(2);
    b.SendBulk("a");
    b.SendBulk("b");
    b.StartPush(1);
    b.SendBulk("m");
    b.StartArray(0);
  };
  EXPECT_EQ(Build(2, f), "*2\r\n$1\r\nk\r\n:1\r\n*2\r\n$1\r\na\r\n$1\r\nb\r\n*1\r\n$1\r\nm\r\n*0\r\n");
  EXPECT_EQ(Build(3, f), "%1\r\n$1\r\nk\r\n:1\r\n~2\r\n$1\r\na\r\n$1\r\nb\r\n>1\r\n$1\r\nm\r\n*0\r\n");
}

TEST(ReplyBuilderTest, DoublesBoolsVerbatim) {
  auto f = [](ReplyBuilder& b) {
    b.SendDouble(1.5);
    b.SendBool(true);
    b.SendBool(false);
    b.SendVerbatim("hello");
  };
  EXPECT_EQ(Build(2, f), "$3\r\n1.5\r\n:1\r\n:0\r\n$5\r\nhello\r\n");
  EXPECT_EQ(Build(3, f), ",1.5\r\n#t\r\n#f\r\n=9\r\ntxt:hello\r\n");
}

TEST(ReplyBuilderTest, ErrorCountAndHook) {
  std::string out;
  ReplyBuilder b(&out);
  std::vector<std::string> codes;
  b.set_error_hook([](void* arg, std::string_view code) {
    static_cast<std::vector<std::string>*>(arg)->emplace_back(code);
  }, &codes);
  b.SendOk();
  EXPECT_EQ(b.errors_sent(), 0u);
  b.SendError("WRONGTYPE Operation");
  b.SendError("no code");
  EXPECT_EQ(b.errors_sent(), 2u);
  EXPECT_EQ(codes, (std::vector<std::string>{"WRONGTYPE", "ERR"}));
}

}  // namespace
}  // namespace tessera::protocol
