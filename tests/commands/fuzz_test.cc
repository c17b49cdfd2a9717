// Every registered command, fed random argument vectors built from hostile values, must send
// exactly one well-formed reply and never crash (run under ASan/UBSan in CI). Also checks
// the central arity check for every command.
#include <random>

#include "commands/command_test_base.h"

namespace tessera::commands {
namespace {

// Length of one complete RESP2/RESP3 value at s[pos...], or 0 if malformed/incomplete.
size_t ValueLength(const std::string& s, size_t pos) {
  if (pos >= s.size()) return 0;
  size_t eol = s.find("\r\n", pos);
  if (eol == std::string::npos) return 0;
  char type = s[pos];
  std::string head = s.substr(pos + 1, eol - pos - 1);
  size_t after = eol + 2;
  switch (type) {
    case '+': case '-': case ':': case ',': case '#': case '_': case '(':
      return after - pos;
    case '$': case '=': case '!': {
      long n = std::stol(head);
      if (n < 0) return after - pos;
      if (after + size_t(n) + 2 > s.size()) return 0;
      if (s.compare(after + size_t(n), 2, "\r\n") != 0) return 0;
      return after + size_t(n) + 2 - pos;
    }
    case '*': case '~': case '>': case '%': {
      long n = std::stol(head);
      if (n < 0) return after - pos;
      size_t items = size_t(n) * (type == '%' ? 2 : 1);
      size_t at = after;
      for (size_t i = 0; i < items; ++i) {
        size_t len = ValueLength(s, at);
        if (len == 0) return 0;
        at += len;
      }
      return at - pos;
    }
    default:
      return 0;
  }
}

bool IsOneReply(const std::string& s) {
  size_t n = ValueLength(s, 0);
  return n != 0 && n == s.size();
}

// The Pub/Sub (un)subscribe commands answer once per channel: one or more whole values.
bool IsReplySequence(const std::string& s) {
  size_t at = 0;
  while (at < s.size()) {
    size_t n = ValueLength(s, at);
    if (n == 0) return false;
    at += n;
  }
  return at > 0;
}

bool RepliesPerChannel(const std::string& name) {
  return name == "subscribe" || name == "unsubscribe" || name == "psubscribe" ||
         name == "punsubscribe" || name == "ssubscribe" || name == "sunsubscribe";
}

class FuzzTest : public CommandTest {};
INSTANTIATE_TEST_SUITE_P(Resp, FuzzTest, ::testing::Values(2, 3));

TEST_P(FuzzTest, EveryCommandAnswersOnceForRandomArguments) {
  static const std::vector<std::string> kValues = {
      "0", "1", "-1", "2", "10", "100", "-100", "3.5", "-0", "01", "+1", " 1", "",
      "9223372036854775807", "-9223372036854775808", "99999999999999999999", "inf", "nan",
      "536870912", "abc", "k", "k2", "list", "*", "?", "[a-", "\\", "NX", "XX", "GT", "LT",
      "EX", "PX", "EXAT", "PXAT", "KEEPTTL", "GET", "PERSIST", "MATCH", "COUNT", "TYPE",
      "ID", "ADDR", "SKIPME", "yes", "SETNAME", "AUTH", "default", "FILTERBY", "PATTERN",
      std::string(300, 'x'), std::string("\0\r\n", 3)};
  std::mt19937 rng(20261121);
  size_t runs = 0;
  for (const CommandSpec* spec : Registry::Global().All()) {
    std::vector<std::string> names = {spec->name};
    for (const auto& sub : spec->subcommands) names.push_back(sub.name);
    for (const std::string& full : names) {
      if (full == "quit" || full == "client|kill") continue;  // end this test's own client
      for (int trial = 0; trial < 150; ++trial) {
        std::vector<std::string> args;
        size_t bar = full.find('|');
        args.push_back(full.substr(0, bar));
        if (bar != std::string::npos) args.push_back(full.substr(bar + 1));
        size_t extra = rng() % 7;
        for (size_t i = 0; i < extra; ++i) args.push_back(kValues[rng() % kValues.size()]);
        Run({"set", "k", "v"});
        MakeList("list");
        std::string reply = Run(args);
        if (client_.is_blocked()) {  // a blocking command with nothing to take: no reply yet
          EXPECT_EQ(reply, "") << full;
          ReleaseClient(state_, client_);
          continue;
        }
        ASSERT_TRUE(RepliesPerChannel(full) ? IsReplySequence(reply) : IsOneReply(reply))
            << "command: " << full << " args: " << args.size()
                                       << " reply: " << reply.substr(0, 200);
        ReleaseClient(state_, client_);  // a random MULTI/MONITOR must not affect later trials
        client_.close_after_reply = false;
        client_.resp = GetParam();
        reply_.set_resp_version(GetParam());
        client_.db = 0;
        ++runs;
      }
    }
  }
  EXPECT_GT(runs, 5000u);
}

TEST_P(FuzzTest, CentralArityCheckForEveryCommand) {
  for (const CommandSpec* spec : Registry::Global().All()) {
    int min_args = spec->arity >= 0 ? spec->arity : -spec->arity;
    if (min_args <= 1) continue;
    std::vector<std::string> args = {spec->name};
    for (int i = 1; i < min_args - 1; ++i) args.push_back("x");
    EXPECT_EQ(Run(args), WrongArgs(spec->name)) << spec->name;
    if (spec->arity > 0) {  // exact arity: one too many is refused too
      std::vector<std::string> many = {spec->name};
      for (int i = 1; i <= spec->arity; ++i) many.push_back("x");
      std::string r = Run(many);
      if (spec->subcommands.empty()) {
        EXPECT_EQ(r, WrongArgs(spec->name)) << spec->name;
      }
    }
  }
}

}  // namespace
}  // namespace tessera::commands
