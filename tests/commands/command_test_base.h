// In-process command tests: Run({"incrby", "k", "5"}) goes through the real registry and
// Dispatch, exactly as a connection would, and returns the raw reply bytes. The fixture is
// parameterised over the protocol version (2 and 3); helpers build the expected bytes for
// the version under test.
#pragma once

#include <gtest/gtest.h>

#include <initializer_list>
#include <memory>
#include <string>
#include <vector>

#include "commands/context.h"
#include "core/config.h"
#include "core/strutil.h"
#include "protocol/reply_builder.h"
#include "storage/entry.h"
#include "storage/store.h"

namespace tessera::commands {

class CommandTest : public ::testing::TestWithParam<int> {
 protected:
  CommandTest()
      : store_(16, 8), state_(config_, store_), reply_(&out_) {
    client_.id = 1;
    client_.addr = "127.0.0.1:5000";
    client_.laddr = "127.0.0.1:6379";
    client_.resp = GetParam();
    reply_.set_resp_version(GetParam());
    state_.clients().Add(&client_);
  }
  ~CommandTest() override {
    ReleaseClient(state_, client_);
    state_.clients().Remove(&client_);
  }

  std::string Run(std::initializer_list<std::string> args) {
    return Run(std::vector<std::string>(args));
  }
  std::string Run(const std::vector<std::string>& args) {
    out_.clear();
    std::vector<std::string_view> views(args.begin(), args.end());
    CommandContext ctx(state_, client_, reply_);
    Dispatch(absl::MakeConstSpan(views), ctx);
    return out_;
  }

  // Puts a list under key in the client's db (WRONGTYPE checks).
  void MakeList(const std::string& key) { Run({"rpush", key, "a"}); }

  bool resp3() const { return GetParam() == 3; }
  static std::string Ok() { return "+OK\r\n"; }
  static std::string Simple(std::string_view s) { return StrCat("+", s, "\r\n"); }
  static std::string Int(int64_t v) { return StrCat(":", v, "\r\n"); }
  static std::string Bulk(std::string_view s) { return StrCat("$", s.size(), "\r\n", s, "\r\n"); }
  static std::string Err(std::string_view s) { return StrCat("-", s, "\r\n"); }
  std::string Nil() const { return resp3() ? "_\r\n" : "$-1\r\n"; }
  static std::string Arr(size_t n) { return StrCat("*", n, "\r\n"); }
  std::string Map(size_t n) const { return resp3() ? StrCat("%", n, "\r\n") : Arr(2 * n); }
  static std::string WrongType() {
    return Err("WRONGTYPE Operation against a key holding the wrong kind of value");
  }
  static std::string WrongArgs(std::string_view cmd) {
    return Err(StrCat("ERR wrong number of arguments for '", cmd, "' command"));
  }
  static std::string NotInt() { return Err("ERR value is not an integer or out of range"); }
  static std::string Syntax() { return Err("ERR syntax error"); }

  Config config_;
  storage::Store store_;
  ServerState state_;
  ClientState client_;
  std::string out_;
  protocol::ReplyBuilder reply_;
};

}  // namespace tessera::commands
