// Connection commands: PING ECHO HELLO SELECT QUIT RESET and CLIENT.
#include "core/strutil.h"
#include "commands/arg_cursor.h"
#include "commands/blocking.h"
#include "commands/context.h"
#include "commands/pubsub.h"
#include "commands/tracking.h"
#include "core/clock.h"

namespace tessera::commands {

namespace {
// CLIENT LIST's flags, in Redis's order, for what this server tracks across threads.
std::string ClientFlags(const ClientState& c) {
  std::string f;
  if (c.subscribed()) f += 'P';
  if (c.tracking.load()) {
    f += 't';
    if (c.tracking_broken.load()) f += 'R';
    if (c.tracking_bcast.load()) f += 'B';
  }
  if (f.empty()) f = "N";
  return f;
}
}  // namespace

// One CLIENT LIST line, in Redis 7.0's field order (fields that have no meaning here yet
// are printed with the values Redis prints for an idle plain client).
std::string ClientInfoLine(const ClientState& c) {
  int64_t now = NowMs();
  std::string name = c.name();
  return StrCat(
      "id=", c.id, " addr=", c.addr, " laddr=", c.laddr, " fd=", c.fd, " name=", name,
      " age=", (now - c.created_ms) / 1000, " idle=", (now - c.last_interaction_ms.load()) / 1000,
      " flags=", ClientFlags(c), " db=", c.db_shared.load(),
      " sub=", c.sub_count.load(), " psub=", c.psub_count.load(), " ssub=", c.ssub_count.load(),
      " multi=-1 qbuf=", c.qbuf.load(),
      " qbuf-free=0 argv-mem=0 multi-mem=0 rbs=16384 rbp=0 obl=0 oll=0 omem=", c.omem.load(),
      " tot-mem=", 16384 + c.qbuf.load() + c.omem.load(), " events=r cmd=", c.last_cmd.load(),
      " user=default redir=",
      c.tracking.load() ? int64_t(c.tracking_redirect.load()) : int64_t(-1),
      " resp=", c.resp.load(), "\n");  // 7.0's fields: no lib-name yet
}

namespace {

// CLIENT LIST/KILL's TYPE argument: "normal" or "pubsub" (a client with subscriptions, as
// Redis classes it); master and replica exist but have no clients here. Returns false (and
// sends the error) for an unknown type.
enum class TypeFilter { kAny, kNormal, kPubSub, kNone };
bool ParseClientType(std::string_view t, CommandContext& ctx, TypeFilter* type) {
  if (EqualsIgnoreCase(t, "normal")) {
    *type = TypeFilter::kNormal;
    return true;
  }
  if (EqualsIgnoreCase(t, "pubsub")) {
    *type = TypeFilter::kPubSub;
    return true;
  }
  if (EqualsIgnoreCase(t, "master") || EqualsIgnoreCase(t, "replica") ||
      EqualsIgnoreCase(t, "slave")) {
    *type = TypeFilter::kNone;
    return true;
  }
  ctx.reply().SendError(StrCat("ERR Unknown client type '", t, "'"));
  return false;
}

// CLIENT's subcommands with the tracking ones (commands/tracking.cc) added.
std::vector<CommandSpec> WithTracking(std::vector<CommandSpec> subs) {
  RegisterTrackingCommands(&subs);
  return subs;
}

bool TypeMatches(TypeFilter t, const ClientState& c) {
  if (t == TypeFilter::kAny) return true;
  return (t == TypeFilter::kPubSub) == c.subscribed();
}

// Checks a username/password pair against the default user (the only user until ACLs come):
// with requirepass set it must match; without, the default user takes any password.
bool CheckPassword(CommandContext& ctx, std::string_view user, std::string_view pass) {
  if (user != "default") return false;
  std::string want = ctx.server().config().requirepass();
  return want.empty() || want == pass;
}

// AUTH [username] password -- O(N) in the password. Reply: OK.
void CmdAuth(CmdArgs args, CommandContext& ctx) {
  if (args.size() > 3) return ctx.reply().SendError(errors::kSyntax);
  std::string_view user = args.size() == 3 ? args[1] : "default";
  std::string_view pass = args.back();
  if (args.size() == 2 && ctx.server().config().requirepass().empty())
    return ctx.reply().SendError(
        "ERR AUTH <password> called without any password configured for the default user. "
        "Are you sure your configuration is correct?");
  if (!CheckPassword(ctx, user, pass))
    return ctx.reply().SendError("WRONGPASS invalid username-password pair or user is disabled.");
  ctx.client().authenticated = true;
  ctx.reply().SendOk();
}

// AUTH shows no argument to MONITOR/SLOWLOG; HELLO hides its AUTH user and password.
void RedactAuth(std::vector<std::string_view>& args) {
  for (size_t i = 1; i < args.size(); ++i) args[i] = "(redacted)";
}
void RedactHello(std::vector<std::string_view>& args) {
  for (size_t i = 2; i + 2 < args.size(); ++i) {
    if (EqualsIgnoreCase(args[i], "AUTH")) {
      args[i + 1] = "(redacted)";
      args[i + 2] = "(redacted)";
      i += 2;
    }
  }
}

// PING [message] -- O(1). Reply: PONG, or the message as a bulk string.
void CmdPing(CmdArgs args, CommandContext& ctx) {
  if (args.size() > 2) return ctx.reply().SendError(errors::WrongArgs("ping"));
  if (InSubscribedMode(ctx.client())) {  // RESP2 subscribed: ["pong", message or ""]
    ctx.reply().StartArray(2);
    ctx.reply().SendBulk("pong");
    ctx.reply().SendBulk(args.size() == 2 ? args[1] : std::string_view(""));
    return;
  }
  if (args.size() == 2) ctx.reply().SendBulk(args[1]);
  else ctx.reply().SendSimple("PONG");
}

// ECHO message -- O(1). Reply: the message.
void CmdEcho(CmdArgs args, CommandContext& ctx) { ctx.reply().SendBulk(args[1]); }

// HELLO [protover [AUTH username password] [SETNAME clientname]] -- O(1).
// Reply: a map describing the server and the connection.
void CmdHello(CmdArgs args, CommandContext& ctx) {
  int ver = ctx.client().resp;
  size_t i = 1;
  if (args.size() >= 2) {
    int64_t v;
    if (!ParseInt64(args[1], &v))
      return ctx.reply().SendError("ERR Protocol version is not an integer or out of range");
    if (v < 2 || v > 3) return ctx.reply().SendError("NOPROTO unsupported protocol version");
    ver = int(v);
    i = 2;
  }
  std::string_view setname;
  bool has_setname = false, authed_now = false;
  for (; i < args.size(); ++i) {
    bool more = i + 1 < args.size();
    if (EqualsIgnoreCase(args[i], "AUTH") && i + 2 < args.size()) {
      if (!CheckPassword(ctx, args[i + 1], args[i + 2]))
        return ctx.reply().SendError(
            "WRONGPASS invalid username-password pair or user is disabled.");
      authed_now = true;
      i += 2;
    } else if (EqualsIgnoreCase(args[i], "SETNAME") && more) {
      setname = args[++i];
      has_setname = true;
    } else {
      return ctx.reply().SendError(StrCat("ERR Syntax error in HELLO option '", args[i], "'"));
    }
  }
  if (!ctx.client().authenticated && !authed_now &&
      !ctx.server().config().requirepass().empty())
    return ctx.reply().SendError(
        "NOAUTH HELLO must be called with the client already authenticated, otherwise the "
        "HELLO <proto> AUTH <user> <pass> option can be used to authenticate the client and "
        "select the RESP protocol version at the same time");
  if (authed_now) ctx.client().authenticated = true;
  if (has_setname) {
    for (char c : setname)
      if (c < '!' || c > '~')
        return ctx.reply().SendError(
            "ERR Client names cannot contain spaces, newlines or special characters.");
    ctx.client().set_name(std::string(setname));
  }
  ctx.client().resp = ver;
  ctx.reply().set_resp_version(ver);
  auto& r = ctx.reply();
  r.StartMap(7);
  r.SendBulk("server");
  r.SendBulk("redis");
  r.SendBulk("version");
  r.SendBulk("7.0.15");
  r.SendBulk("proto");
  r.SendLong(ver);
  r.SendBulk("id");
  r.SendLong(int64_t(ctx.client().id));
  r.SendBulk("mode");
  r.SendBulk("standalone");
  r.SendBulk("role");
  r.SendBulk("master");
  r.SendBulk("modules");
  r.StartArray(0);
}

// SELECT index -- O(1). Reply: OK.
void CmdSelect(CmdArgs args, CommandContext& ctx) {
  int64_t idx;
  if (!ParseInt64(args[1], &idx)) return ctx.reply().SendError(errors::kNotInteger);
  if (idx < 0 || idx >= ctx.store().num_dbs())
    return ctx.reply().SendError(errors::kDbIndexOutOfRange);
  ctx.client().db = int(idx);
  ctx.client().db_shared.store(int(idx));
  ctx.reply().SendOk();
}

// QUIT -- O(1). Reply: OK, then the connection closes.
void CmdQuit(CmdArgs, CommandContext& ctx) {
  ctx.reply().SendOk();
  ctx.client().close_after_reply = true;
}

// RESET -- O(1). Reply: RESET. Back to db 0, RESP2, no name, no transaction or WATCH.
void CmdReset(CmdArgs, CommandContext& ctx) {
  ReleaseClient(ctx.server(), ctx.client());
  // back to the default user: authenticated only if it needs no password
  ctx.client().authenticated = ctx.server().config().requirepass().empty();
  ctx.client().db = 0;
  ctx.client().db_shared.store(0);
  ctx.client().resp = 2;
  ctx.client().set_name("");
  ctx.reply().set_resp_version(2);
  ctx.reply().SendSimple("RESET");
}

// CLIENT ID -- O(1). Reply: integer.
void CmdClientId(CmdArgs, CommandContext& ctx) { ctx.reply().SendLong(int64_t(ctx.client().id)); }

// CLIENT SETNAME name -- O(1). Reply: OK.
void CmdClientSetName(CmdArgs args, CommandContext& ctx) {
  for (char c : args[2])
    if (c < '!' || c > '~')
      return ctx.reply().SendError(
          "ERR Client names cannot contain spaces, newlines or special characters.");
  ctx.client().set_name(std::string(args[2]));
  ctx.reply().SendOk();
}

// CLIENT GETNAME -- O(1). Reply: the name or null.
void CmdClientGetName(CmdArgs, CommandContext& ctx) {
  std::string n = ctx.client().name();
  if (n.empty()) ctx.reply().SendNull();
  else ctx.reply().SendBulk(n);
}

// CLIENT LIST [TYPE normal|master|replica|pubsub] [ID id ...] -- O(N). Reply: text.
void CmdClientList(CmdArgs args, CommandContext& ctx) {
  std::vector<uint64_t> ids;
  TypeFilter type = TypeFilter::kAny;
  for (size_t i = 2; i < args.size(); ++i) {
    if (EqualsIgnoreCase(args[i], "TYPE") && i + 1 < args.size()) {
      if (!ParseClientType(args[++i], ctx, &type)) return;
    } else if (EqualsIgnoreCase(args[i], "ID") && i + 1 < args.size()) {
      for (++i; i < args.size(); ++i) {
        int64_t id;
        if (!ParseInt64(args[i], &id) || id <= 0)
          return ctx.reply().SendError("ERR Invalid client ID");
        ids.push_back(uint64_t(id));
      }
    } else {
      return ctx.reply().SendError(errors::kSyntax);
    }
  }
  std::string out;
  if (type != TypeFilter::kNone) {
    ctx.server().clients().ForEach([&](ClientState& c) {
      if (!ids.empty() && std::find(ids.begin(), ids.end(), c.id) == ids.end()) return;
      if (!TypeMatches(type, c)) return;
      out += ClientInfoLine(c);
    });
  }
  ctx.reply().SendVerbatim(out);
}

// CLIENT INFO -- O(1). Reply: this connection's CLIENT LIST line.
void CmdClientInfo(CmdArgs, CommandContext& ctx) {
  ctx.reply().SendVerbatim(ClientInfoLine(ctx.client()));
}

// CLIENT KILL ip:port | CLIENT KILL [ID id] [ADDR ip:port] [LADDR ip:port] [TYPE t]
// [USER u] [SKIPME yes|no] -- O(N). Reply: OK (old form) or the number killed.
void CmdClientKill(CmdArgs args, CommandContext& ctx) {
  bool old_form = args.size() == 3;
  std::optional<uint64_t> id;
  std::string_view addr, laddr;
  bool skipme = true;
  TypeFilter type = TypeFilter::kAny;
  if (old_form) {
    addr = args[2];
    skipme = false;
  } else {
    for (size_t i = 2; i < args.size(); i += 2) {
      if (i + 1 >= args.size()) return ctx.reply().SendError(errors::kSyntax);
      std::string_view opt = args[i], v = args[i + 1];
      if (EqualsIgnoreCase(opt, "ID")) {
        int64_t n;
        if (!ParseInt64(v, &n) || n <= 0)
          return ctx.reply().SendError("ERR client-id should be greater than 0");
        id = uint64_t(n);
      } else if (EqualsIgnoreCase(opt, "ADDR")) {
        addr = v;
      } else if (EqualsIgnoreCase(opt, "LADDR")) {
        laddr = v;
      } else if (EqualsIgnoreCase(opt, "TYPE")) {
        if (!ParseClientType(v, ctx, &type)) return;
      } else if (EqualsIgnoreCase(opt, "USER")) {
        if (v != "default") return ctx.reply().SendError(StrCat("ERR No such user '", v, "'"));
      } else if (EqualsIgnoreCase(opt, "SKIPME")) {
        if (EqualsIgnoreCase(v, "yes")) skipme = true;
        else if (EqualsIgnoreCase(v, "no")) skipme = false;
        else return ctx.reply().SendError(errors::kSyntax);
      } else {
        return ctx.reply().SendError(errors::kSyntax);
      }
    }
  }
  int64_t killed = 0;
  ClientState* self = &ctx.client();
  if (type != TypeFilter::kNone) {
    ctx.server().clients().ForEach([&](ClientState& c) {
      if (id && c.id != *id) return;
      if (!TypeMatches(type, c)) return;
      if (!addr.empty() && c.addr != addr) return;
      if (!laddr.empty() && c.laddr != laddr) return;
      if (skipme && &c == self) return;
      ++killed;
      if (&c == self) {
        self->close_after_reply = true;
      } else {
        c.kill_requested.store(true);
        c.waker.Wake();
      }
    });
  }
  if (old_form) {
    if (killed == 0) return ctx.reply().SendError("ERR No such client");
    return ctx.reply().SendOk();
  }
  ctx.reply().SendLong(killed);
}

// CLIENT REPLY ON|OFF|SKIP -- O(1). Reply: OK for ON; none for OFF and SKIP.
void CmdClientReply(CmdArgs args, CommandContext& ctx) {
  using Mode = ClientState::ReplyMode;
  auto& c = ctx.client();
  if (EqualsIgnoreCase(args[2], "ON")) {
    c.reply_mode = Mode::kOn;
    ctx.reply().SendOk();
  } else if (EqualsIgnoreCase(args[2], "OFF")) {
    c.reply_mode = Mode::kOff;
  } else if (EqualsIgnoreCase(args[2], "SKIP")) {
    if (c.reply_mode != Mode::kOff) c.reply_mode = Mode::kSkipNext;
  } else {
    ctx.reply().SendError(errors::kSyntax);
  }
}

// CLIENT NO-EVICT|NO-TOUCH ON|OFF -- O(1). Reply: OK.
void OnOffFlag(CmdArgs args, CommandContext& ctx, bool* flag) {
  if (EqualsIgnoreCase(args[2], "ON")) *flag = true;
  else if (EqualsIgnoreCase(args[2], "OFF")) *flag = false;
  else return ctx.reply().SendError(errors::kSyntax);
  ctx.reply().SendOk();
}
void CmdClientNoEvict(CmdArgs a, CommandContext& c) { OnOffFlag(a, c, &c.client().no_evict); }
void CmdClientNoTouch(CmdArgs a, CommandContext& c) { OnOffFlag(a, c, &c.client().no_touch); }

// CLIENT SETINFO LIB-NAME|LIB-VER value -- O(1). Reply: OK.
void CmdClientSetInfo(CmdArgs args, CommandContext& ctx) {
  bool name = EqualsIgnoreCase(args[2], "LIB-NAME");
  if (!name && !EqualsIgnoreCase(args[2], "LIB-VER"))
    return ctx.reply().SendError(StrCat("ERR Unrecognized option '", args[2], "'"));
  for (char c : args[3])
    if (c < '!' || c > '~')
      return ctx.reply().SendError(StrCat("ERR ", name ? "lib-name" : "lib-ver",
                                          " cannot contain spaces, newlines or special "
                                          "characters."));
  (name ? ctx.client().lib_name : ctx.client().lib_ver) = std::string(args[3]);
  ctx.reply().SendOk();
}

// CLIENT UNBLOCK client-id [TIMEOUT|ERROR] -- O(N) in clients. Reply: 1 if a blocked
// client was unblocked, else 0.
void CmdClientUnblock(CmdArgs args, CommandContext& ctx) {
  int64_t id;
  if (!ParseInt64(args[2], &id)) return ctx.reply().SendError(errors::kNotInteger);
  if (args.size() == 4 && !EqualsIgnoreCase(args[3], "TIMEOUT") &&
      !EqualsIgnoreCase(args[3], "ERROR"))
    return ctx.reply().SendError("ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR");
  bool with_error = args.size() == 4 && EqualsIgnoreCase(args[3], "ERROR");
  bool done = false;
  ctx.server().clients().ForEach([&](ClientState& c) {
    if (!done && c.id == uint64_t(id)) done = UnblockClient(c, with_error);
  });
  ctx.reply().SendLong(done ? 1 : 0);
}

// CLIENT PAUSE timeout [WRITE|ALL] -- O(1). Reply: OK.
void CmdClientPause(CmdArgs args, CommandContext& ctx) {
  int64_t ms;
  if (!ParseInt64(args[2], &ms))
    return ctx.reply().SendError("ERR timeout is not an integer or out of range");
  if (ms < 0) return ctx.reply().SendError(errors::kTimeoutNegative);
  bool all = true;
  if (args.size() == 4) {
    if (EqualsIgnoreCase(args[3], "WRITE")) all = false;
    else if (!EqualsIgnoreCase(args[3], "ALL"))
      return ctx.reply().SendError("ERR CLIENT PAUSE mode must be WRITE or ALL");
  } else if (args.size() > 4) {
    return ctx.reply().SendError(errors::kSyntax);
  }
  int64_t end = NowMs() + ms;
  auto& st = ctx.server();
  // As Redis: a pause already in force is only ever extended, and ALL wins over WRITE.
  if (st.Paused(NowMs())) {
    all = all || st.pause_all.load();
    end = std::max(end, st.pause_end_ms.load());
  }
  st.pause_all.store(all);
  st.pause_end_ms.store(end);
  ctx.reply().SendOk();
}

// CLIENT UNPAUSE -- O(N). Reply: OK. Paused clients resume at once.
void CmdClientUnpause(CmdArgs, CommandContext& ctx) {
  ctx.server().pause_end_ms.store(0);
  ctx.server().clients().ForEach([](ClientState& c) {
    c.waker.Wake();
  });
  ctx.reply().SendOk();
}

void CmdClientHelp(CmdArgs, CommandContext& ctx) {
  static constexpr std::string_view kLines[] = {
      "CLIENT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
      "GETNAME", "    Return the name of the current connection.",
      "ID", "    Return the ID of the current connection.",
      "INFO", "    Return information about the current client connection.",
      "KILL <ip:port>", "    Kill connection made from <ip:port>.",
      "KILL <option> <value> [<option> <value> [...]]",
      "    Kill connections. Options are: ID, ADDR, LADDR, TYPE, USER, SKIPME.",
      "LIST [options ...]", "    Return information about client connections.",
      "SETNAME <name>", "    Assign the name <name> to the current connection.",
      "HELP", "    Print this help."};
  SendHelp(ctx, kLines);
}

constexpr uint32_t kConn = kNoScript | kLoading | kStale;

TESSERA_REGISTER_COMMANDS(
    connection,
    WithRedact(Cmd("auth", -2, kNoScript | kLoading | kStale | kFast | kNoAuth | kAllowBusy,
                   {0, 0, 0}, CmdAuth, "connection", "Authenticates the connection.",
                   "O(N) where N is the number of passwords defined for the user", "1.0.0"),
               RedactAuth),
    Cmd("ping", -1, kFast, {0, 0, 0}, CmdPing, "connection", "Returns the server's liveliness response.", "O(1)"),
    Cmd("echo", 2, kFast, {0, 0, 0}, CmdEcho, "connection", "Returns the given string.", "O(1)"),
    WithRedact(Cmd("hello", -1, kConn | kFast | kNoAuth, {0, 0, 0}, CmdHello, "connection",
                   "Handshakes with the Redis server.", "O(1)", "6.0.0"),
               RedactHello),
    Cmd("select", 2, kLoading | kStale | kFast | kKeyspaceWide, {0, 0, 0}, CmdSelect, "connection",
        "Changes the selected database.", "O(1)"),
    Cmd("quit", -1, kConn | kFast | kNoAuth | kNotQueued, {0, 0, 0}, CmdQuit, "connection",
        "Closes the connection.", "O(1)"),
    Cmd("reset", 1, kConn | kFast | kNoAuth | kNotQueued, {0, 0, 0}, CmdReset, "connection",
        "Resets the connection.", "O(1)", "6.2.0"),
    Container("client", -2, 0, "connection", "A container for client connection commands.",
              WithTracking({Cmd("id", 2, kConn, {}, CmdClientId, "connection",
                   "Returns the unique client ID of the connection.", "O(1)", "5.0.0"),
               Cmd("setname", 3, kConn, {}, CmdClientSetName, "connection",
                   "Sets the connection name.", "O(1)", "2.6.9"),
               Cmd("getname", 2, kConn, {}, CmdClientGetName, "connection",
                   "Returns the name of the connection.", "O(1)", "2.6.9"),
               Cmd("list", -2, kAdmin | kConn, {}, CmdClientList, "connection",
                   "Lists open connections.", "O(N) where N is the number of client connections",
                   "2.4.0"),
               Cmd("info", 2, kConn, {}, CmdClientInfo, "connection",
                   "Returns information about the connection.", "O(1)", "6.2.0"),
               Cmd("kill", -3, kAdmin | kConn, {}, CmdClientKill, "connection",
                   "Terminates open connections.", "O(N) where N is the number of client connections",
                   "2.4.0"),
               Cmd("pause", -3, kAdmin | kConn, {}, CmdClientPause, "connection",
                   "Suspends commands processing.", "O(1)", "3.0.0"),
               Cmd("unpause", 2, kAdmin | kConn, {}, CmdClientUnpause, "connection",
                   "Resumes processing commands from paused clients.",
                   "O(N) Where N is the number of paused clients", "6.2.0"),
               Cmd("reply", 3, kConn, {}, CmdClientReply, "connection",
                   "Instructs the server whether to reply to commands.", "O(1)", "3.2.0"),
               Cmd("no-evict", 3, kAdmin | kConn, {}, CmdClientNoEvict, "connection",
                   "Sets the client eviction mode of the connection.", "O(1)", "7.0.0"),
               Cmd("no-touch", 3, kConn, {}, CmdClientNoTouch, "connection",
                   "Controls whether commands sent by the client affect the LRU/LFU of accessed "
                   "keys.", "O(1)", "7.2.0"),
               Cmd("setinfo", 4, kConn, {}, CmdClientSetInfo, "connection",
                   "Sets information specific to the client or connection.", "O(1)", "7.2.0"),
               Cmd("unblock", -3, kAdmin | kConn, {}, CmdClientUnblock, "connection",
                   "Unblocks a client blocked by a blocking command from a different connection.",
                   "O(log N) where N is the number of client connections", "5.0.0"),
               Cmd("help", 2, kConn, {}, CmdClientHelp, "connection",
                   "Returns helpful text about the different subcommands.", "O(1)", "5.0.0")})));

}  // namespace
}  // namespace tessera::commands
