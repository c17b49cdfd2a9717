#include <thread>

#include "commands/command_test_base.h"

namespace tessera::commands {
namespace {

class ServerTest : public CommandTest {};
INSTANTIATE_TEST_SUITE_P(Resp, ServerTest, ::testing::Values(2, 3));

TEST_P(ServerTest, CommandInfo) {
  std::string count = Run({"command", "count"});
  EXPECT_EQ(count, Int(int64_t(Registry::Global().size())));
  std::string info = Run({"command", "info", "get"});
  EXPECT_EQ(info.substr(0, 9), Arr(1) + Arr(10));
  EXPECT_NE(info.find("$3\r\nget\r\n:2\r\n"), std::string::npos);
  EXPECT_NE(info.find("readonly"), std::string::npos);
  EXPECT_NE(info.find("fast"), std::string::npos);
  EXPECT_EQ(Run({"command", "info", "nosuch"}), Arr(1) + Nil());
  std::string all = Run({"command"});
  EXPECT_EQ(all.substr(0, Arr(Registry::Global().size()).size()), Arr(Registry::Global().size()));
  std::string docs = Run({"command", "docs", "set"});
  EXPECT_NE(docs.find("summary"), std::string::npos);
  EXPECT_NE(docs.find("string"), std::string::npos);
  std::string list = Run({"command", "list", "FILTERBY", "PATTERN", "incr*"});
  EXPECT_EQ(list.substr(0, 4), Arr(3));
  EXPECT_EQ(Run({"command", "bogus"}), Err("ERR unknown subcommand 'bogus'. Try COMMAND HELP."));
}

TEST_P(ServerTest, CommandGetKeys) {
  EXPECT_EQ(Run({"command", "getkeys", "set", "k", "v"}), Arr(1) + Bulk("k"));
  EXPECT_EQ(Run({"command", "getkeys", "mset", "a", "1", "b", "2"}),
            Arr(2) + Bulk("a") + Bulk("b"));
  EXPECT_EQ(Run({"command", "getkeys", "del", "a", "b", "c"}),
            Arr(3) + Bulk("a") + Bulk("b") + Bulk("c"));
  EXPECT_EQ(Run({"command", "getkeys", "rename", "a", "b"}), Arr(2) + Bulk("a") + Bulk("b"));
  EXPECT_EQ(Run({"command", "getkeys", "object", "encoding", "k"}), Arr(1) + Bulk("k"));
  EXPECT_EQ(Run({"command", "getkeys", "ping", "x"}), Err("ERR The command has no key arguments"));
  EXPECT_EQ(Run({"command", "getkeys", "nosuch", "x"}), Err("ERR Invalid command specified"));
  EXPECT_EQ(Run({"command", "getkeys", "get", "a", "b"}),
            Err("ERR Invalid number of arguments specified for command"));
  EXPECT_EQ(Run({"command", "getkeys", "get"}), WrongArgs("command|getkeys"));
}

TEST_P(ServerTest, Info) {
  Run({"set", "a", "1"});
  std::string all = Run({"info"});
  for (const char* field : {"redis_version:", "connected_clients:", "used_memory:",
                            "total_commands_processed:", "db0:keys=1,expires=0"})
    EXPECT_NE(all.find(field), std::string::npos) << field;
  EXPECT_EQ(all.find("cmdstat_"), std::string::npos);
  std::string cs = Run({"info", "commandstats"});
  EXPECT_NE(cs.find("cmdstat_set:calls="), std::string::npos);  // stats are process-wide
  EXPECT_EQ(cs.find("# Server"), std::string::npos);
  std::string lat = Run({"info", "latencystats"});
  EXPECT_NE(lat.find("latency_percentiles_usec_set:p50="), std::string::npos);
  EXPECT_NE(lat.find(",p99.9="), std::string::npos);
  std::string mem = Run({"INFO", "memory", "keyspace"});
  EXPECT_NE(mem.find("# Memory"), std::string::npos);
  EXPECT_NE(mem.find("# Keyspace"), std::string::npos);
  EXPECT_EQ(mem.find("# Clients"), std::string::npos);
  if (resp3()) EXPECT_EQ(all[0], '=');
  else EXPECT_EQ(all[0], '$');
}

TEST_P(ServerTest, Config) {
  std::string r = Run({"config", "get", "maxmemory"});
  EXPECT_EQ(r, Map(1) + Bulk("maxmemory") + Bulk("0"));
  EXPECT_EQ(Run({"config", "set", "maxmemory", "100mb"}), Ok());
  EXPECT_EQ(Run({"config", "get", "maxmemory"}), Map(1) + Bulk("maxmemory") + Bulk("104857600"));
  EXPECT_EQ(Run({"config", "set", "maxmemory", "lots"}),
            Err("ERR CONFIG SET failed (possibly related to argument 'maxmemory') - argument "
                "must be a memory value"));
  EXPECT_EQ(Run({"config", "set", "nosuch", "1"}),
            Err("ERR Unknown option or number of arguments for CONFIG SET - 'nosuch'"));
  EXPECT_EQ(Run({"config", "set", "port", "1"}),
            Err("ERR CONFIG SET failed (possibly related to argument 'port') - can't set "
                "immutable config"));
  // all or nothing
  EXPECT_NE(Run({"config", "set", "timeout", "5", "maxmemory", "bad"}), Ok());
  EXPECT_EQ(Run({"config", "get", "timeout"}), Map(1) + Bulk("timeout") + Bulk("0"));
  EXPECT_EQ(Run({"config", "set", "timeout"}), WrongArgs("config|set"));
  EXPECT_EQ(Run({"config", "get"}), WrongArgs("config|get"));
  std::string globbed = Run({"config", "get", "max*"});
  EXPECT_NE(globbed.find("maxclients"), std::string::npos);
  EXPECT_NE(globbed.find("maxmemory"), std::string::npos);
  EXPECT_EQ(Run({"config", "resetstat"}), Ok());
  EXPECT_EQ(Run({"config", "set", "timeout", "5", "timeout", "6"}),
            Err("ERR CONFIG SET failed (possibly related to argument 'timeout') - duplicate "
                "parameter"));
  EXPECT_EQ(Run({"config", "set", "appendonly", "maybe"}),
            Err("ERR CONFIG SET failed (possibly related to argument 'appendonly') - argument "
                "must be 'yes' or 'no'"));
  EXPECT_EQ(Run({"config", "get", "MAXCLIENTS"}), Map(1) + Bulk("MAXCLIENTS") + Bulk("10000"));
}

TEST_P(ServerTest, CompatibilityParametersAndRewrite) {
  EXPECT_EQ(Run({"config", "get", "hash-max-listpack-entries"}),
            Map(1) + Bulk("hash-max-listpack-entries") + Bulk("512"));
  EXPECT_EQ(Run({"config", "set", "hash-max-listpack-entries", "256", "appendonly", "yes"}), Ok());
  EXPECT_EQ(Run({"config", "get", "appendonly"}), Map(1) + Bulk("appendonly") + Bulk("yes"));
  EXPECT_EQ(Run({"config", "set", "maxmemory-samples", "many"}),
            Err("ERR CONFIG SET failed (possibly related to argument 'maxmemory-samples') - "
                "argument couldn't be parsed into an integer"));
  EXPECT_EQ(Run({"config", "set", "save", ""}), Ok());
  EXPECT_EQ(Run({"config", "rewrite"}), Err("ERR The server is running without a config file"));
}

TEST_P(ServerTest, Time) {
  std::string t = Run({"time"});
  EXPECT_EQ(t.substr(0, 4), Arr(2));
  EXPECT_EQ(Run({"time", "x"}), WrongArgs("time"));
}

TEST(CommandStatsTest, ExactAcrossThreadsWithPercentiles) {
  const CommandStats& st = Registry::Global().Find("echo")->stats;
  ASSERT_GE(st.id, 0);
  st.Reset();
  EXPECT_EQ(st.LatencyPercentile(50), 0u);
  uint64_t total_before = TotalCommands();
  std::vector<std::thread> ts;
  for (int t = 0; t < 4; ++t)
    ts.emplace_back([&st] {
      for (uint64_t v = 1; v <= 10000; ++v) st.Ran(v * 100, v % 10 == 0);  // 100 ns .. 1 ms
      st.Rejected();
    });
  for (auto& t : ts) t.join();
  EXPECT_EQ(st.Calls(), 40000u);
  EXPECT_EQ(st.Failed(), 4000u);
  EXPECT_EQ(st.RejectedCalls(), 4u);
  EXPECT_EQ(st.LatencyCount(), 40000u);
  EXPECT_EQ(TotalCommands() - total_before, 40000u);
  for (double p : {50.0, 99.0, 99.9}) {
    double want = p / 100.0 * 1e6;
    double got = double(st.LatencyPercentile(p));
    EXPECT_GE(got, want * 0.99) << p;
    EXPECT_LE(got, want * 1.13) << p;  // 8 buckets per power of two
  }
  st.Reset();
  EXPECT_EQ(st.Calls(), 0u);
  EXPECT_EQ(st.LatencyCount(), 0u);
}

TEST(RegistryTest, TableIsValid) {
  auto problems = Registry::Global().Validate();
  EXPECT_TRUE(problems.empty()) << problems[0];
  EXPECT_GT(Registry::Global().size(), 40u);
  const CommandSpec* get = Registry::Global().Find("GeT");
  ASSERT_NE(get, nullptr);
  EXPECT_EQ(get->arity, 2);
  EXPECT_EQ(Registry::Global().Find("nosuch"), nullptr);
  EXPECT_EQ(Registry::Global().Find(std::string(100, 'x')), nullptr);
}

TEST(RegistryTest, ValidateCatchesBadSpecs) {
  Registry r;  // a private table, not the global one
  r.Add(Cmd("a", 2, kWrite | kReadOnly, {1, 1, 1}, nullptr, "string", "", ""));
  r.Add(Cmd("a", 2, kWrite, {1, 1, 1}, nullptr, "string", "", ""));
  r.Add(Cmd("b", 2, kWrite, {3, 3, 1}, nullptr, "string", "", ""));
  auto problems = r.Validate();
  EXPECT_GE(problems.size(), 4u);  // duplicate, write+readonly, no handler(s), key beyond arity
}

}  // namespace
}  // namespace tessera::commands
