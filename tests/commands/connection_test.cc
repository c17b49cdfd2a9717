#include "commands/command_test_base.h"

namespace tessera::commands {
namespace {

class ConnectionTest : public CommandTest {};
INSTANTIATE_TEST_SUITE_P(Resp, ConnectionTest, ::testing::Values(2, 3));

TEST_P(ConnectionTest, PingEcho) {
  EXPECT_EQ(Run({"ping"}), Simple("PONG"));
  EXPECT_EQ(Run({"PING", "hi"}), Bulk("hi"));
  EXPECT_EQ(Run({"ping", "a", "b"}), WrongArgs("ping"));
  EXPECT_EQ(Run({"echo", "x y"}), Bulk("x y"));
  EXPECT_EQ(Run({"echo"}), WrongArgs("echo"));
}

TEST_P(ConnectionTest, Hello) {
  std::string r = Run({"hello", "3"});
  EXPECT_EQ(r.substr(0, 4), "%7\r\n");
  EXPECT_NE(r.find("$5\r\nproto\r\n:3\r\n"), std::string::npos);
  EXPECT_EQ(client_.resp, 3);
  EXPECT_EQ(Run({"get", "missing"}), "_\r\n");
  r = Run({"hello", "2"});
  EXPECT_EQ(r.substr(0, 5), "*14\r\n");
  EXPECT_EQ(Run({"get", "missing"}), "$-1\r\n");
  EXPECT_EQ(Run({"hello", "4"}), Err("NOPROTO unsupported protocol version"));
  EXPECT_EQ(Run({"hello", "x"}), Err("ERR Protocol version is not an integer or out of range"));
  EXPECT_EQ(Run({"hello", "3", "FOO"}), Err("ERR Syntax error in HELLO option 'FOO'"));
  r = Run({"hello", "2", "SETNAME", "myname"});
  EXPECT_EQ(client_.name(), "myname");
  EXPECT_EQ(Run({"hello", "2", "AUTH", "bob", "pw"}),
            Err("WRONGPASS invalid username-password pair or user is disabled."));
}

TEST_P(ConnectionTest, SelectQuitReset) {
  EXPECT_EQ(Run({"select", "3"}), Ok());
  EXPECT_EQ(client_.db, 3);
  Run({"client", "setname", "n"});
  EXPECT_EQ(Run({"reset"}), Simple("RESET"));
  EXPECT_EQ(client_.db, 0);
  EXPECT_EQ(client_.name(), "");
  EXPECT_EQ(client_.resp, 2);
  EXPECT_EQ(Run({"reset", "x"}), WrongArgs("reset"));
  EXPECT_EQ(Run({"quit"}), Ok());
  EXPECT_TRUE(client_.close_after_reply);
}

TEST_P(ConnectionTest, ClientSubcommands) {
  EXPECT_EQ(Run({"client", "id"}), Int(1));
  EXPECT_EQ(Run({"client", "getname"}), Nil());
  EXPECT_EQ(Run({"client", "setname", "worker-1"}), Ok());
  EXPECT_EQ(Run({"client", "getname"}), Bulk("worker-1"));
  EXPECT_EQ(Run({"client", "setname", "bad name"}),
            Err("ERR Client names cannot contain spaces, newlines or special characters."));
  std::string list = Run({"client", "list"});
  EXPECT_NE(list.find("id=1 addr=127.0.0.1:5000 laddr=127.0.0.1:6379"), std::string::npos);
  EXPECT_NE(list.find("name=worker-1"), std::string::npos);
  EXPECT_NE(list.find("cmd=client|list"), std::string::npos);
  EXPECT_NE(Run({"client", "info"}).find("id=1 "), std::string::npos);
  EXPECT_NE(Run({"client", "list", "ID", "1"}).find("id=1 "), std::string::npos);
  EXPECT_EQ(Run({"client", "list", "ID", "99"}).find("id="), std::string::npos);
  EXPECT_EQ(Run({"client", "list", "TYPE", "bogus"}), Err("ERR Unknown client type 'bogus'"));
  EXPECT_EQ(Run({"client", "kill", "1.2.3.4:5"}), Err("ERR No such client"));
  EXPECT_EQ(Run({"client", "kill", "ID", "99"}), Int(0));
  EXPECT_EQ(Run({"client", "kill", "ID", "1"}), Int(0));  // SKIPME yes by default
  EXPECT_EQ(Run({"client", "kill", "ID", "1", "SKIPME", "no"}), Int(1));
  EXPECT_TRUE(client_.close_after_reply);
  EXPECT_EQ(Run({"client", "bogus"}), Err("ERR unknown subcommand 'bogus'. Try CLIENT HELP."));
  EXPECT_EQ(Run({"client"}), WrongArgs("client"));
  EXPECT_EQ(Run({"client", "setname"}), WrongArgs("client|setname"));
  EXPECT_EQ(Run({"client", "id", "x"}), WrongArgs("client|id"));
}

TEST_P(ConnectionTest, ClientKillOther) {
  ClientState other;
  other.id = 2;
  other.addr = "127.0.0.1:6000";
  bool woke = false;
  other.waker.loop = &woke;
  other.waker.wake = [](void* flag, uint64_t) { *static_cast<bool*>(flag) = true; };
  state_.clients().Add(&other);
  EXPECT_EQ(Run({"client", "kill", "127.0.0.1:6000"}), Ok());
  EXPECT_TRUE(other.kill_requested.load());
  EXPECT_TRUE(woke);
  state_.clients().Remove(&other);
}

TEST_P(ConnectionTest, Auth) {
  EXPECT_EQ(Run({"auth", "pw"}),
            Err("ERR AUTH <password> called without any password configured for the default "
                "user. Are you sure your configuration is correct?"));
  EXPECT_EQ(Run({"auth", "default", "anything"}), Ok());  // nopass default user
  EXPECT_EQ(Run({"auth", "bob", "x"}),
            Err("WRONGPASS invalid username-password pair or user is disabled."));
  EXPECT_EQ(Run({"auth", "a", "b", "c"}), Syntax());
  EXPECT_EQ(Run({"auth"}), WrongArgs("auth"));
  std::string err;
  config_.Set("requirepass", "s3cret", &err);
  client_.authenticated = false;  // as a connection accepted now would be
  const std::string noauth = Err("NOAUTH Authentication required.");
  EXPECT_EQ(Run({"get", "k"}), noauth);
  EXPECT_EQ(Run({"ping"}), noauth);
  EXPECT_EQ(Run({"nosuch"}), Err("ERR unknown command 'nosuch', with args beginning with: "));
  EXPECT_EQ(Run({"hello", "3"}).substr(0, 7), "-NOAUTH");
  EXPECT_EQ(Run({"auth", "wrong"}),
            Err("WRONGPASS invalid username-password pair or user is disabled."));
  EXPECT_EQ(Run({"get", "k"}), noauth);
  EXPECT_EQ(Run({"auth", "s3cret"}), Ok());
  EXPECT_EQ(Run({"get", "k"}), Nil());
  EXPECT_EQ(Run({"reset"}), Simple("RESET"));  // back to unauthenticated
  EXPECT_EQ(Run({"get", "k"}), "-NOAUTH Authentication required.\r\n");
  EXPECT_EQ(Run({"hello", "2", "AUTH", "default", "s3cret"}).substr(0, 5), "*14\r\n");
  EXPECT_EQ(Run({"get", "k"}), "$-1\r\n");
  config_.Set("requirepass", "", &err);
}

TEST_P(ConnectionTest, UnknownCommand) {
  EXPECT_EQ(Run({"nosuch", "a", "b"}),
            Err("ERR unknown command 'nosuch', with args beginning with: 'a' 'b' "));
  EXPECT_EQ(Run({"nosuch"}), Err("ERR unknown command 'nosuch', with args beginning with: "));
  // echoed arguments stop once 128 bytes are echoed; the last one is cut to fit
  std::string a(100, 'a'), b(100, 'b');
  EXPECT_EQ(Run({"nosuch", a, b, "c"}),
            Err("ERR unknown command 'nosuch', with args beginning with: '" + a + "' '" +
                std::string(25, 'b') + "' "));
}

}  // namespace
}  // namespace tessera::commands
