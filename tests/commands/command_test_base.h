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

// A parsed reply: enough of RESP for arrays, sets, maps, bulks, integers and nulls.
struct ParsedReply {
  char type = 0;  // '$', '*', '~', '%', ':', '+', '-', or '_' for any null
  std::string str;
  int64_t num = 0;
  std::vector<ParsedReply> items;  // '*' / '~': the elements; '%': key, value, ...
};

inline bool ParseResp(std::string_view s, size_t* pos, ParsedReply* out) {
  if (*pos >= s.size()) return false;
  size_t eol = s.find("\r\n", *pos);
  if (eol == std::string_view::npos) return false;
  char t = s[*pos];
  std::string_view line = s.substr(*pos + 1, eol - *pos - 1);
  *pos = eol + 2;
  out->type = t;
  switch (t) {
    case '+':
    case '-':
      out->str = std::string(line);
      return true;
    case '_':
      return true;
    case ':':
      return ParseInt64(line, &out->num);
    case '$': {
      int64_t n;
      if (!ParseInt64(line, &n)) return false;
      if (n == -1) {
        out->type = '_';
        return true;
      }
      if (n < 0 || *pos + size_t(n) + 2 > s.size()) return false;
      out->str = std::string(s.substr(*pos, size_t(n)));
      *pos += size_t(n) + 2;
      return true;
    }
    case '*':
    case '~':
    case '%': {
      int64_t n;
      if (!ParseInt64(line, &n)) return false;
      if (n == -1 && t == '*') {
        out->type = '_';
        return true;
      }
      if (n < 0) return false;
      size_t k = t == '%' ? 2 * size_t(n) : size_t(n);
      for (size_t i = 0; i < k; ++i) {
        out->items.emplace_back();
        if (!ParseResp(s, pos, &out->items.back())) return false;
      }
      return true;
    }
    default:
      return false;
  }
}

inline ParsedReply ParseReply(const std::string& s) {
  ParsedReply r;
  size_t pos = 0;
  bool ok = ParseResp(s, &pos, &r);
  EXPECT_TRUE(ok && pos == s.size()) << "unparsable reply: " << s;
  return r;
}

class CommandTest : public ::testing::TestWithParam<int> {
 protected:
  CommandTest()
      : store_(16, 8), state_(config_, store_), reply_(&out_) {
    client_.id = 1;
    client_.addr = "127.0.0.1:5000";
    client_.laddr = "127.0.0.1:6379";
    client_.resp = GetParam();
    other_.resp = GetParam();
    reply_.set_resp_version(GetParam());
    state_.clients().Add(&client_);
  }
  ~CommandTest() override {
    ReleaseClient(state_, other_);
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

  // Runs a command as a second client of the same server (WATCH, blocking).
  std::string RunOther(std::initializer_list<std::string> args) {
    std::string out;
    protocol::ReplyBuilder rb(&out);
    rb.set_resp_version(other_.resp);
    std::vector<std::string> owned(args);
    std::vector<std::string_view> views(owned.begin(), owned.end());
    CommandContext ctx(state_, other_, rb);
    Dispatch(absl::MakeConstSpan(views), ctx);
    return out;
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
  ClientState other_;  // RunOther's client
  std::string out_;
  protocol::ReplyBuilder reply_;
};

}  // namespace tessera::commands
