// Protected mode at accept (server/server.cc): with no password, a RESP peer that is not on
// the loopback interface gets Redis's DENIED text and is refused; loopback peers, a set
// password or protected-mode no let it in. (Real sockets would need a non-loopback
// address, which the integration tests do not use.)
#include <gtest/gtest.h>

#include <string>

#include "core/config.h"
#include "net/connection.h"
#include "server/server.h"

namespace tessera {
namespace {

bool Accepts(server::Server& srv, const std::string& peer, std::string* out = nullptr) {
  net::Connection c;
  c.peer = peer;
  c.local = "127.0.0.1:6379";
  c.fd = -1;
  bool ok = srv.OnAccept(c, net::ConnWaker{});
  if (out) *out = c.out;
  if (ok) srv.OnClose(c);
  return ok;
}

TEST(ProtectedModeTest, RefusesRemotePeersWithoutAPassword) {
  Config config;
  server::Server srv(config);
  std::string out;
  EXPECT_FALSE(Accepts(srv, "192.0.2.9:40000", &out));
  EXPECT_EQ(out.rfind("-DENIED Redis is running in protected mode because protected mode is "
                      "enabled and no password is set for the default user.", 0),
            0u);
  EXPECT_EQ(out.substr(out.size() - 2), "\r\n");
  EXPECT_NE(out.find("4) Setup a an authentication password for the default user."),
            std::string::npos);
  EXPECT_FALSE(Accepts(srv, "::ffff:192.0.2.9:40000"));
  EXPECT_FALSE(Accepts(srv, "fd00::9:40000"));
  EXPECT_TRUE(Accepts(srv, "127.0.0.1:40000"));
  EXPECT_TRUE(Accepts(srv, "127.5.6.7:40000"));
  EXPECT_TRUE(Accepts(srv, "::1:40000"));
  EXPECT_EQ(srv.state().stats().rejected_connections.load(), 3u);
}

TEST(ProtectedModeTest, APasswordOrProtectedModeNoLetsRemotePeersIn) {
  Config config;
  server::Server srv(config);
  std::string err;
  ASSERT_EQ(config.Set("requirepass", "secret", &err), Config::SetResult::kOk);
  EXPECT_TRUE(Accepts(srv, "192.0.2.9:40000"));
  ASSERT_EQ(config.Set("requirepass", "", &err), Config::SetResult::kOk);
  EXPECT_FALSE(Accepts(srv, "192.0.2.9:40000"));
  ASSERT_EQ(config.Set("protected-mode", "no", &err), Config::SetResult::kOk);
  EXPECT_TRUE(Accepts(srv, "192.0.2.9:40000"));
}

}  // namespace
}  // namespace tessera
