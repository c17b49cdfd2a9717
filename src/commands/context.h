// What a handler gets: the parsed arguments (views into the connection's read buffer, valid
// until the handler returns), its client, the server, and the reply builder. A handler sends
// exactly one reply (debug builds check it in Dispatch).
#pragma once

#include <string_view>

#include "commands/registry.h"
#include "commands/server_state.h"
#include "core/errors.h"
#include "core/status.h"
#include "protocol/reply_builder.h"

namespace tessera::commands {

class CommandContext {
 public:
  CommandContext(ServerState& server, ClientState& client, protocol::ReplyBuilder& reply)
      : server_(server), client_(client), reply_(reply) {}

  ServerState& server() { return server_; }
  ClientState& client() { return client_; }
  protocol::ReplyBuilder& reply() { return reply_; }
  storage::Store& store() { return server_.store(); }
  storage::Db& db() { return server_.store().db(client_.db); }
  const CommandSpec* spec() const { return spec_; }
  void set_spec(const CommandSpec* s) { spec_ = s; }

  void SendStatus(OpStatus s) { reply_.SendError(errors::StatusText(s)); }

 private:
  ServerState& server_;
  ClientState& client_;
  protocol::ReplyBuilder& reply_;
  const CommandSpec* spec_ = nullptr;
};

// A reply built aside, for replies whose header must wait for the op (which may still
// answer WRONGTYPE, or tells the element count only at its end): elements go to `rb`,
// then the handler sends the header and Flush()es the body after it.
class PendingReply {
 public:
  explicit PendingReply(CommandContext& ctx) : ctx_(ctx), rb(&body_) {
    rb.set_resp_version(ctx.reply().resp_version());
  }
  void Flush() { ctx_.reply().output()->append(body_); }

 private:
  CommandContext& ctx_;
  std::string body_;

 public:
  protocol::ReplyBuilder rb;
};

// Sends a HELP reply: one simple string per line, as Redis's addReplyHelp does.
template <size_t N>
void SendHelp(CommandContext& ctx, const std::string_view (&lines)[N]) {
  ctx.reply().StartArray(N);
  for (auto l : lines) ctx.reply().SendSimple(l);
}

// Releases every WATCH of the client (UNWATCH).
void Unwatch(ServerState& server, ClientState& client);
// Ends a MULTI (queued commands dropped) and releases every WATCH (EXEC, DISCARD).
void ResetTransaction(ServerState& server, ClientState& client);
// ResetTransaction, and ends a MONITOR: for RESET and when a connection closes.
void ReleaseClient(ServerState& server, ClientState& client);

// Runs one command: lookup, the central arity (and subcommand) check, the handler, and the
// statistics. The only entry point from the connection layer and from tests.
void Dispatch(CmdArgs args, CommandContext& ctx);

}  // namespace tessera::commands
