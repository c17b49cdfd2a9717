// In-process tests for the operator commands: SLOWLOG, LATENCY, CLIENT PAUSE/REPLY/NO-TOUCH/
// NO-EVICT/SETINFO/UNBLOCK, MONITOR, ROLE, LASTSAVE, SHUTDOWN and DEBUG error paths.
#include <thread>

#include "commands/command_test_base.h"
#include "core/clock.h"

namespace tessera::commands {
namespace {

class AdminTest : public CommandTest {};
INSTANTIATE_TEST_SUITE_P(Resp, AdminTest, ::testing::Values(2, 3));

TEST_P(AdminTest, Slowlog) {
  std::string err;
  config_.Set("slowlog-log-slower-than", "0", &err);
  Run({"slowlog", "reset"});
  Run({"set", "a", std::string(200, 'x')});
  // RESET itself is logged once it has run (as in Redis), then the SET
  EXPECT_EQ(Run({"slowlog", "len"}), Int(2));
  std::string got = Run({"slowlog", "get"});
  EXPECT_NE(got.find("... (72 more bytes)"), std::string::npos);
  EXPECT_NE(got.find("127.0.0.1:5000"), std::string::npos);
  EXPECT_EQ(Run({"slowlog", "get", "-2"}),
            Err("ERR count should be greater than or equal to -1"));
  EXPECT_EQ(Run({"slowlog", "get", "x"}),
            Err("ERR count should be greater than or equal to -1"));
  config_.Set("slowlog-log-slower-than", "-1", &err);
  EXPECT_EQ(Run({"slowlog", "reset"}), Ok());
  Run({"get", "a"});
  EXPECT_EQ(Run({"slowlog", "len"}), Int(0));
  EXPECT_EQ(Run({"slowlog"}), WrongArgs("slowlog"));
  EXPECT_EQ(Run({"slowlog", "len", "x"}), WrongArgs("slowlog|len"));
  // many arguments are cut to 32, the last saying how many more there were
  config_.Set("slowlog-log-slower-than", "0", &err);
  std::vector<std::string> del = {"del"};
  for (int i = 0; i < 40; ++i) del.push_back("k" + std::to_string(i));
  Run(del);
  EXPECT_NE(Run({"slowlog", "get", "1"}).find("... (10 more arguments)"), std::string::npos);
  config_.Set("slowlog-log-slower-than", "10000", &err);
}

TEST_P(AdminTest, Latency) {
  Run({"latency", "reset"});
  EXPECT_EQ(Run({"latency", "latest"}), Arr(0));
  EXPECT_EQ(Run({"latency", "history", "command"}), Arr(0));
  state_.latency().Record("command", 12);
  std::string latest = Run({"latency", "latest"});
  EXPECT_NE(latest.find("$7\r\ncommand\r\n"), std::string::npos);
  EXPECT_NE(latest.find(":12\r\n:12\r\n"), std::string::npos);
  EXPECT_EQ(Run({"latency", "reset", "command", "other"}), Int(1));
  EXPECT_EQ(Run({"latency", "history"}), WrongArgs("latency|history"));
  EXPECT_EQ(Run({"latency", "bogus"}), Err("ERR unknown subcommand 'bogus'. Try LATENCY HELP."));
}

TEST_P(AdminTest, ClientFlags) {
  EXPECT_EQ(Run({"client", "no-evict", "on"}), Ok());
  EXPECT_TRUE(client_.no_evict);
  EXPECT_EQ(Run({"client", "no-evict", "maybe"}), Syntax());
  EXPECT_EQ(Run({"client", "setinfo", "lib-name", "redis-py"}), Ok());
  EXPECT_EQ(client_.lib_name, "redis-py");
  EXPECT_EQ(Run({"client", "setinfo", "lib-ver", "bad ver"}),
            Err("ERR lib-ver cannot contain spaces, newlines or special characters."));
  EXPECT_EQ(Run({"client", "setinfo", "color", "x"}), Err("ERR Unrecognized option 'color'"));
  EXPECT_EQ(Run({"client", "unblock", "1"}), Int(0));
  EXPECT_EQ(Run({"client", "unblock", "x"}), NotInt());
  EXPECT_EQ(Run({"client", "unblock", "1", "NOW"}),
            Err("ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR"));
  EXPECT_EQ(Run({"client", "reply", "ON"}), Ok());
  EXPECT_EQ(Run({"client", "reply", "OFF"}), "");  // no reply at all
  EXPECT_EQ(client_.reply_mode, ClientState::ReplyMode::kOff);
  EXPECT_EQ(Run({"client", "reply", "SKIP"}), "");
  EXPECT_EQ(client_.reply_mode, ClientState::ReplyMode::kOff);  // SKIP does nothing when OFF
  EXPECT_EQ(Run({"client", "reply", "ON"}), Ok());
  EXPECT_EQ(Run({"client", "reply", "MAYBE"}), Syntax());
}

TEST_P(AdminTest, NoTouchLeavesIdleTime) {
  Run({"set", "k", "v"});
  storage::Db& db = store_.db(0);
  auto loc = storage::Locate(db, "k");
  auto stamp = [&] {
    std::lock_guard lk(loc.shard->mu);
    return (*loc.shard->table.FindLink("k", loc.hash))->access();
  };
  {
    std::lock_guard lk(loc.shard->mu);
    (*loc.shard->table.FindLink("k", loc.hash))->set_access(0);  // long ago
  }
  EXPECT_EQ(Run({"client", "no-touch", "on"}), Ok());
  Run({"get", "k"});
  EXPECT_EQ(stamp(), 0u);
  Run({"touch", "k"});  // TOUCH always touches
  EXPECT_NE(stamp(), 0u);
  EXPECT_EQ(Run({"client", "no-touch", "off"}), Ok());
}

TEST_P(AdminTest, PauseState) {
  EXPECT_EQ(Run({"client", "pause", "100", "WRITE"}), Ok());
  EXPECT_TRUE(state_.Paused(NowMs()));
  EXPECT_FALSE(state_.pause_all.load());
  EXPECT_EQ(Run({"client", "pause", "50", "ALL"}), Ok());  // extends, never shortens
  EXPECT_TRUE(state_.pause_all.load());
  EXPECT_GE(state_.pause_end_ms.load(), NowMs() + 40);
  EXPECT_EQ(Run({"client", "unpause"}), Ok());
  EXPECT_FALSE(state_.Paused(NowMs()));
  EXPECT_EQ(Run({"client", "pause"}), WrongArgs("client|pause"));
  EXPECT_EQ(Run({"client", "pause", "1", "ALL", "x"}), Syntax());
}

TEST_P(AdminTest, MonitorRoleLastsaveShutdownDebug) {
  EXPECT_EQ(Run({"monitor"}), Ok());
  ClientState other;
  other.addr = "127.0.0.1:7000";
  std::string out;
  protocol::ReplyBuilder rb(&out);
  std::vector<std::string_view> cmd = {"set", "m", "a b\n"};
  CommandContext octx(state_, other, rb);
  Dispatch(absl::MakeConstSpan(cmd), octx);
  std::string fed;
  ASSERT_TRUE(state_.monitors().Drain(&client_, &fed));
  EXPECT_NE(fed.find("[0 127.0.0.1:7000] \"set\" \"m\" \"a b\\n\"\r\n"), std::string::npos) << fed;
  EXPECT_EQ(fed[0], '+');
  // passwords never reach monitors
  std::vector<std::string_view> auth = {"auth", "default", "s3cret"};
  std::vector<std::string_view> hello = {"hello", "3", "AUTH", "default", "s3cret"};
  Dispatch(absl::MakeConstSpan(auth), octx);
  Dispatch(absl::MakeConstSpan(hello), octx);
  fed.clear();
  ASSERT_TRUE(state_.monitors().Drain(&client_, &fed));
  EXPECT_EQ(fed.find("s3cret"), std::string::npos) << fed;
  EXPECT_NE(fed.find("\"auth\" \"(redacted)\" \"(redacted)\""), std::string::npos) << fed;
  EXPECT_NE(fed.find("\"hello\" \"3\" \"AUTH\" \"(redacted)\" \"(redacted)\""),
            std::string::npos) << fed;
  // a transaction of the monitoring client does not end its MONITOR
  Run({"multi"});
  Run({"exec"});
  EXPECT_TRUE(state_.monitors().active());
  ReleaseClient(state_, client_);  // as on RESET or disconnect: ends the MONITOR
  EXPECT_FALSE(state_.monitors().active());

  EXPECT_EQ(Run({"role"}), Arr(3) + Bulk("master") + Int(0) + Arr(0));
  EXPECT_EQ(Run({"lastsave"}), Int(state_.start_ms() / 1000));
  EXPECT_EQ(Run({"shutdown", "abort"}), Err("ERR No shutdown in progress."));
  EXPECT_EQ(Run({"shutdown", "save", "nosave"}), Syntax());
  EXPECT_EQ(Run({"shutdown"}), Err("ERR Errors trying to SHUTDOWN. Check logs."));
  bool asked = false;
  state_.request_shutdown = [&] { asked = true; };
  EXPECT_EQ(Run({"shutdown", "nosave"}), "");
  EXPECT_TRUE(asked);
  EXPECT_TRUE(client_.close_after_reply);
  EXPECT_EQ(Run({"debug", "sleep", "0"}).substr(0, 30), "-ERR DEBUG command not allowed");
}

}  // namespace
}  // namespace tessera::commands
