#include "commands/blocking.h"
#include "commands/command_test_base.h"

namespace tessera::commands {
namespace {

class ListTest : public CommandTest {
 protected:
  std::string NullArr() const { return resp3() ? "_\r\n" : "*-1\r\n"; }
  std::string Arr(std::initializer_list<std::string_view> items) const {
    std::string s = StrCat("*", items.size(), "\r\n");
    for (auto i : items) s += Bulk(i);
    return s;
  }
  // Runs a command as client c, whose replies go to r (the waiters below keep theirs).
  void RunAs(ClientState& c, protocol::ReplyBuilder& r, std::vector<std::string> args) {
    std::vector<std::string_view> v(args.begin(), args.end());
    CommandContext ctx(state_, c, r);
    Dispatch(absl::MakeConstSpan(v), ctx);
  }
};
INSTANTIATE_TEST_SUITE_P(Resp, ListTest, ::testing::Values(2, 3));

TEST_P(ListTest, PushPopLen) {
  EXPECT_EQ(Run({"rpush", "l", "a", "b"}), Int(2));
  EXPECT_EQ(Run({"lpush", "l", "z"}), Int(3));
  EXPECT_EQ(Run({"lpushx", "nope", "x"}), Int(0));
  EXPECT_EQ(Run({"rpushx", "l", "c"}), Int(4));
  EXPECT_EQ(Run({"llen", "l"}), Int(4));
  EXPECT_EQ(Run({"lrange", "l", "0", "-1"}), Arr({"z", "a", "b", "c"}));
  EXPECT_EQ(Run({"lpop", "l"}), Bulk("z"));
  EXPECT_EQ(Run({"rpop", "l", "2"}), Arr({"c", "b"}));
  EXPECT_EQ(Run({"lpop", "l", "0"}), Arr({}));
  EXPECT_EQ(Run({"rpop", "l", "5"}), Arr({"a"}));
  EXPECT_EQ(Run({"exists", "l"}), Int(0));  // emptied: gone
  EXPECT_EQ(Run({"lpop", "l"}), Nil());
  EXPECT_EQ(Run({"lpop", "l", "2"}), NullArr());
  EXPECT_EQ(Run({"lpop", "l", "-1"}), Err("ERR value is out of range, must be positive"));
  EXPECT_EQ(Run({"lpop", "l", "1", "2"}), WrongArgs("lpop"));
  EXPECT_EQ(Run({"lpush", "l"}), WrongArgs("lpush"));
  EXPECT_EQ(Run({"llen", "l"}), Int(0));
}

TEST_P(ListTest, WrongTypeBothWays) {
  Run({"set", "s", "v"});
  for (auto cmd : std::vector<std::vector<std::string>>{{"lpush", "s", "x"},
                                                         {"lpop", "s"},
                                                         {"llen", "s"},
                                                         {"lrange", "s", "0", "1"},
                                                         {"lindex", "s", "0"},
                                                         {"lset", "s", "0", "x"},
                                                         {"lmove", "s", "d", "LEFT", "LEFT"},
                                                         {"blpop", "s", "0"}})
    EXPECT_EQ(Run(cmd), WrongType()) << cmd[0];
  MakeList("l");
  EXPECT_EQ(Run({"get", "l"}), WrongType());
  EXPECT_EQ(Run({"incr", "l"}), WrongType());
  EXPECT_EQ(Run({"append", "l", "x"}), WrongType());
  EXPECT_EQ(Run({"lmove", "l", "s", "LEFT", "LEFT"}), WrongType());
  EXPECT_EQ(Run({"llen", "l"}), Int(1));  // nothing popped when the destination is wrong
}

TEST_P(ListTest, IndexSetInsertRemTrimPos) {
  Run({"rpush", "l", "a", "b", "c", "b", "d"});
  EXPECT_EQ(Run({"lindex", "l", "-1"}), Bulk("d"));
  EXPECT_EQ(Run({"lindex", "l", "9"}), Nil());
  EXPECT_EQ(Run({"lindex", "l", "x"}), NotInt());
  EXPECT_EQ(Run({"lset", "l", "1", "B"}), Ok());
  EXPECT_EQ(Run({"lset", "l", "9", "B"}), Err("ERR index out of range"));
  EXPECT_EQ(Run({"lset", "nope", "0", "B"}), Err("ERR no such key"));
  EXPECT_EQ(Run({"linsert", "l", "before", "c", "x"}), Int(6));
  EXPECT_EQ(Run({"linsert", "l", "after", "zz", "x"}), Int(-1));
  EXPECT_EQ(Run({"linsert", "nope", "after", "a", "x"}), Int(0));
  EXPECT_EQ(Run({"linsert", "l", "middle", "a", "x"}), Syntax());
  EXPECT_EQ(Run({"lrange", "l", "0", "-1"}), Arr({"a", "B", "x", "c", "b", "d"}));
  EXPECT_EQ(Run({"lpos", "l", "b"}), Int(4));
  EXPECT_EQ(Run({"lpos", "l", "nope"}), Nil());
  Run({"rpush", "l", "b"});
  EXPECT_EQ(Run({"lpos", "l", "b", "rank", "-1", "count", "0"}), "*2\r\n:6\r\n:4\r\n");
  EXPECT_EQ(Run({"lpos", "l", "b", "count", "1", "maxlen", "4"}), "*0\r\n");
  EXPECT_EQ(Run({"lpos", "l", "b", "rank", "0"}),
            Err("ERR RANK can't be zero: use 1 to start from the first match, 2 from the "
                "second ... or use negative to start from the end of the list"));
  EXPECT_EQ(Run({"lpos", "l", "b", "count", "-1"}), Err("ERR COUNT can't be negative"));
  EXPECT_EQ(Run({"lpos", "l", "b", "foo", "1"}), Syntax());
  EXPECT_EQ(Run({"lrem", "l", "-1", "b"}), Int(1));
  EXPECT_EQ(Run({"lrem", "l", "0", "b"}), Int(1));
  EXPECT_EQ(Run({"ltrim", "l", "1", "-2"}), Ok());
  EXPECT_EQ(Run({"lrange", "l", "0", "-1"}), Arr({"B", "x", "c"}));
  EXPECT_EQ(Run({"ltrim", "l", "5", "9"}), Ok());
  EXPECT_EQ(Run({"exists", "l"}), Int(0));
}

TEST_P(ListTest, MoveAndMPop) {
  Run({"rpush", "src", "a", "b", "c"});
  EXPECT_EQ(Run({"lmove", "src", "dst", "RIGHT", "LEFT"}), Bulk("c"));
  EXPECT_EQ(Run({"rpoplpush", "src", "src"}), Bulk("b"));  // rotation
  EXPECT_EQ(Run({"lrange", "src", "0", "-1"}), Arr({"b", "a"}));
  EXPECT_EQ(Run({"lmove", "nope", "dst", "LEFT", "LEFT"}), Nil());
  EXPECT_EQ(Run({"lmove", "src", "dst", "UP", "LEFT"}), Syntax());
  EXPECT_EQ(Run({"lmpop", "2", "nope", "src", "LEFT", "COUNT", "5"}),
            "*2\r\n" + Bulk("src") + Arr({"b", "a"}));
  EXPECT_EQ(Run({"lmpop", "1", "src", "LEFT"}), NullArr());
  EXPECT_EQ(Run({"lmpop", "0", "src", "LEFT"}), Err("ERR numkeys should be greater than 0"));
  EXPECT_EQ(Run({"lmpop", "3", "a", "LEFT"}), Syntax());
  EXPECT_EQ(Run({"lmpop", "1", "a", "LEFT", "COUNT", "0"}),
            Err("ERR count should be greater than 0"));
  EXPECT_EQ(Run({"command", "getkeys", "lmpop", "2", "k1", "k2", "LEFT"}), Arr({"k1", "k2"}));
  EXPECT_EQ(Run({"command", "getkeys", "blmpop", "0", "1", "k1", "LEFT"}), Arr({"k1"}));
}

TEST_P(ListTest, BlockingFormsAnswerAtOnceWhenDataOrInsideExec) {
  Run({"rpush", "l", "a", "b"});
  EXPECT_EQ(Run({"blpop", "nope", "l", "0"}), Arr({"l", "a"}));
  EXPECT_EQ(Run({"brpop", "l", "0"}), Arr({"l", "b"}));
  EXPECT_EQ(Run({"blpop", "l", "abc"}), Err("ERR timeout is not a float or out of range"));
  EXPECT_EQ(Run({"blpop", "l", "-1"}), Err("ERR timeout is negative"));
  Run({"multi"});
  Run({"blpop", "l", "0"});
  Run({"blmove", "l", "d", "LEFT", "LEFT", "0"});
  EXPECT_EQ(Run({"exec"}), "*2\r\n" + NullArr() + Nil());
  EXPECT_FALSE(client_.is_blocked());
}

// A second client blocks; this fixture's client pushes; the waiter is served at once, under
// the push's lock, and its reply waits for its own thread (ResumeBlocked).
TEST_P(ListTest, WaiterServedByPushInOrder) {
  ClientState a, b;
  std::string out_a, out_b;
  protocol::ReplyBuilder ra(&out_a), rb(&out_b);
  ra.set_resp_version(GetParam());
  rb.set_resp_version(GetParam());
  RunAs(a, ra, {"blpop", "q", "0"});
  RunAs(b, rb, {"blmpop", "0", "1", "q", "RIGHT", "COUNT", "5"});
  EXPECT_TRUE(a.is_blocked());
  EXPECT_TRUE(b.is_blocked());
  EXPECT_EQ(out_a, "");
  EXPECT_EQ(state_.blocked_clients.load(), 2);
  EXPECT_FALSE(ResumeBlocked(state_, a, ra));  // nothing yet
  EXPECT_EQ(Run({"rpush", "q", "1", "2", "3"}), Int(3));
  EXPECT_TRUE(ResumeBlocked(state_, a, ra));
  EXPECT_TRUE(ResumeBlocked(state_, b, rb));
  EXPECT_EQ(out_a, Arr({"q", "1"}));  // the first to block gets the first element
  EXPECT_EQ(out_b, "*2\r\n" + Bulk("q") + Arr({"3", "2"}));
  EXPECT_EQ(Run({"exists", "q"}), Int(0));
  EXPECT_EQ(state_.blocked_clients.load(), 0);
  // CLIENT UNBLOCK ends a wait with a null (TIMEOUT) or an error.
  a.id = 77;
  state_.clients().Add(&a);
  out_a.clear();
  RunAs(a, ra, {"brpop", "q", "0"});
  EXPECT_EQ(Run({"client", "unblock", "77", "error"}), Int(1));
  EXPECT_EQ(Run({"client", "unblock", "77"}), Int(0));
  EXPECT_TRUE(ResumeBlocked(state_, a, ra));
  EXPECT_EQ(out_a, "-UNBLOCKED client unblocked via CLIENT UNBLOCK\r\n");
  state_.clients().Remove(&a);
  // A waiter that goes away is never served: the element stays.
  RunAs(b, rb, {"blpop", "q", "0"});
  ReleaseClient(state_, b);
  EXPECT_EQ(Run({"rpush", "q", "x"}), Int(1));
  EXPECT_EQ(Run({"llen", "q"}), Int(1));
}

TEST_P(ListTest, BlmoveWaiterPushesOnToAnotherWaiter) {
  ClientState a, b;
  std::string out_a, out_b;
  protocol::ReplyBuilder ra(&out_a), rb(&out_b);
  ra.set_resp_version(GetParam());
  rb.set_resp_version(GetParam());
  RunAs(a, ra, {"blpop", "dst", "0"});
  RunAs(b, rb, {"blmove", "src", "dst", "RIGHT", "LEFT", "0"});
  Run({"rpush", "src", "v"});
  EXPECT_TRUE(ResumeBlocked(state_, b, rb));
  EXPECT_TRUE(ResumeBlocked(state_, a, ra));
  EXPECT_EQ(out_b, Bulk("v"));
  EXPECT_EQ(out_a, Arr({"dst", "v"}));
  EXPECT_EQ(Run({"exists", "src", "dst"}), Int(0));
}

}  // namespace
}  // namespace tessera::commands
