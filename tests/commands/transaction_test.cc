#include <thread>

#include "commands/command_test_base.h"

namespace tessera::commands {
namespace {

class TransactionTest : public CommandTest {
 protected:
  std::string NullArray() const { return resp3() ? "_\r\n" : "*-1\r\n"; }
};
INSTANTIATE_TEST_SUITE_P(Resp, TransactionTest, ::testing::Values(2, 3));

TEST_P(TransactionTest, MultiExec) {
  EXPECT_EQ(Run({"multi"}), Ok());
  EXPECT_EQ(Run({"set", "a", "1"}), Simple("QUEUED"));
  EXPECT_EQ(Run({"incr", "a"}), Simple("QUEUED"));
  EXPECT_EQ(Run({"get", "a"}), Simple("QUEUED"));
  EXPECT_EQ(RunOther({"get", "a"}), Nil());  // nothing ran yet
  EXPECT_EQ(Run({"exec"}), Arr(3) + Ok() + Int(2) + Bulk("2"));
  EXPECT_EQ(Run({"exec"}), Err("ERR EXEC without MULTI"));
  EXPECT_EQ(Run({"discard"}), Err("ERR DISCARD without MULTI"));
  EXPECT_EQ(Run({"multi"}), Ok());
  EXPECT_EQ(Run({"multi"}), Err("ERR MULTI calls can not be nested"));
  EXPECT_EQ(Run({"exec"}), Arr(0));
  EXPECT_EQ(Run({"multi", "x"}), WrongArgs("multi"));
}

TEST_P(TransactionTest, RuntimeErrorsAreReplies) {
  Run({"set", "s", "abc"});
  Run({"multi"});
  Run({"incr", "s"});
  Run({"set", "t", "1"});
  EXPECT_EQ(Run({"exec"}), Arr(2) + NotInt() + Ok());
  EXPECT_EQ(Run({"get", "t"}), Bulk("1"));
}

TEST_P(TransactionTest, QueueTimeErrorsAbort) {
  Run({"multi"});
  Run({"set", "a", "1"});
  EXPECT_EQ(Run({"nosuch"}), Err("ERR unknown command 'nosuch', with args beginning with: "));
  EXPECT_EQ(Run({"get"}), WrongArgs("get"));
  EXPECT_EQ(Run({"exec"}), Err("EXECABORT Transaction discarded because of previous errors."));
  EXPECT_EQ(Run({"get", "a"}), Nil());
  Run({"multi"});
  EXPECT_EQ(Run({"config", "bogus"}), Err("ERR unknown subcommand 'bogus'. Try CONFIG HELP."));
  EXPECT_EQ(Run({"exec"}), Err("EXECABORT Transaction discarded because of previous errors."));
  Run({"multi"});
  Run({"set", "a", "1"});
  EXPECT_EQ(Run({"discard"}), Ok());
  EXPECT_EQ(Run({"get", "a"}), Nil());
}

TEST_P(TransactionTest, WatchAbortsOnOtherClientsWrite) {
  Run({"set", "k", "1"});
  EXPECT_EQ(Run({"watch", "k"}), Ok());
  EXPECT_EQ(RunOther({"incr", "k"}), Int(2));
  Run({"multi"});
  Run({"set", "k", "100"});
  EXPECT_EQ(Run({"exec"}), NullArray());
  EXPECT_EQ(Run({"get", "k"}), Bulk("2"));
  // the watch is gone after EXEC
  Run({"multi"});
  Run({"set", "k", "100"});
  EXPECT_EQ(Run({"exec"}), Arr(1) + Ok());
}

TEST_P(TransactionTest, WatchUntouchedKeySucceeds) {
  Run({"watch", "k", "other"});
  RunOther({"set", "unrelated", "1"});
  RunOther({"get", "k"});
  Run({"multi"});
  Run({"set", "k", "v"});
  EXPECT_EQ(Run({"exec"}), Arr(1) + Ok());
}

TEST_P(TransactionTest, WatchSeesInPlaceUpdatesDeletesTtlsAndFlush) {
  const std::vector<std::vector<std::string>> writes = {
      {"incr", "k"}, {"append", "k", "x"}, {"del", "k"}, {"expire", "k", "100"},
      {"setrange", "k", "0", "z"}, {"rename", "k", "k2"}, {"flushdb"}, {"flushall"},
      // overwrites of the same size, done in place
      {"set", "k", "1"}, {"set", "k", "2"}, {"mset", "k", "3"}, {"set", "k", "4", "EX", "9"}};
  for (const auto& w : writes) {
    Run({"set", "k", "1"});
    Run({"watch", "k"});
    std::string out;
    protocol::ReplyBuilder rb(&out);
    std::vector<std::string_view> views(w.begin(), w.end());
    CommandContext ctx(state_, other_, rb);
    Dispatch(absl::MakeConstSpan(views), ctx);
    Run({"multi"});
    Run({"get", "k"});
    EXPECT_EQ(Run({"exec"}), NullArray()) << w[0];
  }
}

TEST_P(TransactionTest, WatchSeesSameSizeStringOverwrite) {
  Run({"set", "k", "abc"});
  Run({"watch", "k"});
  EXPECT_EQ(RunOther({"set", "k", "xyz"}), Ok());
  Run({"multi"});
  Run({"get", "k"});
  EXPECT_EQ(Run({"exec"}), NullArray());
  EXPECT_EQ(Run({"get", "k"}), Bulk("xyz"));
}

TEST_P(TransactionTest, WatchedKeyThatExpiresAborts) {
  Run({"set", "k", "1", "PX", "20"});
  Run({"watch", "k"});
  std::this_thread::sleep_for(std::chrono::milliseconds(40));
  Run({"multi"});
  Run({"get", "k"});
  EXPECT_EQ(Run({"exec"}), NullArray());
}

TEST_P(TransactionTest, FlushOfMissingWatchedKeyDoesNotAbort) {
  Run({"watch", "missing"});
  RunOther({"flushdb"});
  Run({"multi"});
  Run({"ping"});
  EXPECT_EQ(Run({"exec"}), Arr(1) + Simple("PONG"));
}

TEST_P(TransactionTest, UnwatchAndErrors) {
  Run({"set", "k", "1"});
  Run({"watch", "k"});
  EXPECT_EQ(Run({"unwatch"}), Ok());
  RunOther({"set", "k", "2"});
  Run({"multi"});
  EXPECT_EQ(Run({"watch", "k"}), Err("ERR WATCH inside MULTI is not allowed"));
  Run({"get", "k"});
  EXPECT_EQ(Run({"exec"}), Arr(1) + Bulk("2"));
  EXPECT_EQ(Run({"watch"}), WrongArgs("watch"));
}

TEST_P(TransactionTest, SelectInsideMulti) {
  Run({"multi"});
  Run({"select", "2"});
  Run({"set", "x", "in2"});
  EXPECT_EQ(Run({"exec"}), Arr(2) + Ok() + Ok());
  EXPECT_EQ(Run({"get", "x"}), Bulk("in2"));
  Run({"select", "0"});
  EXPECT_EQ(Run({"get", "x"}), Nil());
}

TEST_P(TransactionTest, ResetDropsTransactionAndWatches) {
  Run({"set", "k", "1"});
  Run({"watch", "k"});
  Run({"multi"});
  Run({"set", "k", "2"});
  EXPECT_EQ(Run({"reset"}), Simple("RESET"));
  EXPECT_EQ(Run({"get", "k"}), Bulk("1"));
  EXPECT_FALSE(client_.in_multi);
  EXPECT_TRUE(client_.watched.empty());
}

// N threads, each its own client, increment one counter with WATCH/GET/MULTI/SET/EXEC and
// retry on a null EXEC: the final count must be exact.
TEST_P(TransactionTest, ConcurrentWatchRetryLoopsAreExact) {
  constexpr int kThreads = 4, kIncrements = 300;
  Run({"set", "counter", "0"});
  std::atomic<int> aborted{0};
  auto worker = [&](int id) {
    ClientState c;
    c.id = uint64_t(100 + id);
    std::string out;
    protocol::ReplyBuilder rb(&out);
    auto run = [&](std::vector<std::string> a) {
      out.clear();
      std::vector<std::string_view> v(a.begin(), a.end());
      CommandContext ctx(state_, c, rb);
      Dispatch(absl::MakeConstSpan(v), ctx);
      return out;
    };
    for (int i = 0; i < kIncrements; ++i) {
      while (true) {
        run({"watch", "counter"});
        std::string got = run({"get", "counter"});
        size_t nl = got.find("\r\n");
        int64_t v = std::stoll(got.substr(nl + 2));
        run({"multi"});
        run({"set", "counter", std::to_string(v + 1)});
        if (run({"exec"}) != "*-1\r\n") break;
        ++aborted;
      }
    }
    ResetTransaction(state_, c);
  };
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) threads.emplace_back(worker, t);
  for (auto& t : threads) t.join();
  EXPECT_EQ(Run({"get", "counter"}), Bulk(std::to_string(kThreads * kIncrements)));
}

// Readers never see half of a transaction that writes two keys.
TEST_P(TransactionTest, ReadersNeverSeeHalfATransaction) {
  Run({"mset", "a", "0", "b", "0"});
  std::atomic<bool> stop{false};
  std::atomic<int> torn{0};
  std::thread reader([&] {
    ClientState c;
    std::string out;
    protocol::ReplyBuilder rb(&out);
    std::vector<std::string_view> v = {"mget", "a", "b"};
    while (!stop) {
      out.clear();
      CommandContext ctx(state_, c, rb);
      Dispatch(absl::MakeConstSpan(v), ctx);
      // *2 $n a $n b: compare the two bulk payloads
      size_t p1 = out.find("\r\n", 4) + 2, e1 = out.find("\r\n", p1);
      size_t p2 = out.find("\r\n", e1 + 3) + 2, e2 = out.find("\r\n", p2);
      if (out.substr(p1, e1 - p1) != out.substr(p2, e2 - p2)) ++torn;
    }
  });
  for (int i = 1; i <= 3000; ++i) {
    Run({"multi"});
    Run({"set", "a", std::to_string(i)});
    Run({"set", "b", std::to_string(i)});
    Run({"exec"});
  }
  stop = true;
  reader.join();
  EXPECT_EQ(torn.load(), 0);
}

// Commands flagged no_multi are refused while queueing, and the transaction is doomed.
TEST_P(TransactionTest, NoMultiCommandsRefusedInsideMulti) {
  bool shut = false;
  state_.request_shutdown = [&] { shut = true; };
  EXPECT_EQ(Run({"multi"}), Ok());
  EXPECT_EQ(Run({"set", "k", "v"}), Simple("QUEUED"));
  EXPECT_EQ(Run({"shutdown"}), Err("ERR Command not allowed inside a transaction"));
  EXPECT_FALSE(shut);
  EXPECT_EQ(Run({"exec"}), Err("EXECABORT Transaction discarded because of previous errors."));
  EXPECT_EQ(Run({"exists", "k"}), Int(0));
}

}  // namespace
}  // namespace tessera::commands
